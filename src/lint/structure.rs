//! The numbering hierarchy `一、` → `（一）` → `1.` → `（1）`: how a number is
//! written, whether levels are skipped or numbers out of order, whether the
//! Markdown `#` level fits the number, and the final mark of headings and
//! run-in leads.
//!
//! Numbered places are Markdown headings, run-in leads, and paragraph lines
//! that begin with a number (hand-written drafts often number plain lines).

use std::ops::Range;

use super::chars::collect;
use super::text::{Unit, UnitKind};
use super::{DraftIssue, Hit, NumberingWhy};
use crate::conventions::numbering::{
    MAX_HEADING_LEVEL, Marker, WrongForm, heading_marker, parse_marker,
};
use crate::conventions::script::is_space;

/// The correct form of number `n` at level `depth`; depths past the
/// hierarchy (a `#####` heading) are written as its deepest level.
pub(super) fn canonical(depth: u8, n: u32) -> String {
    heading_marker(depth.clamp(1, MAX_HEADING_LEVEL), u64::from(n))
}

/// Why the lint reports a wrongly written number.
fn why(wrong: WrongForm) -> NumberingWhy {
    match wrong {
        WrongForm::Enclosed => NumberingWhy::Circled,
        WrongForm::HalfWidth => NumberingWhy::HalfWidth,
        WrongForm::DigitDun => NumberingWhy::DigitDun,
        WrongForm::CnDot => NumberingWhy::CnDot,
        WrongForm::Trailing => NumberingWhy::Trailing,
    }
}

/// A numbered (or `#`-levelled) place in the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Item {
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
pub(super) fn items(units: &[Unit]) -> Vec<Item> {
    let mut out = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let s = &unit.chars;
        let numbered = |at: usize, md_level: Option<u8>| {
            parse_marker(&s[at..]).map(|m| Item {
                unit: u,
                range: at..at + m.len,
                depth: m.level,
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
            // The 附件说明's `1.` `2.` number attachments, not headings.
            UnitKind::Paragraph if super::document::is_attachment_note(unit) => {}
            UnitKind::Paragraph | UnitKind::ListItem => {
                out.extend(unit.line_starts.iter().filter_map(|&at| numbered(at, None)));
            }
            UnitKind::Subtitle | UnitKind::Cell => {}
        }
    }
    out
}

/// The document-wide checks: heading-skip, heading-sequence, heading-level.
pub(super) fn check(units: &[Unit]) -> Vec<(usize, Hit)> {
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
            let problem = DraftIssue::HeadingSkip {
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
                let problem = DraftIssue::HeadingSequence {
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
                let problem = DraftIssue::HeadingLevel {
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
pub(super) fn unit_checks(unit: &Unit) -> Vec<Hit> {
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
pub(super) fn numbering_style(s: &[char], at: usize) -> Option<Hit> {
    let m: Marker = parse_marker(&s[at..])?;
    let why = why(m.wrong?);
    Some(Hit::new(
        at..at + m.len,
        DraftIssue::NumberingStyle {
            fix: m.canonical(),
            why,
        },
    ))
}

/// The index of the last non-space character of `s[..end]`.
fn last_visible(s: &[char], end: usize) -> Option<usize> {
    s[..end].iter().rposition(|&c| !is_space(c))
}

/// A stand-alone heading ending in a point.
pub(super) fn heading_punct(s: &[char]) -> Option<Hit> {
    let k = last_visible(s, s.len())?;
    if !matches!(
        s[k],
        '。' | '，' | '；' | '：' | '、' | '.' | ',' | ';' | ':'
    ) {
        return None;
    }
    let heading = collect(&s[..=k]);
    Some(Hit::new(k..k + 1, DraftIssue::HeadingPunct { heading }))
}

/// A run-in lead (the first `lead` characters) not ending in `。` (a closing
/// quote or bracket after the `。` is fine).
pub(super) fn lead_punct(s: &[char], lead: usize) -> Option<Hit> {
    let k = last_visible(s, lead)?;
    let closes = matches!(s[k], '”' | '’' | '）' | '》');
    if s[k] == '。' || (closes && k > 0 && s[k - 1] == '。') {
        return None;
    }
    let lead = collect(&s[..=k]);
    Some(Hit::new(k..k + 1, DraftIssue::LeadPunct { lead }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
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
