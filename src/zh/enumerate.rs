//! Enumerations inside a paragraph: `一是……；二是……；三是……。`, or with
//! `一要` in a speech (docs/conventions.md "Enumerations inside a paragraph").
//!
//! Items are cleaned first, so data written with its own punctuation or its
//! own `一是` still comes out right: nothing but the item follows 一是, items
//! are separated by `；` unless one of them holds a full sentence, and a
//! single item is not enumerated at all.

use super::text::{CLAUSE_END, sentence};
use crate::conventions::numeral::cn_numeral;

/// The word after the ordinal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Marker {
    /// 一是、二是: a report lists what was done.
    Shi,
    /// 一要、二要: a speech exhorts.
    Yao,
}

impl Marker {
    pub(crate) fn as_char(self) -> char {
        match self {
            Marker::Shi => '是',
            Marker::Yao => '要',
        }
    }
}

/// The items as paragraphs of their own, `一是A。` `二是B。`; a single item
/// is `A。`, unnumbered, as in [`enumerate`]. Empty items are skipped.
pub(crate) fn enumerate_apart(items: &[impl AsRef<str>], marker: Marker) -> Vec<String> {
    let items = cleaned(items);
    if let [only] = items.as_slice() {
        return vec![sentence(only)];
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            format!(
                "{}{}{}",
                cn_numeral(i as u64 + 1),
                marker.as_char(),
                sentence(item)
            )
        })
        .collect()
}

/// The items cleaned, empty ones left out.
fn cleaned(items: &[impl AsRef<str>]) -> Vec<&str> {
    items
        .iter()
        .map(|item| clean(item.as_ref()))
        .filter(|item| !item.is_empty())
        .collect()
}

/// Marks that may not follow 一是 (only nothing or `，` may; nothing is used).
const AFTER_MARKER: [char; 5] = ['、', '：', '，', ':', ','];
const ORDINAL_DIGITS: &str = "一二三四五六七八九十";

/// The items as one enumeration: `一是A；二是B；三是C。`; `一是A。二是B。`
/// when any item holds a `。` of its own; `A。` for a single item; empty for
/// none. Empty items are skipped.
pub(crate) fn enumerate(items: &[impl AsRef<str>], marker: Marker) -> String {
    let items = cleaned(items);
    if let [only] = items.as_slice() {
        return sentence(only);
    }
    let full_sentences = items.iter().any(|item| item.contains('。'));
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        out.push_str(&cn_numeral(i as u64 + 1));
        out.push(marker.as_char());
        if full_sentences {
            out.push_str(&sentence(item));
        } else {
            out.push_str(item);
            out.push(if i + 1 == items.len() { '。' } else { '；' });
        }
    }
    out
}

/// The item without surrounding space, an enumerator of its own, marks
/// before its first word or the mark closing it.
fn clean(item: &str) -> &str {
    let item = strip_enumerator(item.trim());
    item.trim_start_matches(|c: char| AFTER_MARKER.contains(&c) || c.is_whitespace())
        .trim_end_matches(|c: char| c == '。' || CLAUSE_END.contains(&c) || c.is_whitespace())
}

/// Drops a leading `[一二三四五六七八九十]+[是要]`.
fn strip_enumerator(item: &str) -> &str {
    let rest = item.trim_start_matches(|c| ORDINAL_DIGITS.contains(c));
    if rest.len() == item.len() {
        return item;
    }
    rest.strip_prefix(['是', '要']).unwrap_or(item)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_apart_are_numbered_sentences() {
        assert_eq!(
            enumerate_apart(&["一是加强领导；", "压实责任。", " "], Marker::Shi),
            ["一是加强领导。", "二是压实责任。"]
        );
        assert_eq!(enumerate_apart(&["加强领导"], Marker::Shi), ["加强领导。"]);
    }

    #[test]
    fn short_clauses_are_separated_by_semicolons() {
        assert_eq!(
            enumerate(&["加强领导", "压实责任", "强化督导"], Marker::Shi),
            "一是加强领导；二是压实责任；三是强化督导。"
        );
        assert_eq!(
            enumerate(&["提高站位", "狠抓落实"], Marker::Yao),
            "一要提高站位；二要狠抓落实。"
        );
    }

    #[test]
    fn an_item_with_a_full_stop_makes_every_item_a_sentence() {
        assert_eq!(
            enumerate(&["加强领导。成立专班", "压实责任"], Marker::Shi),
            "一是加强领导。成立专班。二是压实责任。"
        );
        // A final 。 alone is punctuation to replace, not a sentence inside.
        assert_eq!(
            enumerate(&["加强领导。", "压实责任。"], Marker::Shi),
            "一是加强领导；二是压实责任。"
        );
    }

    #[test]
    fn item_punctuation_is_cleaned() {
        assert_eq!(
            enumerate(&[" 加强领导； ", "压实责任，", "强化督导、"], Marker::Shi),
            "一是加强领导；二是压实责任；三是强化督导。"
        );
        assert_eq!(
            enumerate(&["加强领导;", "压实责任.", "强化督导:"], Marker::Shi),
            "一是加强领导；二是压实责任；三是强化督导。"
        );
        // Never 一是、 or 一是：.
        assert_eq!(
            enumerate(
                &["、加强领导", "：压实责任", "，强化督导", ":抓落实"],
                Marker::Shi
            ),
            "一是加强领导；二是压实责任；三是强化督导；四是抓落实。"
        );
    }

    #[test]
    fn existing_enumerators_are_not_doubled() {
        assert_eq!(
            enumerate(&["一是加强领导；", "二是压实责任。"], Marker::Shi),
            "一是加强领导；二是压实责任。"
        );
        assert_eq!(
            enumerate(&["一要，提高站位", "二要狠抓落实"], Marker::Yao),
            "一要提高站位；二要狠抓落实。"
        );
        assert_eq!(enumerate(&["一是加强领导"], Marker::Shi), "加强领导。");
    }

    #[test]
    fn words_that_merely_start_alike_are_kept() {
        assert_eq!(
            enumerate(&["十分重视安全", "要抓落实", "是关键一年"], Marker::Shi),
            "一是十分重视安全；二是要抓落实；三是是关键一年。"
        );
        assert_eq!(enumerate(&["一体推进"], Marker::Shi), "一体推进。");
    }

    #[test]
    fn one_item_has_no_enumerator_and_none_is_empty() {
        assert_eq!(enumerate(&["加强领导"], Marker::Shi), "加强领导。");
        assert_eq!(enumerate(&["加强领导；"], Marker::Yao), "加强领导。");
        assert_eq!(
            enumerate(&["加强领导", "  ", "。"], Marker::Shi),
            "加强领导。"
        );
        let none: [&str; 0] = [];
        assert_eq!(enumerate(&none, Marker::Shi), "");
    }

    #[test]
    fn ordinals_go_past_ten() {
        let items: Vec<String> = (1..=11).map(|i| format!("事项{i}")).collect();
        let text = enumerate(&items, Marker::Shi);
        assert!(text.starts_with("一是事项1；"), "{text}");
        assert!(text.contains("；十是事项10；十一是事项11。"), "{text}");
    }
}
