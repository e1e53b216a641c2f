//! Escaping data for Markdown, used by tera's autoescape on every value a
//! template prints: text from a data file comes out literally and can never
//! open a heading, a table cell, emphasis, a link or HTML, or start a new
//! paragraph.

use std::io::{self, Write};

/// Characters that act as Markdown anywhere in a line.
const INLINE_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&'];

/// Characters that act as Markdown only at the start of a line.
const LINE_START_SPECIAL: &[char] = &['-', '+', '='];

/// The tera escape function: writes `input` with Markdown syntax escaped.
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(escape(input).as_bytes())
}

/// `input` made safe to place anywhere in a Markdown paragraph.
pub fn escape(input: &str) -> String {
    let flat = join_lines(input);
    let text = flat.trim();
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

/// Joins the lines of a multi-line value into one: nothing between Chinese
/// characters (a line break there is not a space), one space otherwise.
fn join_lines(input: &str) -> String {
    if !input.contains(['\n', '\r']) {
        return input.to_owned();
    }
    let lines: Vec<&str> = input
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::with_capacity(input.len());
    for line in lines {
        if let (Some(prev), Some(next)) = (out.chars().last(), line.chars().next())
            && prev.is_ascii_alphanumeric()
            && next.is_ascii_alphanumeric()
        {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// If `text` starts like an ordered list item (`1. `, `2) `), the byte index
/// of the `.`/`)` to escape.
fn ordered_list_marker_len(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return None;
    }
    let rest = &text.as_bytes()[digits..];
    match rest {
        [b'.' | b')'] => Some(digits),
        [b'.' | b')', b' ' | b'\t', ..] => Some(digits),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

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
    }

    #[test]
    fn plain_chinese_is_untouched() {
        let text = "全县建成离退休干部党支部86个，覆盖率98.6%（同比提高2.4个百分点）。";
        assert_eq!(escape(text), text);
    }
}
