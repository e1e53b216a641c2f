//! Comparing two drafts as a reviewer reads them: paragraph by paragraph
//! (matched even when moved), sentence by sentence, and inside a changed
//! sentence word by word with every number whole
//! (`conventions::sentences`). The sequences are diffed by `similar`
//! (Patience); this module only decides what is matched with what, and
//! keeps that linear in the drafts: each changed paragraph is compared
//! with a few old ones, not with every other (`pair_lines`).
//!
//! A draft is read as Markdown blocks — the text between blank lines: a
//! paragraph, a run-in lead with its text, the title block. The comparison
//! keeps the Markdown source of each block, so the redline DOCX can put its
//! marks back into the draft (`redline`); what is shown to a reader drops
//! the Markdown marks and joins the lines (`shown`).

pub(crate) mod html;
pub(crate) mod metrics;
pub(crate) mod redline;
pub(crate) mod terminal;

use std::collections::{HashMap, VecDeque};
use std::hash::{Hash, Hasher};
use std::ops::Range;

use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::conventions::sentences::{self, TokenKind};

/// Two paragraphs (or sentences) this alike, or more, count as one changed
/// paragraph rather than one deleted and one inserted.
const SAME_PARAGRAPH: f32 = 0.5;

/// Who a change is attributed to: a number the data changed, or wording
/// (the redline DOCX names them 数据更新 and 文字修改).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cause {
    /// Only numbers changed (`86→90`): the data was updated.
    Data,
    /// Words changed.
    Wording,
}

/// A piece of a compared line: kept, or one change (what went, what came).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Piece {
    Same(String),
    Change {
        old: String,
        new: String,
        cause: Cause,
    },
}

/// How one line of the new draft (or a deleted one of the old) compares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// The same in both, at `old`/`new` (0-based line numbers).
    Same {
        old: usize,
        new: usize,
        text: String,
    },
    /// The same text, moved from `old` to `new`.
    Moved {
        old: usize,
        new: usize,
        text: String,
    },
    /// Changed, its pieces in order; `sentences` the changed sentences
    /// (0-based, in the new line) — one entry per sentence with a change.
    /// `moved`: it was elsewhere in the old draft (a [`Line::MovedAway`]
    /// stands there).
    Changed {
        old: usize,
        new: usize,
        pieces: Vec<Piece>,
        sentences: Vec<usize>,
        moved: bool,
    },
    Inserted {
        new: usize,
        text: String,
    },
    Deleted {
        old: usize,
        text: String,
    },
    /// Where a moved paragraph ([`Line::Moved`], or [`Line::Changed`] and
    /// `moved`) was in the old draft.
    MovedAway {
        old: usize,
        text: String,
    },
}

/// A sentence the new draft kept as it was that holds a number, a date or
/// a period word: a reviewer must still read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unchanged {
    /// 0-based line of the new draft.
    pub line: usize,
    pub sentence: String,
}

/// The comparison of two drafts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DraftDiff {
    pub lines: Vec<Line>,
    pub unchanged: Vec<Unchanged>,
}

impl DraftDiff {
    /// Whether the drafts differ at all.
    pub(crate) fn differs(&self) -> bool {
        self.lines.iter().any(|l| !matches!(l, Line::Same { .. }))
    }

    /// Every change, one per mark a reader sees: a changed word or number,
    /// an inserted, deleted or moved paragraph.
    pub(crate) fn marks(&self) -> usize {
        self.lines
            .iter()
            .map(|l| match l {
                Line::Same { .. } | Line::MovedAway { .. } => 0,
                Line::Changed { pieces, .. } => pieces
                    .iter()
                    .filter(|p| matches!(p, Piece::Change { .. }))
                    .count(),
                _ => 1,
            })
            .sum()
    }
}

/// One pair of drafts compared, titled.
pub(crate) struct Compared {
    pub title: String,
    pub new: String,
    pub diff: DraftDiff,
    /// The new draft as drafted from data (for its DOCX layout), if it was.
    pub draft: Option<crate::render::Draft>,
}

/// The paragraphs of a draft: its blocks of lines between blank lines,
/// each line's trailing spaces cut.
pub(crate) fn paragraphs(draft: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut block = String::new();
    for line in draft.lines().map(str::trim_end) {
        if line.is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
            continue;
        }
        if !block.is_empty() {
            block.push('\n');
        }
        block.push_str(line);
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    blocks
}

/// Compares the draft `old` with `new`.
pub(crate) fn compare(old: &str, new: &str) -> DraftDiff {
    let old_blocks = paragraphs(old);
    let new_blocks = paragraphs(new);
    let old_lines: Vec<&str> = old_blocks.iter().map(String::as_str).collect();
    let new_lines: Vec<&str> = new_blocks.iter().map(String::as_str).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_lines, &new_lines);
    let pairs = pair_lines(&old_lines, &new_lines, &ops);
    let mut old_pair = vec![None; old_lines.len()];
    let mut new_pair = vec![None; new_lines.len()];
    for &(o, n) in &pairs {
        old_pair[o] = Some(n);
        new_pair[n] = Some(o);
    }
    let paired_old = |o: usize| old_pair[o];
    let paired_new = |n: usize| new_pair[n];

    let mut lines = Vec::new();
    for op in &ops {
        if let DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = *op
        {
            for k in 0..len {
                lines.push(Line::Same {
                    old: old_index + k,
                    new: new_index + k,
                    text: new_lines[new_index + k].to_owned(),
                });
            }
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        // A pair is in place when its old line comes after that of the
        // pair in place before it: the old order is kept, and the old
        // lines passed on the way are shown where they were. Any other
        // pair moved: shown where it was and where it is, so that
        // rejecting every change of the redline gives the old draft back.
        let mut next_old = old_range.start;
        let old_up_to = |next_old: &mut usize, end: usize, lines: &mut Vec<Line>| {
            while *next_old < end {
                let o = *next_old;
                let text = old_lines[o].to_owned();
                lines.push(match paired_old(o) {
                    Some(_) => Line::MovedAway { old: o, text },
                    None => Line::Deleted { old: o, text },
                });
                *next_old += 1;
            }
        };
        for n in new_range.clone() {
            let paired = paired_new(n);
            let in_place = paired.filter(|&o| old_range.contains(&o) && o >= next_old);
            if let Some(o) = in_place {
                old_up_to(&mut next_old, o, &mut lines);
                next_old = o + 1;
            }
            let in_place = in_place.is_some();
            let text = new_lines[n];
            lines.push(match paired {
                Some(o) if old_lines[o] == text && in_place => Line::Same {
                    old: o,
                    new: n,
                    text: text.to_owned(),
                },
                Some(o) if old_lines[o] == text => Line::Moved {
                    old: o,
                    new: n,
                    text: text.to_owned(),
                },
                Some(o) => {
                    let (pieces, sentences) = compare_line(old_lines[o], text);
                    Line::Changed {
                        old: o,
                        new: n,
                        pieces,
                        sentences,
                        moved: !in_place,
                    }
                }
                None => Line::Inserted {
                    new: n,
                    text: text.to_owned(),
                },
            });
        }
        old_up_to(&mut next_old, old_range.end, &mut lines);
    }
    let unchanged = unchanged_figures(&lines);
    DraftDiff { lines, unchanged }
}

/// Pairs the lines the plain diff left unmatched, each old line once:
///
/// 1. the same text anywhere: a moved paragraph;
/// 2. the most alike, at least [`SAME_PARAGRAPH`] alike, of the old lines
///    in place (within one change of the plain diff, at most [`NEAR`]
///    places from the new line: a changed paragraph) and of the few
///    sharing the most of its rarer runs of characters (a paragraph moved
///    and changed).
///
/// Every new line is compared with a bounded number of old ones, so the
/// cost grows with the drafts, not with their square: a long draft changed
/// nearly everywhere would otherwise compare every changed paragraph with
/// every other. Of equally alike old lines, the first is taken.
fn pair_lines(old_lines: &[&str], new_lines: &[&str], ops: &[DiffOp]) -> Vec<(usize, usize)> {
    let changes: Vec<(Range<usize>, Range<usize>)> = ops
        .iter()
        .filter(|op| !matches!(op, DiffOp::Equal { .. }))
        .map(|op| (op.old_range(), op.new_range()))
        .collect();
    let mut taken = vec![false; old_lines.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    // The same text: each old paragraph once, the first free one first.
    let mut by_text: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (old, _) in &changes {
        for o in old.clone() {
            by_text.entry(old_lines[o]).or_default().push_back(o);
        }
    }
    for (_, new) in &changes {
        for n in new.clone() {
            match by_text.get_mut(new_lines[n]).and_then(VecDeque::pop_front) {
                Some(o) => {
                    taken[o] = true;
                    pairs.push((o, n));
                }
                None => left.push(n),
            }
        }
    }
    if left.is_empty() {
        return pairs;
    }
    // Alike: in place, or anywhere among the old lines sharing the most
    // rarer runs.
    let free: Vec<usize> = changes
        .iter()
        .flat_map(|(old, _)| old.clone())
        .filter(|&o| !taken[o])
        .collect();
    let index = RunIndex::new(old_lines, &free);
    let mut pending = left.into_iter().peekable();
    for (old, new) in &changes {
        while let Some(n) = pending.next_if(|n| new.contains(n)) {
            let at = n - new.start;
            let near =
                old.start + at.saturating_sub(NEAR)..(old.start + at + NEAR + 1).min(old.end);
            let mut candidates = index.candidates(new_lines[n], &taken);
            candidates.extend(near.filter(|&o| !taken[o]));
            candidates.sort_unstable();
            candidates.dedup();
            if let Some(o) = most_alike(new_lines[n], candidates.into_iter(), old_lines) {
                taken[o] = true;
                pairs.push((o, n));
            }
        }
    }
    pairs
}

/// How many places before or after its own a changed paragraph is looked
/// for in the old draft (within one change of the plain diff).
const NEAR: usize = 3;

/// How many entries of the index one new line may read: its rarest
/// character runs first, until the next would pass this.
const LOOKUPS: usize = 1024;

/// How many old lines, of those sharing the most character runs with a
/// new line, are compared with it.
const CANDIDATES: usize = 4;

/// The old line, of `olds` (in order), most alike to `new` and at least
/// [`SAME_PARAGRAPH`] alike; of equals, the first.
///
/// Diffing two unrelated paragraphs costs their lengths multiplied, so the
/// candidates are compared in order of how alike they could be at most
/// (the characters they share, in any order), and no further once that is
/// below the best found: the answer is the same as comparing them all.
fn most_alike(new: &str, olds: impl Iterator<Item = usize>, old_lines: &[&str]) -> Option<usize> {
    let new_chars = sorted_chars(new);
    let mut candidates: Vec<(usize, f32)> = olds
        .map(|o| (o, at_most_alike(&sorted_chars(old_lines[o]), &new_chars)))
        .filter(|&(_, bound)| bound >= SAME_PARAGRAPH)
        .collect();
    // Stable: of equal bounds, the earlier line first.
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut best: Option<(usize, f32)> = None;
    for (o, bound) in candidates {
        if best.is_some_and(|(_, r)| bound < r) {
            break;
        }
        let r = likeness(old_lines[o], new);
        let better = match best {
            // More alike, or as alike and earlier.
            Some((b, br)) => r.total_cmp(&br).then(b.cmp(&o)).is_gt(),
            None => r >= SAME_PARAGRAPH,
        };
        if better {
            best = Some((o, r));
        }
    }
    best.map(|(o, _)| o)
}

/// The characters of a text, sorted.
fn sorted_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars
}

/// How alike two texts could be at most ([`likeness`]'s measure), given
/// their characters sorted: as if every character they share were in the
/// same order.
fn at_most_alike(a: &[char], b: &[char]) -> f32 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    ratio(shared, a.len() + b.len())
}

/// The old lines by the runs of [`RUN`] characters in them, for finding
/// where a changed line may have come from.
struct RunIndex {
    runs: HashMap<Run, Holders>,
}

/// How many characters make a run: enough that a run names few lines of
/// a report (`第115份` does, `工作` does not), few enough that a line
/// changed by half still shares some with what it was.
const RUN: usize = 3;

type Run = [char; RUN];

/// The old lines holding one run, in order, and a fingerprint of the list:
/// runs held by the same lines (every run of a sentence that five sections
/// repeat) say the same once.
#[derive(Default)]
struct Holders {
    lines: Vec<usize>,
    fingerprint: u64,
}

impl RunIndex {
    fn new(old_lines: &[&str], free: &[usize]) -> Self {
        let mut runs: HashMap<Run, Holders> = HashMap::new();
        for &o in free {
            for run in runs_of(old_lines[o]) {
                let holders = &mut runs.entry(run).or_default().lines;
                // Lines come in order: a run twice in one line is listed once.
                if holders.last() != Some(&o) {
                    holders.push(o);
                }
            }
        }
        for holders in runs.values_mut() {
            // SipHash with fixed keys: the same on every run of the tool.
            let mut hasher = std::hash::DefaultHasher::new();
            holders.lines.hash(&mut hasher);
            holders.fingerprint = hasher.finish();
        }
        Self { runs }
    }

    /// The free old lines sharing the most runs with `new`, at most
    /// [`CANDIDATES`], in order. Its rarest runs are read first, at most
    /// [`LOOKUPS`] entries in all: a run every line has says nothing.
    fn candidates(&self, new: &str, taken: &[bool]) -> Vec<usize> {
        let mut found: Vec<(Run, &Holders)> = runs_of(new)
            .filter_map(|run| Some((run, self.runs.get(&run)?)))
            .collect();
        found.sort_unstable_by(|a, b| {
            (a.1.lines.len(), a.1.fingerprint, a.0).cmp(&(b.1.lines.len(), b.1.fingerprint, b.0))
        });
        found.dedup_by_key(|(_, holders)| (holders.lines.len(), holders.fingerprint));
        let mut shared: HashMap<usize, usize> = HashMap::new();
        let mut read = 0;
        for (_, holders) in found {
            read += holders.lines.len();
            if read > LOOKUPS {
                break;
            }
            for &o in holders.lines.iter().filter(|&&o| !taken[o]) {
                *shared.entry(o).or_default() += 1;
            }
        }
        let mut best: Vec<(usize, usize)> = shared.into_iter().collect();
        // The most shared first; of equals, the earlier line.
        best.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut olds: Vec<usize> = best.into_iter().take(CANDIDATES).map(|(o, _)| o).collect();
        olds.sort_unstable();
        olds
    }
}

/// The runs of [`RUN`] neighbouring characters of a text.
fn runs_of(text: &str) -> impl Iterator<Item = Run> + '_ {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(RUN - 1)).map(move |i| [chars[i], chars[i + 1], chars[i + 2]])
}

/// How alike two texts are, 0 to 1, by their characters.
fn likeness(a: &str, b: &str) -> f32 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // At best every character of the shorter is shared: when even that is
    // below the bar, no diff is needed (most pairs of unmatched paragraphs).
    let best = (2 * a.len().min(b.len())) as f32 / (a.len() + b.len()).max(1) as f32;
    if best < SAME_PARAGRAPH {
        return best;
    }
    let ops = capture_diff_slices(Algorithm::Patience, &a, &b);
    let same: usize = ops
        .iter()
        .map(|op| match *op {
            DiffOp::Equal { len, .. } => len,
            _ => 0,
        })
        .sum();
    ratio(same, a.len() + b.len())
}

/// Twice the characters two texts share, over the characters of both.
fn ratio(shared: usize, total: usize) -> f32 {
    if total == 0 {
        1.0
    } else {
        (2 * shared) as f32 / total as f32
    }
}

/// Compares two versions of a paragraph sentence by sentence, and the
/// changed sentences token by token; returns the pieces and the changed
/// sentences (0-based in the new paragraph).
fn compare_line(old: &str, new: &str) -> (Vec<Piece>, Vec<usize>) {
    let old_s = sentences::sentences(old);
    let new_s = sentences::sentences(new);
    let ops = capture_diff_slices(Algorithm::Patience, &old_s, &new_s);
    let mut out = Pieces::default();
    let mut changed = Vec::new();
    for op in &ops {
        if let DiffOp::Equal { new_index, len, .. } = *op {
            for s in &new_s[new_index..new_index + len] {
                out.same(s);
            }
            continue;
        }
        let (old_range, new_range) = (op.old_range(), op.new_range());
        // Sentences replaced in order: the k-th old by the k-th new when
        // alike; the rest deleted or inserted whole.
        let (mut o, mut n) = (old_range.start, new_range.start);
        while o < old_range.end || n < new_range.end {
            let pair = o < old_range.end
                && n < new_range.end
                && likeness(old_s[o], new_s[n]) >= SAME_PARAGRAPH;
            if pair {
                compare_sentence(old_s[o], new_s[n], &mut out);
                changed.push(n);
                o += 1;
                n += 1;
            } else if o < old_range.end && (n >= new_range.end || old_range.len() > new_range.len())
            {
                out.change(old_s[o], "", Cause::Wording);
                // A deleted sentence is marked at the sentence after it.
                changed.push(n.min(new_s.len().saturating_sub(1)));
                o += 1;
            } else {
                out.change("", new_s[n], Cause::Wording);
                changed.push(n);
                n += 1;
            }
        }
    }
    changed.dedup();
    (out.pieces, changed)
}

/// Token by token: the changes inside one sentence.
fn compare_sentence(old: &str, new: &str, out: &mut Pieces) {
    let old_t = sentences::tokens(old);
    let new_t = sentences::tokens(new);
    let old_texts: Vec<&str> = old_t.iter().map(|t| t.text).collect();
    let new_texts: Vec<&str> = new_t.iter().map(|t| t.text).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_texts, &new_texts);
    for op in &ops {
        if let DiffOp::Equal { new_index, len, .. } = *op {
            for t in &new_texts[new_index..new_index + len] {
                out.same(t);
            }
        } else {
            {
                let (o, n) = (op.old_range(), op.new_range());
                let numbers_only = old_t[o.clone()]
                    .iter()
                    .chain(&new_t[n.clone()])
                    .all(|t| matches!(t.kind, TokenKind::Number | TokenKind::Space));
                let cause = if numbers_only && !o.is_empty() && !n.is_empty() {
                    Cause::Data
                } else {
                    Cause::Wording
                };
                out.change(&old_texts[o].concat(), &new_texts[n].concat(), cause);
            }
        }
    }
}

/// Pieces being put together: neighbours of one kind merge.
#[derive(Default)]
struct Pieces {
    pieces: Vec<Piece>,
}

impl Pieces {
    fn same(&mut self, text: &str) {
        if let Some(Piece::Same(last)) = self.pieces.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.pieces.push(Piece::Same(text.to_owned()));
        }
    }

    fn change(&mut self, old: &str, new: &str, cause: Cause) {
        if old.is_empty() && new.is_empty() {
            return;
        }
        self.pieces.push(Piece::Change {
            old: old.to_owned(),
            new: new.to_owned(),
            cause,
        });
    }
}

/// The sentences the new draft kept that hold a number, a date or a period
/// word: of unchanged and moved lines, and the unchanged sentences of
/// changed lines.
fn unchanged_figures(lines: &[Line]) -> Vec<Unchanged> {
    let mut out = Vec::new();
    let mut keep = |line: usize, sentence: &str| {
        let shown = shown_sentence(sentence);
        if sentences::holds_figure(&shown) {
            out.push(Unchanged {
                line,
                sentence: shown,
            });
        }
    };
    for l in lines {
        match l {
            Line::Same { new, text, .. } | Line::Moved { new, text, .. } => {
                for s in block_sentences(text) {
                    keep(*new, s);
                }
            }
            Line::Changed {
                new,
                pieces,
                sentences: changed,
                ..
            } => {
                let text = new_text(pieces);
                for (i, s) in sentences::sentences(&text).into_iter().enumerate() {
                    if !changed.contains(&i) {
                        keep(*new, s);
                    }
                }
            }
            Line::Inserted { .. } | Line::Deleted { .. } | Line::MovedAway { .. } => {}
        }
    }
    out
}

/// The new text of a changed line.
pub(crate) fn new_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => s.as_str(),
            Piece::Change { new, .. } => new.as_str(),
        })
        .collect()
}

/// The old text of a changed line.
#[cfg(test)]
fn old_text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Same(s) => s.as_str(),
            Piece::Change { old, .. } => old.as_str(),
        })
        .collect()
}

/// Where a block's source lines meet, as shown to a reviewer (a title and
/// the lines under it, a run-in lead and its text).
const LINE_MARK: &str = "／";

/// A piece inside a block as a reader sees it: no `**`, its source lines
/// marked apart.
pub(crate) fn shown_inline(text: &str) -> String {
    text.replace("**", "").replace('\n', LINE_MARK)
}

/// A block as a reader sees it: without the Markdown marks of a draft (the
/// `#` of a heading, the `**` of bold), its source lines marked apart.
pub(crate) fn shown(text: &str) -> String {
    shown_inline(text.trim_start_matches('#').trim_start())
}

/// A sentence as a reader sees it: without Markdown marks, the line break
/// after a run-in lead dropped.
fn shown_sentence(text: &str) -> String {
    shown(text.trim_start_matches(['*', '\n']))
        .trim_start_matches(LINE_MARK)
        .to_owned()
}

/// The sentences of a block for the list of unchanged ones: a table's rows
/// (but its delimiter row), a paragraph's sentences.
fn block_sentences(block: &str) -> Vec<&str> {
    if block.starts_with('|') {
        return block
            .lines()
            .filter(|row| row.contains(|c: char| c != '|' && c != '-' && c != ':' && c != ' '))
            .collect();
    }
    sentences::sentences(block)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(diff: &DraftDiff) -> Vec<(String, String, Cause)> {
        diff.lines
            .iter()
            .flat_map(|l| match l {
                Line::Changed { pieces, .. } => pieces.clone(),
                _ => Vec::new(),
            })
            .filter_map(|p| match p {
                Piece::Change { old, new, cause } => Some((old, new, cause)),
                Piece::Same(_) => None,
            })
            .collect()
    }

    #[test]
    fn numbers_change_whole_and_words_by_word() {
        let diff = compare(
            "标题\n\n全县共有党支部86个，环比增长6.2%。工作稳步推进。\n",
            "标题\n\n全县共有党支部90个，环比增长4.7%。工作扎实推进。\n",
        );
        assert_eq!(
            changes(&diff),
            [
                ("86".into(), "90".into(), Cause::Data),
                ("6.2%".into(), "4.7%".into(), Cause::Data),
                ("稳步".into(), "扎实".into(), Cause::Wording),
            ]
        );
        assert_eq!(diff.marks(), 3);
        assert!(diff.differs());
    }

    #[test]
    fn moved_inserted_and_deleted_paragraphs() {
        let diff = compare(
            "甲段。\n\n乙段落内容较长。\n\n丙丙丙。\n",
            "乙段落内容较长。\n\n甲段。\n\n丁新的内容。\n",
        );
        let kinds: Vec<&str> = diff
            .lines
            .iter()
            .map(|l| match l {
                Line::Same { .. } => "same",
                Line::Moved { .. } => "moved",
                Line::Changed { .. } => "changed",
                Line::Inserted { .. } => "inserted",
                Line::Deleted { .. } => "deleted",
                Line::MovedAway { .. } => "moved away",
            })
            .collect();
        assert!(kinds.contains(&"moved"), "{kinds:?}");
        assert!(
            kinds.contains(&"inserted") && kinds.contains(&"deleted"),
            "{kinds:?}"
        );
    }

    #[test]
    fn unchanged_sentences_with_figures_are_listed() {
        let diff = compare(
            "一、概况\n\n服务时长3.6万小时。共有党支部86个。坚持学习。\n",
            "一、概况\n\n服务时长3.6万小时。共有党支部90个。坚持学习。\n",
        );
        let listed: Vec<&str> = diff.unchanged.iter().map(|u| u.sentence.as_str()).collect();
        assert_eq!(listed, ["服务时长3.6万小时。"]);
    }

    #[test]
    fn equal_drafts_do_not_differ() {
        let diff = compare("甲。\n\n\n乙。", "甲。  \n\n乙。\n");
        assert!(!diff.differs());
        assert_eq!(diff.marks(), 0);
    }

    #[test]
    fn changed_lines_give_back_both_texts() {
        let old = "参加学习214场次，服务1250余人次。";
        let new = "参加集中学习326场次，服务1300余人次；成效明显。";
        let (pieces, _) = compare_line(old, new);
        assert_eq!(old_text(&pieces), old);
        assert_eq!(new_text(&pieces), new);
    }

    /// Pseudo-random numbers from `seed` (a linear congruential generator:
    /// the same drafts on every run).
    fn numbers(mut seed: u32) -> impl FnMut() -> u32 {
        move || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            seed >> 8
        }
    }

    /// A paragraph of `len` characters drawn from 2,000 CJK ideographs by
    /// `next`: two of them share next to nothing.
    fn random_paragraph(next: &mut impl FnMut() -> u32, len: usize) -> String {
        (0..len)
            .map(|_| char::from_u32(0x4E00 + next() % 2000).expect("CJK"))
            .collect::<String>()
            + "。"
    }

    /// A draft of `paragraphs` joined as Markdown blocks.
    fn draft(paragraphs: &[String]) -> String {
        paragraphs.join("\n\n") + "\n"
    }

    /// The (old, new) lines each line of the new draft was paired with,
    /// and the old lines shown as deleted.
    fn pairing(diff: &DraftDiff) -> (Vec<(usize, usize)>, Vec<usize>) {
        let mut pairs = Vec::new();
        let mut deleted = Vec::new();
        for line in &diff.lines {
            match *line {
                Line::Same { old, new, .. }
                | Line::Moved { old, new, .. }
                | Line::Changed { old, new, .. } => pairs.push((old, new)),
                Line::Deleted { old, .. } => deleted.push(old),
                Line::Inserted { .. } | Line::MovedAway { .. } => {}
            }
        }
        pairs.sort_unstable();
        (pairs, deleted)
    }

    #[test]
    fn a_short_paragraph_changed_in_place_is_paired() {
        // No run of three characters in common: found by its place.
        let diff = compare(
            "甲段落。\n\n乙乙。\n\n丙段落。\n",
            "甲段落。\n\n乙丙。\n\n丙段落。\n",
        );
        assert_eq!(
            changes(&diff),
            [("乙乙".into(), "乙丙".into(), Cause::Wording)]
        );
    }

    #[test]
    fn of_equally_alike_lines_the_first_is_taken() {
        // "abdcx" could be more alike than "ab" (it has every character of
        // "abcd"), and is compared first; it is as alike (2/3), not more.
        let olds = ["ab", "abdcx"];
        assert_eq!(
            likeness(olds[0], "abcd").to_bits(),
            likeness(olds[1], "abcd").to_bits()
        );
        assert_eq!(most_alike("abcd", 0..2, &olds), Some(0));
    }

    #[test]
    fn a_paragraph_moved_far_and_changed_is_paired_with_where_it_was() {
        let mut next = numbers(7);
        let old: Vec<String> = (0..60).map(|_| random_paragraph(&mut next, 40)).collect();
        let mut new = old.clone();
        // Paragraph 5 moves to the end, two characters changed; 30 changes
        // where it is.
        let mut moved = new.remove(5);
        moved.replace_range(0..3, "变");
        moved.push_str("新增");
        new.push(moved);
        new[29].replace_range(0..3, "改");
        let diff = compare(&draft(&old), &draft(&new));
        let changed: Vec<(usize, usize, bool)> = diff
            .lines
            .iter()
            .filter_map(|l| match *l {
                Line::Changed {
                    old, new, moved, ..
                } => Some((old, new, moved)),
                _ => None,
            })
            .collect();
        assert_eq!(changed, [(30, 29, false), (5, 59, true)]);
        // Where it was, it is shown as moved away.
        assert!(diff.lines.contains(&Line::MovedAway {
            old: 5,
            text: old[5].clone()
        }));
        assert!(
            !diff
                .lines
                .iter()
                .any(|l| matches!(l, Line::Inserted { .. } | Line::Deleted { .. })),
            "{:?}",
            diff.lines
        );
    }

    #[test]
    fn near_copies_are_told_apart_by_what_differs() {
        // Twenty sections repeat thirty paragraphs, told apart only by the
        // section's number; every paragraph is changed a little and moved.
        // The runs of a paragraph's words are held by all twenty copies
        // alike: read once, they leave room to read the section's number.
        let mut next = numbers(11);
        let bodies: Vec<String> = (0..30).map(|_| random_paragraph(&mut next, 60)).collect();
        let old: Vec<String> = (0..20)
            .flat_map(|k| bodies.iter().map(move |body| format!("{body}（第{k}份）")))
            .collect();
        let mut order: Vec<usize> = (0..old.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, next() as usize % (i + 1));
        }
        let new: Vec<String> = order
            .iter()
            .map(|&o| {
                let mut chars: Vec<char> = old[o].chars().collect();
                chars[next() as usize % 60] = '变';
                chars.into_iter().collect()
            })
            .collect();
        let diff = compare(&draft(&old), &draft(&new));
        let mut expected: Vec<(usize, usize)> =
            order.iter().enumerate().map(|(n, &o)| (o, n)).collect();
        expected.sort_unstable();
        assert_eq!(pairing(&diff), (expected, Vec::new()));
    }

    /// A paragraph of an edited draft, where it came from and whether it
    /// was changed.
    type Edited = (String, Option<usize>, bool);

    /// A draft of `count` unrelated paragraphs, and the same edited by
    /// `edits`: changed (at most a fifth of a paragraph's characters, once:
    /// twice could change it by half), moved, deleted, inserted. Each new
    /// paragraph with where it came from and whether it was changed.
    fn edited(seed: u32, count: usize, edits: Vec<(u8, u16)>) -> (Vec<String>, Vec<Edited>) {
        let mut next = numbers(seed);
        let old: Vec<String> = (0..count)
            .map(|_| {
                let len = 20 + next() as usize % 60;
                random_paragraph(&mut next, len)
            })
            .collect();
        let mut new: Vec<Edited> = old
            .iter()
            .cloned()
            .enumerate()
            .map(|(i, p)| (p, Some(i), false))
            .collect();
        for (kind, at) in edits {
            if new.is_empty() {
                break;
            }
            let at = usize::from(at) % new.len();
            match kind {
                // Changed: a fifth of its characters, at most.
                0 | 1 if !new[at].2 => {
                    let mut chars: Vec<char> = new[at].0.chars().collect();
                    for _ in 0..chars.len() / 5 {
                        let k = next() as usize % chars.len();
                        chars[k] = '变';
                    }
                    new[at] = (chars.into_iter().collect(), new[at].1, true);
                }
                0 | 1 => {}
                // Moved elsewhere.
                2 | 3 => {
                    let paragraph = new.remove(at);
                    let to = next() as usize % (new.len() + 1);
                    new.insert(to, paragraph);
                }
                4 => {
                    new.remove(at);
                }
                _ => new.insert(at, (random_paragraph(&mut next, 30), None, false)),
            }
        }
        (old, new)
    }

    /// [`edited`] as two drafts.
    fn edited_drafts(seed: u32, count: usize, edits: Vec<(u8, u16)>) -> (String, String) {
        let (old, new) = edited(seed, count, edits);
        let new: Vec<String> = new.into_iter().map(|(p, ..)| p).collect();
        (draft(&old), draft(&new))
    }

    /// A redline's text with every tracked change accepted (`accept`) or
    /// rejected: the kept side's text without its marks, the other dropped.
    fn settled(marked: &str, accept: bool) -> String {
        let (mut out, mut inside) = (String::new(), None);
        for c in marked.chars() {
            match c {
                '\u{E000}' | '\u{E002}' => inside = Some(true),
                '\u{E004}' | '\u{E006}' => inside = Some(false),
                '\u{E001}' | '\u{E003}' | '\u{E005}' | '\u{E007}' => inside = None,
                c if inside.is_none_or(|inserted| inserted == accept) => out.push(c),
                _ => {}
            }
        }
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// Drafts of unrelated paragraphs, the new one with paragraphs
        /// moved, changed (at most a fifth of their characters), moved and
        /// changed, deleted and inserted: each paragraph is paired with the
        /// one it came from, wherever it went, and only with it.
        #[test]
        fn every_paragraph_is_paired_with_the_one_it_came_from(
            seed in proptest::prelude::any::<u32>(),
            count in 1_usize..120,
            edits in proptest::collection::vec((0_u8..6, proptest::prelude::any::<u16>()), 0..40),
        ) {
            let (old, new) = edited(seed, count, edits);
            let texts: Vec<String> = new.iter().map(|(p, ..)| p.clone()).collect();
            let diff = compare(&draft(&old), &draft(&texts));
            let mut expected: Vec<(usize, usize)> = new
                .iter()
                .enumerate()
                .filter_map(|(n, (_, from, _))| Some(((*from)?, n)))
                .collect();
            expected.sort_unstable();
            let kept: Vec<usize> = expected.iter().map(|&(o, _)| o).collect();
            let gone: Vec<usize> = (0..count).filter(|o| !kept.contains(o)).collect();
            proptest::prop_assert_eq!(pairing(&diff), (expected, gone));
        }

        /// The redline's promise on random drafts (moves, edits, moves of
        /// edited paragraphs, deletions, insertions): accepting every
        /// tracked change gives the new draft, rejecting every one the old.
        #[test]
        fn accepting_the_redline_gives_the_new_draft_rejecting_it_the_old(
            seed in proptest::prelude::any::<u32>(),
            count in 1_usize..40,
            edits in proptest::collection::vec((0_u8..6, proptest::prelude::any::<u16>()), 0..16),
        ) {
            let (old, new) = edited_drafts(seed, count, edits);
            let marked = redline::marked_draft(&compare(&old, &new), &new);
            proptest::prop_assert_eq!(paragraphs(&settled(&marked, true)), paragraphs(&new));
            proptest::prop_assert_eq!(paragraphs(&settled(&marked, false)), paragraphs(&old));
        }

        /// Comparing candidates in order of how alike they could be, and
        /// stopping early, picks what comparing each in turn picks.
        #[test]
        fn the_most_alike_is_the_one_comparing_them_all_finds(
            new in "[abc]{0,12}",
            olds in proptest::collection::vec("[abc]{0,12}", 0..8),
        ) {
            let old_lines: Vec<&str> = olds.iter().map(String::as_str).collect();
            let all = 0..old_lines.len();
            let expected = all
                .clone()
                .map(|o| (o, likeness(old_lines[o], &new)))
                .filter(|&(_, r)| r >= SAME_PARAGRAPH)
                .fold(None::<(usize, f32)>, |best, c| match best {
                    Some(b) if b.1 >= c.1 => Some(b),
                    _ => Some(c),
                })
                .map(|(o, _)| o);
            proptest::prop_assert_eq!(most_alike(&new, all, &old_lines), expected);
            // (Below the bar, `likeness` may give a bound of its own.)
            for old in &old_lines {
                let bound = at_most_alike(&sorted_chars(old), &sorted_chars(&new));
                let r = likeness(old, &new);
                proptest::prop_assert!(r < SAME_PARAGRAPH || bound >= r);
            }
        }
    }
}
