//! The sentence-level three-way merge of a reviewed draft, and the
//! placing of Word edits onto the Markdown they came from.
//!
//! A draft is cut into **units**: the sentences of each line
//! ([`crate::conventions::sentences`], the splitter `wengao diff` uses), the
//! line's `\n` kept on its last sentence, and an empty line a unit of its
//! own. Joined, the units give the text back byte for byte.
//!
//! [`merge3`] compares the base (what wengao rendered last time) with each
//! side (`ours`: the reviewer's draft; `theirs`: the new render) by units,
//! with `similar`. Each side's changes are **hunks** (a range of base units
//! and what replaces it). Hunks of one side only are applied; hunks of both
//! sides that overlap (or insert at the same place) are one group: when both
//! sides wrote the same text it is taken, otherwise it is a conflict. So an
//! edited sentence next to one whose number changed merges cleanly; only a
//! sentence both changed conflicts.

use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::conventions::sentences::sentence_ranges;

/// The units of `text` (see the module docs), as byte ranges covering it.
fn unit_ranges(text: &str) -> Vec<Range<usize>> {
    let mut units = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.strip_suffix('\n').unwrap_or(line);
        let mut sentences: Vec<Range<usize>> = sentence_ranges(content)
            .into_iter()
            .map(|r| start + r.start..start + r.end)
            .collect();
        match sentences.last_mut() {
            Some(last) => last.end = start + line.len(),
            None => sentences.push(start..start + line.len()),
        }
        units.extend(sentences);
        start += line.len();
    }
    units
}

/// The units of `text` as slices.
pub(crate) fn units(text: &str) -> Vec<&str> {
    unit_ranges(text).into_iter().map(|r| &text[r]).collect()
}

/// One side's change: base units `base` replaced by the side's units `side`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Hunk {
    base: Range<usize>,
    side: Range<usize>,
}

/// The hunks turning `base` into `side`. A run of sentences replaced one
/// for one is a hunk per sentence, so an edited sentence beside one whose
/// number changed is two hunks, not one.
fn hunks(base: &[&str], side: &[&str]) -> Vec<Hunk> {
    let mut out: Vec<Hunk> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, base, side) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => out.push(Hunk {
                base: old_index..old_index + old_len,
                side: new_index..new_index,
            }),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => out.push(Hunk {
                base: old_index..old_index,
                side: new_index..new_index + new_len,
            }),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } if old_len == new_len => {
                out.extend((0..old_len).map(|k| Hunk {
                    base: old_index + k..old_index + k + 1,
                    side: new_index + k..new_index + k + 1,
                }));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => out.push(Hunk {
                base: old_index..old_index + old_len,
                side: new_index..new_index + new_len,
            }),
        }
    }
    out
}

/// Whether two hunks (of different sides) touch the same base units, or
/// insert at the same place (their order would be a guess).
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// A sentence (or run of sentences) both sides changed differently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Conflict {
    /// The line in the reviewer's draft where it starts (1-based).
    pub line: usize,
    /// The reviewer's text there.
    pub ours: String,
    /// The new render's text there.
    pub theirs: String,
}

/// What a merge came to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Merged {
    /// The merged text; meaningless when there are conflicts.
    pub text: String,
    /// Reviewer's changes kept (hunks of `ours` only, or the same on both).
    pub kept: usize,
    /// Changes of the new render taken (hunks of `theirs` only).
    pub updated: usize,
    pub conflicts: Vec<Conflict>,
}

/// Merges `ours` and `theirs`, both made from `base`, sentence by sentence.
pub(crate) fn merge3(base: &str, ours: &str, theirs: &str) -> Merged {
    let (b, o, t) = (units(base), units(ours), units(theirs));
    let (ho, ht) = (hunks(&b, &o), hunks(&b, &t));
    // Line where each of our units starts, for conflicts.
    let mut our_lines = Vec::with_capacity(o.len() + 1);
    let mut line = 1;
    for unit in &o {
        our_lines.push(line);
        line += unit.matches('\n').count();
    }
    our_lines.push(line);

    let mut merged = Merged::default();
    let mut at = 0; // next base unit to copy
    let (mut i, mut j) = (0, 0);
    while i < ho.len() || j < ht.len() {
        // The next group: start with the hunk that begins first, then take
        // in every hunk of either side that overlaps the group.
        let start_with_ours = match (ho.get(i), ht.get(j)) {
            (Some(a), Some(b)) => a.base.start <= b.base.start,
            (Some(_), None) => true,
            _ => false,
        };
        let mut range = if start_with_ours {
            ho[i].base.clone()
        } else {
            ht[j].base.clone()
        };
        let (first_o, first_t) = (i, j);
        loop {
            let mut grew = false;
            while let Some(h) = ho.get(i).filter(|h| overlap(&h.base, &range)) {
                range = range.start.min(h.base.start)..range.end.max(h.base.end);
                i += 1;
                grew = true;
            }
            while let Some(h) = ht.get(j).filter(|h| overlap(&h.base, &range)) {
                range = range.start.min(h.base.start)..range.end.max(h.base.end);
                j += 1;
                grew = true;
            }
            if !grew {
                break;
            }
        }
        for unit in &b[at..range.start] {
            merged.text.push_str(unit);
        }
        at = range.end;
        let ours_here = side_text(&b, &o, &ho[first_o..i], &range);
        let theirs_here = side_text(&b, &t, &ht[first_t..j], &range);
        match (i > first_o, j > first_t) {
            (true, false) => {
                merged.kept += 1;
                merged.text.push_str(&ours_here);
            }
            (false, true) => {
                merged.updated += 1;
                merged.text.push_str(&theirs_here);
            }
            _ if ours_here == theirs_here => {
                merged.kept += 1;
                merged.text.push_str(&ours_here);
            }
            _ => {
                let first_unit = ho[first_o].side.start;
                merged.conflicts.push(Conflict {
                    line: our_lines[first_unit.min(o.len())],
                    ours: ours_here.trim_end().to_owned(),
                    theirs: theirs_here.trim_end().to_owned(),
                });
                merged.text.push_str(&ours_here);
            }
        }
    }
    for unit in &b[at..] {
        merged.text.push_str(unit);
    }
    merged
}

/// A side's text over the base units `range`, its `hunks` (all inside the
/// range) applied.
fn side_text(base: &[&str], side: &[&str], hunks: &[Hunk], range: &Range<usize>) -> String {
    let mut text = String::new();
    let mut at = range.start;
    for h in hunks {
        for unit in &base[at..h.base.start] {
            text.push_str(unit);
        }
        for unit in &side[h.side.clone()] {
            text.push_str(unit);
        }
        at = h.base.end;
    }
    for unit in &base[at..range.end] {
        text.push_str(unit);
    }
    text
}

/// Why the edits made in Word could not be placed in the Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unplaced {
    /// The paragraph text of the Word edit, as the reviewer left it.
    pub edited: String,
}

/// The Markdown `base_md` with the edits a reviewer made in Word applied.
/// `base_paragraphs` are the paragraphs of the DOCX made from `base_md`,
/// `edited_paragraphs` those of the DOCX after the reviewer. Each changed
/// run of sentences is found in the Markdown by its text (in order) and
/// replaced there; an edit that adds or removes a paragraph, or whose
/// sentences are not plain text in the Markdown, cannot be placed.
pub(crate) fn apply_word_edits(
    base_md: &str,
    base_paragraphs: &[String],
    edited_paragraphs: &[String],
) -> Result<String, Unplaced> {
    let joined = |ps: &[String]| {
        let mut text = ps.join("\n");
        text.push('\n');
        text
    };
    let (base_text, edited_text) = (joined(base_paragraphs), joined(edited_paragraphs));
    let (b, e) = (units(&base_text), units(&edited_text));
    // Where each base unit (without its paragraph end) lies in the
    // Markdown, found in order; `None` for text the Markdown does not hold
    // as such (the 版头, a line with markup inside a sentence).
    let mut cursor = 0;
    let places: Vec<Option<Range<usize>>> = b
        .iter()
        .map(|unit| {
            let text = unit.strip_suffix('\n').unwrap_or(unit);
            if text.is_empty() {
                return None;
            }
            let found = base_md[cursor..].find(text)?;
            let start = cursor + found;
            cursor = start + text.len();
            Some(start..cursor)
        })
        .collect();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for h in hunks(&b, &e) {
        let unplaced = || Unplaced {
            edited: e[h.side.clone()].concat().trim_end().to_owned(),
        };
        let mut old = b[h.base.clone()].concat();
        let mut new = e[h.side.clone()].concat();
        if old.ends_with('\n') && new.ends_with('\n') {
            old.pop();
            new.pop();
        }
        if old.contains('\n') || new.contains('\n') {
            return Err(unplaced());
        }
        let span = if h.base.is_empty() {
            // An insertion: before the next unit, or after the last one of
            // the same paragraph.
            let next = places.get(h.base.start).cloned().flatten();
            let before = h
                .base
                .start
                .checked_sub(1)
                .and_then(|k| places[k].clone().filter(|_| !b[k].ends_with('\n')));
            match (next, before) {
                (Some(n), _) => n.start..n.start,
                (None, Some(p)) => p.end..p.end,
                _ => return Err(unplaced()),
            }
        } else {
            let first = places[h.base.start].clone().ok_or_else(unplaced)?;
            let last = places[h.base.end - 1].clone().ok_or_else(unplaced)?;
            // Every unit between must have been found too, in place.
            if places[h.base.clone()].iter().any(Option::is_none) {
                return Err(unplaced());
            }
            first.start..last.end
        };
        edits.push((span, new));
    }
    let mut md = base_md.to_owned();
    for (span, new) in edits.into_iter().rev() {
        md.replace_range(span, &new);
    }
    Ok(md)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_give_the_text_back() {
        let text = "# 标题\n\n全县建成党支部86个。推进标准化建设；成效明显\n末段。";
        let u = units(text);
        assert_eq!(
            u,
            [
                "# 标题\n",
                "\n",
                "全县建成党支部86个。",
                "推进标准化建设；",
                "成效明显\n",
                "末段。"
            ]
        );
        assert_eq!(u.concat(), text);
    }

    const BASE: &str =
        "# 汇报\n\n全县建成党支部86个。推进标准化建设。覆盖率达72.1%。\n\n下一步继续努力。\n";

    #[test]
    fn an_edit_beside_a_new_number_merges() {
        let ours = BASE.replace("推进标准化建设。", "扎实推进支部标准化建设。");
        let theirs = BASE.replace("86个", "90个").replace("72.1%", "74.4%");
        let m = merge3(BASE, &ours, &theirs);
        assert_eq!(
            m.text,
            "# 汇报\n\n全县建成党支部90个。扎实推进支部标准化建设。覆盖率达74.4%。\n\n下一步继续努力。\n"
        );
        assert_eq!((m.kept, m.updated, m.conflicts.len()), (1, 2, 0));
    }

    #[test]
    fn a_sentence_both_changed_is_a_conflict_with_both_versions() {
        let ours = BASE.replace("全县建成党支部86个。", "全县已建成党支部86个。");
        let theirs = BASE.replace("86个", "90个");
        let m = merge3(BASE, &ours, &theirs);
        assert_eq!(
            m.conflicts,
            [Conflict {
                line: 3,
                ours: "全县已建成党支部86个。".into(),
                theirs: "全县建成党支部90个。".into(),
            }]
        );
    }

    #[test]
    fn unchanged_sides_give_the_other() {
        let theirs = BASE.replace("86个", "90个");
        assert_eq!(merge3(BASE, BASE, &theirs).text, theirs);
        let ours = BASE.replace("下一步继续努力。", "下一步继续努力，久久为功。");
        let m = merge3(BASE, &ours, BASE);
        assert_eq!((m.text.as_str(), m.kept, m.updated), (ours.as_str(), 1, 0));
        // The same edit on both sides is taken once.
        let m = merge3(BASE, &theirs, &theirs);
        assert_eq!((m.text, m.conflicts.len()), (theirs, 0));
    }

    #[test]
    fn added_sentences_and_paragraphs_are_kept() {
        let ours = BASE.replace(
            "下一步继续努力。\n",
            "下一步继续努力。\n\n新增一段审阅意见。\n",
        );
        let theirs = BASE.replace("86个", "90个");
        let m = merge3(BASE, &ours, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.text, ours.replace("86个", "90个"),);
    }

    #[test]
    fn word_edits_land_in_the_markdown() {
        let md = "# 汇报\n\n**一是强化引领。**全县建成党支部86个。推进标准化建设。\n";
        let base = vec![
            "汇报".to_owned(),
            "一是强化引领。全县建成党支部86个。推进标准化建设。".to_owned(),
        ];
        let mut edited = base.clone();
        edited[1] = "一是强化引领。全县建成党支部86个。扎实推进标准化建设，成效明显。".into();
        assert_eq!(
            apply_word_edits(md, &base, &edited).unwrap(),
            "# 汇报\n\n**一是强化引领。**全县建成党支部86个。扎实推进标准化建设，成效明显。\n"
        );
        // A sentence added at the end of a paragraph.
        edited[1] = "一是强化引领。全县建成党支部86个。推进标准化建设。另有新增。".into();
        assert_eq!(
            apply_word_edits(md, &base, &edited).unwrap(),
            "# 汇报\n\n**一是强化引领。**全县建成党支部86个。推进标准化建设。另有新增。\n"
        );
        // A new paragraph cannot be placed.
        edited[1] = "一是强化引领。全县建成党支部86个。推进标准化建设。".into();
        edited.push("新的一段。".into());
        assert!(apply_word_edits(md, &base, &edited).is_err());
        // Text the Markdown does not hold as such.
        let mut frame = base.clone();
        frame.insert(0, "中共柳川县委老干部局文件".into());
        let mut edited = frame.clone();
        edited[0] = "中共柳川县委老干部局文件（改）".into();
        assert_eq!(
            apply_word_edits(md, &frame, &edited),
            Err(Unplaced {
                edited: "中共柳川县委老干部局文件（改）".into()
            })
        );
    }
}
