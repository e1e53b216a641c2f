//! Leftovers of unfinished drafts: placeholders filled by hand (`XX个`,
//! `***市`, `202x年`, `___`, `（）`, `待补充`), template syntax and program
//! values (`{{ x }}`, `NaN`), and wengao's own `【待补：……】` marker for a
//! value missing from the data, which is reported separately.

use std::ops::Range;

use super::chars::{has_at, run_end};
use super::{DraftIssue, Hit, PlaceholderKind};
use crate::conventions::script::{is_han, is_space};

/// The ranges of `【待补：name】` markers and their names.
fn markers(s: &[char]) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let marker = s[i] == '【'
            && has_at(s, i, "【待补")
            && matches!(s.get(i + 3), Some('：' | ':' | '】'));
        if !marker {
            i += 1;
            continue;
        }
        let Some(k) = s[i + 1..].iter().position(|&c| c == '】' || c == '【') else {
            break;
        };
        let close = i + 1 + k;
        if s[close] == '】' {
            let inner: String = s[i + 3..close].iter().collect();
            let name = inner.trim_start_matches(['：', ':']).trim().to_owned();
            out.push((i..close + 1, name));
        }
        i = close;
    }
    out
}

/// wengao's `【待补：离退休干部党员数】`: a value the data file lacks.
pub(super) fn missing_values(s: &[char]) -> Vec<Hit> {
    markers(s)
        .into_iter()
        .map(|(range, name)| {
            let name = if name.is_empty() {
                "（未注明）".into()
            } else {
                name
            };
            Hit::new(range, DraftIssue::MissingValue { name })
        })
        .collect()
}

fn hit(range: Range<usize>, kind: PlaceholderKind) -> Hit {
    Hit::new(range, DraftIssue::Placeholder { kind })
}

/// `XX个`, `XXX区`, `xx`, `××市`, `×年×月`, `202x年`, `20xx份`; not Latin
/// words (`XXL`), `X光`, or `3×4`.
fn letters(s: &[char], hits: &mut Vec<Hit>) {
    let is_x = |c: char| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ');
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !is_x(c) && c != '×' {
            i += 1;
            continue;
        }
        let j = if c == '×' {
            run_end(s, i, |d| d == '×')
        } else {
            run_end(s, i, is_x)
        };
        let prev = i.checked_sub(1).map(|p| s[p]);
        let next = s.get(j).copied();
        let n = j - i;
        let date_unit = next.is_some_and(|d| matches!(d, '年' | '月' | '日' | '号'));
        if c == '×' {
            let digits = prev.is_some_and(|p| p.is_ascii_digit())
                || next.is_some_and(|d| d.is_ascii_digit());
            if n >= 2 || (!digits && (prev.is_some_and(is_han) || next.is_some_and(is_han))) {
                hits.push(hit(i..j, PlaceholderKind::Letters));
            }
        } else if prev.is_some_and(|p| p.is_ascii_alphabetic())
            || next.is_some_and(|d| d.is_ascii_alphabetic())
        {
            // Part of a Latin word.
        } else if prev.is_some_and(|p| p.is_ascii_digit()) {
            let start = s[..i]
                .iter()
                .rposition(|d| !d.is_ascii_digit())
                .map_or(0, |k| k + 1);
            // `20xx份` counts questionnaires: a measure word after it
            // (anything but 年) makes it a count left blank, not a year.
            let measured = next.is_some_and(|d| is_han(d) && d != '年');
            let year_like = j - start == 4 || next == Some('年');
            if next.is_some_and(|d| d.is_ascii_digit()) {
                // Part of a longer figure.
            } else if measured {
                hits.push(hit(start..j, PlaceholderKind::Count));
            } else if year_like {
                hits.push(hit(start..j, PlaceholderKind::Year));
            }
        } else if n >= 2 || date_unit {
            hits.push(hit(i..j, PlaceholderKind::Letters));
        }
        i = j;
    }
}

/// `*人`, `***市`, `_`, `＿＿`: stars and blanks standing for numbers and
/// names; not `a*b` or `snake_case`.
fn blanks(s: &[char], hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < s.len() {
        let kind = match s[i] {
            '*' | '＊' => PlaceholderKind::Asterisks,
            '_' | '＿' => PlaceholderKind::Underscores,
            _ => {
                i += 1;
                continue;
            }
        };
        let c = s[i];
        let j = run_end(s, i, |d| d == c);
        let alnum = |k: Option<usize>| {
            k.and_then(|k| s.get(k))
                .is_some_and(char::is_ascii_alphanumeric)
        };
        if !(alnum(i.checked_sub(1)) && alnum(Some(j))) {
            hits.push(hit(i..j, kind));
        }
        i = j;
    }
}

const UNFINISHED_ZH: [&str; 5] = ["此处填写", "待补充", "待填写", "请填写", "请补充"];
const UNFINISHED_EN: [&str; 3] = ["TODO", "FIXME", "TBD"];
const BAD_VALUES: [&str; 7] = [
    "undefined",
    "NaN",
    "nan",
    "null",
    "NULL",
    "None",
    "Infinity",
];

/// `TODO`, `待补充`, `NaN`, `undefined`: as whole words.
fn words(s: &[char], hits: &mut Vec<Hit>) {
    let mut i = 0;
    while i < s.len() {
        if s[i].is_ascii_alphabetic() {
            let j = run_end(s, i, |c| c.is_ascii_alphabetic());
            // Compared in place: most words are none of these, and copying
            // each into a string cost more than the comparison.
            let word = &s[i..j];
            let is = |w: &str, same: fn(&char, &char) -> bool| {
                w.len() == word.len() && w.chars().zip(word).all(|(a, b)| same(&a, b))
            };
            if UNFINISHED_EN
                .iter()
                .any(|w| is(w, char::eq_ignore_ascii_case))
            {
                hits.push(hit(i..j, PlaceholderKind::Unfinished));
            } else if BAD_VALUES.iter().any(|w| is(w, char::eq)) {
                hits.push(hit(i..j, PlaceholderKind::BadValue));
            }
            i = j;
            continue;
        }
        // Each word starts with one of these: most characters need no
        // comparison with the words.
        if matches!(s[i], '此' | '待' | '请')
            && let Some(w) = UNFINISHED_ZH.iter().find(|w| has_at(s, i, w))
            && (i == 0 || s[i - 1] != '有')
        {
            let j = i + w.chars().count();
            hits.push(hit(i..j, PlaceholderKind::Unfinished));
            i = j;
            continue;
        }
        i += 1;
    }
}

const EMPTY_PAIRS: [(char, char); 8] = [
    ('（', '）'),
    ('(', ')'),
    ('【', '】'),
    ('[', ']'),
    ('［', '］'),
    ('“', '”'),
    ('《', '》'),
    ('〔', '〕'),
];

/// `（）`, `【 】`, `“”`: brackets or quotes with nothing inside.
fn empty_pairs(s: &[char], hits: &mut Vec<Hit>) {
    for (i, &c) in s.iter().enumerate() {
        let Some(close) = closer_of_empty(c) else {
            continue;
        };
        let j = run_end(s, i + 1, is_space);
        if s.get(j) == Some(&close) {
            hits.push(hit(i..j + 1, PlaceholderKind::EmptyPair));
        }
    }
}

/// `{{ x }}`, `{% if %}`, `{# #}`, `${x}`, `{x}` and stray braces.
fn template(s: &[char], hits: &mut Vec<Hit>) {
    const LIMIT: usize = 80;
    let mut i = 0;
    while i < s.len() {
        let dollar = s[i] == '$' && s.get(i + 1) == Some(&'{');
        let open = if dollar { i + 1 } else { i };
        match s[open] {
            '{' => {
                let close: &str = match s.get(open + 1) {
                    Some('{') => "}}",
                    Some('%') => "%}",
                    Some('#') => "#}",
                    _ => "}",
                };
                let from = open + 1;
                let end = (from..s.len().min(from + LIMIT))
                    .find(|&k| has_at(s, k, close))
                    .map(|k| k + close.len());
                let end = end.unwrap_or(open + close.len().min(s.len() - open));
                hits.push(hit(i..end, PlaceholderKind::Template));
                i = end;
            }
            '}' => {
                hits.push(hit(i..i + 1, PlaceholderKind::Template));
                i += 1;
            }
            _ => i += 1,
        }
    }
}

/// Runs of exactly two asterisks, in pairs: bold markup Markdown left as
/// text. Returns each pair's whole range and its two delimiter ranges.
fn bold_pairs(s: &[char]) -> Vec<[Range<usize>; 3]> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if s[i] == '*' {
            let j = run_end(s, i, |c| c == '*');
            if j - i == 2 {
                runs.push(i..j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    runs.chunks_exact(2)
        .map(|p| [p[0].start..p[1].end, p[0].clone(), p[1].clone()])
        .collect()
}

/// `**（一）加强领导。**我们`: bold that did not take effect.
pub(super) fn bold_literals(s: &[char]) -> Vec<Hit> {
    bold_pairs(s)
        .into_iter()
        .map(|[whole, _, _]| Hit::new(whole, DraftIssue::BoldLiteral))
        .collect()
}

/// Whether `c` can start a placeholder other than an empty pair: what
/// [`letters`], [`blanks`], [`words`] and [`template`] look for first.
pub(super) fn starts_placeholder(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(
            c,
            'Ｘ' | 'ｘ' | '×' | '*' | '＊' | '_' | '＿' | '此' | '待' | '请' | '{' | '}'
        )
}

/// Whether `c` opens an empty pair (what [`empty_pairs`] looks for).
fn opens_pair(c: char) -> bool {
    closer_of_empty(c).is_some()
}

/// The mark that closes the pair `c` opens, for [`empty_pairs`].
pub(super) fn closer_of_empty(c: char) -> Option<char> {
    // Most characters are ideographs, and no pair opens with one.
    if is_han(c) {
        return None;
    }
    EMPTY_PAIRS
        .iter()
        .find(|(o, _)| *o == c)
        .map(|&(_, close)| close)
}

/// Whether `text` may hold a placeholder: false for most strings of a
/// data file, which then need no further look.
pub(super) fn may_hold_placeholder(text: &str) -> bool {
    text.chars().any(|c| starts_placeholder(c) || opens_pair(c))
}

/// Every placeholder of `s` outside `【待补：……】` markers, one hit per place.
pub(super) fn placeholders(s: &[char]) -> Vec<Hit> {
    // One look decides whether the four scans but the empty pairs' (whose
    // brackets and quotes are everywhere in Chinese text) can find anything.
    let others = s.iter().any(|&c| starts_placeholder(c));
    placeholders_where(s, others, true)
}

/// [`placeholders`], with the scans that can find nothing left out:
/// `others` is false when no character of `s` [`starts_placeholder`],
/// `pairs` when no mark closes an empty pair ([`closer_of_empty`], spaces
/// between them).
pub(super) fn placeholders_where(s: &[char], others: bool, pairs: bool) -> Vec<Hit> {
    let mut hits = Vec::new();
    if others {
        letters(s, &mut hits);
        blanks(s, &mut hits);
        words(s, &mut hits);
    }
    if pairs {
        empty_pairs(s, &mut hits);
    }
    if others {
        template(s, &mut hits);
    }
    settle(s, hits)
}

/// The `hits` of the scans that stand: none inside a `【待补：……】` marker
/// or on literal bold, and of overlapping ones the first (then longest).
fn settle(s: &[char], mut hits: Vec<Hit>) -> Vec<Hit> {
    // Most units have no placeholder: nothing to weigh against markers and
    // bold.
    if hits.is_empty() {
        return hits;
    }
    let skip: Vec<Range<usize>> = markers(s).into_iter().map(|(r, _)| r).collect();
    let bold: Vec<Range<usize>> = bold_pairs(s)
        .into_iter()
        .flat_map(|[_, a, b]| [a, b])
        .collect();
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    // Both lists are in order and `skip` does not overlap itself: binary
    // searches keep a paragraph of many markers linear.
    let skipped = |h: &Range<usize>| {
        let k = skip.partition_point(|r| r.end <= h.start);
        skip.get(k).is_some_and(|r| overlaps(r, h))
    };
    let is_bold = |h: &Range<usize>| {
        bold.binary_search_by_key(&(h.start, h.end), |r| (r.start, r.end))
            .is_ok()
    };
    hits.retain(|h| !skipped(&h.range) && !is_bold(&h.range));
    hits.sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    let mut kept: Vec<Hit> = Vec::new();
    for h in hits {
        if !kept.last().is_some_and(|k| overlaps(&k.range, &h.range)) {
            kept.push(h);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn no_empty_pair_opens_with_an_ideograph() {
        for (open, _) in EMPTY_PAIRS {
            assert!(!is_han(open) && opens_pair(open), "{open}");
        }
    }

    fn found(s: &str) -> Vec<(String, PlaceholderKind)> {
        let s = v(s);
        placeholders(&s)
            .into_iter()
            .map(|h| {
                let DraftIssue::Placeholder { kind } = h.problem else {
                    unreachable!()
                };
                (s[h.range].iter().collect(), kind)
            })
            .collect()
    }

    #[test]
    fn letter_placeholders() {
        use PlaceholderKind::*;
        assert_eq!(
            found("XX个，XXX区，xx人，××市，×月，202x年，20xx份"),
            [
                ("XX".into(), Letters),
                ("XXX".into(), Letters),
                ("xx".into(), Letters),
                ("××".into(), Letters),
                ("×".into(), Letters),
                ("202x".into(), Year),
                ("20xx".into(), Count),
            ]
        );
        assert_eq!(
            found("发放问卷20xx份，回收3xx份，截至20xx，20xx年"),
            [
                ("20xx".into(), Count),
                ("3xx".into(), Count),
                ("20xx".into(), Year),
                ("20xx".into(), Year),
            ]
        );
        assert!(found("XXL码，X光，X射线，3×4，3x4，Xi’an，Windows XP").is_empty());
    }

    #[test]
    fn blank_placeholders() {
        use PlaceholderKind::*;
        assert_eq!(
            found("由*人增长至***人，强化_，＿＿"),
            [
                ("*".into(), Asterisks),
                ("***".into(), Asterisks),
                ("_".into(), Underscores),
                ("＿＿".into(), Underscores)
            ]
        );
        assert!(found("a*b，snake_case").is_empty());
    }

    #[test]
    fn words_pairs_and_templates() {
        use PlaceholderKind::*;
        assert_eq!(
            found("TODO待补充（）{{ name }}增长NaN%，{x}"),
            [
                ("TODO".into(), Unfinished),
                ("待补充".into(), Unfinished),
                ("（）".into(), EmptyPair),
                ("{{ name }}".into(), Template),
                ("NaN".into(), BadValue),
                ("{x}".into(), Template),
            ]
        );
        assert!(found("有待补充完善，Nancy，（注）").is_empty());
        assert_eq!(found("【待补充材料】"), [("待补充".into(), Unfinished)]);
    }

    #[test]
    fn literal_bold_pairs_are_not_placeholders() {
        let s = v("**（二）强化。**我们，**人");
        assert!(found("**（二）强化。**我们").is_empty());
        let h = bold_literals(&s);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].range, 0..10);
        assert_eq!(
            found("**（二）强化。**我们，**人"),
            [("**".into(), PlaceholderKind::Asterisks)]
        );
    }

    #[test]
    fn missing_value_marker_is_not_a_placeholder() {
        let s = v("共有党员【待补：离退休干部党员数】人");
        assert!(placeholders(&s).is_empty());
        let h = missing_values(&s);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].range, 4..17);
        assert_eq!(
            h[0].problem,
            DraftIssue::MissingValue {
                name: "离退休干部党员数".into()
            }
        );
    }

    /// The simple `words` it replaced: each word copied into a string.
    fn words_oracle(s: &[char], hits: &mut Vec<Hit>) {
        let mut i = 0;
        while i < s.len() {
            if s[i].is_ascii_alphabetic() {
                let j = run_end(s, i, |c| c.is_ascii_alphabetic());
                let word: String = s[i..j].iter().collect();
                if UNFINISHED_EN.iter().any(|w| w.eq_ignore_ascii_case(&word)) {
                    hits.push(hit(i..j, PlaceholderKind::Unfinished));
                } else if BAD_VALUES.contains(&word.as_str()) {
                    hits.push(hit(i..j, PlaceholderKind::BadValue));
                }
                i = j;
                continue;
            }
            if matches!(s[i], '此' | '待' | '请')
                && let Some(w) = UNFINISHED_ZH.iter().find(|w| has_at(s, i, w))
                && (i == 0 || s[i - 1] != '有')
            {
                let j = i + w.chars().count();
                hits.push(hit(i..j, PlaceholderKind::Unfinished));
                i = j;
                continue;
            }
            i += 1;
        }
    }

    /// The simple [`placeholders`] it replaced: every scan over every text.
    fn placeholders_oracle(s: &[char]) -> Vec<Hit> {
        let mut hits = Vec::new();
        letters(s, &mut hits);
        blanks(s, &mut hits);
        words_oracle(s, &mut hits);
        empty_pairs(s, &mut hits);
        template(s, &mut hits);
        settle(s, hits)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn placeholders_agree_with_every_scan(
            text in crate::lint::tests::generate::chinese_text()
        ) {
            let s = v(&text);
            let found = placeholders(&s);
            proptest::prop_assert_eq!(&found, &placeholders_oracle(&s));
            proptest::prop_assert!(may_hold_placeholder(&text) || found.is_empty());
        }
    }
}
