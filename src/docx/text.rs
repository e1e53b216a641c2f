//! Character-level helpers of the converter: which characters need
//! `w:hint`, what XML cannot hold, and how wide a string prints. What counts
//! as Chinese text is [`crate::conventions::script`]'s.

use unicode_width::UnicodeWidthStr;

use crate::conventions::script::SHARED_MARKS;

/// Marks Word draws in the Latin font unless the run says `w:hint="eastAsia"`:
/// the marks shared between Chinese and Latin text, which in a 公文 must be
/// full-width.
const AMBIGUOUS: [char; 7] = SHARED_MARKS;

/// The first byte of every mark of [`AMBIGUOUS`] in UTF-8 is one of these
/// (checked by a test): bytes that Chinese text, whose characters start
/// E3–E9 and whose full-width punctuation starts E3 or EF, seldom holds.
const AMBIGUOUS_LEADS: (u8, u8) = (0xC2, 0xE2);

/// Whether a run holding `text` needs `w:hint="eastAsia"`. The text is
/// searched for the marks' first bytes, and decoded only where one is.
pub(super) fn needs_east_asia_hint(text: &str) -> bool {
    let (a, b) = AMBIGUOUS_LEADS;
    memchr::memchr2_iter(a, b, text.as_bytes()).any(|at| {
        text[at..]
            .chars()
            .next()
            .is_some_and(|c| AMBIGUOUS.contains(&c))
    })
}

/// True for characters XML 1.0 cannot carry: control characters other than
/// tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF.
pub(super) fn is_xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// `text` without the characters XML 1.0 forbids; borrows when it is clean.
pub(super) fn strip_xml_forbidden(text: &str) -> std::borrow::Cow<'_, str> {
    // The usual clean text is checked as bytes, not decoded: forbidden
    // controls are single bytes below 0x20, and U+FFFE/U+FFFF are the only
    // characters whose UTF-8 starts EF BF BE/BF. No early exit, so the
    // control scan vectorises.
    let bytes = text.as_bytes();
    #[allow(clippy::unnecessary_fold)] // `any` stops early and does not vectorise
    let control = bytes.iter().fold(false, |found, &b| {
        found || (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
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
/// The marks on annotated numbers ([`super::comments`]) are not printed.
pub(super) fn display_width(text: &str) -> usize {
    if text.contains(super::comments::START) {
        return super::comments::strip_marks(text).width();
    }
    text.width()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_shared_marks_start_with_the_searched_bytes() {
        for c in AMBIGUOUS {
            let first = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!(
                first == AMBIGUOUS_LEADS.0 || first == AMBIGUOUS_LEADS.1,
                "{c}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The byte search agrees with decoding every character, on text
        /// of the marks, their neighbours in Unicode and Chinese.
        #[test]
        fn hints_as_the_simple_version(
            text in proptest::collection::vec(
                proptest::sample::select(
                    "“”‘’—…·–―•‧¶¢«»「」，。、：；中文甲aZ1 \t<&\u{7FF}\u{800}\u{2000}\u{203F}\u{FFFD}😀"
                        .chars()
                        .collect::<Vec<_>>(),
                ),
                0..12,
            )
        ) {
            let text: String = text.into_iter().collect();
            proptest::prop_assert_eq!(
                needs_east_asia_hint(&text),
                text.chars().any(|c| AMBIGUOUS.contains(&c)),
                "{:?}", text
            );
        }
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
