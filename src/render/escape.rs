//! Escaping data for Markdown, used by tera's autoescape on every value a
//! template prints: text from a data file comes out literally and can never
//! open a heading, a list item, a quote, a code block, a table cell,
//! emphasis, a link or HTML, or end a line.
//!
//! Two steps, in this order:
//!
//! 1. every line break the text may carry — LF, CR, CR LF, VT, FF, NEL,
//!    U+2028, U+2029 — joins the way a wrapped line of the draft joins
//!    ([`crate::conventions::lines::join_lines`]), so the value is one line
//!    and the only place a Markdown line can start is its beginning;
//! 2. characters that are Markdown anywhere are escaped everywhere, and
//!    those that are Markdown only at the start of a line (`-` `+` `=`, an
//!    ordered-list number `1.` `1)`) are escaped at the beginning.

use std::io::{self, Write};

use crate::conventions::lines::join_lines;

/// Characters that act as Markdown anywhere in a line (`#` `>` `|` and the
/// fence characters `` ` `` `~` included: escaping them everywhere also
/// covers a line's start).
const INLINE_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&'];

/// Characters that act as Markdown only at the start of a line: bullets
/// (`-` `+`), thematic breaks (`---`) and setext underlines (`===` `---`).
const LINE_START_SPECIAL: &[char] = &['-', '+', '='];

/// The tera escape function: writes `input` with Markdown syntax escaped
/// (one line, trimmed, see [`escape_line`]). Most data text has nothing
/// to escape: it is written as it is, without a copy.
pub(crate) fn escape_markdown(input: &str, out: &mut dyn Write) -> io::Result<()> {
    if is_inert(input) {
        return out.write_all(input.as_bytes());
    }
    let flat = join_lines(input);
    let text = flat.trim();
    if nothing_to_escape(text) {
        return out.write_all(text.as_bytes());
    }
    out.write_all(escape_line(text).as_bytes())
}

/// Whether [`escape_markdown`] writes `input` exactly as it is: one line
/// already (no line break of [`crate::conventions::lines::is_line_break`]),
/// nothing to trim and nothing to escape. One pass over the bytes, which is
/// all most values of a data file cost.
fn is_inert(input: &str) -> bool {
    let (Some(first), Some(last)) = (input.chars().next(), input.chars().next_back()) else {
        return false;
    };
    if first.is_whitespace() || last.is_whitespace() || LINE_START_SPECIAL.contains(&first) {
        return false;
    }
    let bytes = input.as_bytes();
    let breaks_or_special = bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| match LOOK[usize::from(b)] {
            Look::Pass => false,
            Look::Stop => true,
            // U+0085 (NEL), then U+2028 and U+2029.
            Look::Lead => match b {
                0xC2 => bytes.get(i + 1) == Some(&0x85),
                _ => {
                    bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9))
                }
            },
        });
    !breaks_or_special && ordered_list_marker_len(input).is_none()
}

/// What [`is_inert`] makes of a byte.
#[derive(Clone, Copy)]
enum Look {
    Pass,
    /// A Markdown character or an ASCII line break.
    Stop,
    /// The first byte of U+0085 (`0xC2`) or of U+2028 and U+2029 (`0xE2`).
    Lead,
}

/// [`Look`] by byte: one load a byte.
const LOOK: [Look; 256] = {
    let mut table = [Look::Pass; 256];
    let mut i = 0;
    while i < INLINE_SPECIAL.len() {
        table[INLINE_SPECIAL[i] as usize] = Look::Stop;
        i += 1;
    }
    table[b'\n' as usize] = Look::Stop;
    table[b'\r' as usize] = Look::Stop;
    table[0x0B] = Look::Stop;
    table[0x0C] = Look::Stop;
    table[0xC2] = Look::Lead;
    table[0xE2] = Look::Lead;
    table
};

/// Whether [`escape_line`] would leave `text` as it is: no character that
/// is Markdown anywhere (all ASCII, so bytes are enough), none that is
/// Markdown at a line's start, no ordered-list number.
fn nothing_to_escape(text: &str) -> bool {
    // One line already: the only stops left are Markdown characters.
    let special = |b: u8| matches!(LOOK[usize::from(b)], Look::Stop);
    let starts_special = text
        .chars()
        .next()
        .is_some_and(|c| LINE_START_SPECIAL.contains(&c));
    !starts_special && ordered_list_marker_len(text).is_none() && !text.bytes().any(special)
}

/// `text`, already one trimmed line, with its Markdown syntax escaped:
/// made safe to place anywhere in a Markdown paragraph, even at the start
/// of a line.
fn escape_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let ordered_marker = ordered_list_marker_len(text);
    for (i, c) in text.char_indices() {
        let at_start = i == 0;
        if INLINE_SPECIAL.contains(&c)
            || at_start && LINE_START_SPECIAL.contains(&c)
            || Some(i) == ordered_marker
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// If `text` starts like an ordered list item (`1. `, `2) `, up to nine
/// digits, then the end or a space), the byte index of the `.`/`)` to escape.
fn ordered_list_marker_len(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &text.as_bytes()[digits..];
    match rest {
        [b'.' | b')'] | [b'.' | b')', b' ' | b'\t', ..] => Some(digits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The escape as first written: one line, trimmed, escaped, copied.
    fn escape(input: &str) -> String {
        escape_line(join_lines(input).trim())
    }

    /// Text of the characters that matter to escaping: every special one,
    /// digits, spaces and line breaks, Chinese and Latin letters.
    fn markdownish() -> impl Strategy<Value = String> {
        let chars: Vec<char> =
            "\\`*_[]<>#|~&-+=.)0123456789 \t\n\r\u{B}\u{C}\u{85}\u{2028}\u{2029}中文，。ab"
                .chars()
                .collect();
        proptest::collection::vec(proptest::sample::select(chars), 0..24)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// What the escape function writes is [`escape`]'s text, with or
        /// without the shortcut for text with nothing to escape.
        #[test]
        fn the_escape_function_writes_what_escape_returns(text in markdownish()) {
            let mut out = Vec::new();
            escape_markdown(&text, &mut out).unwrap();
            prop_assert_eq!(String::from_utf8(out).unwrap(), escape(&text));
        }

        /// The one-pass shortcut is taken exactly when the escape would
        /// change nothing (but for empty text, which takes the long way).
        #[test]
        fn inert_text_is_text_the_escape_leaves_alone(text in markdownish()) {
            prop_assume!(!text.is_empty());
            prop_assert_eq!(is_inert(&text), escape(&text) == text);
        }
    }

    /// The byte table of [`is_inert`] states again which characters break
    /// a line or are Markdown: asked of every character between two
    /// ideographs, it agrees with the escape itself, whose line breaks are
    /// [`crate::conventions::lines::is_line_break`]'s.
    #[test]
    fn the_shortcut_knows_every_character() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{20000}']) {
            let text = format!("甲{c}乙");
            assert_eq!(is_inert(&text), escape(&text) == text, "{c:?}");
        }
    }

    /// What a Markdown parser makes of `text` placed inside a paragraph.
    fn parsed(md: &str) -> Vec<Event<'_>> {
        Parser::new_ext(md, Options::ENABLE_TABLES).collect()
    }

    fn plain_paragraph(text: &str) -> bool {
        let md = format!("开头{}", escape(text));
        let events = parsed(&md);
        let inner = &events[1..events.len() - 1];
        matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)))
            && inner.iter().all(|e| matches!(e, Event::Text(_)))
    }

    fn literal_text(text: &str) -> String {
        let md = escape(text);
        parsed(&md)
            .into_iter()
            .filter_map(|e| match e {
                Event::Text(t) => Some(t.into_string()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn hostile_text_stays_one_plain_paragraph() {
        for text in [
            "**加粗**与_斜体_",
            "# 不是标题",
            "a | b | c",
            "<b>不是HTML</b>&amp;",
            "[链接](http://example.com)",
            "`代码`",
            "{{ 模板 }}{% if x %}",
            "第一段\n\n第二段",
            "~~删除~~",
        ] {
            assert!(plain_paragraph(text), "{text:?}");
        }
    }

    #[test]
    fn escaped_text_reads_back_literally() {
        for text in [
            "**加粗**",
            "# 标题",
            "a | b",
            "<b>x</b>",
            "[x](y)",
            "1. 条目",
            "- 列表",
            "&amp;",
            "\\n",
        ] {
            assert_eq!(literal_text(text), text, "{text:?}");
        }
    }

    #[test]
    fn line_start_markers_are_escaped_only_at_the_start() {
        assert_eq!(escape("- 列表"), "\\- 列表");
        assert_eq!(escape("1. 条目"), "1\\. 条目");
        assert_eq!(escape("1.5万人"), "1.5万人");
        assert_eq!(escape("增长-3%"), "增长-3%");
        assert_eq!(escape("==="), "\\===");
    }

    #[test]
    fn newlines_join_without_spaces_between_chinese() {
        assert_eq!(escape("第一行\n第二行"), "第一行第二行");
        assert_eq!(escape("word\nnext"), "word next");
        assert_eq!(escape("共86个\n支部"), "共86个支部");
        assert_eq!(escape("共86\n个支部"), "共86个支部");
        assert_eq!(escape("段一\n\n段二"), "段一段二");
        // The one joining rule of the draft: a space between Latin text.
        assert_eq!(escape("a,\nb"), "a, b");
    }

    /// Whether `md` parses as exactly one paragraph of plain text.
    fn one_plain_paragraph(md: &str) -> bool {
        let events = parsed(md);
        events.len() >= 2
            && matches!(events.first(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.last(), Some(Event::End(TagEnd::Paragraph)))
            && events[1..events.len() - 1]
                .iter()
                .all(|e| matches!(e, Event::Text(_) | Event::SoftBreak))
    }

    /// Values that would open a block or a list item at the start of a line.
    const BLOCK_STARTS: &[&str] = &[
        "1. 项",
        "1) 项",
        "123456789. 项",
        "1.",
        "- 项",
        "+ 项",
        "* 项",
        "+",
        "- - -",
        "# 标题",
        "###### 标题",
        "> 引文",
        "| a | b |",
        "|---|---|",
        "```",
        "```rust",
        "~~~",
        "---",
        "***",
        "___",
        "===",
        "    缩进代码",
        "\t缩进",
        "<div>",
        "<!-- 注释 -->",
        "<script>",
        "[a]: http://example.com",
        "\\",
    ];

    #[test]
    fn no_marker_opens_a_block_where_a_line_starts() {
        for text in BLOCK_STARTS {
            let value = escape(text);
            // As a block of its own, and as the next line of a paragraph
            // (where `---` and `===` would make the line above a heading).
            assert!(
                one_plain_paragraph(&format!("{value}\n")),
                "{text:?} → {value:?}"
            );
            assert!(
                one_plain_paragraph(&format!("前文\n{value}\n")),
                "{text:?} → {value:?}"
            );
            assert_eq!(literal_text(text), text.trim(), "{text:?}");
        }
    }

    #[test]
    fn every_line_break_joins_like_a_newline() {
        for br in [
            "\n", "\r", "\r\n", "\n\r", "\u{B}", "\u{C}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            assert_eq!(
                escape(&format!("第一行{br}第二行")),
                "第一行第二行",
                "{br:?}"
            );
            assert_eq!(escape(&format!("word{br}next")), "word next", "{br:?}");
            for marker in BLOCK_STARTS {
                let text = format!("段落{br}{marker}");
                let value = escape(&text);
                assert!(
                    !value.contains(crate::conventions::lines::is_line_break),
                    "{text:?} → {value:?}"
                );
                assert!(
                    one_plain_paragraph(&format!("{value}\n")),
                    "{text:?} → {value:?}"
                );
                assert!(
                    one_plain_paragraph(&format!("前文\n{value}\n")),
                    "{text:?} → {value:?}"
                );
            }
        }
    }

    #[test]
    fn a_bare_carriage_return_starts_no_list_item() {
        assert_eq!(escape("段落\r1. 项"), "段落1. 项");
        assert_eq!(escape("段落\r\n- 项"), "段落- 项");
        assert_eq!(escape("\r\n1. 项\r\n"), "1\\. 项");
    }

    #[test]
    fn plain_chinese_is_untouched() {
        let text = "全县建成离退休干部党支部86个，覆盖率98.6%（同比提高2.4个百分点）。";
        assert_eq!(escape(text), text);
    }
}
