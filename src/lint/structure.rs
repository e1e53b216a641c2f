//! The numbering hierarchy `一、` → `（一）` → `1.` → `（1）`: how a number is
//! written, whether levels are skipped or numbers out of order, whether the
//! Markdown `#` level fits the number, and the final mark of headings and
//! run-in leads.
//!
//! Numbered places are Markdown headings, run-in leads, and paragraph lines
//! that begin with a number (hand-written drafts often number plain lines).

use std::ops::Range;

use super::chars::{cn, collect, is_space, read_cn_number};
use super::text::{Unit, UnitKind};
use super::{Hit, NumberingWhy, Problem};

/// A heading number at the start of some text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// 1 for `一、`, 2 for `（一）`, 3 for `1.`, 4 for `（1）`.
    pub depth: u8,
    pub number: u32,
    /// Length in characters, including a wrong mark after it.
    pub len: usize,
    /// How it should be written, if it is written wrong.
    pub fix: Option<(String, NumberingWhy)>,
}

/// The correct form of number `n` at level `depth`.
pub fn canonical(depth: u8, n: u32) -> String {
    match depth {
        1 => format!("{}、", cn(n)),
        2 => format!("（{}）", cn(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

fn marker(depth: u8, number: u32, len: usize, why: Option<NumberingWhy>) -> Marker {
    Marker {
        depth,
        number,
        len,
        fix: why.map(|w| (canonical(depth, number), w)),
    }
}

/// Reads a heading number at the start of `s`, in the right form or in one
/// of the wrong forms drafts carry (`㈠` `⑴` `①` `(一)` `1、` `一.` `（一）、`).
pub fn parse_marker(s: &[char]) -> Option<Marker> {
    let c0 = *s.first()?;
    // A mark after a bracketed number ("Nothing follows a bracketed number").
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
    if let Some((depth, n)) = enclosed {
        return Some(marker(depth, n, trailing(1), Some(NumberingWhy::Circled)));
    }
    if c0 == '（' || c0 == '(' {
        let inner = &s[1..];
        let (n, l, depth) = match read_cn_number(inner) {
            Some((n, l)) if inner[0] != '两' => (n, l, 2),
            _ => {
                let d = inner.iter().take_while(|c| c.is_ascii_digit()).count();
                if d == 0 || d > 2 {
                    return None;
                }
                (collect(&inner[..d]).parse().ok()?, d, 4)
            }
        };
        let close = *s.get(1 + l)?;
        if close != '）' && close != ')' {
            return None;
        }
        let base = 2 + l;
        let len = trailing(base);
        let why = if c0 == '(' || close == ')' {
            Some(NumberingWhy::HalfWidth)
        } else if len > base {
            Some(NumberingWhy::Trailing)
        } else {
            None
        };
        return Some(marker(depth, n, len, why));
    }
    if c0 != '两'
        && let Some((n, l)) = read_cn_number(s)
    {
        return match s.get(l) {
            Some('、') => Some(marker(1, n, l + 1, None)),
            Some('.' | '．') => Some(marker(1, n, l + 1, Some(NumberingWhy::CnDot))),
            _ => None,
        };
    }
    let d = s.iter().take_while(|c| c.is_ascii_digit()).count();
    if d == 0 || d > 2 {
        return None;
    }
    let n = collect(&s[..d]).parse().ok()?;
    match s.get(d) {
        Some('.' | '．') if !s.get(d + 1).is_some_and(char::is_ascii_digit) => {
            Some(marker(3, n, d + 1, None))
        }
        Some('、') => Some(marker(3, n, d + 1, Some(NumberingWhy::DigitDun))),
        _ => None,
    }
}

/// A numbered (or `#`-levelled) place in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub unit: usize,
    /// The number's characters, or the whole heading if it has none.
    pub range: Range<usize>,
    /// Level by the number; 0 where there is none.
    pub depth: u8,
    pub number: Option<u32>,
    /// Number of `#` for a Markdown heading.
    pub md_level: Option<u8>,
    /// A `#` title: a new document starts.
    pub title: bool,
}

/// The numbered places of the document, in order.
pub fn items(units: &[Unit]) -> Vec<Item> {
    let mut out = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let s = &unit.chars;
        let numbered = |at: usize, md_level: Option<u8>| {
            parse_marker(&s[at..]).map(|m| Item {
                unit: u,
                range: at..at + m.len,
                depth: m.depth,
                number: Some(m.number),
                md_level,
                title: false,
            })
        };
        match unit.kind {
            UnitKind::Title => out.push(Item {
                unit: u,
                range: 0..s.len(),
                depth: 0,
                number: None,
                md_level: Some(1),
                title: true,
            }),
            UnitKind::Heading(level) => out.push(numbered(0, Some(level)).unwrap_or(Item {
                unit: u,
                range: 0..s.len(),
                depth: 0,
                number: None,
                md_level: Some(level),
                title: false,
            })),
            UnitKind::Paragraph | UnitKind::ListItem => {
                out.extend(unit.line_starts.iter().filter_map(|&at| numbered(at, None)));
            }
            UnitKind::Subtitle | UnitKind::Cell => {}
        }
    }
    out
}

/// The document-wide checks: heading-skip, heading-sequence, heading-level.
pub fn check(units: &[Unit]) -> Vec<(usize, Hit)> {
    let items = items(units);
    // How many `#` a level-1 heading has: the first numbered heading decides
    // (the project writes `##`; a hand-written draft may start at `#`).
    let offset = items
        .iter()
        .find_map(|i| {
            Some(i32::from(i.md_level?) - i32::from(i.depth)).filter(|_| i.number.is_some())
        })
        .unwrap_or(1);
    let mut hits = Vec::new();
    let mut prev = 0u8;
    let mut counters = [None::<u32>; 8];
    for item in items {
        if item.title {
            prev = 0;
            counters = [None; 8];
            continue;
        }
        let depth = match (item.number, item.md_level) {
            (Some(_), _) => item.depth,
            (None, Some(md)) => (i32::from(md) - offset).clamp(1, 6) as u8,
            (None, None) => continue,
        };
        if depth > prev + 1 {
            let missing = prev + 1;
            let example = item.number.map(|_| canonical(missing, 1));
            let problem = Problem::HeadingSkip {
                depth,
                missing,
                example,
            };
            hits.push((item.unit, Hit::new(item.range.clone(), problem)));
        }
        prev = depth;
        let d = usize::from(depth);
        if let Some(n) = item.number {
            let expected = counters[d].map_or(1, |c| c + 1);
            if n != expected {
                let problem = Problem::HeadingSequence {
                    expected: canonical(depth, expected),
                };
                hits.push((item.unit, Hit::new(item.range.clone(), problem)));
            }
            counters[d] = Some(n);
        }
        for c in &mut counters[d + 1..] {
            *c = None;
        }
        if let (Some(md), Some(_)) = (item.md_level, item.number) {
            let want = i32::from(depth) + offset;
            if i32::from(md) != want && (1..=6).contains(&want) {
                let problem = Problem::HeadingLevel {
                    depth,
                    expected: want as u8,
                    found: md,
                };
                hits.push((item.unit, Hit::new(item.range, problem)));
            }
        }
    }
    hits
}

/// The checks of one unit: numbering-style, heading-punct, lead-punct.
pub fn unit_checks(unit: &Unit) -> Vec<Hit> {
    let s = &unit.chars;
    let mut hits = Vec::new();
    match unit.kind {
        UnitKind::Title => hits.extend(heading_punct(s)),
        UnitKind::Heading(_) => {
            hits.extend(numbering_style(s, 0));
            hits.extend(heading_punct(s));
        }
        UnitKind::Paragraph | UnitKind::ListItem => {
            for &at in &unit.line_starts {
                hits.extend(numbering_style(s, at));
            }
            if let Some(lead) = unit.lead {
                hits.extend(lead_punct(s, lead));
            }
            if unit.is_heading() {
                hits.extend(heading_punct(s));
            }
        }
        UnitKind::Subtitle | UnitKind::Cell => {}
    }
    hits
}

/// A number written in a wrong form at `s[at..]`.
pub fn numbering_style(s: &[char], at: usize) -> Option<Hit> {
    let m = parse_marker(&s[at..])?;
    let (fix, why) = m.fix?;
    Some(Hit::new(
        at..at + m.len,
        Problem::NumberingStyle { fix, why },
    ))
}

/// The index of the last non-space character of `s[..end]`.
fn last_visible(s: &[char], end: usize) -> Option<usize> {
    s[..end].iter().rposition(|&c| !is_space(c))
}

/// A stand-alone heading ending in a point.
pub fn heading_punct(s: &[char]) -> Option<Hit> {
    let k = last_visible(s, s.len())?;
    if !matches!(
        s[k],
        '。' | '，' | '；' | '：' | '、' | '.' | ',' | ';' | ':'
    ) {
        return None;
    }
    let heading = collect(&s[..=k]);
    Some(Hit::new(k..k + 1, Problem::HeadingPunct { heading }))
}

/// A run-in lead (the first `lead` characters) not ending in `。` (a closing
/// quote or bracket after the `。` is fine).
pub fn lead_punct(s: &[char], lead: usize) -> Option<Hit> {
    let k = last_visible(s, lead)?;
    let closes = matches!(s[k], '”' | '’' | '）' | '》');
    if s[k] == '。' || (closes && k > 0 && s[k - 1] == '。') {
        return None;
    }
    let lead = collect(&s[..=k]);
    Some(Hit::new(k..k + 1, Problem::LeadPunct { lead }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn m(s: &str) -> Option<(u8, u32, usize, Option<String>)> {
        parse_marker(&v(s)).map(|m| (m.depth, m.number, m.len, m.fix.map(|f| f.0)))
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
        ] {
            assert_eq!(m(s), None, "{s}");
        }
    }

    #[test]
    fn heading_and_lead_ends() {
        assert_eq!(
            heading_punct(&v("一、总体情况。")).map(|h| h.range),
            Some(6..7)
        );
        assert_eq!(heading_punct(&v("一、总体情况（送审稿）")), None);
        assert_eq!(
            lead_punct(&v("（一）突出引领，我们"), 7).map(|h| h.range),
            Some(6..7)
        );
        assert_eq!(lead_punct(&v("（一）坚持“两个确立。”我们"), 12), None);
        assert_eq!(lead_punct(&v("（一）突出引领。我们"), 8), None);
    }
}
