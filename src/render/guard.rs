//! Bounds on what a template may do, so a custom template can neither run
//! forever nor eat the machine's memory (tera 2 has no fuel or output limit
//! of its own; it only caps component recursion at 20 levels and `range` at
//! 100,000 items).
//!
//! What bounds a render:
//!
//! * **Statically, at load** ([`prepare`]): no components (a component that
//!   calls itself four times per level runs 4^20 times), no `include` or
//!   `extends`, no output captured into a variable (`{% set x %}…{% endset %}`,
//!   `{% filter %}`) — captured output bypasses the output cap — and at most
//!   [`MAX_JOINS_PER_TAG`] `~`/`...` in one tag, so one expression builds at
//!   most that many times its largest operand.
//! * **At every step that can grow or repeat**: a `{{ __guard(…) }}` call is
//!   inserted after every `{% set %}` (checks the new value's size) and at
//!   the start of every loop body (checks the clock), so a loop or a chain of
//!   doublings stops at [`MAX_VALUE_BYTES`] or [`MAX_RENDER_TIME`].
//! * **On the output**: the draft is written through [`BoundedWriter`], which
//!   stops at [`MAX_OUTPUT_BYTES`] and checks the clock on every write.
//! * **In filters that multiply a string**: `replace` and `join` check the
//!   size of their result before building it; `indent` and the HTML/XML
//!   escapes (no use in a Markdown draft, and each multiplies `&` by five)
//!   are refused.
//!
//! The insertions change byte offsets in the compiled text; [`Prepared`]
//! maps a position back to the file as written, for error messages.

use std::cell::RefCell;
use std::io::{self, Write};
use std::time::{Duration, Instant};

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

/// A render taking longer is stopped. The built-in templates take about a
/// millisecond; a 1 MB data file well under a second.
pub(crate) const MAX_RENDER_TIME: Duration = Duration::from_secs(10);
/// A draft larger than this is stopped. A 1 MB data file (the largest
/// wengao reads) gives drafts of about its own size.
pub(crate) const MAX_OUTPUT_BYTES: usize = 8 << 20;
/// A value a template builds (`{% set %}`) larger than this is stopped.
pub(crate) const MAX_VALUE_BYTES: usize = 8 << 20;
/// `~` and `...` in one tag: one expression then builds at most this many
/// times its largest operand (the built-in templates use at most 8).
pub(crate) const MAX_JOINS_PER_TAG: usize = 16;
/// A template file larger than this is refused.
pub(crate) const MAX_TEMPLATE_BYTES: usize = 256 << 10;

/// Which bound a render ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Limit {
    Time,
    Output,
    Value,
}

impl Limit {
    /// Why the render was stopped, in Chinese, with the bound.
    pub(crate) fn message(self) -> String {
        match self {
            Limit::Time => format!(
                "运行超过{}秒仍未完成，已停止（可能有过多的循环）",
                MAX_RENDER_TIME.as_secs()
            ),
            Limit::Output => format!(
                "生成的草稿超过{}MB，已停止（可能有循环在不断重复输出）",
                MAX_OUTPUT_BYTES >> 20
            ),
            Limit::Value => format!(
                "模板中的变量超过{}MB，已停止（可能有文字或列表在不断加倍）",
                MAX_VALUE_BYTES >> 20
            ),
        }
    }
}

/// A construct a template may not use, at a byte offset of its source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub offset: usize,
    /// Length in bytes of what is refused (the tag).
    pub len: usize,
    pub message: String,
}

/// A template's text as compiled: the source with guard calls inserted.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    pub text: String,
    /// (offset in the source, bytes inserted there, start of the tag the
    /// insertion guards), in order.
    insertions: Vec<(usize, usize, usize)>,
}

impl Prepared {
    /// The source range of `offset` in the compiled text: the offset itself
    /// (an empty range), or for an offset inside an insertion the whole tag
    /// it guards (`{% set s = s ~ s %}`).
    pub(crate) fn to_source(&self, offset: usize) -> std::ops::Range<usize> {
        let mut shift = 0;
        for &(at, len, tag) in &self.insertions {
            let compiled_at = at + shift;
            if offset < compiled_at {
                break;
            }
            if offset < compiled_at + len {
                return tag..at;
            }
            shift += len;
        }
        offset - shift..offset - shift
    }
}

/// Checks `source` for what a template may not use and inserts the guard
/// calls (see the module documentation).
pub(crate) fn prepare(source: &str) -> Result<Prepared, Refusal> {
    if source.len() > MAX_TEMPLATE_BYTES {
        return Err(Refusal {
            offset: 0,
            len: 0,
            message: format!(
                "模板文件有{}KB，最大只能有{}KB",
                source.len().div_ceil(1024),
                MAX_TEMPLATE_BYTES >> 10
            ),
        });
    }
    let mut text = String::with_capacity(source.len() + 256);
    let mut insertions = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = source[i..].find('{') {
        let at = i + off;
        let close = match source.as_bytes().get(at + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                i = at + 1;
                continue;
            }
        };
        let end = if close == "#}" {
            source[at + 2..].find(close).map(|e| at + 2 + e)
        } else {
            find_close(source, at + 2, close)
        };
        // An unclosed tag is tera's to report, with its own message.
        let Some(end) = end else { break };
        let tag_end = end + 2;
        i = tag_end;
        if close == "#}" {
            continue;
        }
        let inner = &source[at + 2..end];
        let refuse = |message: String| Refusal {
            offset: at,
            len: tag_end - at,
            message,
        };
        let joins = count_joins(inner);
        if joins > MAX_JOINS_PER_TAG {
            return Err(refuse(format!(
                "一个标签中最多只能有{MAX_JOINS_PER_TAG}处 ~ 或 ... 拼接，这里有{joins}处"
            )));
        }
        if close == "}}" {
            continue;
        }
        let body = inner.trim_matches('-').trim();
        let word_len = body
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let (word, rest) = body.split_at(word_len);
        let insert = match word {
            "raw" => {
                // Nothing inside raw … endraw is template code.
                match source[tag_end..].find("endraw") {
                    Some(e) => i = tag_end + e,
                    None => break,
                }
                continue;
            }
            "component" | "endcomponent" => {
                return Err(refuse(
                    "模板中不能定义组件（component）：组件可以调用自己，会无限展开".into(),
                ));
            }
            "include" | "extends" => {
                return Err(refuse(format!(
                    "模板中不能用 {word} 引用其他模板：每种文稿的模板是一个独立的文件"
                )));
            }
            "filter" | "endfilter" => {
                return Err(refuse(
                    "模板中不能使用 filter 块：请把过滤器直接写在 {{ }} 里".into(),
                ));
            }
            "set" | "set_global" => match assigned_name(rest) {
                Some(name) => format!("__guard(value={name})"),
                None => {
                    return Err(refuse(format!(
                        "模板中不能用“{{% {word} 名称 %}}…{{% endset %}}”截取输出，\
                         请写成“{{% {word} 名称 = … %}}”"
                    )));
                }
            },
            "endset" => {
                return Err(refuse(
                    "模板中不能用“{% set 名称 %}…{% endset %}”截取输出".into(),
                ));
            }
            "for" => "__guard()".to_owned(),
            _ => continue,
        };
        // Whitespace control carries over: after `-%}` the inserted tag
        // trims what the original tag would have trimmed.
        let call = if inner.ends_with('-') {
            format!("{{{{- {insert} -}}}}")
        } else {
            format!("{{{{ {insert} }}}}")
        };
        text.push_str(&source[copied..tag_end]);
        text.push_str(&call);
        insertions.push((tag_end, call.len(), at));
        copied = tag_end;
    }
    text.push_str(&source[copied..]);
    Ok(Prepared { text, insertions })
}

/// Where `close` ends the tag opened before `from`, skipping string literals.
fn find_close(source: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = source.as_bytes();
    let mut quote = None;
    let mut j = from;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if bytes[j..].starts_with(close.as_bytes()) => return Some(j),
            None => {}
        }
        j += 1;
    }
    None
}

/// `~` and `...` outside string literals.
fn count_joins(inner: &str) -> usize {
    let mut quote = None;
    let mut count = 0;
    let mut dots = 0;
    for c in inner.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None => {}
        }
        if quote.is_none() && c == '~' {
            count += 1;
        }
        dots = if quote.is_none() && c == '.' {
            dots + 1
        } else {
            0
        };
        if dots == 3 {
            count += 1;
        }
    }
    count
}

/// The variable of `{% set NAME = … %}`; `None` for `{% set NAME %}`.
fn assigned_name(rest: &str) -> Option<&str> {
    let rest = rest.trim_start();
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(len);
    let after = after.trim_start();
    (!name.is_empty() && after.starts_with('=') && !after.starts_with("==")).then_some(name)
}

struct Budget {
    deadline: Instant,
    exceeded: Option<Limit>,
    /// Steps left before the clock is read again (see [`check_time`]).
    unclocked: u32,
}

/// The clock is read at every this many guarded steps (writes, guard
/// calls, growing filters), not at each: reading it was 1% of a batch.
/// Between two readings a render does at most this many steps, each
/// bounded in size ([`MAX_VALUE_BYTES`], [`MAX_OUTPUT_BYTES`]), so a
/// render past its deadline still stops within a bounded amount of work.
const STEPS_PER_CLOCK_READING: u32 = 64;

thread_local! {
    /// The bounds of the render running on this thread.
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Starts the clock of a render on this thread.
pub(crate) fn start() {
    BUDGET.with(|b| {
        *b.borrow_mut() = Some(Budget {
            deadline: Instant::now() + MAX_RENDER_TIME,
            exceeded: None,
            unclocked: 0,
        });
    });
}

/// Ends the render on this thread: the bound it ran into, if any.
pub(crate) fn finish() -> Option<Limit> {
    BUDGET.with(|b| b.borrow_mut().take().and_then(|b| b.exceeded))
}

/// Records that `limit` was reached and returns it (a render outside
/// [`start`]/[`finish`], as in unit tests, has no clock).
fn exceeded(limit: Limit) -> Limit {
    BUDGET.with(|b| {
        if let Some(b) = b.borrow_mut().as_mut() {
            b.exceeded.get_or_insert(limit);
        }
    });
    limit
}

/// Fails with [`Limit::Time`] once the render is past its deadline: the
/// clock is read at the first step and then every
/// [`STEPS_PER_CLOCK_READING`] steps.
fn check_time() -> Result<(), Limit> {
    let late = BUDGET.with(|b| {
        b.borrow_mut().as_mut().is_some_and(|b| {
            if b.unclocked > 0 {
                b.unclocked -= 1;
                return false;
            }
            b.unclocked = STEPS_PER_CLOCK_READING - 1;
            Instant::now() > b.deadline
        })
    });
    if late {
        Err(exceeded(Limit::Time))
    } else {
        Ok(())
    }
}

fn limit_error(limit: Limit) -> Error {
    Error::message(limit.message())
}

/// The size of `value` in bytes, counted up to `cap` (the count stops there).
fn size(value: &Value, cap: usize) -> usize {
    if let Some(s) = value.as_str() {
        return s.len();
    }
    let mut total = 8;
    let items: Box<dyn Iterator<Item = &Value>> = if let Some(a) = value.as_array() {
        Box::new(a.iter())
    } else if let Some(m) = value.as_map() {
        Box::new(m.values())
    } else {
        return total;
    };
    for item in items {
        total += size(item, cap.saturating_sub(total));
        if total > cap {
            break;
        }
    }
    total
}

/// `{{ __guard(value=x) }}`, inserted by [`prepare`]: checks the clock and
/// the size of the value just set; prints nothing.
fn guard_function(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    check_time().map_err(limit_error)?;
    if let Some(value) = kwargs.get::<&Value>("value")?
        && size(value, MAX_VALUE_BYTES) > MAX_VALUE_BYTES
    {
        return Err(limit_error(exceeded(Limit::Value)));
    }
    Ok(String::new())
}

/// Fails with [`Limit::Value`] when a result of `len` bytes would be too big.
fn check_value_len(len: usize) -> TeraResult<()> {
    check_time().map_err(limit_error)?;
    if len > MAX_VALUE_BYTES {
        return Err(limit_error(exceeded(Limit::Value)));
    }
    Ok(())
}

/// tera's `replace(from, to)`, with the result's size checked first.
fn replace_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let from: &str = kwargs.must_get("from")?;
    let to: &str = kwargs.must_get("to")?;
    let hits = if from.is_empty() {
        value.chars().count() + 1
    } else {
        value.matches(from).count()
    };
    check_value_len(value.len().saturating_add(hits.saturating_mul(to.len())))?;
    Ok(value.replace(from, to))
}

/// tera's `join(sep)`, with the result's size checked first.
fn join_filter(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let sep: &str = kwargs.get("sep")?.unwrap_or("");
    let parts: Vec<String> = items.iter().map(std::string::ToString::to_string).collect();
    let len = parts.iter().map(String::len).sum::<usize>()
        + sep.len().saturating_mul(parts.len().saturating_sub(1));
    check_value_len(len)?;
    Ok(parts.join(sep))
}

/// A filter a draft template may not use.
fn refused_filter(name: &'static str) -> impl Fn(&Value, Kwargs, &State) -> TeraResult<String> {
    move |_, _, _| {
        Err(Error::message(format!(
            "模板中不能使用 {name} 过滤器：Markdown 草稿用不到它，它还会成倍放大文字"
        )))
    }
}

/// Registers `__guard` and the bounded replacements of tera's filters.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_function("__guard", guard_function);
    tera.register_filter("replace", replace_filter);
    tera.register_filter("join", join_filter);
    for name in [
        "indent",
        "escape",
        "escape_html",
        "escape_xml",
        "newlines_to_br",
    ] {
        tera.register_filter(name, refused_filter(name));
    }
}

/// The draft's bytes, stopped at [`MAX_OUTPUT_BYTES`] and at the deadline.
pub(crate) struct BoundedWriter<'a>(pub &'a mut Vec<u8>);

impl Write for BoundedWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let stop = |limit: Limit| io::Error::other(limit.message());
        check_time().map_err(stop)?;
        if self.0.len() + buf.len() > MAX_OUTPUT_BYTES {
            return Err(stop(exceeded(Limit::Output)));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_calls_follow_set_and_for_and_keep_whitespace_control() {
        let p = prepare("{%- set n = 0 -%}\n{% for x in xs %}{{ x }}{% endfor %}").unwrap();
        assert_eq!(
            p.text,
            "{%- set n = 0 -%}{{- __guard(value=n) -}}\n\
             {% for x in xs %}{{ __guard() }}{{ x }}{% endfor %}"
        );
        // Offsets after an insertion map back to the source.
        let x = p.text.find("{{ x }}").unwrap();
        let at = "{%- set n = 0 -%}\n{% for x in xs %}".len();
        assert_eq!(p.to_source(x), at..at);
        // Inside an insertion: the tag it guards.
        assert_eq!(p.to_source(20), 0.."{%- set n = 0 -%}".len());
    }

    #[test]
    fn comments_strings_and_raw_blocks_are_not_code() {
        let src = "{# {% set x %} #}{{ \"{% component %}\" }}{% raw %}{% set y %}{% endraw %}";
        assert_eq!(prepare(src).unwrap().text, src);
    }

    #[test]
    fn runaway_constructs_are_refused_at_their_tag() {
        let refused = |src: &str| prepare(src).unwrap_err();
        let r = refused("正文\n{% component f(n) %}{% endcomponent %}");
        assert_eq!(r.offset, "正文\n".len());
        assert!(r.message.contains("组件"), "{}", r.message);
        assert!(
            refused("{% include \"huibao.md\" %}")
                .message
                .contains("include")
        );
        assert!(refused("{% extends \"a\" %}").message.contains("extends"));
        assert!(
            refused("{% set s %}x{% endset %}")
                .message
                .contains("截取输出")
        );
        assert!(
            refused("{% filter upper %}x{% endfilter %}")
                .message
                .contains("filter")
        );
        let many = format!("{{{{ a{} }}}}", " ~ a".repeat(17));
        assert_eq!(
            refused(&many).message,
            "一个标签中最多只能有16处 ~ 或 ... 拼接，这里有17处"
        );
        assert!(prepare(&format!("{{{{ a{} }}}}", " ~ a".repeat(16))).is_ok());
    }

    #[test]
    fn a_render_past_its_deadline_stops_at_the_next_write_or_guard() {
        start();
        BUDGET.with(|b| b.borrow_mut().as_mut().unwrap().deadline = Instant::now());
        std::thread::sleep(Duration::from_millis(2));
        let mut out = Vec::new();
        assert!(BoundedWriter(&mut out).write_all(b"x").is_err());
        assert_eq!(finish(), Some(Limit::Time));
        // Past the deadline in the middle of a render: stopped within
        // one round of unclocked steps, never later.
        start();
        assert!(BoundedWriter(&mut out).write_all(b"x").is_ok());
        BUDGET.with(|b| b.borrow_mut().as_mut().unwrap().deadline = Instant::now());
        std::thread::sleep(Duration::from_millis(2));
        let steps = (0..=STEPS_PER_CLOCK_READING)
            .take_while(|_| BoundedWriter(&mut out).write_all(b"x").is_ok())
            .count();
        assert!(steps < STEPS_PER_CLOCK_READING as usize, "{steps}");
        assert_eq!(finish(), Some(Limit::Time));
        assert_eq!(
            Limit::Time.message(),
            "运行超过10秒仍未完成，已停止（可能有过多的循环）"
        );
    }

    #[test]
    fn growing_filters_check_their_result_first() {
        let mut tera = Tera::new();
        register(&mut tera);
        let ctx = tera::Context::new();
        let big = "{% set_global s = \"a\" %}{% for i in range(end=24) %}\
                   {% set_global s = s | replace(from=\"a\", to=\"aa\") %}{% endfor %}";
        // 2^24 bytes: past the cap before the string is built.
        let err = tera.render_str(big, &ctx, false).unwrap_err();
        assert!(format!("{err:?}").contains("8MB"), "{err:?}");
        let joined = tera.render_str("{{ [1, 2] | join(sep=\"、\") }}", &ctx, false);
        assert_eq!(joined.unwrap(), "1、2");
        let err = tera
            .render_str("{{ \"a\" | indent }}", &ctx, false)
            .unwrap_err();
        assert!(format!("{err:?}").contains("indent"), "{err:?}");
    }

    #[test]
    fn values_are_sized_up_to_the_cap() {
        assert_eq!(size(&Value::from("abc"), 10), 3);
        let list = Value::from(vec![Value::from("ab"), Value::from("cd")]);
        assert_eq!(size(&list, 100), 8 + 2 + 2);
    }
}
