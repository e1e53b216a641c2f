//! `wengao diff OLD NEW`: what changed between two drafts, or between the
//! drafts of two data files (two periods of one region), built in memory.
//! Prints the comparison (`diff::terminal`), and on request writes it as a
//! web page (`--html`) or the new draft as a DOCX with Word tracked changes
//! against the old (`--docx`). Exit 0 when equal, 1 when different, 2 when
//! the comparison could not be made, as `diff` does.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::commands::{Setup, genres};
use crate::data::Data;
use crate::diag::{Diagnostic, Explain};
use crate::diff::metrics::{self, MetricRow};
use crate::diff::{self as compare, Compared, html, redline, terminal};
use crate::files::read_text;
use crate::output::WriteIssue;
use crate::render::{Draft, Genre};

/// When to colour the terminal output.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ColorChoice {
    /// On a terminal only.
    #[default]
    Auto,
    Always,
    Never,
}

/// What `diff` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct DiffOptions {
    pub old: PathBuf,
    pub new: PathBuf,
    pub genres: Vec<String>,
    pub color: ColorChoice,
    pub html: Option<PathBuf>,
    pub docx: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub style: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Why no comparison could be made.
#[derive(Debug, thiserror::Error)]
pub(crate) enum DiffError {
    #[error("“{}”既不是 Markdown 草稿（.md）也不是数据文件（.yaml）", .0.display())]
    UnknownKind(PathBuf),
    #[error("“{}”和“{}”不是同一类文件：请比较两份草稿（.md）或两个数据文件（.yaml）", old.display(), new.display())]
    MixedKinds { old: PathBuf, new: PathBuf },
    #[error("{}", .0.iter().map(ToString::to_string).collect::<String>().trim_end())]
    Findings(Vec<Diagnostic>),
    #[error("数据文件“{}”有错误，无法生成草稿进行比较", .0.display())]
    BadData(PathBuf),
    #[error("--docx 只能用于两份草稿或只比较一种文稿（用 --genre 指定）")]
    DocxNeedsOneDraft,
    #[error("无法写入“{}”：{reason}", path.display())]
    Write { path: PathBuf, reason: String },
    #[error(transparent)]
    Setup(#[from] crate::commands::Error),
    #[error("无法生成 Word 文件“{}”：{reason}", path.display())]
    Docx { path: PathBuf, reason: String },
}

/// Runs `wengao diff`; returns the exit code (0 equal, 1 different).
pub(crate) fn diff(opts: &DiffOptions) -> Result<i32, DiffError> {
    let kind = |p: &Path| match p
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("md" | "markdown") => Ok(false),
        Some("yaml" | "yml") => Ok(true),
        _ => Err(DiffError::UnknownKind(p.to_path_buf())),
    };
    let data = kind(&opts.old)?;
    if kind(&opts.new)? != data {
        return Err(DiffError::MixedKinds {
            old: opts.old.clone(),
            new: opts.new.clone(),
        });
    }
    if opts.docx.is_some() && data && opts.genres.len() != 1 {
        return Err(DiffError::DocxNeedsOneDraft);
    }
    let (pairs, rows, style) = if data {
        compare_data(opts)?
    } else {
        let old = read(&opts.old)?;
        let new = read(&opts.new)?;
        let diff = compare::compare(&old, &new);
        let title = format!("{} → {}", opts.old.display(), opts.new.display());
        let setup = Setup::new(
            opts.config.as_deref(),
            opts.templates.as_deref(),
            opts.style.as_deref(),
        )?;
        let pair = Compared {
            title,
            new,
            diff,
            draft: None,
        };
        (vec![pair], None, setup.style)
    };
    let color = match opts.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let mut out = String::new();
    for pair in &pairs {
        terminal::draft(&mut out, &pair.title, &pair.diff, color);
        out.push('\n');
    }
    if let Some(rows) = &rows {
        terminal::metrics(&mut out, rows, color);
    }
    let _ = std::io::stdout().lock().write_all(out.as_bytes());

    if let Some(path) = &opts.html {
        let page = html::page(&pairs, rows.as_deref());
        write_atomic(path, page.as_bytes())?;
    }
    if let Some(path) = &opts.docx {
        let [pair] = pairs.as_slice() else {
            return Err(DiffError::DocxNeedsOneDraft);
        };
        let bytes = redline_docx(pair, &style).map_err(|e| DiffError::Docx {
            path: path.clone(),
            reason: e.to_string(),
        })?;
        write_atomic(path, &bytes)?;
    }
    let differs =
        pairs.iter().any(|p| p.diff.differs()) || rows.iter().flatten().any(MetricRow::differs);
    Ok(i32::from(differs))
}

/// The redline DOCX of one compared pair: the new draft with the old's
/// text as tracked changes, in the new draft's 公文 layout.
pub(crate) fn redline_docx(
    pair: &Compared,
    style: &crate::docx::StyleProfile,
) -> Result<Vec<u8>, crate::docx::DocxError> {
    if let Some(draft) = &pair.draft {
        return redline::docx_of(
            &pair.diff,
            &pair.new,
            &draft.props,
            draft.frame.as_ref(),
            style,
        );
    }
    // Two drafts without their data: no date of their own, so a fixed one
    // keeps the file the same from run to run.
    let props = crate::docx::DocProps {
        title: Draft::title_of(&pair.new),
        author: None,
        date: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
    };
    redline::docx_of(&pair.diff, &pair.new, &props, None, style)
}

/// The compared drafts, the metric table of data inputs, the DOCX style.
type Comparison = (
    Vec<Compared>,
    Option<Vec<MetricRow>>,
    crate::docx::StyleProfile,
);

/// Builds the drafts of both data files in memory and compares each genre.
fn compare_data(opts: &DiffOptions) -> Result<Comparison, DiffError> {
    let setup = Setup::new(
        opts.config.as_deref(),
        opts.templates.as_deref(),
        opts.style.as_deref(),
    )?;
    let genres = genres(&setup, &opts.genres)?;
    let old = drafts_of(&setup, &genres, &opts.genres, &opts.old)?;
    let new = drafts_of(&setup, &genres, &opts.genres, &opts.new)?;
    let rows = metrics::table(&old.0, &new.0);
    let mut pairs = Vec::new();
    // By genre: each file drafts its own `文种`.
    for new_draft in new.1 {
        let Some(old_draft) = old.1.iter().find(|d| d.genre == new_draft.genre) else {
            continue;
        };
        let diff = compare::compare(&old_draft.markdown, &new_draft.markdown);
        pairs.push(Compared {
            title: format!("{}（{}）", new_draft.genre.label(), new_draft.genre),
            new: new_draft.markdown.clone(),
            diff,
            draft: Some(new_draft),
        });
    }
    Ok((pairs, Some(rows), setup.style))
}

/// The data of the file at `path` and its drafts of `genres` (chosen from
/// the `--genre` names `asked`) and its own `文种`.
pub(crate) fn drafts_of(
    setup: &Setup,
    genres: &[Genre],
    asked: &[String],
    path: &Path,
) -> Result<(Data, Vec<Draft>), DiffError> {
    if !path.exists() {
        return Err(DiffError::Setup(crate::commands::Error::NotFound(
            path.to_path_buf(),
        )));
    }
    let pipeline = setup.pipeline(genres, asked, false);
    let drafted = pipeline
        .run(path, &PathBuf::new)
        .map_err(|e| DiffError::Setup(e.into()))?;
    // As `build`: an error in the data stops the file; the lint's findings
    // in its drafts do not (the drafts are what is compared).
    let errors: Vec<Diagnostic> = drafted
        .findings
        .into_iter()
        .filter(|d| d.is_error() && d.file == path)
        .collect();
    if !errors.is_empty() {
        return Err(DiffError::Findings(errors));
    }
    let loaded = drafted
        .loaded
        .ok_or_else(|| DiffError::BadData(path.to_path_buf()))?;
    Ok((loaded.data, drafted.drafts))
}

fn read(path: &Path) -> Result<String, DiffError> {
    if !path.exists() {
        return Err(DiffError::Setup(crate::commands::Error::NotFound(
            path.to_path_buf(),
        )));
    }
    read_text(path)
        .map(|(text, _)| text)
        .map_err(|d| DiffError::Findings(vec![d]))
}

/// Writes `bytes` to `path` whole or not at all, as every file wengao
/// writes (`output::write_file_atomically`).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), DiffError> {
    crate::output::write_file_atomically(path, bytes).map_err(|issue| DiffError::Write {
        path: path.to_path_buf(),
        reason: match issue {
            WriteIssue::Io { reason } => reason,
            issue => issue.message(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conventions::sentences::number_ranges;
    use crate::diff::{Line, Piece};

    /// The example series Q2 → Q3: every change that touches a number
    /// takes it whole — a number change is one number for one number, and
    /// no change starts or ends inside a number.
    #[test]
    fn the_example_series_changes_numbers_whole() {
        let opts = DiffOptions {
            old: "data/liuchuan/2026-Q2.yaml".into(),
            new: "data/liuchuan/2026-Q3.yaml".into(),
            ..DiffOptions::default()
        };
        let (pairs, rows, _) = compare_data(&opts).unwrap();
        assert_eq!(pairs.len(), 3);
        assert!(rows.unwrap().iter().any(MetricRow::differs));
        let whole = |text: &str| {
            let ranges = number_ranges(text);
            // A Chinese count is a number only before its measure word.
            let count = text
                .chars()
                .all(|c| "零〇一二两三四五六七八九十百千万余多".contains(c));
            text.is_empty() || count || (ranges.len() == 1 && ranges[0] == (0..text.len()))
        };
        let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit() || c == '.');
        let mut numbers = 0;
        for pair in &pairs {
            for line in &pair.diff.lines {
                let Line::Changed { pieces, .. } = line else {
                    continue;
                };
                for (i, piece) in pieces.iter().enumerate() {
                    let Piece::Change { old, new, cause } = piece else {
                        continue;
                    };
                    if *cause == crate::diff::Cause::Data {
                        assert!(whole(old) && whole(new), "{old:?}→{new:?}");
                        numbers += 1;
                    }
                    let before = match i.checked_sub(1).map(|j| &pieces[j]) {
                        Some(Piece::Same(text)) => text.chars().next_back(),
                        _ => None,
                    };
                    let after = match pieces.get(i + 1) {
                        Some(Piece::Same(text)) => text.chars().next(),
                        _ => None,
                    };
                    for side in [old, new] {
                        let cut_before = digit(before) && digit(side.chars().next());
                        let cut_after = digit(after) && digit(side.chars().next_back());
                        assert!(
                            !cut_before && !cut_after,
                            "{side:?} cuts a number in {pieces:?}"
                        );
                    }
                }
            }
        }
        assert!(numbers >= 60, "{numbers} number changes");
    }
}
