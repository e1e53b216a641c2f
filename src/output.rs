//! Writing drafts without losing or corrupting anything.
//!
//! * One build at a time per output folder: `.wengao-lock` is locked
//!   (an advisory `flock`/`LockFileEx` lock, released by the system when
//!   the process ends, however it ends) from opening the folder until the
//!   last file and the manifest are written. A second build waits for it.
//! * Every file is written atomically: a temporary file `.wengao-*.tmp` in
//!   the same folder, then renamed into place. A killed run leaves the old
//!   file or the new one, never half of either; its leftover temporary
//!   files are removed by the next build (under the lock, so never one a
//!   running build is still writing), found in the folders the lock file
//!   lists (`FOLDER_LIST`) rather than by walking the output folder.
//! * Durability ([`Durability`]): by default the file system is synced
//!   once (`syncfs`) after the last rename, with the final manifest
//!   written and waiting to be renamed into place, instead of an `fsync`
//!   per file; see the README's 可靠性 section for what a power cut can
//!   cost.
//! * `.wengao-manifest` in the output folder records the SHA-256 of what
//!   wengao wrote (in `sha256sum` format). A file whose content is not one
//!   wengao wrote was edited by someone: it is not replaced unless `--force`,
//!   and then the edited copy is kept as `<name>.backup-N.<ext>` first —
//!   or unless the build merged exactly that edited content into the new
//!   one ([`OutputDir::adopt`], reviewers' edits carried forward). The
//!   manifest is read and rewritten under the lock, so two builds never
//!   drop each other's entries.
//! * Files are written by several threads at once ([`OutputDir::write_batch`]
//!   takes `&self`). Before a batch's files are renamed, their new hashes
//!   are appended to the manifest (one `write` of whole lines, old hashes
//!   kept), so a killed run never leaves a file the manifest does not know;
//!   [`OutputDir::commit`] then rewrites it with only the current hashes,
//!   streamed: the lines read at the start that this run did not replace
//!   (in their order, read again from the file), then this run's lines in the order the caller
//!   recorded its batches ([`OutputDir::record`]; `build` records them in
//!   input order, so the manifest does not depend on thread timing).
//!   A run looks its files up in prints of the manifest's paths and
//!   hashes (32 bytes a line, see `Manifest`), held in memory while they
//!   are few and otherwise sorted in a nameless file (`manifest::index`),
//!   never in this run's lines; readers never depend on the order of the
//!   lines.
//!   A line torn by a crash mid-append is ignored when read.
//! * An edit saved while the build runs is caught at the last moment: on
//!   Linux the new file is swapped in with `renameat2(RENAME_EXCHANGE)` and
//!   what it displaced is compared with what was checked; anything else is
//!   swapped back (looked at a while after the swap, once the new file is
//!   on disk: see `Displaced`; in a long run, by the worker that needs its
//!   next temporary file, which writes over it when it is unchanged
//!   instead of deleting it: see `spare`).
//!   Elsewhere the file is compared once more right before
//!   the rename. What remains (an in-place write landing after that final
//!   comparison) is described in the README's 可靠性 section.
//! * Paths are checked to stay inside the output folder, symlinks included,
//!   before any folder is created.
//! * Ctrl-C (see [`interrupt`]) waits for the file being written to be
//!   finished or removed, so it never leaves a temporary file.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::io::{ErrorKind, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::sync::{
    Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard, Weak,
};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tempfile::TempPath;

use crate::diag::Explain;
use crate::files::{Access, io_reason};

mod manifest;
#[cfg(target_os = "linux")]
mod spare;

pub(crate) use manifest::manifest_key;
pub use manifest::sha256;
use manifest::{Manifest, digest, hex};

/// The manifest's file name inside the output folder.
pub const MANIFEST: &str = ".wengao-manifest";
/// The lock file inside the output folder; never removed (removing a lock
/// file another process has open would let a third one in). It also lists
/// the folders the run holding it writes to (see `FOLDER_LIST`).
pub const LOCK: &str = ".wengao-lock";
/// The lock file's first line once a wengao that lists its folders there
/// has opened the output folder: after it, one line for each folder
/// (relative, `/`-separated) a batch was about to write to, noted before
/// any temporary file was made in it. Cut back to this line at each commit.
/// A run killed before its commit leaves its temporary files only in the
/// folders listed, so the next run looks for them there instead of walking
/// the whole output folder (which, holding the drafts of every period,
/// grows with the years).
const FOLDER_LIST: &[u8] = b"wengao: folders being written\n";
/// Temporary files are `.wengao-XXXXXX.tmp`: this prefix and suffix.
const TEMP_PREFIX: &str = ".wengao-";
const TEMP_SUFFIX: &str = ".tmp";

/// Why an output was not written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WriteIssue {
    /// Someone changed the file since wengao wrote it.
    Edited,
    /// Someone saved the file while this build was replacing it.
    EditedDuringBuild,
    /// The file is there but wengao has no record of writing it.
    Unrecorded,
    /// The path would leave the output folder.
    Escapes,
    /// A folder on the way (relative to the output folder) is a symlink
    /// that leads out of the output folder.
    LinkOut {
        /// The symlink found.
        link: PathBuf,
    },
    /// Something on the way (relative to the output folder) is a file
    /// where a folder is needed.
    NotAFolder {
        /// The file in the way.
        path: PathBuf,
    },
    /// The file itself is a symlink.
    Symlink,
    /// Ctrl-C came before the file was put in place.
    Interrupted,
    /// Any other I/O failure.
    Io {
        /// Why, in Chinese.
        reason: String,
    },
}

impl Explain for WriteIssue {
    fn message(&self) -> String {
        match self {
            WriteIssue::Edited => "此文件在上次生成后被修改过，为免丢失修改，没有覆盖；\
                确需重新生成时请加 --force，修改过的文件会先另存为备份"
                .into(),
            WriteIssue::EditedDuringBuild => {
                "此文件在本次生成过程中被修改，为免丢失修改，没有覆盖；请保存好后重新运行".into()
            }
            WriteIssue::Unrecorded => "此文件不是 wengao 生成的（或生成记录已丢失），没有覆盖；\
                确需重新生成时请加 --force，原文件会先另存为备份"
                .into(),
            WriteIssue::Escapes => "输出路径超出了输出文件夹，已拒绝写入".into(),
            WriteIssue::LinkOut { link } => format!(
                "输出文件夹中的“{}”是指向输出文件夹之外的符号链接，已拒绝写入（没有创建任何文件或文件夹）",
                link.display()
            ),
            WriteIssue::NotAFolder { path } => format!(
                "输出文件夹中的“{}”是文件而不是文件夹，无法在其中写入",
                path.display()
            ),
            WriteIssue::Symlink => "此文件是符号链接，wengao 不通过符号链接写入，已拒绝写入".into(),
            WriteIssue::Interrupted => "运行被中断，没有写入".into(),
            WriteIssue::Io { reason } => format!("无法写入：{reason}"),
        }
    }
}

/// Why the output folder could not be opened.
#[derive(Debug)]
pub enum OpenIssue {
    /// Another wengao held the lock for the whole `waited` time.
    Busy {
        /// How long it waited.
        waited: Duration,
    },
    /// The manifest is not UTF-8 text.
    BadManifest {
        /// The output folder.
        path: PathBuf,
    },
    /// The folder could not be opened or created.
    Io {
        /// Why, in Chinese.
        reason: String,
    },
}

/// A file to write, relative to the output folder.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The path relative to the output folder.
    pub rel: PathBuf,
    /// The whole content.
    pub bytes: Vec<u8>,
}

/// What happened to one planned file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file was written.
    Written,
    /// The file already held exactly these bytes.
    Unchanged,
    /// Written after keeping the edited copy under this path.
    BackedUp(PathBuf),
    /// The file was not written, and why.
    Refused(WriteIssue),
}

/// What [`OutputDir::write_batch_held`] wrote: the manifest lines of its
/// files, for [`OutputDir::record`].
#[must_use = "every receipt goes to OutputDir::record before the commit"]
#[derive(Debug, Default)]
pub struct Receipt {
    /// `hash  path` lines of the files written or found up to date.
    lines: String,
    count: usize,
    /// The planned files swapped in over an older version.
    swapped: Vec<usize>,
}

impl Receipt {
    /// Whether planned file `i` replaced an older version that the commit
    /// looks at once more: until then, an editor that had the old version
    /// open may still save into it, and the commit then puts that edit
    /// back in place of the new file (see [`OutputDir::commit`]).
    pub fn awaits_commit(&self, i: usize) -> bool {
        self.swapped.contains(&i)
    }
}

/// The manifest file open for appending, and its length (what a failed
/// append is cut back to).
struct Appending {
    file: fs::File,
    len: u64,
}

/// This run's manifest lines, in the order they were recorded.
#[derive(Default)]
struct RunRecord {
    /// The lines while they fit in [`RECORD_HELD_BYTES`]; then moved to
    /// `file`, and every later line goes there.
    held: Vec<u8>,
    file: Option<std::io::BufWriter<fs::File>>,
    lines: usize,
    /// A write to it failed: the commit keeps the pending manifest.
    failed: bool,
}

/// How many bytes of this run's record are held in memory before they move
/// to a nameless file. A small run then makes no file it deletes again (on
/// ext4, creating, filling and dropping it showed as some 5% of a cold
/// build's CPU in a profile taken soon after many files were deleted; side
/// by side on a calmer disk the difference was lost in the noise); a large
/// one holds no more than this.
const RECORD_HELD_BYTES: usize = 64 << 10;

/// Set by [`interrupt`]: no file is put in place after it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What this run has set out to write, so that an interrupted run says
/// only what is true of it: nothing, single files
/// ([`write_file_atomically`]), or an output folder with its manifest.
static WRITES: AtomicU8 = AtomicU8::new(WRITES_NOTHING);
const WRITES_NOTHING: u8 = 0;
const WRITES_FILES: u8 = 1;
const WRITES_FOLDER: u8 = 2;

/// Records that the run writes `kind` (the most it has set out to write
/// is kept).
fn will_write(kind: u8) {
    WRITES.fetch_max(kind, Ordering::SeqCst);
}

/// What an interrupted run leaves, in Chinese, for the Ctrl-C handler to
/// print once [`interrupt`] has returned.
pub fn interrupted_note() -> &'static str {
    match WRITES.load(Ordering::SeqCst) {
        WRITES_NOTHING => "已中断",
        WRITES_FILES => "已中断：写到一半的临时文件已删除，已写好的文件都是完整的",
        _ => "已中断：写到一半的临时文件已删除，已写好的文件和生成记录保持一致",
    }
}

/// Held (shared, one reader per writing thread) while a file or the
/// manifest is being written: from its temporary file to its rename.
/// [`interrupt`] takes it exclusively, so the process only ever ends
/// between files, never with a temporary file on disk.
static WRITING: RwLock<()> = RwLock::new(());

/// Stops all writing: waits for the files being written to be put in place
/// or removed, and returns a guard that keeps every later write out. The
/// Ctrl-C handler calls this, then ends the process while holding the
/// guard. What is on disk then is consistent: every file is complete and
/// known to the manifest. Only for a handler that ends the process: the
/// writing threads wait for that from then on.
pub fn interrupt() -> RwLockWriteGuard<'static, ()> {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let guard = WRITING.write().unwrap_or_else(PoisonError::into_inner);
    // The versions swapped out wait for a commit that will not come: look
    // at them now, so no temporary file is left and no late save is lost.
    for list in lock_ignoring_poison(&SWAPPED_OUT).drain(..) {
        if let Some(list) = list.upgrade() {
            let SwappedOut { displaced, .. } = std::mem::take(&mut *lock_ignoring_poison(&list));
            for d in displaced {
                // Dropped: an unchanged version is deleted.
                drop(d.settle());
            }
        }
    }
    lock_ignoring_poison(&WAITING_MANIFESTS).clear();
    guard
}

/// Final manifests written, waiting for the sync before they are renamed
/// into place (see `OutputDir::commit_files`); an [`interrupt`] deletes
/// them, and the manifest each was to replace stays.
static WAITING_MANIFESTS: Mutex<Vec<TempPath>> = Mutex::new(Vec::new());

/// Leaves a final manifest where an [`interrupt`] deletes it; its path
/// takes it back ([`take_waiting_manifest`]).
fn leave_waiting_manifest(tmp: TempPath) -> PathBuf {
    let path = tmp.to_path_buf();
    lock_ignoring_poison(&WAITING_MANIFESTS).push(tmp);
    path
}

/// The final manifest left at `path`; `None` once an [`interrupt`] took
/// it (after which no writing section is entered, so the commit never
/// asks).
fn take_waiting_manifest(path: &Path) -> Option<TempPath> {
    let mut waiting = lock_ignoring_poison(&WAITING_MANIFESTS);
    let at = waiting.iter().position(|tmp| **tmp == *path)?;
    Some(waiting.swap_remove(at))
}

/// The swapped-out versions of every open output folder, for [`interrupt`].
static SWAPPED_OUT: Mutex<Vec<Weak<Mutex<SwappedOut>>>> = Mutex::new(Vec::new());

/// An output folder's versions swapped out of place during a run, waiting
/// to be looked at once more (see [`Displaced`]), oldest first.
///
/// Those swapped out before the last early sync but one (see
/// [`OutputDir::sync_so_far`]) have been out of place a whole period, and
/// the files that replaced them are on disk: the worker that needs its
/// next temporary file takes the oldest of them, looks at it and, found
/// unchanged, writes over it (Linux; see `spare`). A rebuild swaps out
/// one version for each temporary file it needs, so the list holds the
/// versions of the last two periods, whatever the batch; it used to be
/// emptied by the syncing thread alone, which fell behind the workers, and
/// it grew with the batch.
#[derive(Default)]
struct SwappedOut {
    displaced: VecDeque<Displaced>,
    /// How many versions were ever added (the front one is number
    /// `added - displaced.len()`).
    added: u64,
    /// How many had been added when the last early sync began, and when
    /// the one before it began: those below `aged` may be looked at.
    added_at_sync: u64,
    aged: u64,
}

impl SwappedOut {
    fn add(&mut self, displaced: Displaced) {
        self.displaced.push_back(displaced);
        self.added += 1;
    }

    /// The oldest version, when it was swapped out a whole period ago.
    fn take_aged(&mut self) -> Option<Displaced> {
        let front = self.added - self.displaced.len() as u64;
        if front >= self.aged {
            return None;
        }
        self.displaced.pop_front()
    }
}

/// Up to this many displaced versions, the commit looks at them on its own
/// thread: a rebuild of a county's few drafts does not start a thread
/// pool for them. More are spread over the pool the caller runs the commit
/// on; a caller on none (a build with one worker, which drafts on its own
/// thread) looks at them all itself rather than start rayon's global pool.
const SETTLED_HERE: usize = 64;

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Enters a writing section (never nested: a waiting [`interrupt`] would
/// block the inner one). After [`interrupt`] the caller never gets one: it
/// waits for the handler to end the process, so the run cannot finish on
/// its own with a report of files it did not write.
pub(crate) fn writing() -> RwLockReadGuard<'static, ()> {
    let guard = WRITING.read().unwrap_or_else(PoisonError::into_inner);
    if interrupted() {
        drop(guard);
        wait_for_the_end();
    }
    guard
}

/// Ends a writing section after which the caller would go on to report
/// the run: if [`interrupt`] was called meanwhile (it waited for this
/// section), the caller waits for the handler to end the process instead.
fn end_writing(guard: RwLockReadGuard<'static, ()>) {
    drop(guard);
    if interrupted() {
        wait_for_the_end();
    }
}

/// Waits, after an [`interrupt`], for its handler to end the process.
fn wait_for_the_end() -> ! {
    loop {
        std::thread::park();
    }
}

/// [`writing`], for files written outside any output folder (each put in
/// place whole, as [`write_file_atomically`] puts one).
pub(crate) fn writing_files() -> RwLockReadGuard<'static, ()> {
    will_write(WRITES_FILES);
    writing()
}

/// The pause point `WENGAO_TEST_PAUSE` names, read once per run.
fn pause_asked() -> Option<&'static str> {
    static ASKED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    ASKED
        .get_or_init(|| std::env::var("WENGAO_TEST_PAUSE").ok())
        .as_deref()
}

/// Whether the test hook of `pause_point` is set for this run.
pub fn pausing() -> bool {
    pause_asked().is_some()
}

/// A test hook: with `WENGAO_TEST_PAUSE=<point>`, the run stops at that
/// point, says so on stderr (`wengao-test-pause: <point>`) and waits until
/// a line arrives on stdin (then goes on), it is interrupted, or a minute
/// has passed, so tests can prove which moment they act on. Points:
/// `locked`, `manifest-pending` (the first batch's hashes appended),
/// `temp-written` (first file), `first-renamed`, `all-renamed`, `synced`
/// (the data is on disk, and the final manifest, not yet renamed into
/// place), `settling` (the
/// commit has taken the versions swapped out, to look at them once more),
/// `manifest-final`; `temp-written` also in [`write_file_atomically`] and
/// `wengao next`; and
/// `checked` (`wengao check`, after each data file: test it with one).
/// Each point is hit once per run; a build run with the hook set uses one
/// worker, so "first" is the first file in input order.
pub(crate) fn pause_point(point: &str) {
    static RESUMED: AtomicBool = AtomicBool::new(false);
    if pause_asked() != Some(point) {
        return;
    }
    RESUMED.store(false, Ordering::SeqCst);
    eprintln!("wengao-test-pause: {point}");
    std::thread::spawn(|| {
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
            RESUMED.store(true, Ordering::SeqCst);
        }
    });
    let until = Instant::now() + Duration::from_secs(60);
    while !interrupted() && !RESUMED.load(Ordering::SeqCst) && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// How written files are made to survive a power cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Each temporary file is `fsync`ed before its rename (by the worker
    /// that wrote it), and the folders a batch wrote to once it is written
    /// (kept for the end, they would be a list that grows with the batch).
    PerFile,
    /// Nothing is synced per file: the file system holding the output
    /// folder is synced once (`syncfs`) after the last rename, the final
    /// manifest written beside the manifest, then renamed over it.
    /// Linux only; elsewhere `PerFile`.
    AtEnd,
}

impl Durability {
    /// The default, [`Durability::AtEnd`] where `syncfs` exists;
    /// `WENGAO_SYNC=file` asks for `PerFile` (slower, but a power cut
    /// during the run leaves no empty draft).
    pub fn chosen() -> Self {
        let asked = std::env::var("WENGAO_SYNC").ok();
        if asked.as_deref() == Some("file") || !cfg!(target_os = "linux") {
            Durability::PerFile
        } else {
            Durability::AtEnd
        }
    }
}

/// The output folder of one run, locked while this value lives.
pub struct OutputDir {
    root: PathBuf,
    /// What the manifest said when the folder was opened (or at the last
    /// commit), with the paths this run wrote again marked (see
    /// [`Manifest`]).
    manifest: Mutex<Manifest>,
    /// The manifest opened for appending pending hashes; `None` until the
    /// first batch and after each commit (which replaces the file).
    appending: Mutex<Option<Appending>>,
    /// The lines of this run's files, in the order the caller recorded
    /// them (see [`OutputDir::record`]); copied into the manifest at the
    /// commit.
    record: Mutex<RunRecord>,
    /// How many lines the receipts handed out hold: the commit rewrites the
    /// manifest only when the record has them all.
    promised: AtomicUsize,
    /// The versions swapped out of place, kept until a worker, the
    /// commit or [`interrupt`] looks at them once more (see
    /// [`SwappedOut`]).
    swapped_out: Arc<Mutex<SwappedOut>>,
    /// The attributes of this run's first new temporary file: an old
    /// version is written over only when it has them too.
    #[cfg(target_os = "linux")]
    fresh: std::sync::OnceLock<spare::Fresh>,
    /// Drafts a worker found edited in their displaced version, for the
    /// commit to report.
    edited_late: Mutex<Vec<(PathBuf, WriteIssue)>>,
    force: bool,
    durability: Durability,
    /// Edited contents read and merged into what replaces them (see
    /// [`OutputDir::adopt`]): their hashes by manifest key; never
    /// recorded. Taken by the file's next write, so it holds only the
    /// files not yet written (a rebuild carries every reviewed draft's
    /// edits: kept to the end, they grew with the batch).
    adopted: Mutex<BTreeMap<String, Vec<[u8; 32]>>>,
    /// Which pause points were passed already (each is hit once).
    passed_pending: AtomicBool,
    passed_temp: AtomicBool,
    passed_rename: AtomicBool,
    /// Holds the lock on `.wengao-lock`; closing it releases the lock.
    /// Written through (under `listing_folders`) with the folders this run
    /// writes to: see [`FOLDER_LIST`].
    lock: fs::File,
    listing_folders: Mutex<()>,
}

impl OutputDir {
    /// Opens (creating it if needed) the output folder `root` and locks it.
    /// When another wengao holds the lock, calls `waiting` once and waits up
    /// to `patience` for it. Then removes temporary files a killed run left
    /// and reads the manifest.
    pub fn open(
        root: &Path,
        force: bool,
        patience: Duration,
        waiting: impl FnOnce(),
    ) -> Result<Self, OpenIssue> {
        let open_io = |e: std::io::Error| OpenIssue::Io {
            reason: io_reason(&e, Access::Write),
        };
        will_write(WRITES_FOLDER);
        fs::create_dir_all(root).map_err(open_io)?;
        let root = root.canonicalize().map_err(open_io)?;
        // Read and written: it lists the folders being written.
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(root.join(LOCK))
            .map_err(open_io)?;
        lock_within(&lock, patience, waiting)?;
        pause_point("locked");
        remove_stale_temp_files(&root, &lock);
        let manifest_path = root.join(MANIFEST);
        let (manifest, torn) = match Manifest::read(&manifest_path) {
            Ok(m) => m,
            Err(e) if e.kind() == ErrorKind::InvalidData => {
                return Err(OpenIssue::BadManifest {
                    path: manifest_path,
                });
            }
            Err(e) => {
                return Err(OpenIssue::Io {
                    reason: io_reason(&e, Access::Read),
                });
            }
        };
        let swapped_out = Arc::new(Mutex::new(SwappedOut::default()));
        {
            let mut lists = lock_ignoring_poison(&SWAPPED_OUT);
            lists.retain(|list| list.strong_count() > 0);
            lists.push(Arc::downgrade(&swapped_out));
        }
        let out = OutputDir {
            root,
            manifest: Mutex::new(manifest),
            appending: Mutex::new(None),
            record: Mutex::new(RunRecord::default()),
            promised: AtomicUsize::new(0),
            swapped_out: Arc::clone(&swapped_out),
            #[cfg(target_os = "linux")]
            fresh: std::sync::OnceLock::new(),
            edited_late: Mutex::new(Vec::new()),
            force,
            durability: Durability::chosen(),
            adopted: Mutex::new(BTreeMap::new()),
            passed_pending: AtomicBool::new(false),
            passed_temp: AtomicBool::new(false),
            passed_rename: AtomicBool::new(false),
            lock,
            listing_folders: Mutex::new(()),
        };
        // Appends follow a symlink: a manifest that is one (perhaps to a
        // file outside the folder) is replaced by a plain file first, as
        // the rename of a whole rewrite always did.
        let linked = fs::symlink_metadata(&manifest_path).is_ok_and(|m| m.file_type().is_symlink());
        if torn || linked {
            // A crash cut an append short: rewrite it whole before
            // appending after it.
            let manifest = lock_ignoring_poison(&out.manifest);
            out.replace_manifest(|file| manifest.write_to(file))
                .map_err(|issue| OpenIssue::Io {
                    reason: issue.message(),
                })?;
            drop(manifest);
        }
        Ok(out)
    }

    /// What `rel` holds now, when it is a regular file of the output folder
    /// (not a symlink); read under the lock, for carrying edits forward.
    pub fn read_current(&self, rel: &Path) -> Option<Vec<u8>> {
        if !is_plain_relative(rel) {
            return None;
        }
        let path = self.root.join(rel);
        let meta = fs::symlink_metadata(&path).ok()?;
        if !meta.is_file() {
            return None;
        }
        fs::read(path).ok()
    }

    /// Whether `bytes` are what wengao wrote as `rel` (the manifest knows them).
    pub fn wrote(&self, rel: &Path, bytes: &[u8]) -> bool {
        lock_ignoring_poison(&self.manifest).knows_sha(&manifest_key(rel), &digest(bytes))
    }

    /// Whether the manifest knows a file wengao wrote as `rel`, whatever
    /// its content (without reading the disk).
    pub fn has_written(&self, rel: &Path) -> bool {
        lock_ignoring_poison(&self.manifest).has(&manifest_key(rel))
    }

    /// Lets the next write of `rel` replace the content `bytes`, which was
    /// read and merged into the new content (a reviewer's edit carried
    /// forward): replacing exactly it loses nothing. Any other content — a
    /// save made after it was read — is still refused or put back.
    pub fn adopt(&self, rel: &Path, bytes: &[u8]) {
        lock_ignoring_poison(&self.adopted)
            .entry(manifest_key(rel))
            .or_default()
            .push(digest(bytes));
    }

    /// The hashes of the contents adopted for the file of manifest key
    /// `key`, taken: each adoption is for the next write of its file only.
    fn take_adopted(&self, key: &str) -> Vec<[u8; 32]> {
        let mut adopted = lock_ignoring_poison(&self.adopted);
        if adopted.is_empty() {
            return Vec::new();
        }
        adopted.remove(key).unwrap_or_default()
    }

    /// Writes every planned file, in order, records them and commits the
    /// manifest: [`OutputDir::write_batch`] then [`OutputDir::commit`].
    pub fn write_all(&mut self, planned: &[Planned]) -> Vec<Outcome> {
        let mut outcomes = self.write_batch(planned);
        pause_point("all-renamed");
        for (rel, issue) in self.commit() {
            if let Some(i) = planned.iter().position(|p| p.rel == rel) {
                outcomes[i] = Outcome::Refused(issue);
            }
        }
        outcomes
    }

    /// Writes the files of one batch and records them at once: a caller
    /// on one thread, whose batches come in a fixed order.
    /// [`OutputDir::write_batch_held`] and [`OutputDir::record`].
    pub fn write_batch(&self, planned: &[Planned]) -> Vec<Outcome> {
        let (outcomes, receipt) = self.write_batch_held(planned);
        self.record(receipt);
        outcomes
    }

    /// Writes the files of one batch (the drafts of one data file), in
    /// order. Safe to call from several threads at once. Their new hashes
    /// are first appended to the manifest beside the old ones: if the run
    /// is killed between renames, every file on disk is still one we wrote.
    /// The receipt goes to [`OutputDir::record`] in the order the
    /// committed manifest should list the batches (input order, say), so
    /// that order does not depend on which thread finished first.
    pub fn write_batch_held(&self, planned: &[Planned]) -> (Vec<Outcome>, Receipt) {
        // The lines of the batch, one after another; `ends[i]` is where
        // file i's line ends.
        let mut text = String::new();
        let mut ends = Vec::with_capacity(planned.len());
        let mut new = Vec::with_capacity(planned.len());
        for p in planned {
            let key = manifest_key(&p.rel);
            let sha = digest(&p.bytes);
            text.push_str(&String::from_utf8_lossy(&hex(&sha)));
            text.push_str("  ");
            text.push_str(&key);
            text.push('\n');
            ends.push(text.len());
            new.push((key, sha));
        }
        let listed = self.list_folders(new.iter().map(|(key, _)| key.as_str()));
        if let Err(issue) = listed.and_then(|()| self.append_pending(text.as_bytes())) {
            let refused = planned
                .iter()
                .map(|_| Outcome::Refused(issue.clone()))
                .collect();
            return (refused, Receipt::default());
        }
        if !self.passed_pending.swap(true, Ordering::SeqCst) {
            pause_point("manifest-pending");
        }
        let mut outcomes = Vec::with_capacity(planned.len());
        let mut receipt = Receipt::default();
        // The files of a batch share one or two folders: each is checked
        // (and made) once a batch, not once a file.
        let mut folder = None;
        let per_file = self.durability == Durability::PerFile;
        // With `PerFile`: the (real) folders renamed into, synced below.
        let mut renamed_in = BTreeSet::new();
        for (i, (p, (key, sha))) in planned.iter().zip(&new).enumerate() {
            let mut swapped = false;
            let outcome = self.write_one(p, key, sha, &mut folder, &mut swapped);
            if swapped {
                receipt.swapped.push(i);
            }
            let renamed = matches!(outcome, Outcome::Written | Outcome::BackedUp(_));
            if let (true, true, Some((_, real))) = (per_file, renamed, &folder) {
                renamed_in.insert(real.clone());
            }
            outcomes.push(outcome);
            if !self.passed_rename.swap(true, Ordering::SeqCst) {
                pause_point("first-renamed");
            }
        }
        sync_folders(&renamed_in);
        let mut manifest = lock_ignoring_poison(&self.manifest);
        let mut start = 0;
        for (((key, sha), outcome), end) in new.iter().zip(&outcomes).zip(ends) {
            if !matches!(outcome, Outcome::Refused(_)) {
                manifest.set_recorded(key, sha);
                receipt.lines.push_str(&text[start..end]);
                receipt.count += 1;
            }
            start = end;
        }
        drop(manifest);
        self.promised.fetch_add(receipt.count, Ordering::SeqCst);
        (outcomes, receipt)
    }

    /// Adds the lines of a batch's files to this run's record, which the
    /// commit copies into the manifest after the lines of files this run
    /// did not write: the committed manifest lists this run's files in the
    /// order their receipts were recorded. Every receipt must be recorded
    /// before the commit; if one is not (or the record cannot be written),
    /// the commit leaves the pending manifest, which lists them all.
    pub fn record(&self, receipt: Receipt) {
        if receipt.count == 0 {
            return;
        }
        let mut record = lock_ignoring_poison(&self.record);
        if record.failed {
            return;
        }
        let lines = receipt.lines.as_bytes();
        if record.file.is_none() && record.held.len() + lines.len() <= RECORD_HELD_BYTES {
            record.held.extend_from_slice(lines);
            record.lines += receipt.count;
            return;
        }
        if record.file.is_none() {
            // Nameless (deleted when closed, however the run ends), in
            // the output folder's file system, not in memory.
            let Ok(file) = tempfile::tempfile_in(&self.root) else {
                record.failed = true;
                return;
            };
            let held = std::mem::take(&mut record.held);
            let mut file = std::io::BufWriter::new(file);
            if file.write_all(&held).is_err() {
                record.failed = true;
                return;
            }
            record.file = Some(file);
        }
        let file = record.file.as_mut().expect("created above");
        match file.write_all(lines) {
            Ok(()) => record.lines += receipt.count,
            Err(_) => record.failed = true,
        }
    }

    /// Writes to the disk what is written so far, while the run goes on
    /// (with the one sync at the end, not with a sync per file): the sync
    /// at the end then waits only for what came after. Only a head start;
    /// nothing is promised until [`OutputDir::commit`].
    ///
    /// Then the versions swapped out before the previous call may be
    /// looked at once more (see `SwappedOut`): they have been out of
    /// place for a whole period between two calls, and the files that
    /// replaced them are on disk.
    pub fn sync_so_far(&self) {
        let added_now = lock_ignoring_poison(&self.swapped_out).added;
        if self.durability == Durability::AtEnd {
            sync_file_system(&self.root);
        }
        let list = &mut *lock_ignoring_poison(&self.swapped_out);
        // A commit in between starts the count again: nothing it left
        // counts as aged before a period has passed.
        let since_commit = |count: u64| count.min(list.added);
        list.aged = since_commit(list.added_at_sync);
        list.added_at_sync = since_commit(added_now);
    }

    /// Ends a run of [`OutputDir::write_batch`]es: commits (see
    /// [`OutputDir::commit`], whose late findings it returns) and releases
    /// the lock.
    pub fn finish(self) -> Vec<(PathBuf, WriteIssue)> {
        pause_point("all-renamed");
        self.commit_files()
    }

    /// Makes every file written so far durable, looks once more at the
    /// versions swapped out of place (a save that landed in one after the
    /// swap goes back in place; see `Displaced`), then rewrites the
    /// manifest with only the current hashes: the lines read at the start
    /// that this run did not replace (in their order), then this run's record.
    /// Returns the drafts found edited that late. A failure leaves the
    /// pending manifest, which is still safe. Batches written after it
    /// know every file it committed.
    pub fn commit(&self) -> Vec<(PathBuf, WriteIssue)> {
        let late = self.commit_files();
        if let Ok((manifest, _)) = Manifest::read(&self.root.join(MANIFEST)) {
            *lock_ignoring_poison(&self.manifest) = manifest;
        }
        late
    }

    /// [`OutputDir::commit`], without reading the new manifest back.
    fn commit_files(&self) -> Vec<(PathBuf, WriteIssue)> {
        let at_end = self.durability == Durability::AtEnd;
        // With `AtEnd` the final manifest is written before the one sync,
        // which makes its content durable with the drafts', and renamed
        // into place after it: no flush of the disk of its own. Each
        // flush is a wait for the disk, and a build of one data file made
        // three (1.8, 0.5 and 1.1 ms here) where it now makes one. With
        // `PerFile`, each batch synced its files and folders, and the
        // manifest is synced before its rename. While the sync runs, the
        // final manifest waits where Ctrl-C deletes it, so the sync (long
        // on a slow disk) is not a writing section.
        let waiting = {
            let _writing = writing();
            self.write_final_manifest(!at_end)
                .map(leave_waiting_manifest)
        };
        if at_end {
            sync_file_system(&self.root);
        }
        pause_point("synced");
        // Then one writing section: Ctrl-C waits for it to end rather
        // than leave the versions taken out of the list unlooked at.
        let writing_section = writing();
        let late = self.settle_swapped_out();
        let placed = waiting.and_then(|path| match take_waiting_manifest(&path) {
            Some(tmp) => self.put_manifest_in_place(tmp),
            None => Ok(()),
        });
        end_writing(writing_section);
        pause_point("manifest-final");
        // The folders of the edits put back. Not the output folder for the
        // manifest's rename with `AtEnd`: until that rename reaches the
        // disk, the manifest there is the one the run appended to, synced
        // above, which knows every file in place (and the versions they
        // replaced), so a power cut after the run loses nothing.
        let mut folders: BTreeSet<PathBuf> = late
            .iter()
            .filter_map(|(rel, _)| self.root.join(rel).parent().map(Path::to_path_buf))
            .collect();
        if !at_end && placed.is_ok() {
            folders.insert(self.root.clone());
        }
        sync_folders(&folders);
        // Every temporary file of this run is gone: renamed into place,
        // removed, or (swapped-out versions) looked at above.
        self.restart_folder_list();
        late
    }

    /// Looks once more at the versions still swapped out, last, after the
    /// sync: the longest an editor caught mid-save has had (those swapped
    /// out earlier in a long run were looked at by the workers, each a
    /// whole period after its swap). The drafts edited late, these with
    /// those the workers found. Called in a writing section.
    fn settle_swapped_out(&self) -> Vec<(PathBuf, WriteIssue)> {
        let SwappedOut { displaced, .. } =
            std::mem::take(&mut *lock_ignoring_poison(&self.swapped_out));
        pause_point("settling");
        let mut late = std::mem::take(&mut *lock_ignoring_poison(&self.edited_late));
        // Many are looked at on every core (a short run of a large batch
        // has all of its versions here), in the list's order; a few,
        // here, without starting a thread pool.
        let settled = |d: Displaced| d.settle().edited();
        if displaced.len() > SETTLED_HERE && rayon::current_thread_index().is_some() {
            late.par_extend(displaced.into_par_iter().filter_map(settled));
        } else {
            late.extend(displaced.into_iter().filter_map(settled));
        }
        late
    }

    /// Writes the final manifest under a temporary name beside it,
    /// streamed: the lines read at the start that this run did not
    /// replace, then this run's record copied as it is. Neither is ever
    /// held whole in memory (the record only while it is small). Synced
    /// when `sync`.
    fn write_final_manifest(&self, sync: bool) -> Result<TempPath, WriteIssue> {
        let manifest = lock_ignoring_poison(&self.manifest);
        let record = std::mem::take(&mut *lock_ignoring_poison(&self.record));
        let promised = self.promised.swap(0, Ordering::SeqCst);
        let incomplete = WriteIssue::Io {
            reason: "本次生成的记录不完整".into(),
        };
        if record.failed {
            return Err(incomplete);
        }
        // A receipt never recorded is a bug of the caller: the pending
        // manifest keeps its files known.
        debug_assert_eq!(record.lines, promised, "every receipt is recorded");
        if record.lines != promised {
            return Err(incomplete);
        }
        let mut lines = match record.file {
            Some(buffered) => {
                let mut file = buffered
                    .into_inner()
                    .map_err(|e| write_io(e.into_error()))?;
                std::io::Seek::rewind(&mut file).map_err(write_io)?;
                Some(file)
            }
            None => None,
        };
        self.write_manifest_temp(sync, |out| {
            manifest.write_to(out)?;
            out.write_all(&record.held)?;
            if let Some(lines) = &mut lines {
                std::io::copy(lines, out)?;
            }
            Ok(())
        })
    }

    /// Adds the folders of the files `keys` name (their manifest keys) to
    /// the lock file's list (see [`FOLDER_LIST`]), before any temporary
    /// file is made in them. The output folder itself is always looked in.
    fn list_folders<'k>(&self, keys: impl Iterator<Item = &'k str>) -> Result<(), WriteIssue> {
        let folders: BTreeSet<&str> = keys
            .filter_map(|key| key.rsplit_once('/').map(|(folder, _)| folder))
            .collect();
        if folders.is_empty() {
            return Ok(());
        }
        let mut lines = String::new();
        for folder in folders {
            lines.push_str(folder);
            lines.push('\n');
        }
        let _listing = lock_ignoring_poison(&self.listing_folders);
        let mut file = &self.lock;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::End(0)).map_err(write_io)?;
        file.write_all(lines.as_bytes()).map_err(write_io)?;
        if self.durability == Durability::PerFile {
            file.sync_data().map_err(write_io)?;
        }
        Ok(())
    }

    /// Cuts the lock file's list of folders back to its first line: every
    /// temporary file made in them is gone.
    fn restart_folder_list(&self) {
        let _listing = lock_ignoring_poison(&self.listing_folders);
        let _ = self.lock.set_len(FOLDER_LIST.len() as u64);
    }

    /// Appends whole `hash  path` lines to the manifest in one write; a
    /// failed write is cut back off, so no torn line is left before the
    /// next append.
    fn append_pending(&self, lines: &[u8]) -> Result<(), WriteIssue> {
        let _writing = writing();
        let mut appending = lock_ignoring_poison(&self.appending);
        if appending.is_none() {
            let mut options = fs::OpenOptions::new();
            options.append(true).create(true);
            // Never through a symlink put there during the run.
            #[cfg(target_os = "linux")]
            std::os::unix::fs::OpenOptionsExt::custom_flags(
                &mut options,
                rustix::fs::OFlags::NOFOLLOW.bits() as i32,
            );
            let file = options.open(self.root.join(MANIFEST)).map_err(write_io)?;
            let len = file.metadata().map_err(write_io)?.len();
            *appending = Some(Appending { file, len });
        }
        let appending = appending.as_mut().expect("opened above");
        if let Err(e) = appending.file.write_all(lines) {
            let _ = appending.file.set_len(appending.len);
            return Err(write_io(e));
        }
        appending.len += lines.len() as u64;
        if self.durability == Durability::PerFile {
            // The hashes reach the disk before any file they describe.
            appending.file.sync_data().map_err(write_io)?;
        }
        Ok(())
    }

    /// Replaces the manifest with what `fill` writes, atomically.
    fn replace_manifest(
        &self,
        fill: impl FnOnce(&mut std::io::BufWriter<&mut fs::File>) -> std::io::Result<()>,
    ) -> Result<(), WriteIssue> {
        let _writing = writing();
        let tmp = self.write_manifest_temp(true, fill)?;
        self.put_manifest_in_place(tmp)
    }

    /// A new manifest, what `fill` writes, under a temporary name beside
    /// the manifest; synced when `sync`. Called in a writing section.
    fn write_manifest_temp(
        &self,
        sync: bool,
        fill: impl FnOnce(&mut std::io::BufWriter<&mut fs::File>) -> std::io::Result<()>,
    ) -> Result<TempPath, WriteIssue> {
        write_temp_with(&self.root.join(MANIFEST), sync, |file| {
            let mut buffered = std::io::BufWriter::new(file);
            fill(&mut buffered)?;
            buffered.flush()
        })
        .map_err(write_io)
    }

    /// Renames a manifest written by [`OutputDir::write_manifest_temp`]
    /// over the manifest; later appends go to it. Called in a writing
    /// section.
    fn put_manifest_in_place(&self, tmp: TempPath) -> Result<(), WriteIssue> {
        let mut appending = lock_ignoring_poison(&self.appending);
        tmp.persist(self.root.join(MANIFEST))
            .map_err(|e| write_io(e.error))?;
        // Appends go to the new file from now on.
        *appending = None;
        Ok(())
    }

    /// Writes `p`; `folder` is the last folder a file was written to in
    /// this batch (relative, then real), reused when `p` goes there too.
    /// `key` is `p.rel`'s manifest key and `sha` the digest of `p.bytes`
    /// (both made once for the batch's lines); `swapped` is set when an
    /// older version was swapped out (see [`Receipt::awaits_commit`]).
    fn write_one(
        &self,
        p: &Planned,
        key: &str,
        sha: &[u8; 32],
        folder: &mut Option<(PathBuf, PathBuf)>,
        swapped: &mut bool,
    ) -> Outcome {
        let _writing = writing();
        let (target, absent) = match self.target(&p.rel, folder) {
            Ok(found) => found,
            Err(issue) => return Outcome::Refused(issue),
        };
        // Nothing there: nothing to read (in a new output folder, every
        // file). One made meanwhile is not replaced: see `replace`.
        let existing = if absent {
            None
        } else {
            match fs::read(&target) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == ErrorKind::NotFound => None,
                Err(e) => {
                    return Outcome::Refused(WriteIssue::Io {
                        reason: io_reason(&e, Access::Read),
                    });
                }
            }
        };
        let adopted = self.take_adopted(key);
        if existing.as_deref() == Some(&p.bytes[..]) {
            return Outcome::Unchanged;
        }
        let mut backup = None;
        // Hashed once: looked up here, kept with the version if it is
        // swapped out.
        let old_hash = existing.as_deref().map(digest);
        if let (Some(old), Some(hash)) = (&existing, old_hash) {
            let known = adopted.contains(&hash)
                || lock_ignoring_poison(&self.manifest).knows_sha(key, &hash);
            if !known {
                if !self.force {
                    let recorded = lock_ignoring_poison(&self.manifest).has(key);
                    return Outcome::Refused(if recorded {
                        WriteIssue::Edited
                    } else {
                        WriteIssue::Unrecorded
                    });
                }
                match keep_backup(&target, old) {
                    Ok(path) => backup = Some(path),
                    Err(e) => return Outcome::Refused(write_io(e)),
                }
            }
        }
        let per_file = self.durability == Durability::PerFile;
        let tmp = match self.temp_file(&target, &p.bytes, per_file) {
            Ok(tmp) => tmp,
            Err(e) => return Outcome::Refused(write_io(e)),
        };
        if !self.passed_temp.swap(true, Ordering::SeqCst) {
            pause_point("temp-written");
        }
        if interrupted() {
            // Dropping `tmp` removes it.
            return Outcome::Refused(WriteIssue::Interrupted);
        }
        match replace(tmp, &target, existing.as_deref(), &p.bytes) {
            Ok((Replaced::Done, displaced)) => {
                if let Some(tmp) = displaced {
                    *swapped = true;
                    let displaced = Displaced {
                        tmp,
                        rel: p.rel.clone().into_boxed_path(),
                        old: old_hash.unwrap_or_else(|| digest(&[])),
                        new: *sha,
                    };
                    lock_ignoring_poison(&self.swapped_out).add(displaced);
                }
                backup.map_or(Outcome::Written, Outcome::BackedUp)
            }
            Ok((Replaced::Changed, _)) => Outcome::Refused(WriteIssue::EditedDuringBuild),
            Err(e) => Outcome::Refused(write_io(e)),
        }
    }

    /// A temporary file beside `target` holding `bytes` (synced when
    /// `sync`): the oldest version swapped out a period ago (see
    /// [`SwappedOut`]), written over when it is unchanged and fit for it
    /// (see `spare`), else a new file.
    fn temp_file(&self, target: &Path, bytes: &[u8], sync: bool) -> std::io::Result<TempPath> {
        let aged = lock_ignoring_poison(&self.swapped_out).take_aged();
        match aged.map(Displaced::settle) {
            #[cfg(target_os = "linux")]
            Some(Settled::Unchanged(spare)) => {
                if let Some(fresh) = self.fresh.get()
                    && let Some(written) = spare::write_over(spare, *fresh, target, bytes, sync)
                {
                    return written;
                }
            }
            Some(Settled::Edited(rel, issue)) => {
                lock_ignoring_poison(&self.edited_late).push((rel, issue));
            }
            // Unchanged, and not to be written over: deleted.
            _ => {}
        }
        write_temp_with(target, sync, |file| {
            #[cfg(target_os = "linux")]
            if self.fresh.get().is_none()
                && let Some(fresh) = spare::Fresh::of(file)
            {
                let _ = self.fresh.set(fresh);
            }
            file.write_all(bytes)
        })
    }

    /// The absolute path of `rel`, refusing anything that would land
    /// outside the output folder, and whether nothing is there yet. Folders
    /// are created one by one, each only after the one above it proved to
    /// be a real folder inside the output folder, so nothing is ever
    /// created outside it.
    /// `folder`: the folder checked last, reused when `rel` is in it.
    fn target(
        &self,
        rel: &Path,
        folder: &mut Option<(PathBuf, PathBuf)>,
    ) -> Result<(PathBuf, bool), WriteIssue> {
        if !is_plain_relative(rel) {
            return Err(WriteIssue::Escapes);
        }
        let parent = rel.parent().unwrap_or(Path::new(""));
        let dir = match folder {
            Some((checked, real)) if checked == parent => real.clone(),
            _ => {
                let real = self.folder(rel)?;
                *folder = Some((parent.to_path_buf(), real.clone()));
                real
            }
        };
        let target = dir.join(rel.file_name().ok_or(WriteIssue::Escapes)?);
        let absent = match fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(WriteIssue::Symlink),
            Ok(_) => false,
            Err(e) => e.kind() == ErrorKind::NotFound,
        };
        Ok((target, absent))
    }

    /// The real folder of `rel` (plain and relative), each folder on the
    /// way checked and made in turn.
    fn folder(&self, rel: &Path) -> Result<PathBuf, WriteIssue> {
        let mut dir = self.root.clone();
        let mut shown = PathBuf::new();
        let folders = rel.parent().map(Path::components).into_iter().flatten();
        for name in folders {
            shown.push(name);
            let next = dir.join(name);
            let meta = match fs::symlink_metadata(&next) {
                Ok(meta) => meta,
                Err(e) if e.kind() == ErrorKind::NotFound => {
                    match fs::create_dir(&next) {
                        Ok(()) => {}
                        // Made by someone else meanwhile: look at it again.
                        Err(e) if e.kind() == ErrorKind::AlreadyExists => {}
                        Err(e) => return Err(write_io(e)),
                    }
                    fs::symlink_metadata(&next).map_err(write_io)?
                }
                Err(e) => return Err(write_io(e)),
            };
            if meta.is_dir() {
                dir = next;
            } else if meta.file_type().is_symlink() {
                let real = next.canonicalize().map_err(|_| WriteIssue::LinkOut {
                    link: shown.clone(),
                })?;
                if !real.starts_with(&self.root) {
                    return Err(WriteIssue::LinkOut { link: shown });
                }
                if !real.is_dir() {
                    return Err(WriteIssue::NotAFolder { path: shown });
                }
                dir = real;
            } else {
                return Err(WriteIssue::NotAFolder { path: shown });
            }
        }
        Ok(dir)
    }
}

/// Writes one file outside any output folder (`wengao convert`, the page
/// and the redline of `wengao diff`):
/// atomically (a temporary file beside it, synced, then renamed over it)
/// and inside a writing section, so Ctrl-C never leaves the temporary file.
/// A symlink at `target` is refused, as in the output folder.
pub fn write_file_atomically(target: &Path, bytes: &[u8]) -> Result<(), WriteIssue> {
    // A bare file name lives in the current folder.
    let target = &Path::new(".").join(target);
    let section = writing_files();
    if fs::symlink_metadata(target).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(WriteIssue::Symlink);
    }
    let tmp = write_temp(target, bytes, true).map_err(write_io)?;
    put_in_place(tmp, section, target, |tmp| {
        tmp.persist(target).map_err(|e| write_io(e.error))
    })
}

/// [`write_file_atomically`] for a file that must be new (`wengao next`):
/// renamed into place only if nothing is at `target` by then, else the
/// error is `AlreadyExists`.
pub(crate) fn write_new_file_atomically(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = &Path::new(".").join(target);
    let section = writing_files();
    let tmp = write_temp(target, bytes, true)?;
    put_in_place(tmp, section, target, |tmp| {
        tmp.persist_noclobber(target).map_err(|e| e.error)
    })
}

/// Puts a file written (the pause point `temp-written`) at `target` with
/// `persist`, syncs its folder once it is there, and ends the writing
/// `section` ([`end_writing`]). When the run was interrupted meanwhile,
/// removes it instead, leaves the section and waits for the handler to end
/// the process, so the run cannot end first with a report of its own (an
/// error, exit 1 or 2).
fn put_in_place<E>(
    tmp: TempPath,
    section: RwLockReadGuard<'static, ()>,
    target: &Path,
    persist: impl FnOnce(TempPath) -> Result<(), E>,
) -> Result<(), E> {
    pause_point("temp-written");
    if interrupted() {
        drop(tmp);
        drop(section);
        wait_for_the_end();
    }
    let placed = persist(tmp);
    if placed.is_ok() {
        sync_folder_of(target);
    }
    end_writing(section);
    placed
}

/// Syncs the folder holding `target`, so its rename survives a power cut.
fn sync_folder_of(target: &Path) {
    if let Some(folder) = target.parent() {
        sync_folders(&BTreeSet::from([folder.to_path_buf()]));
    }
}

/// Locks `lock`, waiting up to `patience` (calling `waiting` once first)
/// when another process holds it.
fn lock_within(
    lock: &fs::File,
    patience: Duration,
    waiting: impl FnOnce(),
) -> Result<(), OpenIssue> {
    // Called through the trait: `std::fs::File::try_lock` shadows it from
    // Rust 1.89 on, above this crate's MSRV.
    let try_lock = || fs4::FileExt::try_lock(lock);
    let started = Instant::now();
    let mut waiting = Some(waiting);
    loop {
        match try_lock() {
            Ok(()) => return Ok(()),
            Err(fs4::TryLockError::WouldBlock) => {}
            Err(fs4::TryLockError::Error(e)) => {
                return Err(OpenIssue::Io {
                    reason: io_reason(&e, Access::Write),
                });
            }
        }
        if let Some(note) = waiting.take() {
            note();
        }
        if started.elapsed() >= patience {
            return Err(OpenIssue::Busy {
                waited: started.elapsed(),
            });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Whether `name` is one of wengao's own temporary files.
fn is_temp_name(name: &str) -> bool {
    name.len() > TEMP_PREFIX.len() + TEMP_SUFFIX.len()
        && name.starts_with(TEMP_PREFIX)
        && name.ends_with(TEMP_SUFFIX)
}

/// Removes the temporary files a killed run left in the output folder
/// (`root`, its real path): in the folders the lock file lists (see [`FOLDER_LIST`]) and in
/// `root` itself; when the lock file has no list (a new output folder, or
/// one last written by a wengao that kept none), in the whole folder,
/// walked. Then starts the list afresh. Only called under the lock: no
/// running build owns any of them. Nothing outside `root` is touched.
fn remove_stale_temp_files(root: &Path, lock: &fs::File) {
    match listed_folders(lock) {
        Some(folders) => {
            remove_temp_files_in(root);
            for folder in folders {
                let dir = root.join(&folder);
                // A folder since replaced by a symlink out of the output folder
                // is not looked into.
                if is_plain_relative(Path::new(&folder))
                    && dir.canonicalize().is_ok_and(|real| real.starts_with(root))
                {
                    remove_temp_files_in(&dir);
                }
            }
        }
        None => remove_temp_files_under(root),
    }
    // Should this fail, the lock file has no list and the next run walks
    // the whole folder: slower, as safe.
    let mut lock = lock;
    let _ = lock.set_len(0).and_then(|()| {
        std::io::Seek::rewind(&mut lock)?;
        lock.write_all(FOLDER_LIST)
    });
}

/// The folders the lock file lists, each once; `None` when it has no list.
/// Holds only the folders of one killed run.
fn listed_folders(lock: &fs::File) -> Option<std::collections::HashSet<String>> {
    let mut lock = lock;
    std::io::Seek::rewind(&mut lock).ok()?;
    let mut lines = std::io::BufRead::split(std::io::BufReader::new(lock), b'\n');
    let first = lines.next()?.ok()?;
    if first != FOLDER_LIST[..FOLDER_LIST.len() - 1] {
        return None;
    }
    let mut folders = std::collections::HashSet::new();
    for line in lines {
        let line = line.ok()?;
        // A line cut short by a kill was written before any temporary file
        // of its batch was made: looking in what it names does no harm.
        if let Ok(folder) = String::from_utf8(line) {
            folders.insert(folder);
        }
    }
    Some(folders)
}

/// Removes the temporary files in `dir` (not in its subfolders).
fn remove_temp_files_in(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if let Ok(kind) = entry.file_type() {
            remove_if_temp(kind, &entry.file_name(), &entry.path());
        }
    }
}

/// Removes `path` if it is a temporary file (of `kind` and named `name`).
fn remove_if_temp(kind: fs::FileType, name: &std::ffi::OsStr, path: &Path) {
    if kind.is_file() && name.to_str().is_some_and(is_temp_name) {
        let _ = fs::remove_file(path);
    }
}

/// Removes the temporary files anywhere under `root`. Symlinks are not
/// followed, so nothing outside it is touched.
fn remove_temp_files_under(root: &Path) {
    let walk = walkdir::WalkDir::new(root).follow_links(false);
    for entry in walk.into_iter().flatten() {
        remove_if_temp(entry.file_type(), entry.file_name(), entry.path());
    }
}

/// Syncs `folders`, so the renames made in them survive a power cut.
pub(crate) fn sync_folders(folders: &BTreeSet<PathBuf>) {
    #[cfg(unix)]
    for folder in folders {
        if let Ok(dir) = fs::File::open(folder) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = folders;
}

/// Syncs the whole file system holding `root` (`syncfs`): every file and
/// rename of the run reaches the disk in one call, far cheaper than an
/// `fsync` per file.
fn sync_file_system(root: &Path) {
    #[cfg(target_os = "linux")]
    if let Ok(dir) = fs::File::open(root) {
        let _ = rustix::fs::syncfs(&dir);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = root;
}

fn lock_ignoring_poison<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
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

/// Writes `bytes` to a new temporary file beside `target`, synced to disk
/// when `sync`. The file is removed when the returned path is dropped.
pub(crate) fn write_temp(target: &Path, bytes: &[u8], sync: bool) -> std::io::Result<TempPath> {
    write_temp_with(target, sync, |file| file.write_all(bytes))
}

/// [`write_temp`] with the content written by `fill`.
fn write_temp_with(
    target: &Path,
    sync: bool,
    fill: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<TempPath> {
    let dir = target.parent().expect("targets have a parent");
    let mut tmp = temp_names().tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    if sync {
        tmp.as_file().sync_all()?;
    }
    Ok(tmp.into_temp_path())
}

/// Names (`.wengao-XXXXXX.tmp`) and makes temporary files.
fn temp_names() -> tempfile::Builder<'static, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    // Drafts are ordinary documents: readable as the user's umask allows,
    // not the owner-only mode temporary files get by default.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder
}

/// How putting a new file in place went.
#[derive(Debug, PartialEq, Eq)]
enum Replaced {
    Done,
    /// What was at the target was no longer `old`: it was left there.
    Changed,
}

/// Puts `tmp` in place at `target`, but only over `old` (the content
/// checked before), or only where there is no file when `old` is `None`.
fn replace(
    tmp: TempPath,
    target: &Path,
    old: Option<&[u8]>,
    new: &[u8],
) -> std::io::Result<(Replaced, Option<TempPath>)> {
    let Some(old) = old else {
        // Never replace a file someone created meanwhile.
        return match tmp.persist_noclobber(target) {
            Ok(()) => Ok((Replaced::Done, None)),
            Err(e) if e.error.kind() == ErrorKind::AlreadyExists => Ok((Replaced::Changed, None)),
            Err(e) => Err(e.error),
        };
    };
    #[cfg(target_os = "linux")]
    match exchange(&tmp, target) {
        Ok(()) => return settle_exchange(tmp, target, old, new),
        // Some file systems (or old kernels) cannot swap: compare and
        // rename instead.
        Err(e) if cannot_swap(&e) => {}
        Err(e) => return Err(e),
    }
    let _ = new;
    // The last look before the rename; the window left is the few
    // microseconds from here to the rename.
    match fs::read(target) {
        Ok(now) if now == old => {}
        Ok(_) => return Ok((Replaced::Changed, None)),
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok((Replaced::Changed, None)),
        Err(e) => return Err(e),
    }
    tmp.persist(target).map_err(|e| e.error)?;
    Ok((Replaced::Done, None))
}

/// Swaps the files at `a` and `b` in one step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Whether `exchange` failed because the file system or kernel lacks it.
#[cfg(target_os = "linux")]
fn cannot_swap(e: &std::io::Error) -> bool {
    use rustix::io::Errno;
    [Errno::INVAL, Errno::NOSYS, Errno::OPNOTSUPP, Errno::XDEV]
        .iter()
        .any(|errno| e.raw_os_error() == Some(errno.raw_os_error()))
}

/// After the swap, `tmp`'s path holds what was at `target`. If that is what
/// was checked, it is handed back to be looked at once more at the end of
/// the run (an editor may have opened it just before the swap and write
/// into it just after); if an edit landed before the swap, it is swapped
/// back. Should yet another save have replaced the new file in between,
/// the version displaced then is kept as a backup: nothing is deleted that
/// wengao did not write.
#[cfg(target_os = "linux")]
fn settle_exchange(
    tmp: TempPath,
    target: &Path,
    old: &[u8],
    new: &[u8],
) -> std::io::Result<(Replaced, Option<TempPath>)> {
    let displaced = match fs::read(&tmp) {
        Ok(bytes) => bytes,
        Err(e) => {
            // Unread, so unchecked: keep it rather than delete it.
            let kept = tmp.keep().map_err(|e| e.error)?;
            fs::rename(kept, free_backup_name(target))?;
            return Err(e);
        }
    };
    if displaced == old {
        return Ok((Replaced::Done, Some(tmp)));
    }
    exchange(&tmp, target)?;
    if fs::read(&tmp)? != new {
        let displaced = tmp.keep().map_err(|e| e.error)?;
        let backup = free_backup_name(target);
        fs::rename(displaced, backup)?;
    }
    Ok((Replaced::Changed, None))
}

/// A version of a draft swapped out of place, still on disk under a
/// temporary name. An editor that opened the draft just before the swap
/// (an open caught between finding the file and emptying it, say) writes
/// into this version, not into the new one; looking at it again before it
/// is deleted (or written over: see `spare`) finds such a save and puts it
/// back. That look comes once the new file is on disk and the version has
/// been out of place for a while: at the commit, or in a long run when a
/// worker needs a temporary file after the second early sync since the
/// swap (see [`SwappedOut`]), so the versions held are those of the last
/// moments, not of the whole batch. Small: a rebuild holds thousands.
struct Displaced {
    /// Beside the draft, in its real folder.
    tmp: TempPath,
    rel: Box<Path>,
    /// SHA-256 of the version checked before the swap.
    old: [u8; 32],
    /// SHA-256 of what wengao put in its place.
    new: [u8; 32],
}

/// What looking at a displaced version once more found.
enum Settled {
    /// Still the version checked: wengao's own, no longer needed (deleted
    /// when dropped).
    Unchanged(TempPath),
    /// An edit landed in it after the swap; the draft, and why.
    Edited(PathBuf, WriteIssue),
}

impl Settled {
    /// The edited draft, if any; an unchanged version is deleted.
    fn edited(self) -> Option<(PathBuf, WriteIssue)> {
        match self {
            Settled::Unchanged(_) => None,
            Settled::Edited(rel, issue) => Some((rel, issue)),
        }
    }
}

impl Displaced {
    /// Hands back the displaced version if it is still the one checked. If
    /// not, an edit landed in it after the swap: it goes back in place
    /// when wengao's file is still there (else it is kept as a backup), and
    /// the draft is reported as edited during the build.
    fn settle(self) -> Settled {
        match fs::read(&self.tmp) {
            Ok(bytes) if digest(&bytes) == self.old => return Settled::Unchanged(self.tmp),
            Ok(_) => {}
            // Unreadable now: keep it rather than delete what is unread.
            Err(_) => {}
        }
        let target = self
            .tmp
            .with_file_name(self.rel.file_name().unwrap_or_default());
        let ours = fs::read(&target).is_ok_and(|b| digest(&b) == self.new);
        #[cfg(target_os = "linux")]
        let swapped_back = ours && exchange(&self.tmp, &target).is_ok();
        #[cfg(not(target_os = "linux"))]
        let swapped_back = false;
        if !swapped_back {
            let backup = free_backup_name(&target);
            if let Ok(kept) = self.tmp.keep() {
                let _ = fs::rename(kept, backup);
            }
        }
        // When swapped back, dropping `tmp` deletes wengao's new file.
        Settled::Edited(self.rel.into(), WriteIssue::EditedDuringBuild)
    }
}

/// `<stem>.backup-N.<ext>` beside `target`, N the first free.
fn free_backup_name(target: &Path) -> PathBuf {
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("草稿");
    let ext = target.extension().and_then(|s| s.to_str());
    let mut n = 1u64;
    loop {
        let path = target.with_file_name(match ext {
            Some(ext) => format!("{stem}.backup-{n}.{ext}"),
            None => format!("{stem}.backup-{n}"),
        });
        if fs::symlink_metadata(&path).is_err() {
            return path;
        }
        n += 1;
    }
}

/// Keeps `existing` as `<stem>.backup-N.<ext>` beside `target`.
fn keep_backup(target: &Path, existing: &[u8]) -> std::io::Result<PathBuf> {
    let path = free_backup_name(target);
    // A backup holds someone's edit: synced before it counts as kept.
    write_temp(&path, existing, true)?
        .persist_noclobber(&path)
        .map_err(|e| e.error)?;
    Ok(path)
}

fn write_io(e: std::io::Error) -> WriteIssue {
    WriteIssue::Io {
        reason: io_reason(&e, Access::Write),
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
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
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
    fn a_record_too_long_to_hold_moves_to_a_file_and_keeps_every_line_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        // Lines of some 260 bytes: 400 of them are past what is held.
        let rel = |i: usize| format!("{}/{i:03}.md", "长".repeat(60));
        for batch in 0..40 {
            let planned: Vec<Planned> = (batch * 10..batch * 10 + 10)
                .map(|i| plan(&rel(i), &i.to_string()))
                .collect();
            out.write_batch(&planned);
            let moved = lock_ignoring_poison(&out.record).file.is_some();
            assert_eq!(
                moved,
                batch >= 25,
                "record moved to a file after batch {batch}"
            );
        }
        assert!(out.commit().is_empty());
        let mut expected = String::new();
        for i in 0..400 {
            let hash = sha256(i.to_string().as_bytes());
            expected.push_str(&format!("{hash}  {}\n", rel(i)));
        }
        assert_eq!(
            fs::read_to_string(dir.path().join(MANIFEST)).unwrap(),
            expected
        );
    }

    /// An adopted content (a reviewer's edit merged into the new draft)
    /// may be replaced by the file's next write only: the adoption is then
    /// spent, whether the file was written or found unchanged, so the run
    /// holds none for files it has written. A save made after the read is
    /// still refused.
    #[test]
    fn an_adoption_lets_the_next_write_only_replace_the_edit() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        out.write_all(&[plan("x.md", "原稿"), plan("y.md", "原稿")]);
        fs::write(dir.path().join("x.md"), "审阅者改过").unwrap();
        fs::write(dir.path().join("y.md"), "审阅者改过").unwrap();
        out.adopt(Path::new("x.md"), "审阅者改过".as_bytes());
        out.adopt(Path::new("y.md"), "审阅者改过".as_bytes());
        out.adopt(Path::new("y.md"), "更早的读法".as_bytes());
        // y.md is already what is planned: unchanged, its adoptions spent.
        let outcomes = out.write_all(&[plan("x.md", "合并后"), plan("y.md", "审阅者改过")]);
        assert_eq!(outcomes, vec![Outcome::Written, Outcome::Unchanged]);
        assert!(lock_ignoring_poison(&out.adopted).is_empty());
        // Adopted, then saved again by the reviewer before the write.
        out.adopt(Path::new("x.md"), "合并后".as_bytes());
        fs::write(dir.path().join("x.md"), "又改了").unwrap();
        let outcomes = out.write_all(&[plan("x.md", "再合并")]);
        assert_eq!(outcomes, vec![Outcome::Refused(WriteIssue::Edited)]);
        assert!(lock_ignoring_poison(&out.adopted).is_empty());
        assert_eq!(
            fs::read_to_string(dir.path().join("x.md")).unwrap(),
            "又改了"
        );
    }

    #[test]
    fn an_edited_file_is_refused_then_backed_up_with_force() {
        let dir = tempfile::tempdir().unwrap();
        OutputDir::open(dir.path(), false, Duration::ZERO, || {})
            .unwrap()
            .write_all(&[plan("x.md", "原稿")]);
        fs::write(dir.path().join("x.md"), "审阅者改过").unwrap();

        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_all(&[plan("x.md", "新稿")]),
            vec![Outcome::Refused(WriteIssue::Edited)]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("x.md")).unwrap(),
            "审阅者改过"
        );

        drop(out);
        let mut forced = OutputDir::open(dir.path(), true, Duration::ZERO, || {}).unwrap();
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
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_all(&[plan("x.md", "新稿")]),
            vec![Outcome::Refused(WriteIssue::Unrecorded)]
        );
    }

    #[test]
    fn paths_cannot_leave_the_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let mut out =
            OutputDir::open(&dir.path().join("out"), false, Duration::ZERO, || {}).unwrap();
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
    fn symlinks_out_of_the_folder_are_refused_before_any_folder_is_made() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        let root = dir.path().join("out");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("link")).unwrap();
        let mut out = OutputDir::open(&root, true, Duration::ZERO, || {}).unwrap();
        let link_out = Outcome::Refused(WriteIssue::LinkOut {
            link: PathBuf::from("link"),
        });
        assert_eq!(
            out.write_all(&[plan("link/x.md", "x")]),
            vec![link_out.clone()]
        );
        assert_eq!(
            out.write_all(&[plan("link/sub/deeper/x.md", "x")]),
            vec![link_out]
        );
        assert_eq!(
            fs::read_dir(&outside).unwrap().count(),
            0,
            "nothing made outside"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_folder_inside_the_output_folder_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("real")).unwrap();
        std::os::unix::fs::symlink("real", dir.path().join("link")).unwrap();
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_all(&[plan("link/x.md", "x")]),
            vec![Outcome::Written]
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("real/x.md")).unwrap(),
            "x"
        );
    }

    #[test]
    fn a_file_where_a_folder_is_needed_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a"), "").unwrap();
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_all(&[plan("a/b/x.md", "x")]),
            vec![Outcome::Refused(WriteIssue::NotAFolder {
                path: PathBuf::from("a")
            })]
        );
    }

    #[test]
    fn stale_temporary_files_are_removed_when_the_folder_is_opened() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a")).unwrap();
        for name in [".wengao-AbC123.tmp", "a/.wengao-x1y2z3.tmp"] {
            fs::write(dir.path().join(name), "半截").unwrap();
        }
        // Not wengao's naming: left alone.
        for name in ["a/.wengao-.tmp", "a/wengao-x.tmp", "a/.wengao-x.tmp.md"] {
            fs::write(dir.path().join(name), "别人的").unwrap();
        }
        drop(OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap());
        let mut left: Vec<String> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".wengao-.tmp",
                ".wengao-lock",
                ".wengao-x.tmp.md",
                "wengao-x.tmp"
            ]
        );
    }

    /// A run stopped before its commit has made temporary files only in the
    /// folders it listed in the lock file: the next run looks for them
    /// there (and in the output folder itself), not in every folder. A
    /// lock file without the list (an older wengao's) has the whole folder
    /// walked.
    #[test]
    fn stale_temporary_files_are_looked_for_in_the_folders_the_lock_file_lists() {
        let dir = tempfile::tempdir().unwrap();
        let lock_text = || fs::read_to_string(dir.path().join(LOCK)).unwrap();
        let header = String::from_utf8(FOLDER_LIST.to_vec()).unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(lock_text(), header);
        let batch = [
            plan("a/x.md", "一"),
            plan("a/b/y.md", "二"),
            plan("z.md", "三"),
        ];
        assert_eq!(out.write_batch(&batch).len(), 3);
        // Stopped before its commit.
        drop(out);
        assert_eq!(lock_text(), format!("{header}a\na/b\n"));
        let stale = ["a/.wengao-1.tmp", "a/b/.wengao-2.tmp", ".wengao-3.tmp"];
        fs::create_dir(dir.path().join("c")).unwrap();
        let unlisted = "c/.wengao-4.tmp";
        for name in stale.iter().chain([&unlisted]) {
            fs::write(dir.path().join(name), "半截").unwrap();
        }
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        for name in stale {
            assert!(!dir.path().join(name).exists(), "{name}");
        }
        assert!(dir.path().join(unlisted).exists());
        assert_eq!(lock_text(), header);
        // A commit empties the list.
        assert_eq!(out.write_batch(&[plan("c/w.md", "四")]).len(), 1);
        assert_eq!(lock_text(), format!("{header}c\n"));
        assert!(out.commit().is_empty());
        assert_eq!(lock_text(), header);
        drop(out);
        // An older wengao's lock file: empty.
        fs::write(dir.path().join(LOCK), "").unwrap();
        drop(OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap());
        assert!(!dir.path().join(unlisted).exists());
        assert_eq!(lock_text(), header);
    }

    #[test]
    fn a_second_writer_waits_for_the_lock_then_gives_up() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        let mut told = false;
        let second = OutputDir::open(dir.path(), false, Duration::from_millis(200), || {
            told = true;
        });
        assert!(
            matches!(second, Err(OpenIssue::Busy { waited }) if waited >= Duration::from_millis(200))
        );
        assert!(told, "the waiting note was given");
        drop(first);
        assert!(OutputDir::open(dir.path(), false, Duration::ZERO, || {}).is_ok());
    }

    #[test]
    fn a_manifest_that_is_not_utf8_is_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(MANIFEST), b"\xff\xfe").unwrap();
        let opened = OutputDir::open(dir.path(), false, Duration::ZERO, || {});
        assert!(matches!(opened, Err(OpenIssue::BadManifest { path }) if path.ends_with(MANIFEST)));
    }

    #[test]
    fn a_refused_write_is_called_a_write_problem() {
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert_eq!(
            write_io(denied).message(),
            "无法写入：没有写入权限（文件或所在文件夹是只读的，或被设为不可修改）"
        );
    }

    #[test]
    fn a_file_created_meanwhile_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.md");
        let tmp = write_temp(&target, b"new", true).unwrap();
        fs::write(&target, "someone").unwrap();
        assert_eq!(
            replace(tmp, &target, None, b"new").unwrap().0,
            Replaced::Changed
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "someone");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temp removed");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn files_are_swapped_in_one_step_here() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&a, "a").unwrap();
        fs::write(&b, "b").unwrap();
        exchange(&a, &b).unwrap();
        assert_eq!(fs::read_to_string(&a).unwrap(), "b");
        assert_eq!(fs::read_to_string(&b).unwrap(), "a");
    }

    #[test]
    fn an_edit_saved_after_the_check_is_put_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.md");
        fs::write(&target, "old").unwrap();
        let tmp = write_temp(&target, b"new", true).unwrap();
        fs::write(&target, "edited").unwrap();
        assert_eq!(
            replace(tmp, &target, Some(b"old"), b"new").unwrap().0,
            Replaced::Changed
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "edited");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temp removed");
    }

    /// Asserts that `dir` holds no temporary file (`*.tmp`).
    #[cfg(target_os = "linux")]
    fn assert_no_temporary_file(dir: &Path) {
        let strays = temporary_files(dir);
        assert!(strays.is_empty(), "{strays:?}");
    }

    /// The temporary files (`*.tmp`) in `dir`, by name, sorted.
    #[cfg(target_os = "linux")]
    pub(super) fn temporary_files(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.unwrap().file_name().into_string().ok())
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "tmp"))
            .collect();
        names.sort();
        names
    }

    /// An editor that opened the draft just before the swap writes into the
    /// version swapped out; the commit finds that and puts the edit back.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_into_the_swapped_out_version_is_put_back_at_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        let plan = |text: &str| {
            vec![Planned {
                rel: PathBuf::from("a.md"),
                bytes: text.as_bytes().to_vec(),
            }]
        };
        assert_eq!(out.write_batch(&plan("old")), [Outcome::Written]);
        assert!(out.commit().is_empty());
        let target = dir.path().join("a.md");
        let mut editor = fs::OpenOptions::new().write(true).open(&target).unwrap();
        assert_eq!(out.write_batch(&plan("new")), [Outcome::Written]);
        // The editor's handle is on the version swapped out.
        editor.write_all(b"edited").unwrap();
        drop(editor);
        assert_eq!(
            out.commit(),
            [(PathBuf::from("a.md"), WriteIssue::EditedDuringBuild)]
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "edited");
        assert_no_temporary_file(dir.path());
    }

    /// In a long run the versions swapped out are looked at a whole period
    /// between two early syncs after their swap, not held to the commit:
    /// by the worker that needs its next temporary file, oldest first. A
    /// save into one is put back then, and the commit reports it; one
    /// unchanged is written over by the worker's draft; the commit deletes
    /// the rest.
    #[cfg(target_os = "linux")]
    #[test]
    fn swapped_out_versions_are_looked_at_a_sync_period_later() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        let planned = |text: &str| ["a.md", "b.md", "c.md"].map(|rel| plan(rel, text));
        let written = [Outcome::Written, Outcome::Written, Outcome::Written];
        assert_eq!(out.write_batch(&planned("old")), written);
        assert!(out.commit().is_empty());
        let read = |rel: &str| fs::read_to_string(dir.path().join(rel)).unwrap();
        let inode = |rel: &str| fs::metadata(dir.path().join(rel)).unwrap().ino();
        let old_b = inode("b.md");
        let mut editor = fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join("a.md"))
            .unwrap();
        assert_eq!(out.write_batch(&planned("new")), written);
        let held = || lock_ignoring_poison(&out.swapped_out).displaced.len();
        // Swapped out just before this sync: not a period ago yet.
        out.sync_so_far();
        let b_newer = plan("b.md", "newer");
        assert_eq!(
            out.write_batch(std::slice::from_ref(&b_newer)),
            [Outcome::Written]
        );
        assert_eq!(held(), 4, "nothing looked at, b's new version added");
        assert_ne!(inode("b.md"), old_b, "a new file");
        editor.write_all(b"edited").unwrap();
        drop(editor);
        // a, b and c's old versions are aged now; b's "new" one is not.
        out.sync_so_far();
        assert_eq!(held(), 4, "the sync looks at nothing itself");
        assert_eq!(read("a.md"), "new");
        // The next temporary file takes a's old version: edited, so put
        // back; the draft gets a new file.
        let c_newer = plan("c.md", "newer");
        assert_eq!(
            out.write_batch(std::slice::from_ref(&c_newer)),
            [Outcome::Written]
        );
        assert_eq!(read("a.md"), "edited");
        assert_eq!(held(), 4, "a's taken, c's new version added");
        // The next takes b's old version, unchanged: written over.
        let a_newer = plan("a.md", "newer");
        assert_eq!(
            out.write_batch(std::slice::from_ref(&a_newer)),
            [Outcome::Refused(WriteIssue::Edited)]
        );
        assert_eq!(
            out.write_batch(std::slice::from_ref(&c_newer)),
            [Outcome::Unchanged]
        );
        let b_newest = plan("b.md", "newest");
        assert_eq!(
            out.write_batch(std::slice::from_ref(&b_newest)),
            [Outcome::Written]
        );
        assert_eq!(inode("b.md"), old_b, "b's old version written over");
        assert_eq!(read("b.md"), "newest");
        assert_eq!(held(), 4, "b's old taken, its \"newer\" added");
        assert_eq!(
            out.commit(),
            [(PathBuf::from("a.md"), WriteIssue::EditedDuringBuild)]
        );
        assert_eq!(held(), 0);
        assert_eq!(
            (read("a.md"), read("c.md")),
            ("edited".into(), "newer".into())
        );
        assert_no_temporary_file(dir.path());
    }

    /// However many periods a run lasts, it holds the versions swapped out
    /// in the last two: each temporary file it needs takes one swapped
    /// out before the last sync but one.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_long_run_holds_the_versions_of_the_last_two_periods() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        let planned = |text: &str| -> Vec<Planned> {
            (0..20).map(|i| plan(&format!("{i}.md"), text)).collect()
        };
        out.write_batch(&planned("0"));
        assert!(out.commit().is_empty());
        let mut most = 0;
        for period in 1..=6 {
            out.write_batch(&planned(&period.to_string()));
            most = most.max(lock_ignoring_poison(&out.swapped_out).displaced.len());
            out.sync_so_far();
        }
        assert_eq!(most, 40);
        assert_eq!(temporary_files(dir.path()).len(), 40);
        assert!(out.commit().is_empty());
        assert_no_temporary_file(dir.path());
    }

    /// More displaced versions than the commit looks at on its own thread
    /// are looked at on every core of the pool it runs on: saves into them
    /// are still put back, and reported in the list's order.
    #[cfg(target_os = "linux")]
    #[test]
    fn many_swapped_out_versions_are_looked_at_together_at_commit() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        let rels: Vec<String> = (0..=SETTLED_HERE).map(|i| format!("{i:03}.md")).collect();
        let planned = |text: &str| -> Vec<Planned> { rels.iter().map(|r| plan(r, text)).collect() };
        out.write_batch(&planned("old"));
        assert!(out.commit().is_empty());
        let (first, last) = (&rels[0], &rels[SETTLED_HERE]);
        let open = |rel: &str| {
            fs::OpenOptions::new()
                .write(true)
                .open(dir.path().join(rel))
                .unwrap()
        };
        let editors = [open(first), open(last)];
        out.write_batch(&planned("new"));
        for mut editor in editors {
            editor.write_all(b"edited").unwrap();
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert_eq!(
            pool.install(|| out.commit()),
            [first, last].map(|rel| (PathBuf::from(rel), WriteIssue::EditedDuringBuild))
        );
        assert_eq!(fs::read_to_string(dir.path().join(last)).unwrap(), "edited");
        assert_eq!(
            fs::read_to_string(dir.path().join(&rels[1])).unwrap(),
            "new"
        );
        assert_no_temporary_file(dir.path());
    }

    /// A crash in the middle of appending pending hashes leaves a torn last
    /// line (here cut inside a Chinese character): it is left out, the
    /// manifest is rewritten whole, and appends go on after it.
    #[test]
    fn a_line_torn_by_a_crash_is_dropped_and_the_manifest_mended() {
        let dir = tempfile::tempdir().unwrap();
        let hash = sha256(b"x");
        let whole = format!("{hash}  a/x.md\n");
        let torn_line = format!("{hash}  柳川/x.md");
        let cut = &torn_line.as_bytes()[..=(torn_line.len() - "川/x.md".len())];
        for tail in [&cut[..10], cut] {
            let mut bytes = whole.clone().into_bytes();
            bytes.extend_from_slice(tail);
            fs::write(dir.path().join(MANIFEST), &bytes).unwrap();
            let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
            assert_eq!(
                fs::read_to_string(dir.path().join(MANIFEST)).unwrap(),
                whole
            );
            assert_eq!(out.write_all(&[plan("b.md", "b")]), vec![Outcome::Written]);
            let text = fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
            assert_eq!(text, format!("{whole}{}  b.md\n", sha256(b"b")));
            fs::remove_file(dir.path().join("b.md")).unwrap();
        }
    }

    /// Pending hashes are appended, batch by batch, beside the old ones,
    /// before the batch's files are renamed; a commit keeps only the new.
    #[test]
    fn batches_append_pending_hashes_and_a_commit_keeps_the_current() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        out.write_all(&[plan("a.md", "一"), plan("b.md", "一")]);
        drop(out);
        let out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_batch(&[plan("a.md", "二")]),
            vec![Outcome::Written]
        );
        let (mut pending, _) = Manifest::read(&dir.path().join(MANIFEST)).unwrap();
        assert!(pending.knows("a.md", &sha256("一".as_bytes())));
        assert!(pending.knows("a.md", &sha256("二".as_bytes())));
        out.finish();
        let (mut committed, _) = Manifest::read(&dir.path().join(MANIFEST)).unwrap();
        assert!(!committed.knows("a.md", &sha256("一".as_bytes())));
        assert!(committed.knows("a.md", &sha256("二".as_bytes())));
        assert!(committed.knows("b.md", &sha256("一".as_bytes())));
    }

    /// With an `fsync` per file the same files and manifest come out.
    #[test]
    fn per_file_sync_writes_and_records_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = OutputDir::open(dir.path(), false, Duration::ZERO, || {}).unwrap();
        out.durability = Durability::PerFile;
        let planned = [plan("a/x.md", "一"), plan("b/y.md", "二")];
        assert_eq!(
            out.write_all(&planned),
            vec![Outcome::Written, Outcome::Written]
        );
        assert_eq!(fs::read_to_string(dir.path().join("b/y.md")).unwrap(), "二");
        let (mut manifest, torn) = Manifest::read(&dir.path().join(MANIFEST)).unwrap();
        assert!(!torn);
        assert!(manifest.knows("a/x.md", &sha256("一".as_bytes())));
        assert!(manifest.knows("b/y.md", &sha256("二".as_bytes())));
    }

    /// A manifest that is a symlink to a file outside the folder is
    /// replaced, never appended through.
    #[cfg(unix)]
    #[test]
    fn a_manifest_symlink_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "别人的文件\n").unwrap();
        let root = dir.path().join("out");
        fs::create_dir(&root).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(MANIFEST)).unwrap();
        let out = OutputDir::open(&root, false, Duration::ZERO, || {}).unwrap();
        assert_eq!(
            out.write_batch(&[plan("x.md", "x")]),
            vec![Outcome::Written]
        );
        assert_eq!(fs::read_to_string(&outside).unwrap(), "别人的文件\n");
        assert!(
            !fs::symlink_metadata(root.join(MANIFEST))
                .unwrap()
                .file_type()
                .is_symlink()
        );
        // A symlink put there during the run is not followed either.
        out.commit();
        fs::remove_file(root.join(MANIFEST)).unwrap();
        std::os::unix::fs::symlink(&outside, root.join(MANIFEST)).unwrap();
        let refused = out.write_batch(&[plan("y.md", "y")]);
        if cfg!(target_os = "linux") {
            assert!(matches!(
                refused[..],
                [Outcome::Refused(WriteIssue::Io { .. })]
            ));
        }
        assert_eq!(fs::read_to_string(&outside).unwrap(), "别人的文件\n");
    }
}
