//! Reading an input file as text, with one set of limits for every kind of
//! input (data, `wengao.yaml`, style profiles, hand-written Markdown): only
//! regular files, at most [`MAX_FILE_BYTES`], UTF-8 or GBK; and the Chinese
//! reason for an I/O error, naming whether reading or writing failed.
//!
//! Office PCs still save GBK from older editors, so a file that is not UTF-8
//! but decodes as GB18030 is read with a warning saying how to convert it;
//! bytes that are neither are refused with their position.

use std::collections::{HashMap, HashSet};
use std::ffi::OsStr;
use std::fs::{File, FileType, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, OnceLock, PoisonError};

use crate::diag::{Diagnostic, Explain, Severity, Span};

/// Input files larger than this are refused: real ones are a few kilobytes.
pub(crate) const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Why a file could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadIssue {
    Io {
        reason: String,
    },
    TooLarge {
        bytes: u64,
    },
    /// A FIFO, device, socket…: reading it could block forever or never end.
    NotRegular {
        kind: &'static str,
    },
    Utf16,
    Utf32,
    DecodedAsGbk,
    NotText,
    ControlCharacter {
        code: u32,
    },
    BidiControl {
        code: u32,
    },
}

impl Explain for ReadIssue {
    fn message(&self) -> String {
        match self {
            ReadIssue::Io { reason } => format!("无法读取文件：{reason}"),
            ReadIssue::TooLarge { bytes } => format!(
                "文件有{}KB，超过了{}KB的上限，请检查是否选错了文件",
                bytes.div_ceil(1024),
                MAX_FILE_BYTES / 1024
            ),
            ReadIssue::NotRegular { kind } => format!(
                "这不是普通文件，而是{kind}，无法作为输入读取；请指定保存在磁盘上的文件"
            ),
            ReadIssue::Utf16 => {
                "文件是 UTF-16 编码，请用记事本打开后“另存为”，编码选“UTF-8”".into()
            }
            ReadIssue::Utf32 => {
                "文件是 UTF-32 编码，请用文本编辑器打开后“另存为”，编码选“UTF-8”".into()
            }
            ReadIssue::DecodedAsGbk => {
                "文件是 GBK（GB18030）编码，已按 GBK 读取；建议用记事本打开后“另存为”，编码选“UTF-8”"
                    .into()
            }
            ReadIssue::NotText => {
                "此处有无法识别的字节：文件既不是 UTF-8 也不是 GBK 编码的文本，请另存为 UTF-8".into()
            }
            ReadIssue::ControlCharacter { code } => format!(
                "此处有不可见的控制字符（U+{code:04X}），通常是从其他软件复制时带入的，请删除"
            ),
            ReadIssue::BidiControl { code } => format!(
                "此处有不可见的双向文字控制符（U+{code:04X}），它会让文字倒序或错位显示，请删除"
            ),
        }
    }
}

/// What an I/O operation was doing when it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    Read,
    Write,
}

/// The reason for an I/O error, in Chinese where it is a common one, naming
/// the operation refused (an immutable file refuses a write, not a read).
pub(crate) fn io_reason(e: &std::io::Error, access: Access) -> String {
    use std::io::ErrorKind;
    match (e.kind(), access) {
        (ErrorKind::NotFound, Access::Read) => "文件不存在".into(),
        (ErrorKind::NotFound, Access::Write) => "所在的文件夹不存在".into(),
        (ErrorKind::PermissionDenied, Access::Read) => "没有读取权限".into(),
        (ErrorKind::PermissionDenied, Access::Write) => {
            "没有写入权限（文件或所在文件夹是只读的，或被设为不可修改）".into()
        }
        (ErrorKind::IsADirectory, Access::Read) => "这是一个文件夹，不是文件".into(),
        (ErrorKind::IsADirectory, Access::Write) => "已有同名的文件夹".into(),
        (ErrorKind::NotADirectory, _) => "路径中有一项是文件而不是文件夹".into(),
        (ErrorKind::ReadOnlyFilesystem, _) => "所在的磁盘是只读的".into(),
        (ErrorKind::StorageFull | ErrorKind::QuotaExceeded, _) => "磁盘空间不足".into(),
        _ => e.to_string(),
    }
}

/// Whether `path` is a regular file (symlinks followed): the answer of
/// [`Path::is_file`], with the names of its folder read once per run.
///
/// A batch looks for many files that are not there (the earlier periods
/// of every data file, the ledger beside it): one `stat` each. The folder
/// is listed once instead (the listing shared by every worker), and only a
/// name the listing has is `stat`ed, so symlinks, a folder bearing the
/// name, a broken link and permissions answer exactly as before. A folder
/// that cannot be listed (missing, not a folder, no read permission) is
/// asked name by name, as before.
///
/// Names are compared case-folded (`to_lowercase`), so on a file system
/// that ignores case a name written in another case still reaches the
/// `stat`; the names looked for are ASCII period codes and CJK ideographs,
/// which no file system normalises further.
///
/// A file created in a folder after its listing is not seen while the
/// listing is kept: a run reads its inputs as they were when it started.
/// Hidden names (`.x`) are always asked of the file system.
pub(crate) fn is_file_listed(path: &Path) -> bool {
    match listed(path) {
        Some(false) => false,
        Some(true) | None => path.is_file(),
    }
}

/// Folders listed at most this many at once; past that the cache starts
/// over (a folder listed again costs one `read_dir`), so memory stays
/// bounded however many folders a batch has: a province batch has a
/// folder per region, and the workers draft a few regions at a time.
const MAX_LISTED_FOLDERS: usize = 256;

/// The case-folded names of a folder, or `None` when it cannot be listed.
type Listing = Option<HashSet<String>>;

static LISTINGS: LazyLock<Mutex<HashMap<PathBuf, Arc<OnceLock<Listing>>>>> =
    LazyLock::new(Mutex::default);

/// Whether the folder of `path` has an entry of its name (`None`: unknown,
/// the folder could not be listed or `path` has no plain file name).
fn listed(path: &Path) -> Option<bool> {
    let name = path.file_name()?;
    if is_hidden(name) {
        return None;
    }
    let dir = listing_key(path.parent()?);
    let slot = {
        let mut listings = LISTINGS.lock().unwrap_or_else(PoisonError::into_inner);
        if listings.len() >= MAX_LISTED_FOLDERS && !listings.contains_key(dir) {
            listings.clear();
        }
        Arc::clone(listings.entry(dir.to_path_buf()).or_default())
    };
    let names = slot.get_or_init(|| list(dir)).as_ref()?;
    Some(names.contains(&fold(name)))
}

/// The folder a listing is kept under: `.` for the current folder.
fn listing_key(dir: &Path) -> &Path {
    if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

fn list(dir: &Path) -> Listing {
    let mut names = HashSet::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let name = entry.ok()?.file_name();
        if !is_hidden(&name) {
            names.insert(fold(&name));
        }
    }
    Some(names)
}

/// A name as compared: lower case (a name that is not UTF-8 keeps its
/// replacement characters and matches no name looked for).
fn fold(name: &OsStr) -> String {
    name.to_string_lossy().to_lowercase()
}

/// The file's text, and a warning if it had to be decoded from GBK.
///
/// Only a regular file is opened: a FIFO would block the run forever and a
/// device such as `/dev/zero` never ends. The kind is checked before
/// opening and again on the opened file, which is opened non-blocking so
/// that a FIFO swapped in between cannot hang the open either.
pub(crate) fn read_text(path: &Path) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let fail = |issue: ReadIssue| Diagnostic::file(Severity::Error, path, issue);
    let io = |e: std::io::Error| {
        fail(ReadIssue::Io {
            reason: io_reason(&e, Access::Read),
        })
    };
    let regular = |meta: &Metadata| match not_regular(meta.file_type()) {
        None => Ok(()),
        // Worded as the I/O error for reading a folder has always been.
        Some(FOLDER) => Err(fail(ReadIssue::Io {
            reason: "这是一个文件夹，不是文件".into(),
        })),
        Some(kind) => Err(fail(ReadIssue::NotRegular { kind })),
    };
    regular(&std::fs::metadata(path).map_err(io)?)?;
    let file = open_nonblocking(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    regular(&meta)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(ReadIssue::TooLarge { bytes: meta.len() }));
    }
    // Sized for the whole file: read in one call, not doubling from 32 bytes.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0) + 1);
    // Read one byte past the limit: a file growing while read is caught too.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(fail(ReadIssue::TooLarge {
            bytes: bytes.len() as u64,
        }));
    }
    decode(path, bytes)
}

const FOLDER: &str = "文件夹";

/// What a non-regular file is, in Chinese (`文件夹`, `命名管道（FIFO）`…);
/// `None` for a regular file. The one wording every message about a file
/// of the wrong kind uses.
pub(crate) fn not_regular(kind: FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some(FOLDER);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("命名管道（FIFO）");
        }
        if kind.is_char_device() {
            return Some("字符设备");
        }
        if kind.is_block_device() {
            return Some("块设备");
        }
        if kind.is_socket() {
            return Some("套接字");
        }
    }
    Some("特殊文件")
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO without a writer returns at once instead of
    // waiting; it changes nothing for a regular file.
    // The flag's value per system (libc's constants, without the crate);
    // elsewhere no flag, and the check before opening still applies.
    const O_NONBLOCK: i32 = if cfg!(any(target_os = "linux", target_os = "android")) {
        0o4000
    } else if cfg!(any(
        target_os = "macos",
        target_os = "ios",
        target_os = "freebsd",
        target_os = "netbsd",
        target_os = "openbsd",
        target_os = "dragonfly"
    )) {
        0x0004
    } else {
        0
    };
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// Turns bytes into text: UTF-8 (a BOM is dropped), else GBK with a warning.
pub(crate) fn decode(
    path: &Path,
    bytes: Vec<u8>,
) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    // UTF-32 first: its little-endian BOM begins with UTF-16's.
    if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) || bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return Err(Diagnostic::file(Severity::Error, path, ReadIssue::Utf32));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::file(Severity::Error, path, ReadIssue::Utf16));
    }
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    // Validating fast and copying (a memcpy) costs less than std's
    // validation of Chinese text in place; std only finds where it fails.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok((text.to_owned(), None));
    }
    let (valid_up_to, bytes) = match String::from_utf8(bytes) {
        Ok(text) => return Ok((text, None)),
        Err(e) => (e.utf8_error().valid_up_to(), e.into_bytes()),
    };
    if let Some(text) = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(&bytes)
        .filter(|t| !t.contains('\u{0}'))
    {
        let text = text.into_owned();
        let warning = Diagnostic::file(Severity::Warning, path, ReadIssue::DecodedAsGbk);
        return Ok((text, Some(warning)));
    }
    // Point at the first bad byte: the text before it is valid UTF-8.
    let before = String::from_utf8_lossy(&bytes[..valid_up_to]).into_owned();
    let span = Span::from_offset(&before, before.len(), 1);
    let mut shown = before;
    shown.push_str(&String::from_utf8_lossy(&bytes[valid_up_to..]));
    Err(Diagnostic::at(
        Severity::Error,
        path,
        &shown,
        span,
        ReadIssue::NotText,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("d.yaml")
    }

    #[test]
    fn utf8_bom_is_dropped() {
        let (text, warning) = decode(p(), b"\xEF\xBB\xBFa: 1".to_vec()).unwrap();
        assert_eq!(text, "a: 1");
        assert!(warning.is_none());
    }

    #[test]
    fn gbk_is_decoded_with_a_warning() {
        let (gbk, _, _) = encoding_rs::GBK.encode("region: 柳川县\n");
        let (text, warning) = decode(p(), gbk.into_owned()).unwrap();
        assert_eq!(text, "region: 柳川县\n");
        let w = warning.unwrap();
        assert_eq!(w.severity, Severity::Warning);
        assert!(w.issue.message().contains("GBK"));
    }

    #[test]
    fn utf16_is_refused_with_advice() {
        let err = decode(p(), vec![0xFF, 0xFE, b'a', 0]).unwrap_err();
        assert!(err.issue.message().contains("UTF-16"));
    }

    #[test]
    fn utf32_is_called_utf32() {
        for bom in [[0xFF, 0xFE, 0, 0], [0, 0, 0xFE, 0xFF]] {
            let mut bytes = bom.to_vec();
            bytes.extend([b'a', 0, 0, 0]);
            let err = decode(p(), bytes).unwrap_err();
            assert_eq!(err.issue.message(), ReadIssue::Utf32.message());
        }
    }

    #[test]
    fn undecodable_bytes_are_located() {
        let mut bytes = "a: 1\nb: 柳".as_bytes().to_vec();
        bytes.extend([0xFF, 0xFF, 0x00]);
        let err = decode(p(), bytes).unwrap_err();
        assert_eq!(err.span, Some(Span::new(2, 5, 1)));
        assert_eq!(err.issue.message(), ReadIssue::NotText.message());
    }

    #[test]
    fn permission_reason_names_the_operation() {
        let e = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(io_reason(&e, Access::Read), "没有读取权限");
        assert!(io_reason(&e, Access::Write).starts_with("没有写入权限"));
    }

    /// Every kind of name a folder can hold answers as `Path::is_file`.
    #[cfg(unix)]
    #[test]
    fn a_listed_name_answers_as_is_file() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("2026-Q3.yaml"), "").unwrap();
        std::fs::create_dir(d.join("2026-Q2.yaml")).unwrap();
        std::os::unix::fs::symlink("2026-Q3.yaml", d.join("2025-Q4.yaml")).unwrap();
        std::os::unix::fs::symlink("nowhere.yaml", d.join("2025-Q3.yaml")).unwrap();
        std::os::unix::fs::symlink(d.join("2026-Q2.yaml"), d.join("2025.yaml")).unwrap();
        // A GBK name (not UTF-8) and a name in another case.
        let (gbk, _, _) = encoding_rs::GBK.encode("台账.csv");
        std::fs::write(d.join(OsStr::from_bytes(&gbk)), "").unwrap();
        std::fs::write(d.join("LEDGER.csv"), "").unwrap();
        std::fs::write(d.join("plain"), "").unwrap();
        let mut asked: Vec<PathBuf> = [
            "2026-Q3.yaml",
            "2026-Q2.yaml",
            "2025-Q4.yaml",
            "2025-Q3.yaml",
            "2025.yaml",
            "2024.yaml",
            "台账.csv",
            "ledger.csv",
            "LEDGER.csv",
            "plain/2026-Q1.yaml",
            "missing/2026-Q1.yaml",
            "2026-Q2.yaml/inner.yaml",
            "2025.yaml/inner.yaml",
        ]
        .iter()
        .map(|n| d.join(n))
        .collect();
        asked.push(d.join(OsStr::from_bytes(&gbk)));
        asked.push(d.join("2026-Q3.yaml/.."));
        for path in &asked {
            // Asked twice: the second answer comes from the cached listing.
            for _ in 0..2 {
                assert_eq!(is_file_listed(path), path.is_file(), "{}", path.display());
            }
        }
    }

    #[test]
    fn a_relative_name_is_looked_for_in_the_current_folder() {
        for name in ["Cargo.toml", "cargo.toml", "src", "no-such-file.yaml", ""] {
            let path = Path::new(name);
            assert_eq!(is_file_listed(path), path.is_file(), "{name}");
        }
    }

    #[test]
    fn a_folder_is_listed_once_per_run() {
        let dir = tempfile::tempdir().unwrap();
        let late = dir.path().join("2026-Q3.yaml");
        assert!(!is_file_listed(&late));
        // Created after the listing: this run keeps the listing it made.
        std::fs::write(&late, "").unwrap();
        assert!(!is_file_listed(&late));
        // A name the listing has is still asked of the file system.
        let early = dir.path().join("2026-Q2.yaml");
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("2026-Q2.yaml"), "").unwrap();
        assert!(is_file_listed(&other.path().join("2026-Q2.yaml")));
        std::fs::remove_file(other.path().join("2026-Q2.yaml")).unwrap();
        assert!(!is_file_listed(&other.path().join("2026-Q2.yaml")));
        assert!(!is_file_listed(&early));
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("d.yaml");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        let err = read_text(&fifo).unwrap_err();
        assert_eq!(
            err.issue.message(),
            "这不是普通文件，而是命名管道（FIFO），无法作为输入读取；请指定保存在磁盘上的文件"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_is_refused_not_measured() {
        let err = read_text(Path::new("/dev/zero")).unwrap_err();
        assert!(err.issue.message().contains("字符设备"), "{}", err);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_opened_after_the_check_does_not_block() {
        // The race the second check covers: open must not wait for a writer.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("d.yaml");
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        let file = open_nonblocking(&fifo).unwrap();
        assert_eq!(
            not_regular(file.metadata().unwrap().file_type()),
            Some("命名管道（FIFO）")
        );
    }
}
