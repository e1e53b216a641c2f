//! The parts of a draft sent as a 公文 that the Markdown carries (GB/T
//! 9704-2012 §7.3.2, §7.3.4, §7.3.7): the 主送机关 ends in a full-width
//! colon; the 附件说明 numbers several attachments `1.` `2.` … and ends no
//! name with punctuation; the 附件 pages are labelled `附件1` `附件2` … in
//! the 附件说明's order, each titled as the 附件说明 names it.
//!
//! How a draft marks these parts is set in [`crate::conventions`]'s terms:
//! the 主送机关 is the one-line paragraph directly under the title block; the
//! 附件说明 a paragraph opening with `附件：`, one name a line; an
//! attachment page a lone `附件` / `附件N` line followed by a `#` title.

use super::text::{Unit, UnitKind};
use super::{DraftIssue, Hit};
use crate::conventions::document::{
    self as conventions, NAME_END_MARKS, NOTE_LABEL, NoteItem, attachment_label, bare_name,
};
use crate::conventions::script::is_han;

/// Every finding of the 公文 rules, by unit.
pub(super) fn check(units: &[Unit]) -> Vec<(usize, Hit)> {
    let mut hits = Vec::new();
    addressee(units, &mut hits);
    attachments(units, &mut hits);
    hits
}

fn text(unit: &Unit) -> String {
    unit.chars.iter().collect()
}

/// The one-line paragraph right under a title block, when it reads as a
/// 主送机关 (no sentence in it, body text after it) but does not end in `：`.
fn addressee(units: &[Unit], hits: &mut Vec<(usize, Hit)>) {
    for (t, unit) in units.iter().enumerate() {
        if unit.kind != UnitKind::Title {
            continue;
        }
        let mut at = t + 1;
        while units.get(at).is_some_and(|u| u.kind == UnitKind::Subtitle) {
            at += 1;
        }
        let Some(line) = units.get(at) else { continue };
        let body_follows = units
            .get(at + 1)
            .is_some_and(|u| u.kind == UnitKind::Paragraph);
        let s = &line.chars;
        let one_line = line.line_starts.len() == 1;
        let sentence = s.iter().any(|c| matches!(c, '。' | '！' | '？' | '；'));
        let Some(&last) = s.last() else { continue };
        let reads_as_addressee = line.kind == UnitKind::Paragraph
            && one_line
            && !sentence
            && !line.opens_bold
            && body_follows
            && s.len() <= 80
            && (last == ':' || last == '）' || is_han(last));
        if reads_as_addressee && last != '：' {
            hits.push((at, Hit::new(0..s.len(), DraftIssue::AddresseeColon)));
        }
    }
}

/// A lone `附件` / `附件N` paragraph: the label of an attachment page.
#[allow(clippy::option_option)] // not a label / a label / its number, as `attachment_label`
fn label_number(unit: &Unit) -> Option<Option<u32>> {
    // Every label starts with 附: other paragraphs (nearly all) need not be
    // copied into a string to be asked.
    if unit.kind != UnitKind::Paragraph || unit.chars.first() != Some(&'附') {
        return None;
    }
    attachment_label(&text(unit))
}

/// Whether `unit` is the 附件说明: a paragraph opening with `附件：`.
pub(super) fn is_attachment_note(unit: &Unit) -> bool {
    let mut label = NOTE_LABEL.chars();
    unit.kind == UnitKind::Paragraph
        && unit.chars.len() >= 3
        && unit.chars[..3].iter().all(|c| Some(*c) == label.next())
}

/// The names of the 附件说明, each with the characters of its line.
fn note_items(unit: &Unit) -> Option<Vec<(std::ops::Range<usize>, NoteItem)>> {
    if !is_attachment_note(unit) {
        return None;
    }
    let s = &unit.chars;
    let bounds: Vec<(usize, usize)> = unit
        .line_starts
        .iter()
        .enumerate()
        .map(|(i, &start)| {
            let end = unit.line_starts.get(i + 1).copied().unwrap_or(s.len());
            (start, end)
        })
        .collect();
    let lines: Vec<String> = bounds
        .iter()
        .map(|&(a, b)| s[a..b].iter().collect())
        .collect();
    let items = conventions::note_items(lines.iter().map(String::as_str))?;
    let label = NOTE_LABEL.chars().count();
    Some(
        bounds
            .iter()
            .zip(&lines)
            .zip(items)
            .enumerate()
            .map(|(i, ((&(start, _), line), item))| {
                let start = if i == 0 { start + label } else { start };
                let len = line.trim_end().chars().count() - if i == 0 { label } else { 0 };
                (start..start + len, item)
            })
            .collect(),
    )
}

/// The 附件说明 against itself and against the attachment pages.
fn attachments(units: &[Unit], hits: &mut Vec<(usize, Hit)>) {
    let mut labels = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        if let Some(number) = label_number(unit)
            && units.get(u + 1).is_some_and(|n| n.kind == UnitKind::Title)
        {
            labels.push((u, number, text(&units[u + 1])));
        }
    }
    let note = units
        .iter()
        .enumerate()
        .find_map(|(u, unit)| note_items(unit).map(|items| (u, items)));
    let Some((note_unit, items)) = note else {
        for (u, _, _) in &labels {
            let problem = DraftIssue::AttachmentNumber {
                expected: None,
                why: "正文后没有附件说明（“附件：……”）".into(),
            };
            hits.push((*u, Hit::new(0..units[*u].chars.len(), problem)));
        }
        return;
    };
    let several = items.len() > 1;
    for (i, (range, item)) in items.iter().enumerate() {
        let expected = several.then_some(i as u32 + 1);
        if item.number != expected {
            let why = match expected {
                Some(n) => format!("有多个附件时按顺序标注“{n}.”"),
                None => "只有一个附件时不标顺序号".into(),
            };
            let problem = DraftIssue::AttachmentNote { why };
            hits.push((note_unit, Hit::new(range.clone(), problem)));
        }
        if let Some(last) = item.name.chars().last()
            && NAME_END_MARKS.contains(last)
        {
            let end = range.end;
            let problem = DraftIssue::AttachmentNote {
                why: "附件名称后不加标点符号".into(),
            };
            hits.push((note_unit, Hit::new(end - 1..end, problem)));
        }
    }
    for (k, (u, number, title)) in labels.iter().enumerate() {
        let expected = several.then_some(k as u32 + 1);
        let range = 0..units[*u].chars.len();
        let label = |n: Option<u32>| match n {
            Some(n) => format!("附件{n}"),
            None => "附件".to_owned(),
        };
        if k >= items.len() {
            let problem = DraftIssue::AttachmentNumber {
                expected: None,
                why: format!("附件说明只列了{}个附件", items.len()),
            };
            hits.push((*u, Hit::new(range, problem)));
            continue;
        }
        if *number != expected {
            let problem = DraftIssue::AttachmentNumber {
                expected: Some(label(expected)),
                why: "附件顺序号应当与附件说明一致".into(),
            };
            hits.push((*u, Hit::new(range, problem)));
        } else if title != bare_name(&items[k].1.name) {
            let problem = DraftIssue::AttachmentNumber {
                expected: None,
                why: format!("附件标题应当与附件说明中的“{}”一致", items[k].1.name),
            };
            hits.push((*u, Hit::new(range, problem)));
        }
    }
    if labels.len() < items.len() {
        let missing = &items[labels.len()].0;
        let problem = DraftIssue::AttachmentNumber {
            expected: None,
            why: format!(
                "附件说明列了{}个附件，后面只有{}个附件页（以“附件”一行开头，下接标题）",
                items.len(),
                labels.len()
            ),
        };
        hits.push((note_unit, Hit::new(missing.clone(), problem)));
    }
}
