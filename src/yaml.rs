//! The one place that parses YAML, so the parser can be swapped.
//!
//! Two parsers read each file, for different jobs:
//!
//! * `saphyr-parser` (pure Rust, event based) runs first. It builds a
//!   [`SourceMap`] from key paths (`metrics.branches.value`,
//!   `practices[0].points[1]`) to positions, so later stages can point at the
//!   line of any value; it refuses duplicate keys (serde would silently keep
//!   the last), nesting deeper than [`MAX_DEPTH`] and alias expansions larger
//!   than [`MAX_ALIAS_NODES`], in microseconds, before anything expands them.
//! * `serde_norway` then deserializes into the typed model. Its errors carry a
//!   key path and a position; their English text comes from serde's fixed
//!   formats and is turned into a structured [`YamlErrorKind`] here, so users
//!   read Chinese.

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::diag::{Explain, Span};

/// Nesting deeper than this is refused; real data files need about six levels.
pub const MAX_DEPTH: usize = 32;
/// Alias expansion beyond this many nodes is refused (a "billion laughs" file).
pub const MAX_ALIAS_NODES: usize = 10_000;

/// Where each key and value of a parsed file sits.
#[derive(Debug, Default)]
pub struct SourceMap {
    entries: HashMap<String, Entry>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    key: Option<Span>,
    value: Span,
    /// Character offsets of the value in the source, for searching inside it.
    value_start: usize,
    value_end: usize,
}

impl SourceMap {
    /// The span of the key at `path` (its value's span for list items).
    pub fn key(&self, path: &str) -> Option<Span> {
        self.entries.get(path).map(|e| e.key.unwrap_or(e.value))
    }

    /// The span of the value at `path`.
    pub fn value(&self, path: &str) -> Option<Span> {
        self.entries.get(path).map(|e| e.value)
    }

    /// The span of `needle` inside the value at `path`, searching the raw
    /// source (so it works for quoted and multi-line scalars alike).
    pub fn find_in_value(&self, source: &str, path: &str, needle: &str) -> Option<Span> {
        let entry = self.entries.get(path)?;
        let start = char_to_byte(source, entry.value_start);
        let end = char_to_byte(source, entry.value_end.max(entry.value_start));
        let found = source[start..end].find(needle)? + start;
        Some(Span::from_offset(
            source,
            found,
            needle.chars().take_while(|c| *c != '\n').count(),
        ))
    }

    /// Files its top-level keys under their canonical names, so that
    /// positions are looked up the same whichever alias the file used.
    pub fn rename_roots(&mut self, aliases: &[(&str, &str)]) {
        for (alias, canonical) in aliases {
            let moved: Vec<String> = self
                .entries
                .keys()
                .filter(|k| root_of(k) == *alias)
                .cloned()
                .collect();
            for key in moved {
                if let Some(entry) = self.entries.remove(&key) {
                    let renamed = format!("{canonical}{}", &key[alias.len()..]);
                    self.entries.insert(renamed, entry);
                }
            }
        }
    }

    /// The closest located ancestor of `path` (itself if located): findings
    /// about a value that YAML never spelled out still point somewhere useful.
    pub fn nearest(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(span) = self.key(p) {
                return Some(span);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

fn root_of(path: &str) -> &str {
    path.split(['.', '[']).next().unwrap_or(path)
}

fn char_to_byte(source: &str, chars: usize) -> usize {
    source
        .char_indices()
        .nth(chars)
        .map_or(source.len(), |(i, _)| i)
}

/// Why a YAML file could not be read into the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    pub span: Option<Span>,
    /// The key path the error is about, as `metrics.branches.value`.
    pub path: Option<String>,
    pub kind: YamlErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// The text is not YAML; `detail` is already Chinese.
    Syntax {
        detail: String,
    },
    Empty,
    MultipleDocuments,
    TooDeep,
    AliasBomb,
    DuplicateKey {
        key: String,
        first_line: usize,
    },
    UnknownKey {
        key: String,
        expected: Vec<String>,
    },
    MissingKey {
        key: String,
    },
    WrongType {
        found: String,
        expected: String,
    },
    InvalidValue {
        found: String,
        expected: String,
    },
    /// Anything serde reports in a form not recognised above.
    Other {
        detail: String,
    },
}

impl Explain for YamlError {
    fn message(&self) -> String {
        let at = match &self.path {
            Some(p) if !p.is_empty() => format!("“{p}”"),
            _ => String::new(),
        };
        match &self.kind {
            YamlErrorKind::Syntax { detail } => format!("YAML 格式错误：{detail}"),
            YamlErrorKind::Empty => "文件是空的，没有任何数据".into(),
            YamlErrorKind::MultipleDocuments => {
                "一个文件只能有一份数据（文件中出现了多个“---”分隔的文档）".into()
            }
            YamlErrorKind::TooDeep => format!("嵌套超过{MAX_DEPTH}层，已拒绝读取"),
            YamlErrorKind::AliasBomb => {
                format!("别名（*引用）展开后超过{MAX_ALIAS_NODES}个节点，已拒绝读取")
            }
            YamlErrorKind::DuplicateKey { key, first_line } => {
                format!("键“{key}”重复出现（第{first_line}行已写过一次）")
            }
            YamlErrorKind::UnknownKey { key, expected } => {
                let place = if at.is_empty() {
                    "顶层".to_string()
                } else {
                    at.clone()
                };
                let mut m = format!("{place}下没有“{key}”这个键");
                match suggest(key, expected) {
                    Some(s) => m.push_str(&format!("，是否想写“{s}”？")),
                    None if !expected.is_empty() => {
                        let shown: Vec<&str> = expected
                            .iter()
                            .map(String::as_str)
                            .filter(|e| e.is_ascii())
                            .collect();
                        m.push_str(&format!("，可用的键有：{}", shown.join("、")));
                    }
                    None => {}
                }
                m
            }
            YamlErrorKind::MissingKey { key } => {
                if at.is_empty() {
                    format!("缺少必填的键“{key}”")
                } else {
                    format!("{at}缺少必填的键“{key}”")
                }
            }
            YamlErrorKind::WrongType { found, expected } => {
                format!("{at}的值应为{expected}，实际是{found}")
            }
            YamlErrorKind::InvalidValue { found, expected } => {
                format!("{at}的值{found}不对，应为{expected}")
            }
            YamlErrorKind::Other { detail } => format!("{at}{detail}"),
        }
    }
}

/// The known key closest to a mistyped one, if any is close enough.
pub fn suggest<'a>(key: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(key, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

/// Parses `source` into `T`, returning where every key sits.
pub fn parse<T: DeserializeOwned>(source: &str) -> Result<(T, SourceMap), YamlError> {
    let map = build_source_map(source)?;
    if map.entries.is_empty()
        && source
            .trim()
            .lines()
            .all(|l| l.trim_start().starts_with('#'))
    {
        return Err(YamlError {
            span: None,
            path: None,
            kind: YamlErrorKind::Empty,
        });
    }
    let value = serde_norway::from_str(source).map_err(|e| from_serde(&e, &map))?;
    Ok((value, map))
}

/// One open collection while walking the events.
enum Frame {
    Seq {
        path: String,
        next: usize,
    },
    Map {
        path: String,
        /// The key just read, waiting for its value.
        pending: Option<(String, Span)>,
        seen: HashMap<String, usize>,
    },
}

/// Remembers how many nodes each anchor stands for, to bound alias expansion.
#[derive(Default)]
struct AliasBudget {
    sizes: HashMap<usize, usize>,
    open: Vec<(usize, usize)>,
    nodes: usize,
}

fn build_source_map(source: &str) -> Result<SourceMap, YamlError> {
    let mut map = SourceMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut budget = AliasBudget::default();
    let mut documents = 0;
    let mut parser = Parser::new_from_str(source);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let m = e.marker();
            YamlError {
                span: Some(Span::new(m.line(), m.col() + 1, 1)),
                path: None,
                kind: scan_error_kind(e.info()),
            }
        })?;
        let here = Span::new(
            span.start.line(),
            span.start.col() + 1,
            width_on_first_line(source, span.start.index(), span.end.index()),
        );
        let (start, end) = (span.start.index(), span.end.index());
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError {
                        span: Some(here),
                        path: None,
                        kind: YamlErrorKind::MultipleDocuments,
                    });
                }
            }
            Event::Scalar(text, _, anchor, _) => {
                budget.node(anchor, 1)?;
                if let Some(Frame::Map { pending, seen, .. }) = stack.last_mut()
                    && pending.is_none()
                {
                    if let Some(&first_line) = seen.get(text.as_ref()) {
                        return Err(YamlError {
                            span: Some(here),
                            path: None,
                            kind: YamlErrorKind::DuplicateKey {
                                key: text.into_owned(),
                                first_line,
                            },
                        });
                    }
                    seen.insert(text.to_string(), here.line);
                    *pending = Some((text.into_owned(), here));
                    continue;
                }
                let (path, key) = child_path(&mut stack);
                map.entries.insert(
                    path,
                    Entry {
                        key,
                        value: here,
                        value_start: start,
                        value_end: end,
                    },
                );
            }
            Event::Alias(id) => {
                budget.alias(id)?;
                if let Some(Frame::Map { pending, .. }) = stack.last_mut()
                    && pending.is_none()
                {
                    *pending = Some(("*".into(), here));
                    continue;
                }
                let (path, key) = child_path(&mut stack);
                map.entries.insert(
                    path,
                    Entry {
                        key,
                        value: here,
                        value_start: start,
                        value_end: end,
                    },
                );
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError {
                        span: Some(here),
                        path: None,
                        kind: YamlErrorKind::TooDeep,
                    });
                }
                budget.open(anchor);
                let (path, key) = if stack.is_empty() {
                    (String::new(), None)
                } else {
                    child_path(&mut stack)
                };
                map.entries.insert(
                    path.clone(),
                    Entry {
                        key,
                        value: here,
                        value_start: start,
                        value_end: source.chars().count(),
                    },
                );
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { path, next: 0 }
                } else {
                    Frame::Map {
                        path,
                        pending: None,
                        seen: HashMap::new(),
                    }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                budget.close()?;
                if let Some(Frame::Seq { path, .. } | Frame::Map { path, .. }) = stack.pop()
                    && let Some(entry) = map.entries.get_mut(&path)
                {
                    entry.value_end = end;
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok(map)
}

/// The path of the next child of the innermost collection, and its key's span.
fn child_path(stack: &mut [Frame]) -> (String, Option<Span>) {
    match stack.last_mut() {
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            (p, None)
        }
        Some(Frame::Map { path, pending, .. }) => {
            let (key, span) = pending
                .take()
                .unwrap_or((String::new(), Span::new(1, 1, 1)));
            let p = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            (p, Some(span))
        }
        None => (String::new(), None),
    }
}

impl AliasBudget {
    fn node(&mut self, anchor: usize, size: usize) -> Result<(), YamlError> {
        self.nodes += size;
        if anchor != 0 {
            self.sizes.insert(anchor, size);
        }
        self.check()
    }

    fn alias(&mut self, id: usize) -> Result<(), YamlError> {
        self.nodes += self.sizes.get(&id).copied().unwrap_or(1);
        self.check()
    }

    fn open(&mut self, anchor: usize) {
        self.nodes += 1;
        self.open.push((anchor, self.nodes));
    }

    fn close(&mut self) -> Result<(), YamlError> {
        if let Some((anchor, at_start)) = self.open.pop()
            && anchor != 0
        {
            self.sizes.insert(anchor, self.nodes - at_start + 1);
        }
        self.check()
    }

    fn check(&self) -> Result<(), YamlError> {
        if self.nodes > MAX_ALIAS_NODES {
            return Err(YamlError {
                span: None,
                path: None,
                kind: YamlErrorKind::AliasBomb,
            });
        }
        Ok(())
    }
}

fn width_on_first_line(source: &str, start: usize, end: usize) -> usize {
    source
        .chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .take_while(|c| *c != '\n')
        .count()
}

/// Turns a serde_norway error into a structured one, using serde's fixed
/// message formats (`unknown field `x`, expected one of …` and so on).
fn from_serde(err: &serde_norway::Error, map: &SourceMap) -> YamlError {
    let full = err.to_string();
    let location = err.location();
    // serde_norway appends " at line L column C"; the path, if any, comes first.
    let text = match location {
        Some(_) => full
            .rfind(" at line ")
            .map_or(full.as_str(), |i| &full[..i]),
        None => full.as_str(),
    };
    let (path, message) = split_path(text);
    let mut span = location.map(|l| Span::new(l.line(), l.column(), 1));
    let kind = classify(message);
    match &kind {
        // Widen the caret to the whole key or value the error is about.
        YamlErrorKind::UnknownKey { key, .. } => {
            let key_path = join_path(path, key);
            if let Some(s) = map.key(&key_path) {
                span = Some(s);
            }
        }
        YamlErrorKind::WrongType { .. } | YamlErrorKind::InvalidValue { .. } => {
            if let Some(p) = path
                && let Some(s) = map.value(p)
            {
                span = Some(s);
            }
        }
        YamlErrorKind::MissingKey { .. } => {
            if let Some(p) = path
                && let Some(s) = map.key(p)
            {
                span = Some(s);
            }
        }
        _ => {}
    }
    if span.is_some_and(|s| s.line == 0) {
        span = None;
    }
    YamlError {
        span,
        path: path.map(str::to_owned),
        kind,
    }
}

fn join_path(parent: Option<&str>, key: &str) -> String {
    match parent {
        Some(p) if !p.is_empty() => format!("{p}.{key}"),
        _ => key.to_owned(),
    }
}

const SERDE_MESSAGES: [&str; 8] = [
    "invalid type: ",
    "invalid value: ",
    "unknown field `",
    "missing field `",
    "duplicate field `",
    "unknown variant `",
    "invalid length ",
    "data did not match",
];

/// Splits "metrics.a.value: invalid type: …" into the path and the message.
fn split_path(text: &str) -> (Option<&str>, &str) {
    for start in SERDE_MESSAGES {
        if text.starts_with(start) {
            return (None, text);
        }
        if let Some(i) = text.find(&format!(": {start}")) {
            return (Some(&text[..i]), &text[i + 2..]);
        }
    }
    (None, text)
}

fn classify(message: &str) -> YamlErrorKind {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return YamlErrorKind::UnknownKey {
            key: key.to_owned(),
            expected: backticked(tail),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        return YamlErrorKind::MissingKey {
            key: rest.trim_end_matches('`').to_owned(),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate field `") {
        return YamlErrorKind::DuplicateKey {
            key: rest.trim_end_matches('`').to_owned(),
            first_line: 0,
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (found, tail) = rest.split_once('`').unwrap_or((rest, ""));
        return YamlErrorKind::InvalidValue {
            found: format!("“{found}”"),
            expected: format!("以下之一：{}", backticked(tail).join("、")),
        };
    }
    for (prefix, wrong_type) in [("invalid type: ", true), ("invalid value: ", false)] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some((found, expected)) = rest.rsplit_once(", expected ")
        {
            let found = describe_found(found);
            let expected = describe_expected(expected);
            return if wrong_type {
                YamlErrorKind::WrongType { found, expected }
            } else {
                YamlErrorKind::InvalidValue { found, expected }
            };
        }
    }
    if message.contains("more than one document") {
        return YamlErrorKind::MultipleDocuments;
    }
    if message.contains("recursion limit exceeded") {
        return YamlErrorKind::TooDeep;
    }
    if message.contains("repetition limit exceeded") {
        return YamlErrorKind::AliasBomb;
    }
    if message.starts_with("EOF while parsing") {
        return YamlErrorKind::Empty;
    }
    if message.starts_with("invalid length ") || message.starts_with("data did not match") {
        return YamlErrorKind::Other {
            detail: "的内容与要求的格式不符".into(),
        };
    }
    let detail = translate_syntax(message);
    if detail.is_empty() {
        YamlErrorKind::Other {
            detail: message.to_owned(),
        }
    } else {
        YamlErrorKind::Syntax { detail }
    }
}

/// The names between backticks in "expected one of `a`, `b`".
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// serde's description of what it found, in Chinese.
fn describe_found(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        return format!("文本“{}”", s.trim_matches('"'));
    }
    for (en, zh) in [
        ("integer ", "整数"),
        ("floating point ", "数字"),
        ("boolean ", "是非值"),
    ] {
        if let Some(v) = found.strip_prefix(en) {
            return format!("{zh}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "列表".into(),
        "map" => "键值表".into(),
        "unit value" | "null" => "空值".into(),
        other => other.to_owned(),
    }
}

/// serde's description of what it expected, in Chinese. Descriptions written
/// by this crate (in `expecting` messages) are Chinese already.
fn describe_expected(expected: &str) -> String {
    if !expected.is_ascii() {
        return expected.to_owned();
    }
    let e = expected;
    if e.contains("string") || e == "a character" {
        "文本".into()
    } else if matches!(e, "u8" | "u16" | "u32" | "u64" | "usize" | "i32" | "i64") {
        "整数".into()
    } else if e.starts_with('f') || e.contains("Decimal") || e.contains("number") {
        "数字".into()
    } else if e.contains("sequence") {
        "列表（每项以“- ”开头）".into()
    } else if e.starts_with("struct ") || e.contains("map") {
        "键值表（“键: 值”的形式）".into()
    } else if e.contains("bool") {
        "true 或 false".into()
    } else {
        e.to_owned()
    }
}

fn scan_error_kind(info: &str) -> YamlErrorKind {
    if info.contains("recursion limit") {
        return YamlErrorKind::TooDeep;
    }
    let detail = translate_syntax(info);
    YamlErrorKind::Syntax {
        detail: if detail.is_empty() {
            format!("无法解析（{info}）")
        } else {
            detail
        },
    }
}

/// libyaml's and saphyr's syntax messages, in Chinese; "" if unrecognised.
fn translate_syntax(message: &str) -> String {
    const KNOWN: [(&str, &str); 10] = [
        (
            "mapping values are not allowed",
            "此处不能出现“键: 值”（值里有“: ”时请给整段加引号）",
        ),
        ("did not find expected key", "缩进没有对齐，或缺少“键:”"),
        ("did not find expected ',' or ']'", "方括号“[”没有配对的“]”"),
        (
            "did not find expected ',' or '}'",
            "花括号“{”没有配对的“}”（文字以“{”开头时请加引号）",
        ),
        ("while scanning a quoted scalar", "引号没有闭合"),
        (
            "illegal placement of ':'",
            "冒号位置不对（值里有“: ”时请给整段加引号）",
        ),
        (
            "cannot start any token",
            "出现了不能作为开头的字符（如制表符、“@”或“`”），请加引号或改用空格",
        ),
        ("tab", "缩进里用了制表符，请改用空格"),
        ("did not find expected '-' indicator", "列表项缩进没有对齐"),
        (
            "found unexpected end of stream",
            "文件意外结束（引号或括号没有闭合）",
        ),
    ];
    for (needle, zh) in KNOWN {
        if message.contains(needle) {
            return zh.to_owned();
        }
    }
    if message.contains("control characters are not allowed") {
        return "含有不可见的控制字符".into();
    }
    if message.contains("while parsing") || message.contains("while scanning") {
        return format!("无法解析（{message}）");
    }
    String::new()
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        value: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        title: String,
        #[serde(default)]
        items: Vec<Item>,
    }

    fn err(src: &str) -> YamlError {
        parse::<Doc>(src).unwrap_err()
    }

    #[test]
    fn maps_every_key_and_list_item() {
        let src = "title: 标题\nitems:\n  - name: 甲\n    value: 3\n";
        let (doc, map) = parse::<Doc>(src).unwrap();
        assert_eq!(doc.items[0].value, 3);
        assert_eq!(map.key("items[0].value"), Some(Span::new(4, 5, 5)));
        assert_eq!(map.value("items[0].value"), Some(Span::new(4, 12, 1)));
        assert_eq!(map.value("title"), Some(Span::new(1, 8, 2)));
        assert_eq!(map.key("items"), Some(Span::new(2, 1, 5)));
    }

    #[test]
    fn finds_text_inside_a_block_scalar() {
        let src = "title: |\n  第一行\n  第二行{x}\n";
        let (_, map) = parse::<Doc>(src).unwrap();
        assert_eq!(
            map.find_in_value(src, "title", "{x}"),
            Some(Span::new(3, 6, 3))
        );
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n    valeu: 3\n");
        assert_eq!(e.span, Some(Span::new(4, 5, 5)));
        assert_eq!(
            e.message(),
            "“items[0]”下没有“valeu”这个键，是否想写“value”？"
        );
    }

    #[test]
    fn unknown_key_without_a_close_match_lists_the_keys() {
        let e = err("title: 甲\nfoo: 1\n");
        assert_eq!(
            e.message(),
            "顶层下没有“foo”这个键，可用的键有：title、items"
        );
    }

    #[test]
    fn wrong_type_names_the_key_and_points_at_the_value() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n    value: 很多\n");
        assert_eq!(e.span, Some(Span::new(4, 12, 2)));
        assert_eq!(
            e.message(),
            "“items[0].value”的值应为整数，实际是文本“很多”"
        );
    }

    #[test]
    fn missing_key_names_the_parent() {
        let e = err("title: 甲\nitems:\n  - name: 乙\n");
        assert_eq!(e.message(), "“items[0]”缺少必填的键“value”");
        assert_eq!(e.span.map(|s| s.line), Some(3));
    }

    #[test]
    fn duplicate_keys_are_refused_with_both_lines() {
        let e = err("title: 甲\nitems: []\ntitle: 乙\n");
        assert_eq!(e.span, Some(Span::new(3, 1, 5)));
        assert_eq!(e.message(), "键“title”重复出现（第1行已写过一次）");
    }

    #[test]
    fn syntax_errors_are_in_chinese_with_a_position() {
        let e = err("title: 甲: 乙\n");
        assert_eq!(e.span.map(|s| (s.line, s.column)), Some((1, 9)));
        assert!(
            e.message().starts_with("YAML 格式错误："),
            "{}",
            e.message()
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_serde_sees_it() {
        let src = format!("title: {}", "[".repeat(100_000));
        assert_eq!(err(&src).kind, YamlErrorKind::TooDeep);
    }

    #[test]
    fn alias_bombs_are_refused() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e"]
            .iter()
            .zip(["b", "c", "d", "e", "f"])
        {
            let refs = vec![format!("*{prev}"); 9].join(", ");
            src.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        assert_eq!(err(&src).kind, YamlErrorKind::AliasBomb);
    }

    #[test]
    fn small_aliases_are_fine() {
        let src = "title: &t 标题\nitems: []\n";
        assert!(parse::<Doc>(src).is_ok());
    }

    #[test]
    fn empty_file_is_reported_as_such() {
        assert_eq!(err("# 只有注释\n").kind, YamlErrorKind::Empty);
    }

    #[test]
    fn roots_can_be_renamed_to_canonical_keys() {
        let src = "title: 甲\nitems:\n  - name: 乙\n    value: 1\n";
        let (_, mut map) = parse::<Doc>(src).unwrap();
        map.rename_roots(&[("items", "things")]);
        assert_eq!(map.key("things[0].value").map(|s| s.line), Some(4));
        assert_eq!(map.key("items[0].value"), None);
        assert_eq!(map.key("title").map(|s| s.line), Some(1));
    }

    #[test]
    fn suggestion_needs_a_close_match() {
        let keys = vec!["value".to_string(), "unit".to_string()];
        assert_eq!(suggest("vlaue", &keys), Some("value"));
        assert_eq!(suggest("region", &keys), None);
    }
}
