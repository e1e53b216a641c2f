//! Joining lines: what a line break inside a paragraph becomes
//! (docs/conventions.md "Joining lines"). A source line wrapped inside a
//! Chinese sentence is no space (GB/T 15834-2011 puts none between Chinese
//! characters, nor between them and digits or Latin letters); between two
//! Latin words it is one space, as in any Latin text.
//!
//! The Markdown readers apply [`joiner`] to soft line breaks; data text
//! printed into a draft goes through [`join_lines`] first, so it can never
//! end a line of the draft.

use std::borrow::Cow;

use super::script::is_cjk;

/// Whether `c` ends a line in some text convention: line feed, carriage
/// return, vertical tab, form feed, NEL (U+0085), and the Unicode line and
/// paragraph separators (U+2028, U+2029).
pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{B}' | '\u{C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// What a line break between `before` and `after` becomes: a space between
/// two characters that are not Chinese text, nothing otherwise (and nothing
/// at either end of the text).
pub(crate) fn joiner(before: Option<char>, after: Option<char>) -> &'static str {
    match (before, after) {
        (Some(b), Some(a)) if !is_cjk(b) && !is_cjk(a) => " ",
        _ => "",
    }
}

/// `text` on one line: split at every line break (CR LF counts once), each
/// line trimmed (indentation is not content), blank lines dropped, and the
/// lines joined by [`joiner`]. Borrows when there is no line break.
pub(crate) fn join_lines(text: &str) -> Cow<'_, str> {
    if !text.contains(is_line_break) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split(is_line_break) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        out.push_str(joiner(out.chars().next_back(), line.chars().next()));
        out.push_str(line);
    }
    out.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_break_vanishes_next_to_chinese_text() {
        assert_eq!(joiner(Some('作'), Some('情')), "");
        assert_eq!(joiner(Some('。'), Some('我')), "");
        assert_eq!(joiner(Some('6'), Some('年')), "");
        assert_eq!(joiner(Some('”'), Some('“')), "");
        assert_eq!(joiner(Some('P'), Some('增')), "");
    }

    #[test]
    fn a_break_between_latin_text_is_a_space() {
        assert_eq!(joiner(Some('d'), Some('w')), " ");
        assert_eq!(joiner(Some(','), Some('b')), " ");
        assert_eq!(joiner(Some('5'), Some('%')), " ");
        assert_eq!(joiner(None, Some('w')), "");
        assert_eq!(joiner(Some('w'), None), "");
    }

    #[test]
    fn every_line_break_joins_the_same_way() {
        for br in [
            "\n", "\r", "\r\n", "\u{B}", "\u{C}", "\u{85}", "\u{2028}", "\u{2029}",
        ] {
            assert_eq!(
                join_lines(&format!("第一行{br}第二行")),
                "第一行第二行",
                "{br:?}"
            );
            assert_eq!(join_lines(&format!("word{br}next")), "word next", "{br:?}");
        }
    }

    #[test]
    fn lines_are_trimmed_and_blank_ones_dropped() {
        assert_eq!(join_lines("段一\n\n  段二  \r\n\r\n"), "段一段二");
        assert_eq!(join_lines("a,\n  b"), "a, b");
        assert_eq!(join_lines("共86\n个支部"), "共86个支部");
        assert!(matches!(join_lines("一行"), Cow::Borrowed("一行")));
    }
}
