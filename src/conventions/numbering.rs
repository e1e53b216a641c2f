//! The heading numbering hierarchy `一、` → `（一）` → `1.` → `（1）`
//! (docs/conventions.md "Numbering hierarchy", GB/T 9704-2012 §7.3.3):
//! how a number is written, and how one is read back from a draft, in the
//! right form or in one of the wrong forms drafts carry.

use super::numeral::{push_cn_numeral, read_cn_number};

/// The deepest heading level of the hierarchy.
pub(crate) const MAX_HEADING_LEVEL: u8 = 4;

/// The marker of the `n`th heading at `level` (1-based):
/// level 1 `一、`, 2 `（一）`, 3 `1.`, 4 `（1）`. The brackets are full-width
/// (U+FF08/FF09) and level 3 uses an ASCII period.
///
/// # Panics
///
/// If `level` is not in `1..=MAX_HEADING_LEVEL`: the hierarchy has exactly
/// four levels, so any other level is a bug in the caller.
pub(crate) fn heading_marker(level: u8, n: u64) -> String {
    use std::fmt::Write;
    // Built in one string (every heading of every draft has one).
    let mut out = String::with_capacity(16);
    match level {
        1 => {
            push_cn_numeral(&mut out, n);
            out.push('、');
        }
        2 => {
            out.push('（');
            push_cn_numeral(&mut out, n);
            out.push('）');
        }
        // Writing to a String cannot fail.
        3 => {
            let _ = write!(out, "{n}.");
        }
        4 => {
            let _ = write!(out, "（{n}）");
        }
        _ => panic!("heading level {level} is outside 1..={MAX_HEADING_LEVEL}"),
    }
    out
}

/// How a heading number is written wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WrongForm {
    /// An enclosed character: `㈠` `⑴` `①` `⒈`.
    Enclosed,
    /// Half-width brackets: `(一)`.
    HalfWidth,
    /// A 顿号 after an Arabic number: `1、`.
    DigitDun,
    /// A period after a Chinese numeral: `一.`.
    CnDot,
    /// A mark after a bracketed number: `（一）、`.
    Trailing,
}

/// A heading number read at the start of some text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Marker {
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `（1）`.
    pub level: u8,
    pub number: u32,
    /// Length in characters, including a wrong mark after it.
    pub len: usize,
    /// How it is written wrong, if it is.
    pub wrong: Option<WrongForm>,
}

impl Marker {
    /// How this number is written right.
    pub(crate) fn canonical(&self) -> String {
        heading_marker(self.level, u64::from(self.number))
    }
}

/// Reads a heading number at the start of `s`. Ordinary text is no number:
/// `一是`, `十分`, `两个`, `2026年`, `1.5万`, `（注：略）`, `123.`.
pub(crate) fn parse_marker(s: &[char]) -> Option<Marker> {
    let c0 = *s.first()?;
    let marker = |level, number, len, wrong| {
        Some(Marker {
            level,
            number,
            len,
            wrong,
        })
    };
    // A mark after a bracketed number (nothing may follow one).
    let trailing = |len: usize| {
        let extra = s
            .get(len)
            .is_some_and(|c| matches!(c, '、' | '.' | '．' | '，' | ',' | '：' | ':'));
        len + usize::from(extra)
    };
    let code = u32::from(c0);
    let enclosed = match code {
        0x3220..=0x3229 => Some((2, code - 0x3220 + 1)),
        0x2474..=0x2487 => Some((4, code - 0x2474 + 1)),
        0x2460..=0x2473 => Some((4, code - 0x2460 + 1)),
        0x2488..=0x249B => Some((3, code - 0x2488 + 1)),
        _ => None,
    };
    if let Some((level, n)) = enclosed {
        return marker(level, n, trailing(1), Some(WrongForm::Enclosed));
    }
    if c0 == '（' || c0 == '(' {
        let inner = &s[1..];
        let (n, l, level) = match read_cn_number(inner) {
            Some((n, l)) if inner[0] != '两' => (n, l, 2),
            _ => {
                let d = leading_digits(inner);
                if d == 0 || d > 2 {
                    return None;
                }
                (digits_value(&inner[..d]), d, 4)
            }
        };
        let close = *s.get(1 + l)?;
        if close != '）' && close != ')' {
            return None;
        }
        let base = 2 + l;
        let len = trailing(base);
        let wrong = if c0 == '(' || close == ')' {
            Some(WrongForm::HalfWidth)
        } else if len > base {
            Some(WrongForm::Trailing)
        } else {
            None
        };
        return marker(level, n, len, wrong);
    }
    if c0 != '两'
        && let Some((n, l)) = read_cn_number(s)
    {
        return match s.get(l) {
            Some('、') => marker(1, n, l + 1, None),
            Some('.' | '．') => marker(1, n, l + 1, Some(WrongForm::CnDot)),
            _ => None,
        };
    }
    let d = leading_digits(s);
    if d == 0 || d > 2 {
        return None;
    }
    let n = digits_value(&s[..d]);
    match s.get(d) {
        Some('.' | '．') if !s.get(d + 1).is_some_and(char::is_ascii_digit) => {
            marker(3, n, d + 1, None)
        }
        Some('、') => marker(3, n, d + 1, Some(WrongForm::DigitDun)),
        _ => None,
    }
}

/// The level of the heading number `text` starts with, if any.
pub(crate) fn numbering_level(text: &str) -> Option<u8> {
    // A marker is at most 5 characters: `（十二）、`. The head is read
    // into an array: this runs for every heading and paragraph.
    let mut head = ['\0'; 8];
    let mut len = 0;
    for (slot, c) in head.iter_mut().zip(text.chars()) {
        *slot = c;
        len += 1;
    }
    parse_marker(&head[..len]).map(|m| m.level)
}

fn leading_digits(s: &[char]) -> usize {
    s.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// The value of at most two ASCII digits.
fn digits_value(digits: &[char]) -> u32 {
    digits
        .iter()
        .fold(0, |n, &c| n * 10 + (u32::from(c) - u32::from('0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::numeral::cn_numeral;
    use proptest::prelude::*;

    proptest! {
        /// The level read from an array head is the one read from the
        /// first eight characters collected, as first written.
        #[test]
        fn numbering_level_reads_the_collected_head(
            text in proptest::collection::vec(
                proptest::sample::select("一二十（）()、.．123 是年万a文".chars().collect::<Vec<_>>()),
                0..12,
            )
        ) {
            let text: String = text.into_iter().collect();
            let simply = parse_marker(&text.chars().take(8).collect::<Vec<_>>()).map(|m| m.level);
            prop_assert_eq!(numbering_level(&text), simply);
        }

        /// The marker as first written, with `format!`.
        #[test]
        fn heading_markers_are_those_formatted(level in 1u8..=4, n in prop_oneof![0u64..200, any::<u64>()]) {
            let simply = match level {
                1 => format!("{}、", cn_numeral(n)),
                2 => format!("（{}）", cn_numeral(n)),
                3 => format!("{n}."),
                _ => format!("（{n}）"),
            };
            prop_assert_eq!(heading_marker(level, n), simply);
        }
    }

    fn m(s: &str) -> Option<(u8, u32, usize, Option<String>)> {
        let chars: Vec<char> = s.chars().collect();
        parse_marker(&chars).map(|m| (m.level, m.number, m.len, m.wrong.map(|_| m.canonical())))
    }

    #[test]
    fn heading_hierarchy_is_written_with_full_width_brackets() {
        assert_eq!(heading_marker(1, 1), "一、");
        assert_eq!(heading_marker(1, 12), "十二、");
        assert_eq!(heading_marker(2, 1), "（一）");
        assert_eq!(heading_marker(2, 10), "（十）");
        assert_eq!(heading_marker(3, 1), "1.");
        assert_eq!(heading_marker(3, 12), "12.");
        assert_eq!(heading_marker(4, 1), "（1）");
        // Full-width brackets, never the enclosed forms ㈠ ⑴.
        assert_eq!(heading_marker(2, 3).chars().next(), Some('\u{FF08}'));
        assert_eq!(heading_marker(4, 3).chars().last(), Some('\u{FF09}'));
    }

    #[test]
    #[should_panic(expected = "heading level 5")]
    fn heading_level_beyond_four_is_a_bug() {
        heading_marker(5, 1);
    }

    #[test]
    fn reads_right_numbers() {
        assert_eq!(m("一、总体情况"), Some((1, 1, 2, None)));
        assert_eq!(m("十二、其他"), Some((1, 12, 3, None)));
        assert_eq!(m("（三）强化保障"), Some((2, 3, 3, None)));
        assert_eq!(m("12.加强"), Some((3, 12, 3, None)));
        assert_eq!(m("（4）完善"), Some((4, 4, 3, None)));
    }

    #[test]
    fn reads_what_it_writes() {
        for level in 1..=MAX_HEADING_LEVEL {
            for n in 1..=99 {
                let written = heading_marker(level, n);
                let len = written.chars().count();
                assert_eq!(m(&written), Some((level, n as u32, len, None)), "{written}");
            }
        }
    }

    #[test]
    fn reads_wrong_numbers_with_their_fix() {
        assert_eq!(m("㈡强化"), Some((2, 2, 1, Some("（二）".into()))));
        assert_eq!(m("⑶完善"), Some((4, 3, 1, Some("（3）".into()))));
        assert_eq!(m("①完善"), Some((4, 1, 1, Some("（1）".into()))));
        assert_eq!(m("(一)强化"), Some((2, 1, 3, Some("（一）".into()))));
        assert_eq!(m("1、加强"), Some((3, 1, 2, Some("1.".into()))));
        assert_eq!(m("二.加强"), Some((1, 2, 2, Some("二、".into()))));
        assert_eq!(m("（1）.加强"), Some((4, 1, 4, Some("（1）".into()))));
    }

    #[test]
    fn ordinary_text_is_no_number() {
        for s in [
            "一是加强",
            "十分重要",
            "两个方面",
            "2026年",
            "1.5万人",
            "（注：略）",
            "（2026年6月8日）",
            "123.甲",
            "百、",
        ] {
            assert_eq!(m(s), None, "{s}");
        }
    }

    #[test]
    fn level_of_a_heading_text() {
        assert_eq!(numbering_level("一、主要做法"), Some(1));
        assert_eq!(numbering_level("（一）组织建设"), Some(2));
        assert_eq!(numbering_level("12. 强化保障"), Some(3));
        assert_eq!(numbering_level("（1）具体措施"), Some(4));
        assert_eq!(numbering_level("1.5万人次参加"), None);
        assert_eq!(numbering_level("一是加强领导"), None);
    }
}
