//! `.wengao-manifest`, the record of what wengao wrote in an output folder:
//! its lines (`sha256sum` format, one per file), and the compact prints of
//! them a run holds in memory to tell its own files from hand edits (see
//! [`Manifest`]). How and when it is appended to and rewritten is the
//! output folder's business (`super`).

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::Path;

use sha2::{Digest, Sha256};

mod index;

use index::{Index, Sorter};

/// The SHA-256 of `bytes` in lowercase hex, as the manifest records it.
pub fn sha256(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&hex(&digest(bytes))).into_owned()
}

/// The SHA-256 of `bytes`.
pub(super) fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// A SHA-256 digest in lowercase hex.
pub(super) fn hex(digest: &[u8; 32]) -> [u8; 64] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut hex = [0u8; 64];
    for (pair, b) in hex.chunks_exact_mut(2).zip(digest) {
        pair[0] = HEX[usize::from(b >> 4)];
        pair[1] = HEX[usize::from(b & 0xf)];
    }
    hex
}

/// How the manifest names `rel`: its components joined by `/` on every
/// system, so an output folder moved between systems keeps its names.
pub(crate) fn manifest_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Whether `tail` (after the last newline) is the start of a manifest line
/// cut short: hex digits, then maybe two spaces and a path whose last
/// character may be cut inside its UTF-8 bytes.
pub(super) fn is_torn_line(tail: &[u8]) -> bool {
    if tail.is_empty() {
        return false;
    }
    let hex = tail.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let rest = &tail[hex..];
    let utf8_prefix = match std::str::from_utf8(rest) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    };
    hex > 0 && (rest.is_empty() || (hex == 64 && rest.starts_with(b" ") && utf8_prefix))
}

/// A manifest line's path, as held in memory: 128 bits of hash (std's
/// SipHash with its fixed keys, over the path after two different first
/// bytes; prints never leave the process). Two paths of an output folder
/// sharing one is beyond any count of files (about 2⁻⁸⁸ for a million
/// lines); the line itself is copied from the file when written back.
pub(super) type PathPrint = [u8; 16];

/// A manifest line's hash, as held in memory: the first 8 bytes of the
/// SHA-256 it records (for a line whose hash is not SHA-256 hex, of the
/// SHA-256 of its text). A file edited by hand whose SHA-256 begins as one
/// wengao wrote there is a 2⁻⁶⁴ chance.
pub(super) type HashPrint = [u8; 8];

pub(super) fn path_print(key: &str) -> PathPrint {
    // SipHash rather than SHA-256: cheaper on a short path, and every
    // line read and every lookup hashes one.
    let half = |first: u8| {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hasher::write_u8(&mut hasher, first);
        std::hash::Hasher::write(&mut hasher, key.as_bytes());
        std::hash::Hasher::finish(&hasher).to_le_bytes()
    };
    let mut print = [0; 16];
    print[..8].copy_from_slice(&half(0));
    print[8..].copy_from_slice(&half(1));
    print
}

pub(super) fn sha_print(sha: &[u8; 32]) -> HashPrint {
    let mut print = [0; 8];
    print.copy_from_slice(&sha[..8]);
    print
}

pub(super) fn hash_print(hash: &str) -> HashPrint {
    sha_print(&parse_sha(hash).unwrap_or_else(|| digest(hash.as_bytes())))
}

/// Where a line of the manifest read at the start stands in this run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum State {
    /// As read: written back at the commit.
    Read,
    /// Its path was written again by this run: no longer known, not
    /// written back.
    Superseded,
    /// The hash this run wrote for the path, kept in place of a superseded
    /// one so lookups see it; its line is in the run's record, so it is
    /// not written back from here.
    Current,
}

/// One line of the manifest (32 bytes; the line holds some 100).
#[derive(Clone, Copy, Debug)]
pub(super) struct Entry {
    path: PathPrint,
    hash: HashPrint,
    /// Its number in the file, from 0.
    line: u32,
    state: State,
}

/// What the manifest said when the folder was opened (or at the last
/// commit): what a build needs to tell its own files from hand edits.
/// Compact, as it holds a line for every file of the output folder, of
/// every period: each line is a print of its path and of its hash (see
/// [`PathPrint`], [`HashPrint`]) and its number, sorted by path print and
/// hash print, each pair once ([`Index`]: in memory while it is small,
/// otherwise in a nameless file); the lines themselves stay in the file,
/// kept open, and are read again when written back. A file this run
/// writes that the manifest did not have is not added: its line is in
/// the manifest file (appended as pending) and in the run's record, which
/// the commit copies (see [`OutputDir::record`]), so memory does not grow
/// with the batch, nor with the output folder.
#[derive(Debug, Default)]
pub(super) struct Manifest {
    /// The manifest as read (see [`ReadManifest`]).
    file: Option<ReadManifest>,
    index: Index,
}

/// The manifest file a [`Manifest`] was read from, kept open.
#[derive(Debug)]
pub(super) struct ReadManifest {
    file: fs::File,
    /// How many of its bytes and lines were read (appends after them are
    /// this run's).
    len: u64,
    lines: u32,
    /// Their CRC-32: lines written back are checked against what was read.
    crc: u32,
}

/// A line of the manifest: its hash and path, when it has the two spaces
/// between them (lines without are dropped, as they always were).
fn manifest_line(line: &[u8]) -> std::io::Result<Option<(&str, &str)>> {
    let text =
        std::str::from_utf8(line).map_err(|e| std::io::Error::new(ErrorKind::InvalidData, e))?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    Ok(text.split_once("  "))
}

/// Why reading a manifest failed: the manifest itself, or the nameless
/// file its index was sorted in (then it is read again, held in memory).
enum ReadFailure {
    Manifest(std::io::Error),
    Index,
}

impl Manifest {
    /// The manifest at `path` (empty when there is none), and whether its
    /// last line was torn by a crash during an append (then left out).
    /// Read a line at a time: its text is never held whole.
    pub(super) fn read(path: &Path) -> std::io::Result<(Self, bool)> {
        Manifest::read_sorting_in(path, path.parent())
    }

    /// [`Manifest::read`], its index sorted in a nameless file in `dir`
    /// when it is large. Should that file fail (say the disk is full),
    /// the index is held in memory, as it always was before.
    fn read_sorting_in(path: &Path, dir: Option<&Path>) -> std::io::Result<(Self, bool)> {
        match Manifest::read_with(path, dir) {
            Ok(read) => Ok(read),
            Err(ReadFailure::Manifest(e)) => Err(e),
            Err(ReadFailure::Index) => Manifest::read_with(path, None).map_err(|f| match f {
                ReadFailure::Manifest(e) => e,
                ReadFailure::Index => unreachable!("an index held in memory has no file"),
            }),
        }
    }

    fn read_with(path: &Path, dir: Option<&Path>) -> Result<(Self, bool), ReadFailure> {
        let file = match fs::File::open(path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => return Ok((Self::default(), false)),
            Err(e) => return Err(ReadFailure::Manifest(e)),
        };
        let lines = Manifest::lines_in(&file).map_err(ReadFailure::Manifest)?;
        let mut sorter = Sorter::new(dir, lines);
        let mut reader = std::io::BufReader::new(&file);
        let mut line = Vec::new();
        let (mut torn, mut len, mut number) = (false, 0, 0u32);
        let mut crc = crc32fast::Hasher::new();
        loop {
            line.clear();
            let read = std::io::BufRead::read_until(&mut reader, b'\n', &mut line);
            if read.map_err(ReadFailure::Manifest)? == 0 {
                break;
            }
            if line.last() != Some(&b'\n') && is_torn_line(&line) {
                torn = true;
                break;
            }
            len += line.len() as u64;
            crc.update(&line);
            if let Some((hash, rel)) = manifest_line(&line).map_err(ReadFailure::Manifest)? {
                let entry = Entry {
                    path: path_print(rel),
                    hash: hash_print(hash),
                    line: number,
                    state: State::Read,
                };
                sorter.push(entry).map_err(|_| ReadFailure::Index)?;
            }
            number = number.checked_add(1).ok_or_else(|| {
                ReadFailure::Manifest(std::io::Error::new(
                    ErrorKind::InvalidData,
                    "too many lines",
                ))
            })?;
        }
        drop(reader);
        let index = sorter.finish().map_err(|_| ReadFailure::Index)?;
        let m = Manifest {
            file: Some(ReadManifest {
                file,
                len,
                lines: number,
                crc: crc.finalize(),
            }),
            index,
        };
        Ok((m, torn))
    }

    /// How many lines `file` has (the last may have no newline), counted in
    /// a first pass so that the entries are allocated once: grown by
    /// doubling, each size left behind would stay with the allocator.
    /// Leaves `file` at its start.
    fn lines_in(mut file: &fs::File) -> std::io::Result<usize> {
        let (mut newlines, mut ends_line) = (0, true);
        let mut chunk = vec![0; 64 * 1024];
        loop {
            let n = std::io::Read::read(&mut file, &mut chunk)?;
            if n == 0 {
                break;
            }
            newlines += memchr::memchr_iter(b'\n', &chunk[..n]).count();
            ends_line = chunk[n - 1] == b'\n';
        }
        std::io::Seek::rewind(&mut file)?;
        Ok(newlines + usize::from(!ends_line))
    }

    /// Writes the lines read that this run did not replace (`hash  path`),
    /// in the order of the file, read again from it one at a time. A
    /// manifest changed behind wengao's back since it was read (it is
    /// locked while wengao runs) fails the rewrite, which leaves the
    /// pending manifest, still safe; so does an index that could not
    /// keep what this run replaced.
    pub(super) fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        let Some(read) = &self.file else {
            return Ok(());
        };
        // One bit a line: whether it is written back.
        let mut kept = vec![0u64; read.lines.div_ceil(64) as usize];
        self.index.for_each(|entry| {
            if entry.state == State::Read {
                let line = entry.line as usize;
                kept[line / 64] |= 1 << (line % 64);
            }
        })?;
        if kept.iter().all(|word| *word == 0) {
            return Ok(());
        }
        let mut file = &read.file;
        std::io::Seek::rewind(&mut file)?;
        let mut reader = std::io::BufReader::new(std::io::Read::take(file, read.len));
        let mut crc = crc32fast::Hasher::new();
        let mut line = Vec::new();
        for number in 0.. {
            line.clear();
            if std::io::BufRead::read_until(&mut reader, b'\n', &mut line)? == 0 {
                break;
            }
            crc.update(&line);
            // `get`: a manifest changed meanwhile may have more lines
            // (the CRC below then refuses it).
            if kept
                .get(number / 64)
                .is_some_and(|word| word & (1 << (number % 64)) != 0)
            {
                let text = line.strip_suffix(b"\n").unwrap_or(&line);
                let text = text.strip_suffix(b"\r").unwrap_or(text);
                out.write_all(text)?;
                out.write_all(b"\n")?;
            }
        }
        if crc.finalize() != read.crc {
            return Err(std::io::Error::new(
                ErrorKind::InvalidData,
                "生成记录在运行期间被改动",
            ));
        }
        Ok(())
    }

    /// Notes that `rel` now holds the SHA-256 `sha`, written by this run:
    /// its old hashes are no longer known. Kept only when the manifest had
    /// `rel` (see [`Manifest`]). Should the index fail to keep it, the
    /// rewrite fails ([`Manifest::write_to`]) and lookups of `rel` may
    /// still know its old hashes, which the pending manifest also lists.
    pub(super) fn set_recorded(&mut self, rel: &str, sha: &[u8; 32]) {
        let print = sha_print(sha);
        // A failure is kept in the index (see above).
        let _ = self.index.update_path(path_print(rel), |entries| {
            for entry in entries.iter_mut() {
                entry.state = State::Superseded;
            }
            if let Some(first) = entries.first_mut() {
                first.hash = print;
                first.state = State::Current;
            }
        });
    }

    /// Whether the manifest has `rel`. When its index cannot be read,
    /// yes: a file wengao cannot look up is treated as edited by hand.
    pub(super) fn has(&mut self, rel: &str) -> bool {
        self.index
            .with_path(path_print(rel), |entries| !entries.is_empty())
            .unwrap_or(true)
    }

    pub(super) fn knows_sha(&mut self, rel: &str, sha: &[u8; 32]) -> bool {
        self.knows_print(rel, sha_print(sha))
    }

    /// Whether `print` is a hash of `rel` the manifest knows. When its
    /// index cannot be read, no (see [`Manifest::has`]).
    fn knows_print(&mut self, rel: &str, print: HashPrint) -> bool {
        self.index
            .with_path(path_print(rel), |entries| {
                entries
                    .iter()
                    .any(|e| e.state != State::Superseded && e.hash == print)
            })
            .unwrap_or(false)
    }

    #[cfg(test)]
    pub(super) fn knows(&mut self, rel: &str, hash: &str) -> bool {
        self.knows_print(rel, hash_print(hash))
    }

    #[cfg(test)]
    fn to_text(&self) -> Vec<u8> {
        let mut text = Vec::new();
        self.write_to(&mut text).expect("writing to memory");
        text
    }
}

/// `hash` as 32 bytes when it is a SHA-256 in lowercase hex.
pub(super) fn parse_sha(hash: &str) -> Option<[u8; 32]> {
    let bytes = hash.as_bytes();
    if bytes.len() != 64 {
        return None;
    }
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut sha = [0u8; 32];
    for (out, pair) in sha.iter_mut().zip(bytes.chunks_exact(2)) {
        *out = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(sha)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::MANIFEST;
    use std::fmt::Write as _;

    /// Only prints of paths and hashes are held, but a rewrite gives back
    /// every line as it was read, one whose hash is not SHA-256 hex too, in
    /// the file's order, a line repeated once, a line with no two spaces
    /// dropped.
    #[test]
    fn a_manifest_rewrite_gives_back_what_was_read() {
        let (a, b) = (sha256(b"1"), sha256(b"2"));
        let text = format!(
            "{b}  a.md\n{a}  c/d.md\nnot-a-hash  b.md\n{a}  a.md\r\nno spaces\n{b}  a.md\n"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        fs::write(&path, &text).unwrap();
        let (mut m, torn) = Manifest::read(&path).unwrap();
        assert!(!torn);
        // Room is made for every line at once, counted first.
        assert_eq!(
            Manifest::lines_in(&fs::File::open(&path).unwrap()).unwrap(),
            6
        );
        assert_eq!(
            m.index.len(),
            4,
            "a pair once, a line with no two spaces dropped"
        );
        let back = String::from_utf8(m.to_text()).unwrap();
        assert_eq!(
            back,
            format!("{b}  a.md\n{a}  c/d.md\nnot-a-hash  b.md\n{a}  a.md\n")
        );
        assert!(m.knows("a.md", &a) && m.knows("a.md", &b));
        assert!(m.knows("b.md", "not-a-hash"));
        assert!(!m.knows("c/d.md", &b));
        assert!(!m.knows("b.md", "another"));
    }

    /// A path written by this run leaves the lines read for it (and only
    /// it) out of the rewrite, and only its new hash is known.
    #[test]
    fn a_path_written_again_is_known_by_its_new_hash_only() {
        let (old, new, other) = (sha256(b"old"), sha256(b"new"), sha256(b"other"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        fs::write(&path, format!("{old}  a.md\n{other}  b.md\n{new}  a.md\n")).unwrap();
        let (mut m, _) = Manifest::read(&path).unwrap();
        assert!(m.knows("a.md", &old) && m.knows("a.md", &new));
        let sha = parse_sha(&new).unwrap();
        m.set_recorded("a.md", &sha);
        assert!(!m.knows("a.md", &old) && m.knows_sha("a.md", &sha));
        assert!(m.has("a.md") && m.knows("b.md", &other));
        assert_eq!(
            String::from_utf8(m.to_text()).unwrap(),
            format!("{other}  b.md\n")
        );
    }

    /// A manifest changed behind wengao's back between reading it and
    /// writing its lines back is not trusted: the rewrite fails (the
    /// pending manifest stays, which is safe).
    #[test]
    fn a_manifest_changed_since_it_was_read_is_not_written_back() {
        let (a, b) = (sha256(b"1"), sha256(b"2"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        fs::write(&path, format!("{a}  a.md\n{a}  b.md\n")).unwrap();
        let (m, _) = Manifest::read(&path).unwrap();
        fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap()
            .write_all(format!("{b}  a.md\n").as_bytes())
            .unwrap();
        let mut text = Vec::new();
        assert_eq!(
            m.write_to(&mut text).unwrap_err().kind(),
            ErrorKind::InvalidData
        );
        // Changed into more lines than were read: refused, not a panic.
        let len = fs::metadata(&path).unwrap().len() as usize;
        fs::write(&path, "\n".repeat(len)).unwrap();
        assert_eq!(
            m.write_to(&mut Vec::new()).unwrap_err().kind(),
            ErrorKind::InvalidData
        );
    }

    /// The answers of an index sorted in a file against one held in
    /// memory (the index as it always was), on generated manifests with
    /// repeated paths and pairs, lines that are not SHA-256 or have no two
    /// spaces, and paths written again by the run; the unit tests' small
    /// runs make a manifest of 100 lines sort in three passes.
    #[test]
    fn an_index_sorted_in_a_file_answers_as_one_held() {
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestCaseError, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 300,
            ..Config::default()
        });
        let hashes: Vec<String> = (0..6).map(|i| sha256(&[i])).collect();
        let key = |p: usize| format!("县{}/{p}.md", p % 3);
        let line = (0..14usize, 0..6usize, 0..10u8);
        let op = (0..3u8, 0..14usize, 0..6usize);
        let case = (
            prop::collection::vec(line, 0..120),
            prop::collection::vec(op, 0..40),
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        runner
            .run(&case, |(lines, ops)| {
                let mut text = String::new();
                for (p, h, kind) in &lines {
                    match kind {
                        0 => text.push_str("no two spaces\n"),
                        1 => text.push_str(&format!("not-sha-{h}  {}\n", key(*p))),
                        _ => text.push_str(&format!("{}  {}\n", hashes[*h], key(*p))),
                    }
                }
                fs::write(&path, &text).unwrap();
                let (mut held, _) = Manifest::read_sorting_in(&path, None).unwrap();
                let (mut sorted, _) = Manifest::read(&path).unwrap();
                prop_assert!(!held.index.is_spilled());
                let pushed = lines.iter().filter(|(_, _, kind)| *kind != 0).count();
                prop_assert_eq!(sorted.index.is_spilled(), pushed > 8);
                prop_assert_eq!(sorted.index.len(), held.index.len());
                let answers = |m: &mut Manifest| {
                    let mut all = Vec::new();
                    for p in 0..14 {
                        all.push(m.has(&key(p)));
                        for (h, hash) in hashes.iter().enumerate() {
                            all.push(m.knows(&key(p), hash));
                            all.push(m.knows(&key(p), &format!("not-sha-{h}")));
                        }
                    }
                    all
                };
                prop_assert_eq!(answers(&mut sorted), answers(&mut held));
                for (kind, p, h) in ops {
                    let sha = parse_sha(&hashes[h]).unwrap();
                    match kind {
                        0 => {
                            held.set_recorded(&key(p), &sha);
                            sorted.set_recorded(&key(p), &sha);
                        }
                        1 => prop_assert_eq!(sorted.has(&key(p)), held.has(&key(p))),
                        _ => prop_assert_eq!(
                            sorted.knows_sha(&key(p), &sha),
                            held.knows_sha(&key(p), &sha)
                        ),
                    }
                }
                prop_assert_eq!(answers(&mut sorted), answers(&mut held));
                let (back, expected) = (sorted.to_text(), held.to_text());
                if back != expected {
                    return Err(TestCaseError::fail("the rewrites differ"));
                }
                Ok(())
            })
            .unwrap();
    }

    /// When no nameless file can be made where the index would be sorted,
    /// it is held in memory and answers the same.
    #[test]
    fn an_index_that_cannot_be_sorted_in_a_file_is_held() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST);
        let mut text = String::new();
        for i in 0..50u8 {
            writeln!(text, "{}  {i}.md", sha256(&[i])).unwrap();
        }
        fs::write(&path, &text).unwrap();
        let missing = dir.path().join("missing");
        let (mut m, _) = Manifest::read_sorting_in(&path, Some(&missing)).unwrap();
        assert!(!m.index.is_spilled());
        assert_eq!(m.index.len(), 50);
        assert!(m.knows("7.md", &sha256(&[7])) && !m.knows("7.md", &sha256(&[8])));
        assert_eq!(String::from_utf8(m.to_text()).unwrap(), text);
        let (m, _) = Manifest::read(&path).unwrap();
        assert!(m.index.is_spilled());
    }

    #[test]
    fn only_the_start_of_a_manifest_line_counts_as_torn() {
        let hash = sha256(b"x");
        assert!(is_torn_line(b"0a"));
        assert!(is_torn_line(format!("{hash}  a/").as_bytes()));
        assert!(is_torn_line(format!("{hash} ").as_bytes()));
        let cut_inside = format!("{hash}  柳");
        assert!(is_torn_line(&cut_inside.as_bytes()[..cut_inside.len() - 1]));
        assert!(!is_torn_line(b""));
        assert!(!is_torn_line(b"\xff\xfe"));
        assert!(!is_torn_line(b"zz  a.md"));
        let mut broken = format!("{hash}  a").into_bytes();
        broken.extend_from_slice(b"\xff/b");
        assert!(!is_torn_line(&broken));
    }
}
