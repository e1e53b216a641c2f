//! What `build` writes for one draft when a reviewer may have edited the
//! last version, in its `.md` or in Word.
//!
//! For each draft wengao keeps, in one file under [`BASE_DIR`] in the output
//! folder (`<genre>.md`), the Markdown it rendered last and, when it wrote
//! a DOCX, the paragraphs of the DOCX that rendering gives (see `HEADER`).
//! On the next build, with the draft rendered anew:
//!
//! * the `.md` is the reviewer's text when it differs from the base;
//! * the `.docx`, when it is not one wengao wrote (with `--format both`) or
//!   always (with `--format docx`), is read back, compared with the base
//!   paragraphs, and its edits placed in the base Markdown;
//! * both edited: the two are merged first (a sentence changed differently
//!   in each is a conflict);
//! * then [`merge3`] of base, the reviewer's text and the new render.
//!
//! Without conflicts the merged text is written as `.md` and as `.docx`,
//! together, and the edited files it replaces are adopted (see
//! [`OutputDir::adopt`]): only those exact contents may be replaced, so a
//! save made meanwhile is still refused. With a conflict nothing of the
//! draft is written — neither file nor its base — and the run names each
//! conflict with both versions. The base is written after the draft, and
//! only when the draft was (see `build`), so a base never runs ahead of
//! the text on disk; a base records the hashes of the drafts written
//! with it, so a run stopped between the two is recognised.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Explain;
use crate::docx::{StyleProfile, gongwen_with_text, readback};
use crate::output::{OutputDir, Planned, sha256};
use crate::render::{Draft, RenderError, Renderer};
use crate::review::merge::{Conflict, Unplaced, apply_word_edits, merge3, units};

/// The folder, in the output folder, of the bases of the merge.
pub(crate) const BASE_DIR: &str = ".wengao-base";

/// How many of a run's edits were kept, numbers updated and conflicts found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub kept: usize,
    pub updated: usize,
    pub conflicts: usize,
    /// Drafts the reviewer had edited.
    pub drafts: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, other: Tally) {
        self.kept += other.kept;
        self.updated += other.updated;
        self.conflicts += other.conflicts;
        self.drafts += other.drafts;
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "保留审阅修改{}处，更新数字{}处，冲突{}处",
            self.kept, self.updated, self.conflicts
        )
    }
}

/// Why a reviewed draft was held back: left as the reviewer left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HeldIssue {
    /// The reviewer and the new data changed the same sentences.
    Conflicts(Vec<Conflict>),
    /// The `.md` and the `.docx` were both edited, the same sentence differently.
    TwoEdits(Vec<Conflict>),
    /// An edit made in Word that has no place in the Markdown.
    Unplaced(Unplaced),
    /// A run was stopped between writing the draft and its base, and the
    /// draft's carried edits then clashed with the new numbers (a warning:
    /// the new render is written).
    Interrupted,
}

const HELD: &str = "这份文稿的 .md 和 .docx 都没有更新，仍是审阅后的版本";
const WAYS_OUT: &str =
    "请在 .md 中改好后重新运行；确要以新生成的版本为准，加 --force（审阅后的版本会先另存为备份）";

fn list(conflicts: &[Conflict], ours: &str, theirs: &str) -> String {
    let mut text = String::new();
    for c in conflicts {
        text.push_str(&format!(
            "\n  第{}行：\n    {ours}：{}\n    {theirs}：{}",
            c.line, c.ours, c.theirs
        ));
    }
    text
}

impl Explain for HeldIssue {
    fn message(&self) -> String {
        match self {
            HeldIssue::Conflicts(c) => format!(
                "审阅修改与新数据改动了同一句，共{}处冲突，{HELD}；{WAYS_OUT}{}",
                c.len(),
                list(c, "审阅修改", "按新数据")
            ),
            HeldIssue::TwoEdits(c) => format!(
                ".md 和 .docx 对同一句作了不同的修改，共{}处，{HELD}；请只在一处修改后重新运行{}",
                c.len(),
                list(c, ".md 中", ".docx 中")
            ),
            HeldIssue::Unplaced(u) => format!(
                "Word 文件中的修改“{}”无法对应到 Markdown 草稿（增删了段落，或改在带格式的文字中间），{HELD}；{WAYS_OUT}",
                u.edited
            ),
            HeldIssue::Interrupted => "上次生成在写完此文稿后、记下其底稿前被中断，此前带入的审阅修改无法与新数字区分，已按新数据重新生成；如有审阅修改，请重新修改".into(),
        }
    }
}

/// What to write for one draft.
#[derive(Debug)]
pub(crate) enum Carried {
    /// Write these files (the draft's `.md`/`.docx`); then, once they are
    /// written, `bases`. `tally` is `None` when nothing was edited;
    /// `warning` says why edits could not be carried, when they could not.
    Write {
        drafts: Vec<Planned>,
        bases: Vec<Planned>,
        tally: Option<Tally>,
        warning: Option<(PathBuf, HeldIssue)>,
    },
    /// Write nothing of this draft; the reviewer's version stays.
    Held { file: PathBuf, issue: HeldIssue },
}

/// The renderers of a build, by format.
pub(crate) struct Formats<'a> {
    pub md: Option<&'a dyn Renderer>,
    pub docx: Option<&'a dyn Renderer>,
    /// The layout of the DOCX.
    pub style: &'a StyleProfile,
}

/// A draft rendered once more with its numbers marked for Word comments
/// (`build --annotate`; see [`crate::docx::comments`]).
pub(crate) struct Annotation<'a> {
    pub marked: &'a str,
    pub notes: &'a [String],
}

/// `merged` with the marks of `marked` (the render `plain` with marks) put
/// back on every sentence it took unchanged from the render; the sentences
/// a reviewer wrote carry none.
fn transfer_marks(merged: &str, plain: &str, marked: &str) -> String {
    let (plain, marked) = (units(plain), units(marked));
    if plain.len() != marked.len() {
        return merged.to_owned();
    }
    let mut marks: HashMap<&str, &str> = HashMap::new();
    for (p, m) in plain.into_iter().zip(marked) {
        marks.entry(p).or_insert(m);
    }
    units(merged)
        .into_iter()
        .map(|u| marks.get(u).copied().unwrap_or(u))
        .collect()
}

/// The first line of a base file: this word, the hashes of the `.md` and
/// `.docx` written with it (`-` for a format not written), so a base can
/// tell whether the drafts on disk are the ones written with it, and the
/// length of the render in bytes. The render follows, then the DOCX's
/// paragraphs, one a line.
const HEADER: &str = "wengao-base";

/// A base file read back.
struct Base {
    render: String,
    paragraphs: Vec<String>,
    md_hash: String,
    docx_hash: String,
}

fn read_base(bytes: Vec<u8>) -> Option<Base> {
    let text = String::from_utf8(bytes).ok()?;
    let (header, rest) = text.split_once('\n')?;
    let mut fields = header.strip_prefix(HEADER)?.split_whitespace();
    let (md_hash, docx_hash) = (fields.next()?.to_owned(), fields.next()?.to_owned());
    let length: usize = fields.next()?.parse().ok()?;
    let (render, paragraphs) = (rest.get(..length)?, rest.get(length..)?);
    Some(Base {
        render: render.to_owned(),
        paragraphs: paragraphs.lines().map(str::to_owned).collect(),
        md_hash,
        docx_hash,
    })
}

fn base_file(render: &str, paragraphs: &[String], md_hash: &str, docx_hash: &str) -> Vec<u8> {
    let mut text = format!("{HEADER} {md_hash} {docx_hash} {}\n{render}", render.len());
    for p in paragraphs {
        text.push_str(&p.replace('\n', " "));
        text.push('\n');
    }
    text.into_bytes()
}

/// What `build` writes for `draft`, whose files go to `dir` in `out`.
/// With `force`, a draft that cannot be merged is replaced by the new
/// render (the edited file kept as a backup first).
pub(crate) fn carry(
    out: &OutputDir,
    dir: &Path,
    draft: &Draft,
    formats: &Formats,
    annotation: Option<&Annotation>,
    force: bool,
) -> Result<Carried, RenderError> {
    let genre = &draft.genre;
    let md_rel = dir.join(format!("{genre}.md"));
    let docx_rel = dir.join(format!("{genre}.docx"));
    let base_rel = Path::new(BASE_DIR).join(dir).join(format!("{genre}.md"));
    let theirs = &draft.markdown;
    let mut adopted: Vec<(&Path, Vec<u8>)> = Vec::new();
    let mut merged = None;
    let mut warning = None;
    if let Some(base) = out.read_current(&base_rel).and_then(read_base) {
        let md_now = formats.md.and_then(|_| out.read_current(&md_rel));
        let docx_now = formats.docx.and_then(|_| out.read_current(&docx_rel));
        // A draft wengao wrote, but not with this base: a run was stopped
        // between writing the draft and its base.
        let stale = |now: &Option<Vec<u8>>, rel: &Path, recorded: &str| {
            now.as_ref()
                .is_some_and(|b| out.wrote(rel, b) && sha256(b) != recorded)
        };
        let stale = stale(&md_now, &md_rel, &base.md_hash)
            || (formats.md.is_none() && stale(&docx_now, &docx_rel, &base.docx_hash));
        let base_md = &base.render;
        let ours_md = match md_now {
            Some(bytes) if bytes != base_md.as_bytes() => match String::from_utf8(bytes.clone()) {
                Ok(text) => {
                    adopted.push((&md_rel, bytes));
                    Some(text)
                }
                // Not text wengao can merge: left to the usual refusal.
                Err(_) => None,
            },
            _ => None,
        };
        let ours_docx = match docx_now {
            // With the .md beside it, a DOCX wengao wrote holds nothing new.
            Some(bytes) if !(formats.md.is_some() && out.wrote(&docx_rel, &bytes)) => {
                let base_paragraphs = (base.docx_hash != "-").then_some(&base.paragraphs);
                match (base_paragraphs, readback::paragraphs(&bytes)) {
                    (Some(base_paragraphs), Ok(edited)) => {
                        if edited == *base_paragraphs {
                            None
                        } else {
                            match apply_word_edits(base_md, base_paragraphs, &edited) {
                                Ok(md) => {
                                    adopted.push((&docx_rel, bytes));
                                    Some(md)
                                }
                                Err(unplaced) => {
                                    let issue = HeldIssue::Unplaced(unplaced);
                                    if !force {
                                        return Ok(Carried::Held {
                                            file: docx_rel,
                                            issue,
                                        });
                                    }
                                    None
                                }
                            }
                        }
                    }
                    // No base to read it against, or not a DOCX: left to
                    // the usual refusal.
                    _ => None,
                }
            }
            _ => None,
        };
        let ours = match (ours_md, ours_docx) {
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => Some(one),
            (Some(md), Some(docx)) => {
                let both = merge3(base_md, &md, &docx);
                if both.conflicts.is_empty() {
                    Some(both.text)
                } else if force {
                    None
                } else {
                    return Ok(Carried::Held {
                        file: md_rel,
                        issue: HeldIssue::TwoEdits(both.conflicts),
                    });
                }
            }
        };
        if let Some(ours) = ours {
            let m = merge3(base_md, &ours, theirs);
            let shown = if formats.md.is_some() {
                md_rel.clone()
            } else {
                docx_rel.clone()
            };
            if m.conflicts.is_empty() {
                let tally = Tally {
                    kept: m.kept,
                    updated: m.updated,
                    conflicts: 0,
                    drafts: 1,
                };
                merged = Some((m.text, tally));
            } else if stale {
                // Edits carried before cannot be told from the numbers of
                // the stopped run: the new render is written, and said so.
                warning = Some((shown, HeldIssue::Interrupted));
            } else if !force {
                return Ok(Carried::Held {
                    file: shown,
                    issue: HeldIssue::Conflicts(m.conflicts),
                });
            }
        }
    }
    // Only what was merged into the new text may be replaced as it is;
    // an edit the new render overrides (`--force`) is backed up first.
    if merged.is_some() {
        for (rel, bytes) in &adopted {
            out.adopt(rel, bytes);
        }
    }
    let (text, tally) = match merged {
        Some((text, tally)) => (Some(text), Some(tally)),
        None => (None, None),
    };
    let written = text.map(|markdown| Draft {
        markdown,
        ..draft.clone()
    });
    let written = written.as_ref().unwrap_or(draft);
    let mut drafts = Vec::new();
    let mut paragraphs = Vec::new();
    let (mut md_hash, mut docx_hash) = ("-".to_owned(), "-".to_owned());
    if let Some(md) = formats.md {
        let bytes = md.render(written)?;
        md_hash = sha256(&bytes);
        drafts.push(Planned { rel: md_rel, bytes });
    }
    if formats.docx.is_some() {
        let docx = |markdown: &str, notes: &[String], of: &Draft| {
            gongwen_with_text(markdown, &of.props, of.frame.as_ref(), formats.style, notes)
                .map_err(RenderError::Docx)
        };
        let (bytes, text) = match annotation {
            Some(a) if std::ptr::eq(written, draft) => docx(a.marked, a.notes, draft)?,
            Some(a) => docx(
                &transfer_marks(&written.markdown, &draft.markdown, a.marked),
                a.notes,
                written,
            )?,
            None => docx(&written.markdown, &[], written)?,
        };
        docx_hash = sha256(&bytes);
        // The base paragraphs are those of the new render's DOCX.
        paragraphs = if std::ptr::eq(written, draft) {
            text
        } else {
            docx(&draft.markdown, &[], draft)?.1
        };
        drafts.push(Planned {
            rel: docx_rel,
            bytes,
        });
    }
    let bases = vec![Planned {
        rel: base_rel,
        bytes: base_file(theirs, &paragraphs, &md_hash, &docx_hash),
    }];
    Ok(Carried::Write {
        drafts,
        bases,
        tally,
        warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_return_only_to_sentences_taken_from_the_render() {
        let plain = "建成86个。覆盖率72.1%。\n";
        let marked = "建成\u{E000}\u{F0000}86个\u{E001}。覆盖率\u{E000}\u{F0001}72.1%\u{E001}。\n";
        let merged = "建成86个。覆盖率72.1%，审阅人改。\n";
        assert_eq!(
            transfer_marks(merged, plain, marked),
            "建成\u{E000}\u{F0000}86个\u{E001}。覆盖率72.1%，审阅人改。\n"
        );
    }
}
