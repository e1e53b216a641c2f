//! Writing drafts without losing or corrupting anything.
//!
//! * Every file is written atomically: a temporary file in the same folder,
//!   then a rename. A killed run leaves the old file or the new one, never
//!   half of either.
//! * Paths are checked to stay inside the output folder, symlinks included.
//! * `.wengao-manifest` in the output folder records the SHA-256 of what
//!   wengao wrote (in `sha256sum` format). A file whose content is not one
//!   wengao wrote was edited by someone: it is not replaced unless `--force`,
//!   and then the edited copy is kept as `<name>.backup-N.<ext>` first.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::Explain;
use crate::files::{Access, io_reason};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".wengao-manifest";

/// Why an output was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteIssue {
    /// Someone changed the file since wengao wrote it.
    Edited,
    /// The file is there but wengao has no record of writing it.
    Unrecorded,
    /// The path would leave the output folder.
    Escapes,
    Io {
        reason: String,
    },
}

impl Explain for WriteIssue {
    fn message(&self) -> String {
        match self {
            WriteIssue::Edited => "此文件在上次生成后被修改过，为免丢失修改，没有覆盖；\
                确需重新生成时请加 --force，修改过的文件会先另存为备份"
                .into(),
            WriteIssue::Unrecorded => "此文件不是 wengao 生成的（或生成记录已丢失），没有覆盖；\
                确需重新生成时请加 --force，原文件会先另存为备份"
                .into(),
            WriteIssue::Escapes => "输出路径超出了输出文件夹，已拒绝写入".into(),
            WriteIssue::Io { reason } => format!("无法写入：{reason}"),
        }
    }
}

/// A file to write, relative to the output folder.
#[derive(Clone, Debug)]
pub struct Planned {
    pub rel: PathBuf,
    pub bytes: Vec<u8>,
}

/// What happened to one planned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Written,
    /// The file already held exactly these bytes.
    Unchanged,
    /// Written after keeping the edited copy under this path.
    BackedUp(PathBuf),
    Refused(WriteIssue),
}

/// The output folder of one run.
pub struct OutputDir {
    root: PathBuf,
    manifest: Manifest,
    force: bool,
}

impl OutputDir {
    /// Opens (creating it if needed) the output folder `root`.
    pub fn open(root: &Path, force: bool) -> Result<Self, WriteIssue> {
        fs::create_dir_all(root).map_err(io)?;
        let root = root.canonicalize().map_err(io)?;
        let manifest = Manifest::read(&root.join(MANIFEST)).map_err(io)?;
        Ok(OutputDir {
            root,
            manifest,
            force,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes every planned file, in order, and records them.
    pub fn write_all(&mut self, planned: &[Planned]) -> Vec<Outcome> {
        // First record the new hashes beside the old ones: if the run is
        // killed between renames, every file on disk is still one we wrote.
        let new: Vec<(String, String)> = planned
            .iter()
            .map(|p| (manifest_key(&p.rel), sha256(&p.bytes)))
            .collect();
        let mut pending = self.manifest.clone();
        for (key, hash) in &new {
            pending.add(key, hash);
        }
        if let Err(e) = pending.write(&self.root.join(MANIFEST)) {
            let issue = io(e);
            return planned
                .iter()
                .map(|_| Outcome::Refused(issue.clone()))
                .collect();
        }
        let outcomes: Vec<Outcome> = planned.iter().map(|p| self.write_one(p)).collect();
        for ((key, hash), outcome) in new.iter().zip(&outcomes) {
            if !matches!(outcome, Outcome::Refused(_)) {
                self.manifest.set(key, hash);
            }
        }
        // A failure here leaves the pending manifest, which is still safe.
        let _ = self.manifest.write(&self.root.join(MANIFEST));
        outcomes
    }

    fn write_one(&self, p: &Planned) -> Outcome {
        let target = match self.target(&p.rel) {
            Ok(t) => t,
            Err(issue) => return Outcome::Refused(issue),
        };
        let mut backup = None;
        match fs::read(&target) {
            Ok(existing) if existing == p.bytes => return Outcome::Unchanged,
            Ok(existing) => {
                let key = manifest_key(&p.rel);
                if !self.manifest.knows(&key, &sha256(&existing)) {
                    if !self.force {
                        let issue = if self.manifest.has(&key) {
                            WriteIssue::Edited
                        } else {
                            WriteIssue::Unrecorded
                        };
                        return Outcome::Refused(issue);
                    }
                    match keep_backup(&target, &existing) {
                        Ok(path) => backup = Some(path),
                        Err(e) => return Outcome::Refused(io(e)),
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Outcome::Refused(WriteIssue::Io {
                    reason: io_reason(&e, Access::Read),
                });
            }
        }
        match write_atomically(&target, &p.bytes) {
            Ok(()) => backup.map_or(Outcome::Written, Outcome::BackedUp),
            Err(e) => Outcome::Refused(io(e)),
        }
    }

    /// The absolute path of `rel`, refusing anything that would land
    /// outside the output folder.
    fn target(&self, rel: &Path) -> Result<PathBuf, WriteIssue> {
        if !is_plain_relative(rel) {
            return Err(WriteIssue::Escapes);
        }
        let target = self.root.join(rel);
        let parent = target.parent().ok_or(WriteIssue::Escapes)?;
        fs::create_dir_all(parent).map_err(io)?;
        // A symlinked folder inside the output folder must not lead out of it.
        let real_parent = parent.canonicalize().map_err(io)?;
        if !real_parent.starts_with(&self.root) {
            return Err(WriteIssue::Escapes);
        }
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(WriteIssue::Escapes);
        }
        Ok(target)
    }
}

/// Only plain names: no root, no `..`, no `.`, no empty parts.
pub fn is_plain_relative(rel: &Path) -> bool {
    rel.components().count() > 0
        && rel.components().all(|c| match c {
            Component::Normal(name) => name
                .to_str()
                .is_some_and(|n| !n.is_empty() && !n.chars().any(char::is_control)),
            _ => false,
        })
}

fn write_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target.parent().expect("targets have a parent");
    let mut builder = tempfile::Builder::new();
    builder.prefix(".wengao-").suffix(".tmp");
    // Drafts are ordinary documents: readable as the user's umask allows,
    // not the owner-only mode temporary files get by default.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Keeps `existing` as `<stem>.backup-N.<ext>` beside `target`, N the first free.
fn keep_backup(target: &Path, existing: &[u8]) -> std::io::Result<PathBuf> {
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("草稿");
    let ext = target.extension().and_then(|s| s.to_str());
    for n in 1.. {
        let name = match ext {
            Some(ext) => format!("{stem}.backup-{n}.{ext}"),
            None => format!("{stem}.backup-{n}"),
        };
        let path = target.with_file_name(name);
        if !path.exists() {
            write_atomically(&path, existing)?;
            return Ok(path);
        }
    }
    unreachable!("some backup number is free")
}

fn io(e: std::io::Error) -> WriteIssue {
    WriteIssue::Io {
        reason: io_reason(&e, Access::Write),
    }
}

pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn manifest_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// What wengao wrote: for each path, the hashes of contents it wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Manifest {
    entries: BTreeMap<String, BTreeSet<String>>,
}

impl Manifest {
    fn read(path: &Path) -> std::io::Result<Self> {
        let text = match fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => return Err(e),
        };
        let mut m = Manifest::default();
        for line in text.lines() {
            if let Some((hash, rel)) = line.split_once("  ") {
                m.add(rel, hash);
            }
        }
        Ok(m)
    }

    fn write(&self, path: &Path) -> std::io::Result<()> {
        let mut text = String::new();
        for (rel, hashes) in &self.entries {
            for hash in hashes {
                text.push_str(&format!("{hash}  {rel}\n"));
            }
        }
        write_atomically(path, text.as_bytes())
    }

    fn add(&mut self, rel: &str, hash: &str) {
        self.entries
            .entry(rel.to_owned())
            .or_default()
            .insert(hash.to_owned());
    }

    fn set(&mut self, rel: &str, hash: &str) {
        self.entries
            .insert(rel.to_owned(), BTreeSet::from([hash.to_owned()]));
    }

    fn has(&self, rel: &str) -> bool {
        self.entries.contains_key(rel)
    }

    fn knows(&self, rel: &str, hash: &str) -> bool {
        self.entries.get(rel).is_some_and(|h| h.contains(hash))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(rel: &str, text: &str) -> Planned {
        Planned {
            rel: PathBuf::from(rel),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn writes_and_records_then_leaves_identical_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputDir::open(dir.path(), false).unwrap();
        assert_eq!(
            out.write_all(&[plan("a/huibao.md", "一")]),
            vec![Outcome::Written]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("a/huibao.md")).unwrap(),
            "一"
        );
        assert_eq!(
            out.write_all(&[plan("a/huibao.md", "一")]),
            vec![Outcome::Unchanged]
        );
        assert_eq!(
            out.write_all(&[plan("a/huibao.md", "二")]),
            vec![Outcome::Written]
        );
        let manifest = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert_eq!(
            manifest,
            format!("{}  a/huibao.md\n", sha256("二".as_bytes()))
        );
    }

    #[test]
    fn an_edited_file_is_refused_then_backed_up_with_force() {
        let dir = tempfile::tempdir().unwrap();
        OutputDir::open(dir.path(), false)
            .unwrap()
            .write_all(&[plan("x.md", "原稿")]);
        fs::write(dir.path().join("x.md"), "审阅者改过").unwrap();

        let mut out = OutputDir::open(dir.path(), false).unwrap();
        assert_eq!(
            out.write_all(&[plan("x.md", "新稿")]),
            vec![Outcome::Refused(WriteIssue::Edited)]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("x.md")).unwrap(),
            "审阅者改过"
        );

        let mut forced = OutputDir::open(dir.path(), true).unwrap();
        let backup = dir.path().canonicalize().unwrap().join("x.backup-1.md");
        assert_eq!(
            forced.write_all(&[plan("x.md", "新稿")]),
            vec![Outcome::BackedUp(backup.clone())]
        );
        assert_eq!(fs::read_to_string(&backup).unwrap(), "审阅者改过");
        assert_eq!(fs::read_to_string(dir.path().join("x.md")).unwrap(), "新稿");
    }

    #[test]
    fn a_file_wengao_never_wrote_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("x.md"), "别人的文件").unwrap();
        let mut out = OutputDir::open(dir.path(), false).unwrap();
        assert_eq!(
            out.write_all(&[plan("x.md", "新稿")]),
            vec![Outcome::Refused(WriteIssue::Unrecorded)]
        );
    }

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputDir::open(&dir.path().join("out"), false).unwrap();
        for rel in ["../x.md", "/etc/x.md", "a/../../x.md", "./x.md"] {
            assert_eq!(
                out.write_all(&[plan(rel, "x")]),
                vec![Outcome::Refused(WriteIssue::Escapes)],
                "{rel}"
            );
        }
        assert!(!dir.path().join("x.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let root = dir.path().join("out");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
        let mut out = OutputDir::open(&root, true).unwrap();
        assert_eq!(
            out.write_all(&[plan("link/x.md", "x")]),
            vec![Outcome::Refused(WriteIssue::Escapes)]
        );
        assert!(!outside.join("x.md").exists());
    }

    #[test]
    fn a_pending_manifest_accepts_either_version() {
        let mut m = Manifest::default();
        m.add("a.md", "old");
        m.add("a.md", "new");
        assert!(m.knows("a.md", "old") && m.knows("a.md", "new"));
        m.set("a.md", "new");
        assert!(!m.knows("a.md", "old"));
    }
}
