//! `wengao templates export [DIR]`: writes the built-in templates and the
//! DOCX style settings into a folder (`templates` by default), where the
//! writer edits them; a build then uses them from there. It never
//! overwrites: when any of the files is already there, nothing is written.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::{DEFAULT_TEMPLATES, Error};
use crate::files::{Access, io_reason};
use crate::render::templates::built_in_files;

/// The DOCX style settings, exported beside the templates.
const STYLE: (&str, &str) = ("style.yaml", include_str!("../../templates/style.yaml"));

/// Writes the built-in templates and `style.yaml` into `dir` (the default
/// templates folder when `None`) and returns the files written, in order.
pub(crate) fn export(dir: Option<&Path>) -> Result<Vec<PathBuf>, Error> {
    let dir = dir.unwrap_or(Path::new(DEFAULT_TEMPLATES));
    let files: Vec<(PathBuf, &str)> = built_in_files()
        .map(|(name, text)| (dir.join(name), text))
        .chain(std::iter::once((dir.join(STYLE.0), STYLE.1)))
        .collect();
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|(p, _)| p.clone())
        .filter(|p| p.exists() || p.is_symlink())
        .collect();
    if !existing.is_empty() {
        return Err(Error::ExportExists {
            dir: dir.to_path_buf(),
            existing,
        });
    }
    let failed = |path: &Path, e: &std::io::Error| Error::Export {
        path: path.to_path_buf(),
        reason: io_reason(e, Access::Write),
    };
    std::fs::create_dir_all(dir).map_err(|e| failed(dir, &e))?;
    let mut written = Vec::new();
    for (path, text) in files {
        // `create_new`: a file that appeared since the check is not
        // overwritten either; what was written so far is taken back.
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| f.write_all(text.as_bytes()));
        if let Err(e) = result {
            for done in &written {
                let _ = std::fs::remove_file(done);
            }
            // A file half written by us goes too; one someone else made stays.
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                let _ = std::fs::remove_file(&path);
            }
            return Err(failed(&path, &e));
        }
        written.push(path);
    }
    Ok(written)
}
