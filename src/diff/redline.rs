//! The redline DOCX: the new draft with the old one's text put back in as
//! deletions and the new text marked as insertions, for the DOCX converter
//! to write as Word tracked changes (`docx::tracked`). Numbers change whole;
//! a change of numbers only is the data's (author 数据更新), any other the
//! wording's (文字修改), so a section chief can accept all number updates at
//! once.
//!
//! The marks go into the Markdown as private-use characters around each
//! changed stretch; Markdown's own marks (`#`, `**`, `|`) stay outside them,
//! so the draft is read into the same blocks as the plain new draft.

use std::path::{Path, PathBuf};

use super::{Cause, DraftDiff, Line, Piece};
use crate::diag::{Diagnostic, Explain, Severity};
use crate::docx::tracked::{Mark, marks};
use crate::docx::{DocProps, DocxError, Frame, StyleProfile, markdown_to_redline};
use crate::pipeline::Pipeline;
use crate::render::Draft;
use crate::zh::period::Period;

/// The file name of a draft's redline beside it: `huibao-修订.docx`.
pub(crate) fn file_name(draft: &Draft) -> String {
    format!("{}-修订.docx", draft.genre)
}

/// The new draft as a DOCX with its changes against `old` tracked.
pub(crate) fn docx(old: &str, new: &Draft, style: &StyleProfile) -> Result<Vec<u8>, DocxError> {
    let diff = super::compare(old, &new.markdown);
    docx_of(&diff, &new.markdown, &new.props, new.frame.as_ref(), style)
}

/// The draft `new` as a DOCX with the changes of `diff` tracked, laid out
/// with `props` and `frame` as its plain DOCX is.
pub(crate) fn docx_of(
    diff: &DraftDiff,
    new: &str,
    props: &DocProps,
    frame: Option<&Frame>,
    style: &StyleProfile,
) -> Result<Vec<u8>, DocxError> {
    markdown_to_redline(&marked_draft(diff, new), props, frame, style)
}

/// Why `build --redline` wrote no redline for a data file.
#[derive(Debug)]
pub(crate) enum NoRedline {
    /// The file's name is no period (`2026-Q3.yaml`), so it has no "before".
    NoPeriod,
    /// No data file of the period before beside it.
    NoPrevious { expected: PathBuf },
    /// The period before has errors of its own.
    PreviousFails { previous: PathBuf },
}

impl Explain for NoRedline {
    fn message(&self) -> String {
        match self {
            NoRedline::NoPeriod => {
                "文件名不是期别（如 2026-Q3.yaml），找不到上一期，未生成修订稿".into()
            }
            NoRedline::NoPrevious { expected } => {
                format!("没有上一期的数据文件“{}”，未生成修订稿", expected.display())
            }
            NoRedline::PreviousFails { previous } => format!(
                "上一期的数据文件“{}”有错误（用 wengao check 查看），未生成修订稿",
                previous.display()
            ),
        }
    }
}

/// The drafts of the period before `file` (`data/liuchuan/2026-Q2.yaml`
/// before `2026-Q3.yaml`), drafted in memory by `pipeline`; or a warning
/// on `file` saying why there are none.
pub(crate) fn previous_drafts(pipeline: &Pipeline, file: &Path) -> Result<Vec<Draft>, Diagnostic> {
    let warn = |why| Diagnostic::file(Severity::Warning, file, why);
    let period: Period = file
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| warn(NoRedline::NoPeriod))?;
    let previous = period.previous().to_string();
    let candidates = ["yaml", "yml"].map(|ext| file.with_file_name(format!("{previous}.{ext}")));
    let Some(found) = candidates.iter().find(|p| p.is_file()) else {
        return Err(warn(NoRedline::NoPrevious {
            expected: candidates[0].clone(),
        }));
    };
    let fails = || {
        warn(NoRedline::PreviousFails {
            previous: found.clone(),
        })
    };
    let drafted = pipeline.run(found, &PathBuf::new).map_err(|_| fails())?;
    if drafted.findings.iter().any(Diagnostic::is_error) || drafted.drafts.is_empty() {
        return Err(fails());
    }
    Ok(drafted.drafts)
}

/// The new draft `new` with the changes of `diff` marked in it.
pub(crate) fn marked_draft(diff: &DraftDiff, new: &str) -> String {
    let count = super::paragraphs(new).len();
    let mut marked: Vec<String> = vec![String::new(); count];
    let mut deleted_before: Vec<Vec<String>> = vec![Vec::new(); count + 1];
    // Deleted blocks go before the next block of the new draft.
    let mut pending: Vec<String> = Vec::new();
    for line in &diff.lines {
        match line {
            Line::Deleted { text, .. } | Line::MovedAway { text, .. } => {
                let mut out = String::new();
                deleted(&mut out, strip_heading(text), Cause::Wording);
                pending.push(out);
            }
            Line::Same { new, text, .. } => {
                marked[*new].clone_from(text);
                deleted_before[*new].append(&mut pending);
            }
            Line::Moved { new, text, .. } | Line::Inserted { new, text } => {
                marked[*new] = inserted_whole(text);
                deleted_before[*new].append(&mut pending);
            }
            // Moved as well: inserted whole, as it was deleted whole where it
            // was, so rejecting every change puts the old draft back in order.
            Line::Changed {
                new,
                pieces,
                moved: true,
                ..
            } => {
                marked[*new] = inserted_whole(&super::new_text(pieces));
                deleted_before[*new].append(&mut pending);
            }
            Line::Changed { new, pieces, .. } => {
                let mut out = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Same(text) => out.push_str(text),
                        Piece::Change { old, new, cause } => {
                            deleted(&mut out, old, *cause);
                            inserted(&mut out, new, *cause);
                        }
                    }
                }
                marked[*new] = out;
                deleted_before[*new].append(&mut pending);
            }
        }
    }
    deleted_before[count].append(&mut pending);

    // Blocks are separated by blank lines; each deleted one becomes a
    // block of its own before the block that followed it.
    let mut blocks: Vec<String> = Vec::with_capacity(count * 2);
    for (k, block) in marked.into_iter().enumerate() {
        blocks.append(&mut deleted_before[k]);
        blocks.push(block);
    }
    blocks.append(&mut deleted_before[count]);
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

/// A block inserted whole: a heading's `#` marks stay outside the mark.
fn inserted_whole(text: &str) -> String {
    let mut out = String::new();
    let (prefix, body) = split_heading(text);
    out.push_str(prefix);
    inserted(&mut out, body, Cause::Wording);
    out
}

/// A heading's `#` marks and the text after them.
fn split_heading(text: &str) -> (&str, &str) {
    let body = text.trim_start_matches('#');
    if body.len() == text.len() {
        return ("", text);
    }
    let body = body.trim_start();
    text.split_at(text.len() - body.len())
}

fn strip_heading(text: &str) -> &str {
    split_heading(text).1
}

/// Is `c` a mark of Markdown (or a line break inside a block) that must
/// stay outside a tracked change?
fn is_markup(c: char) -> bool {
    matches!(c, '*' | '|' | '\n')
}

/// `text` as an insertion: Markdown marks stay, outside the tracked marks.
fn inserted(out: &mut String, text: &str, cause: Cause) {
    let mark = Mark::Inserted {
        data: cause == Cause::Data,
    };
    wrap(out, text, mark, true);
}

/// `text` as a deletion: Markdown marks in it are dropped (they are not
/// text, and the new draft's structure is kept).
fn deleted(out: &mut String, text: &str, cause: Cause) {
    let mark = Mark::Deleted {
        data: cause == Cause::Data,
    };
    wrap(out, text, mark, false);
}

fn wrap(out: &mut String, text: &str, mark: Mark, keep_markup: bool) {
    let (open, close) = marks(mark);
    let mut inside = false;
    for c in text.chars() {
        if is_markup(c) {
            if inside {
                out.push(close);
                inside = false;
            }
            if keep_markup {
                out.push(c);
            }
            continue;
        }
        if !inside {
            out.push(open);
            inside = true;
        }
        out.push(c);
    }
    if inside {
        out.push(close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::compare;

    fn readable(marked: &str) -> String {
        marked
            .chars()
            .map(|c| match c {
                '\u{E000}' => '⟨',
                '\u{E002}' => '«',
                '\u{E001}' | '\u{E003}' => '⟩',
                '\u{E004}' => '[',
                '\u{E006}' => '{',
                '\u{E005}' | '\u{E007}' => ']',
                c => c,
            })
            .collect()
    }

    #[test]
    fn numbers_and_words_are_marked_by_cause() {
        let old = "# 标题\n\n共有党支部86个，工作稳步推进。\n";
        let new = "# 标题\n\n共有党支部90个，工作扎实推进。\n";
        let marked = marked_draft(&compare(old, new), new);
        assert_eq!(
            readable(&marked),
            "# 标题\n\n共有党支部[86]⟨90⟩个，工作{稳步]«扎实⟩推进。\n"
        );
    }

    #[test]
    fn bold_marks_stay_outside_and_deleted_lines_get_a_block() {
        let old = "# 标题\n\n甲段。\n\n旧的一段话。\n\n乙段。\n";
        let new = "# 标题\n\n甲段。\n\n乙段。\n\n**新增。**新的段落。\n";
        let marked = marked_draft(&compare(old, new), new);
        assert_eq!(
            readable(&marked),
            "# 标题\n\n甲段。\n\n{旧的一段话。]\n\n乙段。\n\n**«新增。⟩**«新的段落。⟩\n"
        );
    }
}
