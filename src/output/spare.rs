//! Old versions of drafts written over as new temporary files, instead of
//! being deleted while new ones are created.
//!
//! A rebuild swaps every draft it changes out of place (see `Displaced`)
//! and looks at the version swapped out a sync period later. That version
//! used to be deleted then, and the next draft got a new temporary file.
//! On ext4 without a journal, each new file searches past every inode
//! deleted in the last minute (`recently_deleted`), so a rebuild of 10×
//! the drafts took 12–16× the time. Now the worker that needs a temporary
//! file looks at the oldest version swapped out a period ago itself and,
//! found unchanged, writes its draft over it, renamed beside its target
//! under a new temporary name: nothing is created or deleted, on any file
//! system.
//!
//! A version is written over only when its open handle shows what a new
//! temporary file of this run would be: a plain file with one link (no
//! hard link to it kept anywhere else), with the same owner, group and
//! permissions ([`Fresh`]). Anything else is deleted as before.
//!
//! What this cannot see: a program that opened the old version before the
//! swap and still holds it open. One that writes into it after the look
//! (which, were the version deleted, would write into a file no longer
//! anywhere) now writes into another draft, which the next build then
//! finds edited and does not replace; one still reading it may read a
//! mix. Linux tells whether others hold a file open only through a lease
//! (`F_SETLEASE`), which neither rustix nor std offers.

use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rustix::fs::{CWD, Mode, OFlags, RenameFlags, renameat_with};
use tempfile::TempPath;

/// The owner, group and permission bits of a new temporary file of this
/// run (they depend on the user, the umask and the folder).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Fresh {
    mode: u32,
    uid: u32,
    gid: u32,
}

impl Fresh {
    /// The attributes of `file`, as the system reports them now.
    pub(super) fn of(file: &fs::File) -> Option<Self> {
        file.metadata().ok().map(|meta| Fresh::from(&meta))
    }

    fn from(meta: &fs::Metadata) -> Self {
        Fresh {
            mode: meta.mode() & 0o7777,
            uid: meta.uid(),
            gid: meta.gid(),
        }
    }
}

/// Writes `bytes` over `spare` (a version looked at and found unchanged),
/// first moved beside `target` under a new temporary name; synced to disk
/// when `sync`. `None` when `spare` is not fit to be written over (see the
/// module's doc) or cannot be moved there: it is then deleted, and the
/// caller makes a new temporary file. A failed write deletes the file.
pub(super) fn write_over(
    spare: TempPath,
    fresh: Fresh,
    target: &Path,
    bytes: &[u8],
    sync: bool,
) -> Option<io::Result<TempPath>> {
    let file = open_fit(&spare, fresh)?;
    let dir = target.parent()?;
    let mut file = Some(file);
    // A new random name, retried while taken; never onto an existing file.
    let mut moved = super::temp_names()
        .make_in(dir, |name| {
            renameat_with(CWD, &*spare, CWD, name, RenameFlags::NOREPLACE)?;
            Ok(file.take().expect("moved once: the rename succeeded"))
        })
        .ok()?;
    // `spare` names a path that is no longer there; `moved` removes the
    // file from now on.
    let _ = spare.keep();
    let out = moved.as_file_mut();
    let written = out
        .write_all(bytes)
        .and_then(|()| out.set_len(bytes.len() as u64))
        .and_then(|()| if sync { out.sync_all() } else { Ok(()) });
    Some(written.map(|()| moved.into_temp_path()))
}

/// `path` opened for writing, when it is fit to be written over: not a
/// symlink (never followed), a regular file with one link and `fresh`'s
/// attributes, judged by the opened file itself.
fn open_fit(path: &Path, fresh: Fresh) -> Option<fs::File> {
    // NONBLOCK: a FIFO put there meanwhile does not hang the open; it
    // changes nothing for a regular file.
    let flags = OFlags::WRONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
    let file = fs::File::from(rustix::fs::open(path, flags, Mode::empty()).ok()?);
    let meta = file.metadata().ok()?;
    (meta.is_file() && meta.nlink() == 1 && Fresh::from(&meta) == fresh).then_some(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::temporary_files;
    use std::os::unix::fs::PermissionsExt;

    /// A temporary file in `dir` holding `text`, and the attributes a new
    /// one there has.
    fn spare_in(dir: &Path, text: &str) -> (TempPath, Fresh) {
        let mut file = super::super::temp_names().tempfile_in(dir).unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let fresh = Fresh::of(file.as_file()).unwrap();
        (file.into_temp_path(), fresh)
    }

    #[test]
    fn a_spare_is_moved_beside_its_target_and_written_over_whole() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        let (spare, fresh) = spare_in(dir.path(), "an older and longer version");
        let inode = fs::metadata(&spare).unwrap().ino();
        let target = dir.path().join("b/x.md");
        let tmp = write_over(spare, fresh, &target, b"new", false)
            .expect("fit")
            .unwrap();
        assert_eq!(tmp.parent(), Some(dir.path().join("b").as_path()));
        assert_eq!(fs::read(&tmp).unwrap(), b"new", "the old tail is cut");
        assert_eq!(fs::metadata(&tmp).unwrap().ino(), inode, "the same file");
        assert!(temporary_files(dir.path()).is_empty(), "moved, not copied");
        drop(tmp);
        assert!(
            temporary_files(&dir.path().join("b")).is_empty(),
            "removed when dropped"
        );
    }

    /// A hard link to the old version (a copy kept with `cp -l`, a backup
    /// tool's snapshot) shares its content: it is never written over.
    #[test]
    fn a_spare_with_another_link_is_deleted_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let (spare, fresh) = spare_in(dir.path(), "kept elsewhere too");
        let kept = dir.path().join("kept.md");
        fs::hard_link(&spare, &kept).unwrap();
        assert!(write_over(spare, fresh, &dir.path().join("x.md"), b"new", false).is_none());
        assert_eq!(fs::read_to_string(&kept).unwrap(), "kept elsewhere too");
        assert!(
            temporary_files(dir.path()).is_empty(),
            "the spare is deleted"
        );
    }

    #[test]
    fn a_spare_unlike_a_new_temporary_file_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let (spare, fresh) = spare_in(dir.path(), "made private by hand");
        let other = if fresh.mode == 0o600 { 0o640 } else { 0o600 };
        fs::set_permissions(&spare, fs::Permissions::from_mode(other)).unwrap();
        assert!(write_over(spare, fresh, &dir.path().join("x.md"), b"new", false).is_none());
        assert!(temporary_files(dir.path()).is_empty());
    }

    #[test]
    fn a_symlink_in_a_spare_s_place_is_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (spare, fresh) = spare_in(dir.path(), "");
        let elsewhere = dir.path().join("elsewhere.md");
        fs::write(&elsewhere, "not wengao's").unwrap();
        fs::remove_file(&spare).unwrap();
        std::os::unix::fs::symlink(&elsewhere, &spare).unwrap();
        assert!(write_over(spare, fresh, &dir.path().join("x.md"), b"new", false).is_none());
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "not wengao's");
    }
}
