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
    if has_xml_forbidden(text.as_bytes()) {
        text.chars().filter(|c| !is_xml_forbidden(*c)).collect()
    } else {
        text.into()
    }
}

/// Whether the UTF-8 `bytes` hold a character XML 1.0 forbids, checked as
/// bytes, not decoded: forbidden controls are single bytes below 0x20, and
/// U+FFFE/U+FFFF are the only characters whose UTF-8 is EF BF BE/BF. Each
/// byte is compared with its two successors in blocks without an early
/// exit inside, so the comparisons vectorise.
// Bitwise, not lazy, operators: a branch per byte would not vectorise.
#[allow(clippy::needless_bitwise_bool)]
fn has_xml_forbidden(bytes: &[u8]) -> bool {
    const BLOCK: usize = 256;
    let control = |b: u8| (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
    let n = bytes.len();
    if n < 3 {
        return bytes.iter().any(|&b| control(b));
    }
    let (first, second, third) = (&bytes[..n - 2], &bytes[1..n - 1], &bytes[2..]);
    let mut start = 0;
    while start < n - 2 {
        let end = (start + BLOCK).min(n - 2);
        let found = first[start..end]
            .iter()
            .zip(&second[start..end])
            .zip(&third[start..end])
            .fold(false, |found, ((&a, &b), &c)| {
                found | control(a) | ((a == 0xEF) & (b == 0xBF) & (c | 1 == 0xBF))
            });
        if found {
            return true;
        }
        start = end;
    }
    control(bytes[n - 2]) | control(bytes[n - 1])
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The byte check agrees with decoding every character, on text of
        /// the forbidden characters, their neighbours and Chinese, long
        /// enough to span blocks.
        #[test]
        fn forbidden_characters_found_as_the_simple_version(
            text in proptest::collection::vec(
                proptest::sample::select(
                    "\u{0}\u{8}\t\n\u{B}\r\u{1F} ~\u{FFFD}\u{FFFE}\u{FFFF}\u{FFEF}\u{EFBF}\u{FBF}，文a"
                        .chars()
                        .collect::<Vec<_>>(),
                ),
                0..8,
            ),
            padding in 0usize..600,
        ) {
            let mut text: String = text.into_iter().collect();
            // The characters at the end of the text, after a clean stretch.
            text.insert_str(0, &"文".repeat(padding / 3));
            proptest::prop_assert_eq!(
                has_xml_forbidden(text.as_bytes()),
                text.chars().any(is_xml_forbidden),
                "{:?}", text
            );
        }
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
