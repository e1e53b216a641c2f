//! enum-sequence: the markers of one enumeration inside a paragraph run
//! 一是, 二是, 三是… without a repeat or a gap. `三是` twice, or `一是`
//! followed by `三是`, is a slip of editing (an item moved or deleted).

use super::enums::Marker;
use super::{DraftIssue, Hit};
use crate::conventions::numeral::cn_numeral;

/// A marker that repeats a number of its enumeration or skips one, among
/// the `markers` of a text ([`super::enums::markers`]).
pub(super) fn enum_sequence(markers: &[Marker]) -> Vec<Hit> {
    let mut hits = Vec::new();
    // Per kind (是, 要): the last number and the numbers seen since 一.
    let mut open: Vec<(char, u32, Vec<u32>)> = Vec::new();
    for &m in markers {
        let run = open.iter_mut().find(|(kind, _, _)| *kind == m.kind);
        if m.n == 1 {
            match run {
                Some(r) => *r = (m.kind, 1, vec![1]),
                None => open.push((m.kind, 1, vec![1])),
            }
            continue;
        }
        // Items continuing an enumeration of an earlier paragraph are not
        // this rule's to judge.
        let Some((_, last, seen)) = run else { continue };
        if m.n != *last + 1 {
            let expected = format!("{}{}", cn_numeral(u64::from(*last + 1)), m.kind);
            let duplicate = seen.contains(&m.n);
            hits.push(Hit::new(
                m.at..m.at + m.len,
                DraftIssue::EnumSequence {
                    expected,
                    duplicate,
                },
            ));
        }
        *last = (*last).max(m.n);
        seen.push(m.n);
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(String, String, bool)> {
        let s: Vec<char> = text.chars().collect();
        enum_sequence(&super::super::enums::markers(&s, &[]))
            .into_iter()
            .map(|h| {
                let DraftIssue::EnumSequence {
                    expected,
                    duplicate,
                } = h.problem
                else {
                    unreachable!()
                };
                (s[h.range].iter().collect(), expected, duplicate)
            })
            .collect()
    }

    #[test]
    fn a_repeated_number_is_reported() {
        assert_eq!(
            found("一是加强学习；二是改进作风；三是狠抓落实；三是强化保障。"),
            [("三是".into(), "四是".into(), true)]
        );
    }

    #[test]
    fn a_skipped_number_is_reported() {
        assert_eq!(
            found("一是加强学习；三是狠抓落实；四是强化保障。"),
            [("三是".into(), "二是".into(), false)]
        );
        assert_eq!(
            found("一要提高站位，三要压实责任。"),
            [("三要".into(), "二要".into(), false)]
        );
    }

    #[test]
    fn runs_in_order_and_new_enumerations_pass() {
        for ok in [
            "一是加强学习；二是改进作风；三是狠抓落实。",
            "一是加强学习；二是改进作风。另外，一是完善制度；二是强化考核。",
            "一是加强学习，一要提高站位；二是改进作风，二要压实责任。",
            // A paragraph continuing an earlier one's items.
            "三要强化保障，四要狠抓落实。",
            "统一是关键，三是一个数字。",
        ] {
            assert_eq!(found(ok), [], "{ok}");
        }
    }
}
