//! Punctuation by GB/T 15834 as docs/conventions.md "Punctuation" applies
//! it: doubled and half-width marks, unbalanced pairs, spaces next to
//! Chinese, the forms of the ellipsis and the dash, and 顿号 between quoted
//! items.

use super::chars::{collect, is_point, run_end};
use super::{DraftIssue, Hit};
use crate::conventions::script::{is_cjk, is_cjk_punct, is_han, is_space};

/// `。。` `，，` `、、` `；；` `：：` `，。` `。，`: points in a row. Three or
/// more `。` are a wrong ellipsis (see [`ellipsis`]); `？！` is allowed.
pub(super) fn doubled(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !is_point(s[i]) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < s.len() && is_point(s[j]) {
            j += 1;
        }
        let run = &s[i..j];
        let same = run.iter().all(|&c| c == run[0]);
        let ellipsis = same && run[0] == '。' && run.len() >= 3;
        let exclamation = matches!(run, ['？', '！'] | ['！', '？']);
        if run.len() >= 2 && !ellipsis && !exclamation {
            let single = same.then_some(run[0]);
            hits.push(Hit::new(i..j, DraftIssue::DoubledPunct { single }));
        }
        i = j;
    }
    hits
}

fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '.' => '。',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// `柳川县,白河县`, `通知:`, `(一)`, `"`: half-width marks next to Chinese.
/// Marks between digits (`1,000`, `10:30`) and in Latin text are left alone;
/// a bracket pair with Chinese inside or beside it is reported whole.
pub(super) fn halfwidth(s: &[char]) -> Vec<Hit> {
    let cjk_at = |i: Option<usize>| i.and_then(|i| s.get(i)).is_some_and(|&c| is_cjk(c));
    let mut hits = Vec::new();
    let mut closed = Vec::new();
    let mut quotes = 0;
    for i in 0..s.len() {
        let c = s[i];
        let before = i.checked_sub(1);
        // Asked only of the half-width marks, not of every character.
        let near_cjk = || cjk_at(before) || cjk_at(Some(i + 1));
        match c {
            ',' | ';' | ':' | '?' | '!' => {
                let between_digits = before.is_some_and(|b| s[b].is_ascii_digit())
                    && s.get(i + 1).is_some_and(char::is_ascii_digit);
                if near_cjk() && !between_digits {
                    let fix = full_width(c).unwrap_or(c).to_string();
                    hits.push(Hit::new(i..i + 1, DraftIssue::HalfwidthPunct { fix }));
                }
            }
            // A full stop after Chinese; not `1.`, `3.5` or `...`.
            '.' => {
                let dots = before.is_some_and(|b| s[b] == '.') || s.get(i + 1) == Some(&'.');
                let ends_chinese = before.is_some_and(|b| is_han(s[b]) || is_cjk_punct(s[b]));
                if ends_chinese && !dots && !s.get(i + 1).is_some_and(char::is_ascii_alphanumeric) {
                    hits.push(Hit::new(
                        i..i + 1,
                        DraftIssue::HalfwidthPunct { fix: "。".into() },
                    ));
                }
            }
            '(' => {
                let close = s[i + 1..]
                    .iter()
                    .take_while(|&&c| c != '(')
                    .position(|&c| c == ')')
                    .map(|k| i + 1 + k);
                match close {
                    Some(j) => {
                        closed.push(j);
                        let inside = &s[i + 1..j];
                        if inside.iter().any(|&c| is_cjk(c))
                            || cjk_at(before)
                            || cjk_at(Some(j + 1))
                        {
                            let fix = format!("（{}）", collect(inside));
                            hits.push(Hit::new(i..j + 1, DraftIssue::HalfwidthPunct { fix }));
                        }
                    }
                    None if near_cjk() => {
                        hits.push(Hit::new(
                            i..i + 1,
                            DraftIssue::HalfwidthPunct { fix: "（".into() },
                        ));
                    }
                    None => {}
                }
            }
            // `closed` grows in order: a binary search keeps `()()…` linear.
            ')' if closed.binary_search(&i).is_err() && near_cjk() => {
                hits.push(Hit::new(
                    i..i + 1,
                    DraftIssue::HalfwidthPunct { fix: "）".into() },
                ));
            }
            '"' => {
                if near_cjk() {
                    let fix = if quotes % 2 == 0 { "“" } else { "”" };
                    hits.push(Hit::new(
                        i..i + 1,
                        DraftIssue::HalfwidthPunct { fix: fix.into() },
                    ));
                }
                quotes += 1;
            }
            _ => {}
        }
    }
    hits
}

const PAIRS: [(char, char); 9] = [
    ('“', '”'),
    ('‘', '’'),
    ('（', '）'),
    ('《', '》'),
    ('〈', '〉'),
    ('〔', '〕'),
    ('【', '】'),
    ('「', '」'),
    ('『', '』'),
];

/// Whether `c` lies in a block of [`PAIRS`]' marks: one comparison or two
/// send every other character (most are ideographs) past the searches.
pub(super) fn may_pair(c: char) -> bool {
    matches!(u32::from(c), 0x2018..=0x201D | 0x3008..=0x3017 | 0xFF08..=0xFF09)
}

/// `“”` `‘’` `（）` `《》` `〔〕` `【】` that do not pair up within the unit:
/// each stray mark is reported, so a pair in the wrong order gives two.
pub(super) fn pairs(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut open: Vec<(usize, char, char)> = Vec::new();
    for (i, &c) in s.iter().enumerate() {
        if !may_pair(c) {
            continue;
        }
        // ’ between Latin letters is an apostrophe.
        let apostrophe = c == '’'
            && i > 0
            && s[i - 1].is_ascii_alphabetic()
            && s.get(i + 1).is_some_and(char::is_ascii_alphabetic);
        if let Some(&(o, close)) = PAIRS.iter().find(|(o, _)| *o == c) {
            open.push((i, o, close));
        } else if let Some(&(o, _)) = PAIRS.iter().find(|(_, cl)| *cl == c)
            && !apostrophe
        {
            match open.iter().rposition(|&(_, x, _)| x == o) {
                Some(k) => {
                    for &(at, _, close) in &open[k + 1..] {
                        hits.push(Hit::new(at..at + 1, DraftIssue::Unclosed { close }));
                    }
                    open.truncate(k);
                }
                None => hits.push(Hit::new(i..i + 1, DraftIssue::Unopened { open: o })),
            }
        }
    }
    for (at, _, close) in open {
        hits.push(Hit::new(at..at + 1, DraftIssue::Unclosed { close }));
    }
    hits.sort_by_key(|h| h.range.start);
    hits
}

/// How far a token reaches from `i` in direction `step`, for quoting: a run
/// of ASCII letters and digits, or one other character.
fn token(s: &[char], i: usize, forward: bool) -> usize {
    if !s[i].is_ascii_alphanumeric() {
        return if forward { i + 1 } else { i };
    }
    let mut j = i;
    if forward {
        while j < s.len() && s[j].is_ascii_alphanumeric() && j - i < 12 {
            j += 1;
        }
    } else {
        while j > 0 && s[j - 1].is_ascii_alphanumeric() && i - j < 12 {
            j -= 1;
        }
    }
    j
}

/// `2026 年`, `共 86 个`, `汇报 、`: spaces between Chinese and digits or
/// Latin letters, and spaces next to full-width marks. Spaces between two
/// Chinese characters (names padded for alignment) are left alone.
pub(super) fn spaces(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !is_space(s[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < s.len() && is_space(s[j]) {
            j += 1;
        }
        if i > 0 && j < s.len() {
            let (l, r) = (s[i - 1], s[j]);
            let alnum = |c: char| c.is_ascii_alphanumeric();
            let mixed = (is_han(l) && alnum(r)) || (alnum(l) && is_han(r));
            let punct = (is_cjk_punct(l) && (is_cjk(r) || alnum(r)))
                || (is_cjk_punct(r) && (is_cjk(l) || alnum(l)));
            if mixed || punct {
                let start = token(s, i - 1, false);
                let end = token(s, j, true);
                let fix = format!("{}{}", collect(&s[start..i]), collect(&s[j..end]));
                hits.push(Hit::new(
                    start..end,
                    DraftIssue::SpaceCjk { punct: !mixed, fix },
                ));
            }
        }
        i = j;
    }
    hits
}

/// The marks [`ellipsis`] reads: `…`, and those of which three in a row
/// make a wrong one.
pub(super) fn is_ellipsis_mark(c: char) -> bool {
    matches!(c, '.' | '。' | '·' | '．' | '…')
}

/// `...` `。。。` `···` a single `…`: the ellipsis is `……`. After a correct
/// `……`, a `。` is superfluous and `等` repeats it.
pub(super) fn ellipsis(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !is_ellipsis_mark(c) {
            i += 1;
            continue;
        }
        let j = run_end(s, i, |d| d == c);
        let n = j - i;
        let wrong = match c {
            '…' => n % 2 == 1,
            _ => n >= 3,
        };
        if wrong {
            hits.push(Hit::new(
                i..j,
                DraftIssue::Ellipsis {
                    fix: "……".into()
                },
            ));
        } else if c == '…' {
            match s.get(j) {
                Some('。') => hits.push(Hit::new(i..j + 1, DraftIssue::EllipsisStop)),
                Some('等') => hits.push(Hit::new(i..j + 1, DraftIssue::EllipsisDeng)),
                _ => {}
            }
        }
        i = j;
    }
    hits
}

/// `--`, `－－`, `———` next to Chinese: the dash is `——`.
pub(super) fn dashes(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if !matches!(c, '-' | '－' | '—') {
            i += 1;
            continue;
        }
        let j = run_end(s, i, |d| d == c);
        let n = j - i;
        let near_cjk = (i > 0 && is_cjk(s[i - 1])) || s.get(j).is_some_and(|&c| is_cjk(c));
        let wrong = match c {
            '—' => n >= 3,
            _ => n >= 2 && near_cjk,
        };
        if wrong {
            hits.push(Hit::new(
                i..j,
                DraftIssue::Dash {
                    fix: "——".into()
                },
            ));
        }
        i = j;
    }
    hits
}

/// The marks that close a quoted or titled item, which [`quote_dunhao`]
/// finds before a `、`.
pub(super) fn closes_item(c: char) -> bool {
    matches!(c, '”' | '’' | '》')
}

/// `“四个意识”、“四个自信”`, `《甲》、《乙》`: no 顿号 between quoted or
/// titled items. The hit covers both items. Every hit has a `、` right
/// after a mark of [`closes_item`].
pub(super) fn quote_dunhao(s: &[char]) -> Vec<Hit> {
    const LIMIT: usize = 40;
    let mut hits = Vec::new();
    for i in 1..s.len().saturating_sub(1) {
        let (l, r) = (s[i - 1], s[i + 1]);
        let pair = match (l, r) {
            ('”', '“') => ('“', '”'),
            ('’', '‘') => ('‘', '’'),
            ('》', '《') => ('《', '》'),
            _ => continue,
        };
        if s[i] != '、' {
            continue;
        }
        let start = s[..i - 1]
            .iter()
            .rposition(|&c| c == pair.0)
            .filter(|&k| i - k <= LIMIT)
            .unwrap_or(i - 1);
        let end = s[i + 2..]
            .iter()
            .position(|&c| c == pair.1)
            .map(|k| i + 2 + k + 1)
            .filter(|&k| k - i <= LIMIT)
            .unwrap_or(i + 2);
        let fix = format!("{}{}", collect(&s[start..i]), collect(&s[i + 1..end]));
        hits.push(Hit::new(start..end, DraftIssue::QuoteDunhao { fix }));
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn ranges(hits: Vec<Hit>) -> Vec<(usize, usize)> {
        hits.into_iter()
            .map(|h| (h.range.start, h.range.end))
            .collect()
    }

    #[test]
    fn every_pair_mark_passes_the_quick_look() {
        for (open, close) in PAIRS {
            assert!(may_pair(open) && may_pair(close), "{open}{close}");
        }
        assert!(!may_pair('中') && !may_pair('"') && !may_pair('。'));
    }

    #[test]
    fn doubled_points() {
        assert_eq!(
            ranges(doubled(&v("甲。。乙，，丙，。"))),
            [(1, 3), (4, 6), (7, 9)]
        );
        assert!(doubled(&v("真的吗？！好。……——")).is_empty());
        assert!(doubled(&v("省略。。。")).is_empty());
    }

    #[test]
    fn halfwidth_marks_next_to_chinese() {
        assert_eq!(ranges(halfwidth(&v("柳川县,白河县"))), [(3, 4)]);
        assert_eq!(ranges(halfwidth(&v("(一)加强"))), [(0, 3)]);
        assert_eq!(ranges(halfwidth(&v("通知:"))), [(2, 3)]);
        assert_eq!(ranges(halfwidth(&v("完成了."))), [(3, 4)]);
        assert!(halfwidth(&v("共1,000人，3.5%，10:30开会，1.加强")).is_empty());
        assert!(halfwidth(&v("GDP (per capita), growth: 3.5!")).is_empty());
    }

    #[test]
    fn halfwidth_fixes() {
        let h = halfwidth(&v("（见附件(二)）"));
        assert_eq!(
            h[0].problem,
            DraftIssue::HalfwidthPunct {
                fix: "（二）".into()
            }
        );
        let h = halfwidth(&v("\"四个意识\""));
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].problem, DraftIssue::HalfwidthPunct { fix: "”".into() });
    }

    #[test]
    fn unbalanced_pairs() {
        assert_eq!(ranges(pairs(&v("“甲（乙”"))), [(2, 3)]);
        assert_eq!(ranges(pairs(&v("”甲“"))), [(0, 1), (2, 3)]);
        assert!(pairs(&v("“甲‘乙’”《丙》（丁〔戊〕）Xi’an")).is_empty());
    }

    #[test]
    fn spaces_next_to_chinese() {
        let h = spaces(&v("共 86 个"));
        assert_eq!(ranges(h.clone()), [(0, 4), (2, 6)]);
        assert_eq!(
            h[0].problem,
            DraftIssue::SpaceCjk {
                punct: false,
                fix: "共86".into()
            }
        );
        assert_eq!(ranges(spaces(&v("汇报 、参观"))), [(1, 4)]);
        assert_eq!(spaces(&v("　　王　伟 GDP growth 甲")).len(), 2);
        assert!(spaces(&v("王　伟、Hello world")).is_empty());
    }

    #[test]
    fn ellipsis_forms() {
        assert_eq!(
            ranges(ellipsis(&v("甲...乙。。。丙…丁"))),
            [(1, 4), (5, 8), (9, 10)]
        );
        assert_eq!(ranges(ellipsis(&v("甲……。乙……等"))), [(1, 4), (5, 8)]);
        assert!(ellipsis(&v("甲……乙…………，3.5")).is_empty());
    }

    #[test]
    fn dash_forms() {
        assert_eq!(ranges(dashes(&v("甲--乙———丙"))), [(1, 3), (4, 7)]);
        assert!(dashes(&v("甲——乙，2021—2025年，a--b")).is_empty());
    }

    #[test]
    fn dunhao_between_quotes() {
        let h = quote_dunhao(&v("增强“四个意识”、“四个自信”"));
        assert_eq!(ranges(h.clone()), [(2, 15)]);
        assert_eq!(
            h[0].problem,
            DraftIssue::QuoteDunhao {
                fix: "“四个意识”“四个自信”".into()
            }
        );
        assert!(quote_dunhao(&v("“四个意识”“四个自信”、坚定")).is_empty());
    }
}
