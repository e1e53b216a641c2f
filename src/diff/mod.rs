//! Comparing two drafts as a reviewer reads them: paragraph by paragraph
//! (matched even when moved), sentence by sentence, and inside a changed
//! sentence word by word with every number whole
//! (`conventions::sentences`). The sequences are diffed by `similar`
//! (Patience); this module only decides what is matched with what.
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
    Changed {
        old: usize,
        new: usize,
        pieces: Vec<Piece>,
        sentences: Vec<usize>,
    },
    Inserted {
        new: usize,
        text: String,
    },
    Deleted {
        old: usize,
        text: String,
    },
    /// Where a [`Line::Moved`] paragraph was in the old draft.
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
    let (old_free, new_free) = unmatched(&ops);
    let pairs = pair_lines(&old_lines, &new_lines, &old_free, &new_free);
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
        // Old lines not paired in place come before the new line paired
        // with an old line after them, so the old order is kept.
        let mut next_old = old_range.start;
        let mut old_up_to = |end: usize, lines: &mut Vec<Line>| {
            while next_old < end.min(old_range.end) {
                let o = next_old;
                let text = old_lines[o].to_owned();
                match paired_old(o) {
                    // Changed: shown where the new draft has it.
                    Some(n) if new_lines[n] != old_lines[o] => {}
                    Some(n) if new_lines[n] == old_lines[o] => {
                        lines.push(Line::MovedAway { old: o, text });
                    }
                    _ => lines.push(Line::Deleted { old: o, text }),
                }
                next_old += 1;
            }
        };
        for n in new_range.clone() {
            if let Some(o) = paired_new(n).filter(|o| old_range.contains(o)) {
                old_up_to(o + 1, &mut lines);
            }
            let text = new_lines[n];
            lines.push(match paired_new(n) {
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
                    }
                }
                None => Line::Inserted {
                    new: n,
                    text: text.to_owned(),
                },
            });
        }
        old_up_to(old_range.end, &mut lines);
    }
    let unchanged = unchanged_figures(&lines);
    DraftDiff { lines, unchanged }
}

/// The lines of each side that the plain diff did not match.
fn unmatched(ops: &[DiffOp]) -> (Vec<usize>, Vec<usize>) {
    let mut old_free = Vec::new();
    let mut new_free = Vec::new();
    for op in ops {
        if !matches!(op, DiffOp::Equal { .. }) {
            old_free.extend(op.old_range());
            new_free.extend(op.new_range());
        }
    }
    (old_free, new_free)
}

/// Pairs unmatched old and new lines: first the same text (a moved
/// paragraph), then the most alike above [`SAME_PARAGRAPH`] (a changed one).
fn pair_lines(
    old_lines: &[&str],
    new_lines: &[&str],
    old_free: &[usize],
    new_free: &[usize],
) -> Vec<(usize, usize)> {
    let mut taken_old = vec![false; old_free.len()];
    let mut pairs = Vec::new();
    let mut left = Vec::new();
    // The same text: each old paragraph once, the first free one first.
    let mut by_text: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (i, &o) in old_free.iter().enumerate() {
        by_text.entry(old_lines[o]).or_default().push_back(i);
    }
    for &n in new_free {
        match by_text.get_mut(new_lines[n]).and_then(VecDeque::pop_front) {
            Some(i) => {
                taken_old[i] = true;
                pairs.push((old_free[i], n));
            }
            None => left.push(n),
        }
    }
    for n in left {
        let best = old_free
            .iter()
            .enumerate()
            .filter(|&(i, _)| !taken_old[i])
            .map(|(i, &o)| (i, o, likeness(old_lines[o], new_lines[n])))
            .filter(|&(_, _, r)| r >= SAME_PARAGRAPH)
            // The most alike; of equals, the first.
            .fold(None::<(usize, usize, f32)>, |best, c| match best {
                Some(b) if b.2 >= c.2 => Some(b),
                _ => Some(c),
            });
        if let Some((i, o, _)) = best {
            taken_old[i] = true;
            pairs.push((o, n));
        }
    }
    pairs
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
    let total = a.len() + b.len();
    if total == 0 {
        1.0
    } else {
        (2 * same) as f32 / total as f32
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
}
