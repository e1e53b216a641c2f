//! `wengao build`: every data file → its drafts, as Markdown and DOCX, in
//! the output folder. Data files are drafted in parallel; files are written
//! afterwards, in input order, atomically and never over a hand edit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::commands::{Error, OUT_DIR, Report, Setup, genres, input_files};
use crate::diag::{Diagnostic, Explain, Severity};
use crate::output::{MANIFEST, OpenIssue, Outcome, OutputDir, Planned};
use crate::pipeline::{Pipeline, draft_dir_for};
use crate::render::{DocxRenderer, Genre, MarkdownRenderer, Renderer};

/// Which files to write for each draft.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Format {
    Md,
    Docx,
    #[default]
    Both,
}

/// What `build` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct BuildOptions {
    pub data: Vec<PathBuf>,
    pub genres: Vec<Genre>,
    pub out: Option<PathBuf>,
    pub format: Format,
    pub templates: Option<PathBuf>,
    pub style: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub strict: bool,
    pub force: bool,
}

/// A note that does not stop anything.
#[derive(Debug)]
struct BackupNote {
    backup: PathBuf,
}

impl Explain for BackupNote {
    fn message(&self) -> String {
        format!(
            "此文件在上次生成后被修改过，修改过的版本已另存为“{}”",
            self.backup.display()
        )
    }
}

/// Two data files that would write the same drafts.
#[derive(Debug)]
struct SameDrafts {
    other: PathBuf,
}

impl Explain for SameDrafts {
    fn message(&self) -> String {
        format!(
            "与“{}”的草稿会写到同一个文件夹，已跳过；请给其中一个文件改名",
            self.other.display()
        )
    }
}

/// A data file whose name without `.yaml` cannot name its drafts' folder.
#[derive(Debug)]
struct UnusableName {
    name: String,
}

impl Explain for UnusableName {
    fn message(&self) -> String {
        format!(
            "文件名“{}”去掉扩展名后不能用作草稿文件夹的名字（只剩“.”或为空），没有生成草稿；请给文件改名",
            self.name
        )
    }
}

/// Whether the drafts of `file` can go to a folder named after it: not
/// when its name without the extension is empty, `.` or `..` (`..yaml`).
fn usable_draft_name(file: &Path) -> bool {
    file.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| !s.trim_matches('.').is_empty())
}

pub(crate) fn build(opts: &BuildOptions) -> Result<Report, Error> {
    let setup = Setup::new(
        opts.config.as_deref(),
        opts.templates.as_deref(),
        opts.style.as_deref(),
    )?;
    let inputs = input_files(&opts.data, &["yaml", "yml"])?;
    let files = inputs.files;
    let out_root = opts.out.clone().unwrap_or_else(|| PathBuf::from(OUT_DIR));
    let genres = genres(&opts.genres);
    let pipeline = setup.pipeline(&genres, opts.strict);
    let renderers = renderers(opts.format, &setup);
    let data_root = Path::new(crate::commands::DATA_DIR);

    let drafted: Vec<(PathBuf, Vec<Diagnostic>, Vec<Planned>)> = files
        .par_iter()
        .map(|file| {
            let dir = draft_dir_for(file, data_root);
            if !usable_draft_name(file) {
                let issue = UnusableName {
                    name: file
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy()
                        .into(),
                };
                let refused = Diagnostic::file(Severity::Error, file, issue);
                return (dir, vec![refused], Vec::new());
            }
            let (findings, planned) = draft_one(&pipeline, &renderers, file, &out_root, &dir);
            (dir, findings, planned)
        })
        .collect();

    let mut report = Report {
        inputs: files.len(),
        findings: inputs.notes,
        ..Report::default()
    };
    let mut planned = Vec::new();
    let mut owners: HashMap<PathBuf, &Path> = HashMap::new();
    for (file, (dir, findings, files_planned)) in files.iter().zip(drafted) {
        report.findings.extend(findings);
        if files_planned.is_empty() {
            continue;
        }
        if let Some(other) = owners.get(&dir) {
            report.findings.push(Diagnostic::file(
                Severity::Error,
                file,
                SameDrafts {
                    other: other.to_path_buf(),
                },
            ));
            continue;
        }
        owners.insert(dir, file);
        report.drafted += 1;
        planned.extend(files_planned);
    }
    if planned.is_empty() {
        return Ok(report);
    }
    let waiting = || {
        eprintln!(
            "另一个 wengao 正在写入输出文件夹“{}”，等它完成后再写入……",
            out_root.display()
        );
    };
    let mut out =
        OutputDir::open(&out_root, opts.force, lock_patience(), waiting).map_err(|issue| {
            match issue {
                OpenIssue::Busy { waited } => Error::Busy {
                    path: out_root.clone(),
                    seconds: waited.as_secs(),
                },
                OpenIssue::BadManifest { .. } => Error::BadManifest {
                    path: out_root.join(MANIFEST),
                },
                OpenIssue::Io { reason } => Error::Output {
                    path: out_root.clone(),
                    reason,
                },
            }
        })?;
    for (p, outcome) in planned.iter().zip(out.write_all(&planned)) {
        let shown = out_root.join(&p.rel);
        match outcome {
            Outcome::Written | Outcome::Unchanged => report.written.push(shown),
            Outcome::BackedUp(backup) => {
                report.findings.push(Diagnostic::file(
                    Severity::Warning,
                    &shown,
                    BackupNote { backup },
                ));
                report.written.push(shown);
            }
            Outcome::Refused(issue) => {
                report
                    .findings
                    .push(Diagnostic::file(Severity::Error, &shown, issue));
            }
        }
    }
    Ok(report)
}

/// How long a build waits for another one writing the same output folder:
/// `WENGAO_LOCK_TIMEOUT` seconds, 60 by default.
fn lock_patience() -> Duration {
    let seconds = std::env::var("WENGAO_LOCK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(60);
    Duration::from_secs(seconds)
}

fn renderers(format: Format, setup: &Setup) -> Vec<Box<dyn Renderer>> {
    let md: Box<dyn Renderer> = Box::new(MarkdownRenderer);
    let docx: Box<dyn Renderer> = Box::new(DocxRenderer {
        style: setup.style.clone(),
    });
    match format {
        Format::Md => vec![md],
        Format::Docx => vec![docx],
        Format::Both => vec![md, docx],
    }
}

/// The findings of one data file and the files to write for it (none when
/// it has an error).
fn draft_one(
    pipeline: &Pipeline,
    renderers: &[Box<dyn Renderer>],
    file: &Path,
    out_root: &Path,
    dir: &Path,
) -> (Vec<Diagnostic>, Vec<Planned>) {
    let drafted = match pipeline.run(file, &out_root.join(dir)) {
        Ok(d) => d,
        Err(e) => return (vec![Diagnostic::file(Severity::Error, file, e)], Vec::new()),
    };
    let mut findings = drafted.findings;
    let blocked = findings.iter().any(|d| d.is_error() && d.file == file);
    if blocked {
        return (findings, Vec::new());
    }
    let mut planned = Vec::new();
    for draft in &drafted.drafts {
        for r in renderers {
            let rel = dir.join(format!("{}.{}", draft.genre, r.extension()));
            match r.render(draft) {
                Ok(bytes) => planned.push(Planned { rel, bytes }),
                Err(e) => findings.push(Diagnostic::file(Severity::Error, &out_root.join(&rel), e)),
            }
        }
    }
    (findings, planned)
}
