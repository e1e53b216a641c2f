//! Character-level helpers shared by the reader and the converter: what
//! counts as CJK, which characters need `w:hint`, what XML cannot hold, and
//! how wide a string prints.

use unicode_width::UnicodeWidthStr;

/// Marks Word draws in the Latin font unless the run says `w:hint="eastAsia"`:
/// curly quotes, the em dash, the ellipsis and the middle dot are shared
/// between the two scripts, and in a 公文 they must be full-width.
const AMBIGUOUS: [char; 7] = ['“', '”', '‘', '’', '—', '…', '·'];

/// True for characters of Chinese text: ideographs, CJK and full-width
/// punctuation, and the shared marks above (a line break between `”` and `“`
/// must not become a space either).
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{303F}'     // radicals, CJK symbols and punctuation
        | '\u{3040}'..='\u{9FFF}'   // kana, CJK unified ideographs and extension A
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}'   // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms: （）：，
        | '\u{20000}'..='\u{3FFFF}' // extensions B and later
    ) || AMBIGUOUS.contains(&c)
}

/// Whether a run holding `text` needs `w:hint="eastAsia"`.
pub fn needs_east_asia_hint(text: &str) -> bool {
    text.chars().any(|c| AMBIGUOUS.contains(&c))
}

/// What a soft line break between `before` and `after` becomes: nothing when
/// either side is Chinese (a source line wrapped inside a sentence, and no
/// space between Chinese and digits or Latin letters in a 公文), a space
/// between two Latin words.
pub fn soft_break_joiner(before: Option<char>, after: Option<char>) -> &'static str {
    match (before, after) {
        (Some(b), Some(a)) if !is_cjk(b) && !is_cjk(a) => " ",
        _ => "",
    }
}

/// True for characters XML 1.0 cannot carry: control characters other than
/// tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF.
pub fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters XML 1.0 forbids; borrows when it is clean.
pub fn strip_xml_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    // The usual clean text is checked as bytes, not decoded: forbidden
    // controls are single bytes below 0x20, and U+FFFE/U+FFFF are the only
    // characters whose UTF-8 starts EF BF BE/BF. No early exit, so the
    // control scan vectorises.
    let bytes = text.as_bytes();
    let control = bytes.iter().fold(false, |found, &b| {
        found | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
    });
    let nonchar = || {
        memchr::memmem::find_iter(bytes, b"\xEF\xBF")
            .any(|i| matches!(bytes.get(i + 2), Some(0xBE | 0xBF)))
    };
    if control || nonchar() {
        text.chars().filter(|c| !is_xml_forbidden(*c)).collect()
    } else {
        text.into()
    }
}

/// Printed width in half-width units: a Chinese character counts 2, a digit
/// or Latin letter 1.
pub fn display_width(text: &str) -> usize {
    text.width()
}

/// Sentence punctuation: a line holding any of these is prose, not a heading,
/// salutation, signature or date line.
pub fn has_sentence_punctuation(text: &str) -> bool {
    text.contains(['，', '。', '；', '！', '？'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soft_breaks_vanish_next_to_chinese() {
        assert_eq!(soft_break_joiner(Some('作'), Some('情')), "");
        assert_eq!(soft_break_joiner(Some('。'), Some('我')), "");
        assert_eq!(soft_break_joiner(Some('6'), Some('年')), "");
        assert_eq!(soft_break_joiner(Some('”'), Some('“')), "");
        assert_eq!(soft_break_joiner(Some('d'), Some('w')), " ");
        assert_eq!(soft_break_joiner(None, Some('w')), "");
    }

    #[test]
    fn control_characters_are_removed_but_tabs_kept() {
        assert_eq!(strip_xml_forbidden("甲\u{1}乙\t丙\u{FFFF}"), "甲乙\t丙");
        assert_eq!(strip_xml_forbidden("\u{FFFE}\r\n"), "\r\n");
        assert_eq!(strip_xml_forbidden("\u{1F}"), "");
        // U+FFFD and full-width forms share the leading EF byte; they stay.
        assert!(matches!(
            strip_xml_forbidden("\u{FFFD}，\u{FFEE}"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert!(matches!(
            strip_xml_forbidden("干净"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn hints_only_for_shared_marks() {
        assert!(needs_east_asia_hint("“四个意识”"));
        assert!(needs_east_asia_hint("— 1 —"));
        assert!(!needs_east_asia_hint("（一）突出政治引领"));
    }

    #[test]
    fn width_counts_chinese_double() {
        assert_eq!(display_width("2026年10月8日"), 13);
    }
}
