//! `wengao check`: every finding about data files and the drafts they would
//! give, or about Markdown files written by hand — without writing anything.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::{DATA_DIR, Error, OUT_DIR, Report, Setup, Shown, genres, input_files};
use crate::diag::{Diagnostic, Severity};
use crate::in_turn::{AHEAD, Pool, for_each_in_turn};
use crate::pipeline::{Pipeline, draft_dir_in, real_path};
use crate::progress::{Progress, Task};

/// What `check` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct CheckOptions {
    /// Data files (`.yaml`), Markdown drafts (`.md`) or folders of either.
    pub paths: Vec<PathBuf>,
    pub genres: Vec<String>,
    pub templates: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub strict: bool,
}

/// Checks, printing the findings on `findings` as soon as each file and
/// every one before it are checked (see [`crate::in_turn`]).
pub(crate) fn check(
    opts: &CheckOptions,
    findings: &mut (dyn Write + Send),
) -> Result<Report, Error> {
    let setup = Setup::new(opts.config.as_deref(), opts.templates.as_deref(), None)?;
    let inputs = input_files(&opts.paths, &["yaml", "yml", "md"])?;
    let files = inputs.files;
    let genres = genres(&setup, &opts.genres)?;
    let pipeline = setup.pipeline(&genres, &opts.genres, opts.strict);
    let progress = Progress::new(Task::Check, files.len());
    let real_data_root = real_path(Path::new(DATA_DIR));
    let shown = for_each_in_turn(
        &Pool::for_items(files.len()),
        files.len(),
        AHEAD,
        |i| {
            let found = check_one(&pipeline, &files.get(i), &real_data_root);
            crate::output::pause_point("checked");
            let errors = found.iter().filter(|d| d.is_error()).count();
            progress.advance(1, 0, errors);
            found
        },
        |shown: &mut Shown| progress.suspend(|| shown.show()),
        Shown::new(findings, inputs.notes),
    );
    drop(progress);
    Ok(Report {
        inputs: files.len(),
        shown: shown.finish(),
        ..Report::default()
    })
}

fn check_one(pipeline: &Pipeline, file: &Path, real_data_root: &Path) -> Vec<Diagnostic> {
    if file.extension().is_some_and(|e| e == "md") {
        return lint_file(pipeline, file);
    }
    let dir = || Path::new(OUT_DIR).join(draft_dir_in(file, real_data_root));
    match pipeline.run(file, &dir) {
        Ok(drafted) => drafted.findings,
        Err(e) => vec![Diagnostic::file(Severity::Error, file, e)],
    }
}

/// Lints a Markdown file someone wrote or edited by hand.
fn lint_file(pipeline: &Pipeline, file: &Path) -> Vec<Diagnostic> {
    match crate::files::read_text(file) {
        Ok((text, warning)) => {
            let mut findings: Vec<Diagnostic> = warning.into_iter().collect();
            findings.extend(pipeline.lint_draft(&|| file.to_path_buf(), &text, &[]));
            findings
        }
        Err(d) => vec![d],
    }
}
