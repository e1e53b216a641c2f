//! `wengao convert DRAFT.md [-o FILE.docx]`: any Markdown draft — one a
//! reviewer edited, or one written from scratch — laid out as the 公文
//! DOCX `build` makes (the same converter, the same `--style`).
//!
//! The lint runs first and its findings are reported as `check` reports
//! them. As in `build`, a draft with lint errors is still converted (the
//! findings say what to fix) and the run ends with exit 1. The DOCX is
//! written atomically and never over the draft itself.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::commands::{Error, Report, usable_default_config};
use crate::config::Config;
use crate::diag::{Diagnostic, Explain, Severity};
use crate::docx::{DocProps, StyleProfile, markdown_to_docx};
use crate::pipeline::Pipeline;
use crate::render::Draft;
use crate::render::templates::Templates;

/// What `convert` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConvertOptions {
    /// The Markdown draft.
    pub draft: PathBuf,
    /// Where the DOCX goes; beside the draft, as `<name>.docx`, when not given.
    pub out: Option<PathBuf>,
    pub style: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Why a draft was not converted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ConvertIssue {
    /// The input is not a Markdown file.
    NotMarkdown,
    /// The output would replace the draft itself.
    SameAsDraft,
}

impl Explain for ConvertIssue {
    fn message(&self) -> String {
        match self {
            ConvertIssue::NotMarkdown => {
                "只能转换 Markdown 草稿（扩展名为 .md），没有生成 Word 文件".into()
            }
            ConvertIssue::SameAsDraft => {
                "输出文件就是要转换的草稿本身，为免覆盖草稿，没有写入；请用 -o 指定另一个 .docx 文件"
                    .into()
            }
        }
    }
}

pub(crate) fn convert(opts: &ConvertOptions) -> Result<Report, Error> {
    if opts.config.is_none() {
        usable_default_config()?;
    }
    let config = Config::load(opts.config.as_deref()).map_err(Error::Settings)?;
    let style = match opts.style.clone().or_else(|| config.style.clone()) {
        Some(path) => StyleProfile::load(&path).map_err(Error::Settings)?,
        None => StyleProfile::default(),
    };
    let draft = &opts.draft;
    if std::fs::symlink_metadata(draft).is_err() {
        return Err(Error::NotFound(draft.clone()));
    }
    let mut report = Report {
        inputs: 1,
        ..Report::default()
    };
    let is_markdown = draft
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if !is_markdown {
        report.findings.push(Diagnostic::file(
            Severity::Error,
            draft,
            ConvertIssue::NotMarkdown,
        ));
        return Ok(report);
    }
    let target = target_for(draft, opts.out.as_deref());
    if same_file(draft, &target) {
        report.findings.push(Diagnostic::file(
            Severity::Error,
            &target,
            ConvertIssue::SameAsDraft,
        ));
        return Ok(report);
    }
    let markdown = match crate::files::read_text(draft) {
        Ok((text, warning)) => {
            report.findings.extend(warning);
            text
        }
        Err(d) => {
            report.findings.push(d);
            return Ok(report);
        }
    };
    // The lint of `check`: the built-in templates are only there because
    // the pipeline carries them; nothing is rendered.
    let templates = Templates::load(None)?;
    let pipeline = Pipeline {
        templates: &templates,
        lint: &config.lint,
        genres: &[],
        asked: false,
        strict: false,
    };
    report
        .findings
        .extend(pipeline.lint_draft(&|| draft.clone(), &markdown, &[]));
    let props = DocProps {
        title: Draft::title_of(&markdown),
        author: None,
        date: draft_date(&markdown).unwrap_or_else(|| modified_date(draft)),
    };
    let bytes = match markdown_to_docx(&markdown, &props, &style) {
        Ok(bytes) => bytes,
        Err(e) => {
            let failed = crate::render::RenderError::Docx(e);
            report
                .findings
                .push(Diagnostic::file(Severity::Error, &target, failed));
            return Ok(report);
        }
    };
    match crate::output::write_file_atomically(&target, &bytes) {
        Ok(()) => {
            report.written.push(target);
            report.drafted = 1;
        }
        Err(issue) => {
            report
                .findings
                .push(Diagnostic::file(Severity::Error, &target, issue));
        }
    }
    Ok(report)
}

/// Where the DOCX of `draft` goes: `out`, or inside it when it is a
/// folder; beside the draft when not given.
fn target_for(draft: &Path, out: Option<&Path>) -> PathBuf {
    let name = draft.with_extension("docx");
    let name = name.file_name().unwrap_or_default();
    match out {
        Some(dir) if dir.is_dir() => dir.join(name),
        Some(file) => file.to_path_buf(),
        None => draft.with_extension("docx"),
    }
}

/// Whether `a` and `b` are one file (by their real paths, so a symlink or
/// `./` does not hide it).
fn same_file(a: &Path, b: &Path) -> bool {
    let real = |p: &Path| {
        let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
        absolute.canonicalize().unwrap_or(absolute)
    };
    real(a) == real(b)
}

/// The date of the draft's 落款 (its last line that is a date alone,
/// `2026年10月8日`): the DOCX's date, so the same draft gives the same file.
fn draft_date(markdown: &str) -> Option<NaiveDate> {
    let line = markdown
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| crate::conventions::blocks::is_date(l))?;
    let mut parts = line
        .split(['年', '月', '日'])
        .filter(|p| !p.is_empty())
        .map(str::parse::<u32>);
    let (y, m, d) = (
        parts.next()?.ok()?,
        parts.next()?.ok()?,
        parts.next()?.ok()?,
    );
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A draft without a date is dated by its last change (UTC), so
/// converting the same file twice still gives the same bytes.
fn modified_date(path: &Path) -> NaiveDate {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .map(chrono::DateTime::<chrono::Utc>::from)
        .map_or(
            NaiveDate::from_ymd_opt(1980, 1, 1).unwrap_or_default(),
            |t| t.date_naive(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_the_signature_date() {
        let md = "# 标题\n\n正文。\n\n柳川县委老干部局\n2026年10月8日\n";
        assert_eq!(draft_date(md), NaiveDate::from_ymd_opt(2026, 10, 8));
        assert_eq!(draft_date("# 标题\n\n正文。\n"), None);
        assert_eq!(draft_date("2026年13月8日\n"), None);
    }

    #[test]
    fn the_docx_goes_beside_the_draft_or_into_the_folder_named() {
        let dir = tempfile::tempdir().unwrap();
        let draft = Path::new("稿/huibao.md");
        assert_eq!(target_for(draft, None), Path::new("稿/huibao.docx"));
        assert_eq!(
            target_for(draft, Some(dir.path())),
            dir.path().join("huibao.docx")
        );
        assert_eq!(
            target_for(draft, Some(Path::new("x.docx"))),
            Path::new("x.docx")
        );
    }
}
