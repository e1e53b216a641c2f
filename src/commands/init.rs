//! `wengao init [DIR]`: a working folder a writer can start from — one
//! commented example data file per built-in genre (`init/data/`, each
//! naming its `文种`), `wengao.yaml`, the data file's JSON Schema and the
//! VS Code settings that attach it.
//!
//! It never overwrites: when any of its files is already there it writes
//! nothing and lists them. Writing is all or nothing: every file goes to a
//! temporary file first, then each is moved in place only where nothing is
//! (a file created meanwhile is never replaced); on any failure the files
//! and folders already made are removed again. A Ctrl-C waits for the
//! short writing section to end (see `output::writing`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::commands::{DATA_DIR, Report};
use crate::config::DEFAULT_CONFIG;
use crate::data::schema::data_schema_text;
use crate::diag::{Diagnostic, Explain, Severity};
use crate::files::{Access, io_reason};
use crate::output::{sync_folders, write_temp, writing_files};

/// The schema file `init` writes, referred to by the settings and the
/// example data files' first line.
pub(crate) const SCHEMA_FILE: &str = "wengao.schema.json";

/// The example data files, one per built-in genre, relative to the
/// folder: each declares its `文种`, so it drafts that genre only.
pub(crate) const EXAMPLES: [(&str, &str); 5] = [
    (
        "data/工作汇报/2026-Q3.yaml",
        include_str!("../../init/data/工作汇报/2026-Q3.yaml"),
    ),
    (
        "data/讲话/2026-Q3.yaml",
        include_str!("../../init/data/讲话/2026-Q3.yaml"),
    ),
    (
        "data/调研报告/2026-Q3.yaml",
        include_str!("../../init/data/调研报告/2026-Q3.yaml"),
    ),
    (
        "data/经验材料/2026-H1.yaml",
        include_str!("../../init/data/经验材料/2026-H1.yaml"),
    ),
    (
        "data/工作总结/2026-H1.yaml",
        include_str!("../../init/data/工作总结/2026-H1.yaml"),
    ),
];

/// The files of a new working folder, relative to it, in the order written.
pub(crate) fn scaffold() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = EXAMPLES
        .iter()
        .map(|(rel, text)| {
            debug_assert!(rel.starts_with(DATA_DIR));
            (PathBuf::from(rel), text.as_bytes().to_vec())
        })
        .collect();
    files.extend([
        (
            PathBuf::from(DEFAULT_CONFIG),
            include_bytes!("../../init/wengao.yaml").to_vec(),
        ),
        (PathBuf::from(SCHEMA_FILE), data_schema_text().into_bytes()),
        (
            PathBuf::from(".vscode/settings.json"),
            include_bytes!("../../init/settings.json").to_vec(),
        ),
    ]);
    files
}

/// Why `init` wrote nothing.
#[derive(Debug)]
enum InitIssue {
    /// The file is already there.
    Exists,
    /// Creating a folder or writing a file failed.
    Io { reason: String },
}

impl Explain for InitIssue {
    fn message(&self) -> String {
        match self {
            InitIssue::Exists => "已存在；wengao init 不覆盖已有文件，因此没有写入任何文件".into(),
            InitIssue::Io { reason } => {
                format!("无法写入（{reason}），已撤回本次写入的全部文件")
            }
        }
    }
}

/// Scaffolds `dir` (created if needed). The report lists the files written;
/// or, when any is already there, each of those as an error and nothing
/// written.
pub(crate) fn init(dir: &Path) -> Report {
    let files = scaffold();
    let existing: Vec<Diagnostic> = files
        .iter()
        .map(|(rel, _)| target(dir, rel))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .map(|path| Diagnostic::file(Severity::Error, &path, InitIssue::Exists))
        .collect();
    if !existing.is_empty() {
        return Report {
            findings: existing,
            ..Report::default()
        };
    }
    // Ctrl-C waits for all of them (or the undoing of all of them).
    let _writing = writing_files();
    match write_all_or_nothing(dir, &files) {
        Ok(written) => Report {
            written,
            ..Report::default()
        },
        Err((path, e)) => Report {
            findings: vec![Diagnostic::file(
                Severity::Error,
                &path,
                InitIssue::Io {
                    reason: io_reason(&e, Access::Write),
                },
            )],
            ..Report::default()
        },
    }
}

/// `rel` inside `dir`, said without `./` when `dir` is the current folder.
fn target(dir: &Path, rel: &Path) -> PathBuf {
    if dir == Path::new(".") {
        rel.to_path_buf()
    } else {
        dir.join(rel)
    }
}

/// What has been made so far, to be removed again if a later step fails.
#[derive(Default)]
struct Made {
    folders: Vec<PathBuf>,
    files: Vec<PathBuf>,
}

impl Made {
    /// Removes every file and folder made, the newest first.
    fn undo(self) {
        for file in self.files.iter().rev() {
            let _ = std::fs::remove_file(file);
        }
        for folder in self.folders.iter().rev() {
            let _ = std::fs::remove_dir(folder);
        }
    }

    /// The folders whose entries changed: that of every file and every
    /// folder made. Synced once all is in place, so that a power cut
    /// after `init` reported success cannot lose a rename or a folder
    /// (each file's data is synced before its rename).
    fn changed_folders(&self) -> BTreeSet<PathBuf> {
        self.files
            .iter()
            .chain(&self.folders)
            .filter_map(|p| p.parent())
            .map(|p| {
                if p.as_os_str().is_empty() {
                    PathBuf::from(".")
                } else {
                    p.to_path_buf()
                }
            })
            .collect()
    }

    /// Creates `folder` and its missing ancestors, recording each.
    fn folder(&mut self, folder: &Path) -> std::io::Result<()> {
        let missing: Vec<&Path> = folder
            .ancestors()
            .take_while(|a| !a.as_os_str().is_empty() && std::fs::symlink_metadata(a).is_err())
            .collect();
        for a in missing.into_iter().rev() {
            std::fs::create_dir(a)?;
            self.folders.push(a.to_path_buf());
        }
        Ok(())
    }
}

fn write_all_or_nothing(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
) -> Result<Vec<PathBuf>, (PathBuf, std::io::Error)> {
    let mut made = Made::default();
    let result = (|| {
        let mut temps = Vec::with_capacity(files.len());
        for (rel, bytes) in files {
            let target = target(dir, rel);
            let parent = target.parent().expect("targets are inside the folder");
            made.folder(parent).map_err(|e| (parent.to_path_buf(), e))?;
            let temp = write_temp(&target, bytes, true).map_err(|e| (target.clone(), e))?;
            temps.push((target, temp));
        }
        let mut written = Vec::with_capacity(temps.len());
        for (target, temp) in temps {
            temp.persist_noclobber(&target)
                .map_err(|e| (target.clone(), e.error))?;
            made.files.push(target.clone());
            written.push(target);
        }
        Ok(written)
    })();
    match result {
        Ok(_) => sync_folders(&made.changed_folders()),
        Err(_) => made.undo(),
    }
    result
}

/// The line `init` ends with, on stderr.
pub(crate) fn summary(report: &Report, dir: &Path) -> String {
    if report.findings.is_empty() {
        let go = if dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {}，", dir.display())
        };
        format!(
            "已建立工作文件夹，共{}个文件；下一步：{go}照 {DATA_DIR} 中每个文种一份的示例写自己的数据文件，再运行 wengao build",
            report.written.len()
        )
    } else {
        format!("没有写入任何文件；{}", report.tally())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rename and every new folder is recorded in a folder that is
    /// then synced: the folder of each file, and the parent of each folder
    /// made (the current folder written as `.`).
    #[test]
    fn the_folders_synced_hold_every_file_and_folder_made() {
        let made = Made {
            folders: ["x", "x/data", "x/data/deep"].map(PathBuf::from).to_vec(),
            files: vec![PathBuf::from("x/data/deep/a.yaml")],
        };
        let synced: Vec<PathBuf> = made.changed_folders().into_iter().collect();
        assert_eq!(
            synced,
            [".", "x", "x/data", "x/data/deep"]
                .map(PathBuf::from)
                .to_vec()
        );
    }
}
