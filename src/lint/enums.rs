//! Enumerations inside paragraphs (`一是……；二是……。`, `一要……`) and stated
//! counts: the mark after 一是, the marks between items, and whether "三项
//! 机制" or "我讲三点意见" is followed by as many items or parts.

use std::cell::OnceCell;
use std::ops::Range;

use super::chars::{ends_clause, has_at};
use super::structure::items;
use super::text::{OBJECT, Unit, UnitKind};
use super::{Counted, DraftIssue, Hit, MixWhy};
use crate::conventions::numeral::{cn_digit, read_cn_number};
use crate::conventions::script::is_space;

/// An enumeration marker `一是` / `二要` at `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Marker {
    pub at: usize,
    pub n: u32,
    /// 是 or 要.
    pub kind: char,
    pub len: usize,
}

/// Whether a marker may start at `i`: at a line start or after a mark.
/// `lines` is sorted: a binary search keeps a many-line paragraph linear.
fn clause_start(s: &[char], i: usize, lines: &[usize]) -> bool {
    i == 0
        || lines.binary_search(&i).is_ok()
        || matches!(
            s[i - 1],
            '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | OBJECT
        )
        || is_space(s[i - 1])
}

/// The markers 一是/二是…, 一要/二要… of `s` that start a clause
/// (`统一是` is a word, not a marker).
pub(super) fn markers(s: &[char], lines: &[usize]) -> Vec<Marker> {
    let mut out = Vec::new();
    // Every marker ends in 是 or 要: a text with neither has none, and one
    // look over it is cheaper than reading numerals at each character.
    if !s.iter().any(|&c| c == '是' || c == '要') {
        return out;
    }
    for (i, &c) in s.iter().enumerate() {
        // A numeral starts with a digit (两 only stands alone, as a count)
        // or 十: most characters are neither.
        if c == '两' || !(c == '十' || cn_digit(c).is_some()) {
            continue;
        }
        let Some((n, l)) = read_cn_number(&s[i..]) else {
            continue;
        };
        if !clause_start(s, i, lines) {
            continue;
        }
        if let Some(&kind @ ('是' | '要')) = s.get(i + l) {
            out.push(Marker {
                at: i,
                n,
                kind,
                len: l + 1,
            });
        }
    }
    out
}

/// Groups markers into enumerations: each starts at 一 and goes on with the
/// next number of the same kind.
pub(super) fn sequences(markers: &[Marker]) -> Vec<Vec<Marker>> {
    let mut seqs: Vec<Vec<Marker>> = Vec::new();
    for &m in markers {
        let open = seqs.iter_mut().rev().find(|q| q[0].kind == m.kind);
        match open {
            Some(q) if q.last().is_some_and(|l| l.n + 1 == m.n) => q.push(m),
            _ if m.n == 1 => seqs.push(vec![m]),
            _ => {}
        }
    }
    seqs
}

fn marker_text(s: &[char], m: &Marker) -> String {
    s[m.at..m.at + m.len].iter().collect()
}

/// `一是：`, `二是、`: 一是 is followed by nothing or `，`. `markers` are
/// those of `s` ([`markers`]).
pub(super) fn marker_punct(s: &[char], markers: &[Marker]) -> Vec<Hit> {
    markers
        .iter()
        .filter(|m| matches!(s.get(m.at + m.len), Some('、' | '：' | ':')))
        .map(|m| {
            let fix = marker_text(s, m);
            Hit::new(m.at..m.at + m.len + 1, DraftIssue::EnumMarkerPunct { fix })
        })
        .collect()
}

/// Items of one enumeration ended with different marks: `；` between short
/// items (the last ends with `。`), or `。` after every item once any item
/// holds a `。`; never `，`. `markers` are those of `s` ([`markers`]).
pub(super) fn mixed(s: &[char], markers: &[Marker]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for seq in sequences(markers) {
        // (position, mark as written, its kind, the marker after it)
        let mut seps = Vec::new();
        let mut has_stop = false;
        for w in seq.windows(2) {
            let (a, b) = (w[0], w[1]);
            let body = a.at + a.len;
            let mut p = b.at;
            while p > body && (is_space(s[p - 1]) || s[p - 1] == OBJECT) {
                p -= 1;
            }
            if p <= body {
                continue;
            }
            let kind = match s[p - 1] {
                '；' | ';' => '；',
                '。' => '。',
                '，' | ',' => '，',
                _ => continue,
            };
            has_stop |= s[body..p - 1].contains(&'。');
            seps.push((p - 1, s[p - 1], kind, b));
        }
        let count = |k: char| seps.iter().filter(|x| x.2 == k).count();
        let (expected, why) = if has_stop {
            ('。', MixWhy::ItemHasStop)
        } else if count('。') > count('；') {
            ('。', MixWhy::Majority)
        } else {
            ('；', MixWhy::ShortItems)
        };
        for (at, found, kind, next) in seps {
            if kind != expected {
                let problem = DraftIssue::EnumMixed {
                    found,
                    expected,
                    next: marker_text(s, &next),
                    why,
                };
                hits.push(Hit::new(at..at + 1, problem));
            }
        }
    }
    hits
}

/// Measure words after a stated count (`三项机制`, `两个方面`, `四条措施`).
const MEASURES: [&str; 12] = [
    "个方面",
    "方面",
    "项",
    "个",
    "条",
    "点",
    "种",
    "大",
    "件",
    "类",
    "批",
    "道",
];

/// The measures that announce items even inside quotation marks
/// (`聚力“三项举措”`, `把好“三道关口”`) or a clause before the last one
/// (`聚力三项举措，激励干部担当作为。一是`). Not 个 or 大: `“两个维护”`,
/// `“三大攻坚战”` and `两个乡镇` are terms and counts, not announcements.
const ANNOUNCING: [&str; 10] = [
    "个方面",
    "方面",
    "项",
    "条",
    "点",
    "种",
    "件",
    "类",
    "批",
    "道",
];

/// Clauses of the sentence before an enumeration searched for its count:
/// the last one and up to two before it.
const CLAUSES_BACK: usize = 3;

/// Which characters of a text sit inside quotation marks or a title
/// (`“两个维护”`, `《三年行动计划》`): fixed terms, not counts of what
/// follows. Worked out in one pass, so asking about every character of a
/// long paragraph costs O(n), not O(n²).
struct Quoted(Vec<bool>);

impl Quoted {
    fn new(s: &[char]) -> Self {
        // Whether the last `“` (`《`) so far is more recent than the last
        // `”` (`》`): the state before each character.
        let (mut in_quote, mut in_title) = (false, false);
        let mut inside = Vec::with_capacity(s.len() + 1);
        for &c in s {
            inside.push(in_quote || in_title);
            match c {
                '“' => in_quote = true,
                '”' => in_quote = false,
                '《' => in_title = true,
                '》' => in_title = false,
                _ => {}
            }
        }
        inside.push(in_quote || in_title);
        Quoted(inside)
    }

    /// Whether `s[k]` is quoted.
    fn at(&self, k: usize) -> bool {
        self.0[k]
    }
}

/// [`Quoted`] worked out the first time it is asked: most paragraphs hold
/// no count to judge, and then the pass over them is saved.
struct LazyQuoted<'s> {
    s: &'s [char],
    quoted: OnceCell<Quoted>,
}

impl<'s> LazyQuoted<'s> {
    fn new(s: &'s [char]) -> Self {
        LazyQuoted {
            s,
            quoted: OnceCell::new(),
        }
    }

    /// Whether `s[k]` is quoted.
    fn at(&self, k: usize) -> bool {
        self.quoted.get_or_init(|| Quoted::new(self.s)).at(k)
    }
}

/// A Chinese numeral from 2 to 20 at `k` announcing a count: not part of
/// another number, not after 第, not inside quotes. (Counts written in
/// Arabic digits are data — `召开3次会议` — not announcements.)
fn count_at(s: &[char], quoted: &LazyQuoted, k: usize) -> Option<(u32, usize)> {
    if k > 0 {
        let p = s[k - 1];
        if p == '第' || p == '十' || cn_digit(p).is_some() {
            return None;
        }
    }
    let (n, l) = read_cn_number(&s[k..])?;
    let fits = (2..=20).contains(&n) && !quoted.at(k);
    fits.then_some((n, l))
}

/// A count closing the clause that ends at `end` just before an
/// enumeration: `重点抓好三项工作：` + 一是…. Returns its range and value.
pub(super) fn stated_count(s: &[char], end: usize) -> Option<(Range<usize>, u32)> {
    stated_count_in(s, &LazyQuoted::new(s), end)
}

/// [`stated_count`], given which characters of `s` are quoted.
fn stated_count_in(s: &[char], quoted: &LazyQuoted, end: usize) -> Option<(Range<usize>, u32)> {
    let mut p = end;
    while p > 0 && (is_space(s[p - 1]) || s[p - 1] == OBJECT) {
        p -= 1;
    }
    let mut marks = 0;
    while p > 0 && marks < 2 && matches!(s[p - 1], '：' | '。' | '，' | ':' | ',') {
        p -= 1;
        marks += 1;
    }
    if marks == 0 {
        return None;
    }
    for clause in 0..CLAUSES_BACK {
        let mut q = p;
        while q > 0 && p - q < 16 && !ends_clause(s[q - 1]) {
            q -= 1;
        }
        // The last clause may announce with any measure; an earlier one
        // and a quoted count only with those that announce items.
        let announcing_only = clause > 0;
        for k in (q..p).rev() {
            let in_quotes = quoted.at(k);
            let count = if in_quotes {
                quoted_count_at(s, quoted, k)
            } else {
                count_at(s, quoted, k)
            };
            let Some((n, l)) = count else {
                continue;
            };
            let measures: &[&str] = if in_quotes || announcing_only {
                &ANNOUNCING
            } else {
                &MEASURES
            };
            let Some(m) = measures.iter().find(|m| has_at(s, k + l, m)) else {
                continue;
            };
            // The counted noun closes the clause: `三项机制`, not `两个文件的要求`
            // (but `三个方面的能力`: 方面 are what enumerations count).
            let rest = &s[k + l + m.chars().count()..p];
            let aspects = m.ends_with("方面");
            if rest.len() <= 4 && (aspects || !rest.contains(&'的')) {
                // A quoted count is named without its closing quote.
                let end = if in_quotes && s[p - 1] == '”' {
                    p - 1
                } else {
                    p
                };
                return Some((k..end, n));
            }
        }
        // Go on to the clause before only within the same sentence.
        if q == 0 || !matches!(s[q - 1], '，' | ',') {
            return None;
        }
        p = q - 1;
    }
    None
}

/// A count opening a quotation, `“三项举措”`: its value and length.
fn quoted_count_at(s: &[char], quoted: &LazyQuoted, k: usize) -> Option<(u32, usize)> {
    if k == 0 || s[k - 1] != '“' || (k > 1 && quoted.at(k - 1)) {
        return None;
    }
    let (n, l) = read_cn_number(&s[k..])?;
    (2..=20).contains(&n).then_some((n, l))
}

// Characters, not strings: the verbs are tried at every character of every
// paragraph, and comparing chars needs no UTF-8 decoding.
const SPEECH_VERBS: [&[char]; 7] = [
    &['强', '调'],
    &['提', '出'],
    &['谈', '谈'],
    &['讲', '讲'],
    &['讲'],
    &['谈'],
    &['提'],
];
const SPEECH_MEASURES: [&str; 6] = ["个方面", "个问题", "层意思", "方面", "点", "条"];
const SPEECH_OBJECTS: [&str; 6] = ["意见", "要求", "看法", "体会", "建议", "希望"];

/// A speech's announcement of its parts: `我讲三点意见`, `讲以下三个方面`.
#[cfg(test)]
pub(super) fn speech_count(s: &[char]) -> Option<(Range<usize>, u32)> {
    speech_count_in(s, &LazyQuoted::new(s))
}

/// [`speech_count`], given which characters of `s` are quoted.
fn speech_count_in(s: &[char], quoted: &LazyQuoted) -> Option<(Range<usize>, u32)> {
    // The first character of each verb, from the list: most characters
    // are none of them and need no comparison with the verbs.
    const STARTS: [char; SPEECH_VERBS.len()] = {
        let mut starts = ['\0'; SPEECH_VERBS.len()];
        let mut k = 0;
        while k < starts.len() {
            starts[k] = SPEECH_VERBS[k][0];
            k += 1;
        }
        starts
    };
    for i in 0..s.len() {
        if !STARTS.contains(&s[i]) {
            continue;
        }
        let Some(verb) = SPEECH_VERBS.iter().find(|v| s[i..].starts_with(v)) else {
            continue;
        };
        // 宣讲, 演讲, 座谈, 听讲 … are other words.
        if i > 0 && "宣演听主开座访".contains(s[i - 1]) {
            continue;
        }
        let mut j = i + verb.len();
        if ["以下", "这么", "这样"].iter().any(|w| has_at(s, j, w)) {
            j += 2;
        }
        if j >= s.len() {
            continue;
        }
        let Some((n, l)) = count_at(s, quoted, j) else {
            continue;
        };
        let k = j + l;
        let Some(m) = SPEECH_MEASURES.iter().find(|m| has_at(s, k, m)) else {
            continue;
        };
        let mut end = k + m.chars().count();
        if SPEECH_OBJECTS.iter().any(|o| has_at(s, end, o)) {
            end += 2;
        }
        return Some((i..end, n));
    }
    None
}

/// How many more items of `last`'s enumeration open the paragraphs after
/// unit `u` (a speech's `一要……` paragraphs, one item each). `markers`
/// holds the markers of each unit.
fn continued(units: &[Unit], markers: &[Vec<Marker>], u: usize, last: Marker) -> usize {
    let mut next = last.n + 1;
    let mut extra = 0;
    for (v, ms) in units.iter().zip(markers).skip(u + 1) {
        if !matches!(v.kind, UnitKind::Paragraph | UnitKind::ListItem) {
            break;
        }
        let Some(first) = ms.first() else { break };
        let opens = first.at == 0 || Some(first.at) == v.lead;
        if !opens || first.kind != last.kind || first.n != next {
            break;
        }
        for m in ms {
            if m.kind == last.kind && m.n == next {
                next += 1;
                extra += 1;
            }
        }
    }
    extra
}

fn is_body(unit: &Unit) -> bool {
    matches!(unit.kind, UnitKind::Paragraph | UnitKind::ListItem)
}

/// count-mismatch over the document: stated counts against enumerations
/// and a speech's announced parts against its level-1 headings. `markers`
/// holds the markers of each unit ([`markers`]).
pub(super) fn counts(units: &[Unit], markers: &[Vec<Marker>]) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    let items = items(units);
    // For each item, the level-1 numbered headings from it to the next
    // title: a speech's parts, counted once for the whole document.
    let mut parts_from = vec![0; items.len() + 1];
    for (i, it) in items.iter().enumerate().rev() {
        parts_from[i] = if it.title {
            0
        } else {
            parts_from[i + 1] + usize::from(it.depth == 1 && it.number.is_some())
        };
    }
    for (u, unit) in units.iter().enumerate() {
        if !is_body(unit) {
            continue;
        }
        let s = &unit.chars;
        let quoted = LazyQuoted::new(s);
        let seqs = sequences(&markers[u]);
        // Whether a later sequence of the same kind follows each one.
        let mut later_kinds = Vec::new();
        let mut is_last = vec![false; seqs.len()];
        for (i, seq) in seqs.iter().enumerate().rev() {
            is_last[i] = !later_kinds.contains(&seq[0].kind);
            if is_last[i] {
                later_kinds.push(seq[0].kind);
            }
        }
        for (i, seq) in seqs.iter().enumerate() {
            let first = seq[0];
            let last = seq[seq.len() - 1];
            let found = seq.len()
                + if is_last[i] {
                    continued(units, markers, u, last)
                } else {
                    0
                };
            let opens = first.at == 0 || Some(first.at) == unit.lead;
            let stated = stated_count_in(s, &quoted, first.at)
                .map(|(r, n)| (u, r, n))
                .or_else(|| {
                    let prev = units
                        .get(u.checked_sub(1)?)
                        .filter(|p| is_body(p) && opens)?;
                    stated_count(&prev.chars, prev.chars.len()).map(|(r, n)| (u - 1, r, n))
                });
            if let Some((at, range, n)) = stated
                && n as usize != found
            {
                let problem = DraftIssue::CountMismatch {
                    stated: n,
                    found: found as u32,
                    of: Counted::Items { kind: first.kind },
                };
                hits.push((at, Hit::new(range, problem)));
            }
        }
        let Some((range, n)) = speech_count_in(s, &quoted) else {
            continue;
        };
        if seqs.iter().any(|q| q[0].at >= range.end) {
            continue;
        }
        let found = parts_from[items.partition_point(|it| it.unit <= u)];
        if found > 0 && found != n as usize {
            let problem = DraftIssue::CountMismatch {
                stated: n,
                found: found as u32,
                of: Counted::Headings,
            };
            hits.push((u, Hit::new(range, problem)));
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn markers_start_clauses() {
        let s = v("一是加强学习；二是改进作风，统一是关键。三要落实");
        let found: Vec<(usize, u32, char)> = markers(&s, &[])
            .iter()
            .map(|m| (m.at, m.n, m.kind))
            .collect();
        assert_eq!(found, [(0, 1, '是'), (7, 2, '是'), (20, 3, '要')]);
    }

    #[test]
    fn marker_followed_by_colon_or_dunhao() {
        let s = v("一是：加强学习；二是、改进作风；三是，狠抓落实。");
        let r: Vec<_> = marker_punct(&s, &markers(&s, &[]))
            .into_iter()
            .map(|h| h.range)
            .collect();
        assert_eq!(r, [0..3, 8..11]);
    }

    #[test]
    fn mixed_separators() {
        let s = v("一是加强学习；二是改进作风。三是狠抓落实。");
        let h = mixed(&s, &markers(&s, &[]));
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].range, 13..14);
        let s = v("一是加强学习，二是改进作风，三是狠抓落实。");
        assert_eq!(mixed(&s, &markers(&s, &[])).len(), 2);
        let s = v("一是加强学习。全年举办8期。二是改进作风；三是狠抓落实。");
        let h = mixed(&s, &markers(&s, &[]));
        assert_eq!(h.len(), 1);
        assert_eq!(
            h[0].problem,
            DraftIssue::EnumMixed {
                found: '；',
                expected: '。',
                next: "三是".into(),
                why: MixWhy::ItemHasStop
            }
        );
    }

    #[test]
    fn consistent_separators_pass() {
        for s in [
            "一是加强学习；二是改进作风；三是狠抓落实。",
            "一是加强学习。全年举办8期。二是改进作风。三是狠抓落实。",
            "一要提高站位。二要压实责任。",
        ] {
            assert!(mixed(&v(s), &markers(&v(s), &[])).is_empty(), "{s}");
        }
    }

    #[test]
    fn stated_counts() {
        let s = v("建立了三项机制：一是");
        assert_eq!(stated_count(&s, 8), Some((3..7, 3)));
        let s = v("重点抓好以下两个方面工作。一是");
        assert_eq!(stated_count(&s, 13), Some((6..12, 2)));
        for s in [
            "做到“两个维护”。一是",
            "学习《三年行动计划》。一是",
            "召开3次会议。一是",
            "按照两个文件的要求，一是",
            "落实“十四五”规划。一是",
            "第三项工作：一是",
            "有以下几个方面：一是",
        ] {
            let s = v(s);
            let end = s.len() - 2;
            assert_eq!(
                stated_count(&s, end),
                None,
                "{}",
                s.iter().collect::<String>()
            );
        }
    }

    #[test]
    fn quoted_counts_of_items_announce_them() {
        let s = v("聚力“三项举措”：一是");
        assert_eq!(stated_count(&s, s.len() - 2), Some((3..7, 3)));
        let s = v("把好“三道关口”。一是");
        assert_eq!(stated_count(&s, s.len() - 2), Some((3..7, 3)));
        // Terms in quotes stay terms.
        for t in [
            "做到“两个维护”。一是",
            "打好“三大攻坚战”。一是",
            "推进“两学一做”。一是",
        ] {
            let s = v(t);
            assert_eq!(stated_count(&s, s.len() - 2), None, "{t}");
        }
    }

    #[test]
    fn a_count_continued_by_a_clause_still_announces() {
        let s = v("聚力三项举措，激励干部担当作为。一是");
        assert_eq!(stated_count(&s, s.len() - 2), Some((2..6, 3)));
        let s = v("把好“三道关口”，筑牢安全防线，守住底线。一是");
        assert_eq!(stated_count(&s, s.len() - 2), Some((3..7, 3)));
        // Not across a sentence, not a count of things (个), not 的.
        for t in [
            "抓好三项工作。激励干部担当作为。一是",
            "全县有两个乡镇，情况如下：一是",
            "落实两项制度的要求，激励干部担当作为。一是",
        ] {
            let s = v(t);
            assert_eq!(stated_count(&s, s.len() - 2), None, "{t}");
        }
    }

    #[test]
    fn speech_counts() {
        assert_eq!(speech_count(&v("下面，我讲三点意见。")), Some((4..9, 3)));
        assert_eq!(speech_count(&v("我想讲以下四个方面。")), Some((2..9, 4)));
        assert_eq!(speech_count(&v("提高三个百分点，座谈三次。")), None);
        assert_eq!(speech_count(&v("开展宣讲三个方面。")), None);
    }

    /// The simple [`markers`] it replaced: a numeral read at every
    /// character.
    fn markers_oracle(s: &[char], lines: &[usize]) -> Vec<Marker> {
        let mut out = Vec::new();
        for i in 0..s.len() {
            if s[i] == '两' {
                continue;
            }
            let Some((n, l)) = read_cn_number(&s[i..]) else {
                continue;
            };
            if !clause_start(s, i, lines) {
                continue;
            }
            if let Some(&kind @ ('是' | '要')) = s.get(i + l) {
                out.push(Marker {
                    at: i,
                    n,
                    kind,
                    len: l + 1,
                });
            }
        }
        out
    }

    /// The simple [`speech_count`] it replaced: the quote map worked out
    /// first, the verbs compared as strings.
    fn speech_count_oracle(s: &[char]) -> Option<(Range<usize>, u32)> {
        const VERBS: [&str; 7] = ["强调", "提出", "谈谈", "讲讲", "讲", "谈", "提"];
        let quoted = Quoted::new(s);
        for i in 0..s.len() {
            let Some(verb) = VERBS.iter().find(|v| has_at(s, i, v)) else {
                continue;
            };
            if i > 0 && "宣演听主开座访".contains(s[i - 1]) {
                continue;
            }
            let mut j = i + verb.chars().count();
            if ["以下", "这么", "这样"].iter().any(|w| has_at(s, j, w)) {
                j += 2;
            }
            if j >= s.len() {
                continue;
            }
            if j > 0 {
                let p = s[j - 1];
                if p == '第' || p == '十' || cn_digit(p).is_some() {
                    continue;
                }
            }
            let Some((n, l)) = read_cn_number(&s[j..]) else {
                continue;
            };
            if !(2..=20).contains(&n) || quoted.at(j) {
                continue;
            }
            let k = j + l;
            let Some(m) = SPEECH_MEASURES.iter().find(|m| has_at(s, k, m)) else {
                continue;
            };
            let mut end = k + m.chars().count();
            if SPEECH_OBJECTS.iter().any(|o| has_at(s, end, o)) {
                end += 2;
            }
            return Some((i..end, n));
        }
        None
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn markers_agree_with_the_simple_scan(
            (s, lines) in crate::lint::tests::generate::text_and_lines()
        ) {
            proptest::prop_assert_eq!(markers(&s, &lines), markers_oracle(&s, &lines));
        }

        #[test]
        fn speech_counts_agree_with_the_simple_scan(
            text in crate::lint::tests::generate::chinese_text()
        ) {
            let s = v(&text);
            proptest::prop_assert_eq!(speech_count(&s), speech_count_oracle(&s));
        }
    }
}
