//! The prints of the manifest's lines, sorted for lookup ([`Index`]).
//!
//! A rebuild looks up every file it writes, so the prints of every line of
//! the manifest must be at hand. Held in memory (32 bytes a line) they
//! made a rebuild's memory grow with the output folder: 0.34 MB more for
//! each 1,500 data files of the benchmark's batch. Now up to [`HELD`]
//! lines (64 KiB) stay in memory; more are sorted in a nameless file
//! beside the manifest, in bounded memory (an external merge sort: runs
//! of [`HELD`] sorted in memory, then merged [`FAN_IN`] at a time), and a
//! lookup reads the block of [`BLOCK`] entries where its path is. Memory
//! keeps the first path print of each block: a quarter of a byte a line.
//!
//! The file is read and written with positioned reads and writes, not
//! mapped: mapped pages would count in the process's memory again. A
//! lookup's read comes from the page cache (the file was just written);
//! it costs about a microsecond.

use std::fs;
use std::io;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{Entry, HashPrint, PathPrint, State};

/// Entries held in memory: the whole index up to this many, one run of
/// the sort beyond. Small in unit tests, so that they sort in several
/// passes.
const HELD: usize = if cfg!(test) { 8 } else { 2048 };

/// Runs merged at once, each read through a buffer of a block.
const FAN_IN: usize = if cfg!(test) { 3 } else { 16 };

/// Entries in a block of the sorted file: what a lookup reads.
const BLOCK: usize = if cfg!(test) { 4 } else { 64 };

/// An entry's size in the file.
const ENTRY_BYTES: usize = 32;

/// The order of the index: by path, then hash, then line (the first line
/// of a pair is the one kept).
fn sort_key(e: &Entry) -> (PathPrint, HashPrint, u32) {
    (e.path, e.hash, e.line)
}

fn encode(e: &Entry, out: &mut [u8]) {
    out[..16].copy_from_slice(&e.path);
    out[16..24].copy_from_slice(&e.hash);
    out[24..28].copy_from_slice(&e.line.to_le_bytes());
    out[28] = match e.state {
        State::Read => 0,
        State::Superseded => 1,
        State::Current => 2,
    };
    out[29..ENTRY_BYTES].fill(0);
}

fn decode(bytes: &[u8]) -> Entry {
    let mut path = [0; 16];
    path.copy_from_slice(&bytes[..16]);
    let mut hash = [0; 8];
    hash.copy_from_slice(&bytes[16..24]);
    let mut line = [0; 4];
    line.copy_from_slice(&bytes[24..28]);
    Entry {
        path,
        hash,
        line: u32::from_le_bytes(line),
        state: match bytes[28] {
            1 => State::Superseded,
            2 => State::Current,
            _ => State::Read,
        },
    }
}

fn offset(entry: usize) -> u64 {
    (entry * ENTRY_BYTES) as u64
}

/// The manifest's entries sorted by [`sort_key`], each path and hash once.
#[derive(Debug)]
pub(super) enum Index {
    /// Few enough to hold.
    Held(Vec<Entry>),
    /// In a nameless file (see the module's doc).
    Spilled(Spilled),
}

impl Default for Index {
    fn default() -> Self {
        Index::Held(Vec::new())
    }
}

/// How many looked-up paths a [`Spilled`] index keeps. A build looks the
/// files of a data file up (to carry edits forward) before it records them
/// all, on several threads: the second lookup of a path then reads nothing.
const RECENT: usize = if cfg!(test) { 3 } else { 32 };

/// The entries of a path, as read from the file and changed since: every
/// change goes through them.
#[derive(Debug)]
struct Found {
    path: PathPrint,
    /// Where they start in the file (or would).
    at: usize,
    entries: Vec<Entry>,
}

/// An index in a nameless file.
#[derive(Debug)]
pub(super) struct Spilled {
    file: fs::File,
    /// How many entries it has.
    len: usize,
    /// The path print of each block's first entry.
    fences: Vec<PathPrint>,
    /// The paths looked up last, oldest first (at most [`RECENT`]).
    recent: std::collections::VecDeque<Found>,
    /// An update could not be written: the file no longer says which
    /// lines this run replaced.
    failed: bool,
}

impl Index {
    /// How many entries it has.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        match self {
            Index::Held(entries) => entries.len(),
            Index::Spilled(spilled) => spilled.len,
        }
    }

    /// Whether the entries live in a file.
    #[cfg(test)]
    pub(super) fn is_spilled(&self) -> bool {
        matches!(self, Index::Spilled(_))
    }

    /// `f` of the entries of `path` (by hash, then line).
    pub(super) fn with_path<R>(
        &mut self,
        path: PathPrint,
        f: impl FnOnce(&[Entry]) -> R,
    ) -> io::Result<R> {
        match self {
            Index::Held(entries) => Ok(f(&entries[held_range(entries, path)])),
            Index::Spilled(spilled) => {
                let i = spilled.find(path)?;
                Ok(f(&spilled.recent[i].entries))
            }
        }
    }

    /// Lets `f` change the entries of `path` (not their paths or order)
    /// and keeps the changes.
    pub(super) fn update_path(
        &mut self,
        path: PathPrint,
        f: impl FnOnce(&mut [Entry]),
    ) -> io::Result<()> {
        match self {
            Index::Held(entries) => {
                let range = held_range(entries, path);
                f(&mut entries[range]);
                Ok(())
            }
            Index::Spilled(spilled) => {
                let i = spilled.find(path)?;
                let found = &mut spilled.recent[i];
                if found.entries.is_empty() {
                    return Ok(());
                }
                f(&mut found.entries);
                let written = write_entries(&spilled.file, found.at, &found.entries);
                spilled.failed |= written.is_err();
                written
            }
        }
    }

    /// Calls `f` with every entry, in the index's order. Fails when an
    /// update could not be written.
    pub(super) fn for_each(&self, mut f: impl FnMut(&Entry)) -> io::Result<()> {
        match self {
            Index::Held(entries) => entries.iter().for_each(f),
            Index::Spilled(spilled) => {
                if spilled.failed {
                    return Err(io::Error::other("生成记录的索引没能写入"));
                }
                // The whole file is one sorted run.
                let mut entries = RunReader::new(&spilled.file, 0, spilled.len)?;
                while entries.head.is_some() {
                    f(&entries.take()?);
                }
            }
        }
        Ok(())
    }
}

/// Where the entries of `path` are in `entries`.
fn held_range(entries: &[Entry], path: PathPrint) -> std::ops::Range<usize> {
    let start = entries.partition_point(|e| e.path < path);
    let len = entries[start..].partition_point(|e| e.path == path);
    start..start + len
}

impl Spilled {
    /// Where in `recent` the entries of `path` are: kept from a recent
    /// lookup, or read.
    fn find(&mut self, path: PathPrint) -> io::Result<usize> {
        if let Some(i) = self.recent.iter().position(|f| f.path == path) {
            return Ok(i);
        }
        let mut entries = if self.recent.len() == RECENT {
            self.recent
                .pop_front()
                .map(|f| f.entries)
                .unwrap_or_default()
        } else {
            Vec::new()
        };
        entries.clear();
        let at = self.read_entries(path, &mut entries)?;
        self.recent.push_back(Found { path, at, entries });
        Ok(self.recent.len() - 1)
    }

    /// Reads the entries of `path` into `found`; returns where the first
    /// is (or would be). They start in the block before the first whose
    /// fence is not below `path`, and may run on past its end.
    fn read_entries(&self, path: PathPrint, found: &mut Vec<Entry>) -> io::Result<usize> {
        let first_block = self.fences.partition_point(|f| *f < path).saturating_sub(1);
        let mut bytes = [0; BLOCK * ENTRY_BYTES];
        let mut start = first_block * BLOCK;
        let mut at = None;
        while start < self.len {
            let n = BLOCK.min(self.len - start);
            let bytes = &mut bytes[..n * ENTRY_BYTES];
            self.file.read_exact_at(bytes, offset(start))?;
            for (i, b) in bytes.chunks_exact(ENTRY_BYTES).enumerate() {
                let e = decode(b);
                if e.path < path {
                    continue;
                }
                if e.path > path {
                    return Ok(at.unwrap_or(start + i));
                }
                at.get_or_insert(start + i);
                found.push(e);
            }
            start += n;
        }
        Ok(at.unwrap_or(self.len))
    }
}

/// Builds an [`Index`] from entries pushed in any order.
pub(super) struct Sorter<'d> {
    /// Where a nameless file may be made; `None`: everything is held.
    dir: Option<&'d Path>,
    held: Vec<Entry>,
    /// The sorted runs written so far, each [`HELD`] long.
    runs: Option<fs::File>,
    spilled: usize,
}

impl<'d> Sorter<'d> {
    /// A sorter for about `lines` entries.
    pub(super) fn new(dir: Option<&'d Path>, lines: usize) -> Self {
        // Room for all at once when they fit: grown by doubling, each size
        // left behind would stay with the allocator.
        let room = if dir.is_some() {
            lines.min(HELD)
        } else {
            lines
        };
        Sorter {
            dir,
            held: Vec::with_capacity(room),
            runs: None,
            spilled: 0,
        }
    }

    pub(super) fn push(&mut self, entry: Entry) -> io::Result<()> {
        if self.held.len() == HELD
            && let Some(dir) = self.dir
        {
            let file = match self.runs.take() {
                Some(file) => file,
                None => tempfile::tempfile_in(dir)?,
            };
            self.held.sort_unstable_by_key(sort_key);
            write_entries(&file, self.spilled, &self.held)?;
            self.runs = Some(file);
            self.spilled += self.held.len();
            self.held.clear();
        }
        self.held.push(entry);
        Ok(())
    }

    pub(super) fn finish(mut self) -> io::Result<Index> {
        self.held.sort_unstable_by_key(sort_key);
        let Some(runs) = self.runs.take() else {
            let mut entries = self.held;
            entries.dedup_by_key(|e| (e.path, e.hash));
            entries.shrink_to_fit();
            return Ok(Index::Held(entries));
        };
        write_entries(&runs, self.spilled, &self.held)?;
        let total = self.spilled + self.held.len();
        drop(self.held);
        let dir = self.dir.expect("runs are written only with a folder");
        merge_runs(runs, total, dir).map(Index::Spilled)
    }
}

fn write_entries(file: &fs::File, at: usize, entries: &[Entry]) -> io::Result<()> {
    let mut bytes = vec![0; entries.len() * ENTRY_BYTES];
    for (e, out) in entries.iter().zip(bytes.chunks_exact_mut(ENTRY_BYTES)) {
        encode(e, out);
    }
    file.write_all_at(&bytes, offset(at))
}

/// Merges the sorted runs of [`HELD`] entries in `runs` (`total` in all)
/// into one, [`FAN_IN`] at a time, between `runs` and a second nameless
/// file; the last pass drops repeated pairs and notes the fences.
fn merge_runs(runs: fs::File, total: usize, dir: &Path) -> io::Result<Spilled> {
    let (mut from, mut to) = (runs, tempfile::tempfile_in(dir)?);
    let mut run_len = HELD;
    loop {
        let run_count = total.div_ceil(run_len);
        let last = run_count <= FAN_IN;
        let mut out = EntryWriter::new(&to);
        // At most one a block (repeated pairs dropped, maybe fewer).
        let mut fences = Vec::with_capacity(if last { total.div_ceil(BLOCK) } else { 0 });
        let mut previous: Option<(PathPrint, HashPrint)> = None;
        for group in (0..run_count).step_by(FAN_IN) {
            let mut readers: Vec<RunReader> = (group..run_count.min(group + FAN_IN))
                .map(|run| RunReader::new(&from, run * run_len, total.min((run + 1) * run_len)))
                .collect::<io::Result<_>>()?;
            while let Some(next) = smallest(&readers) {
                let e = readers[next].take()?;
                if last {
                    if previous == Some((e.path, e.hash)) {
                        continue;
                    }
                    previous = Some((e.path, e.hash));
                    if out.written.is_multiple_of(BLOCK) {
                        fences.push(e.path);
                    }
                }
                out.push(&e)?;
            }
        }
        let len = out.finish()?;
        if last {
            return Ok(Spilled {
                file: to,
                len,
                fences,
                recent: std::collections::VecDeque::with_capacity(RECENT),
                failed: false,
            });
        }
        std::mem::swap(&mut from, &mut to);
        run_len *= FAN_IN;
    }
}

/// Which reader's next entry comes first.
fn smallest(readers: &[RunReader]) -> Option<usize> {
    readers
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.head.as_ref().map(|e| (sort_key(e), i)))
        .min()
        .map(|(_, i)| i)
}

/// A run of sorted entries read a block at a time.
struct RunReader<'f> {
    file: &'f fs::File,
    /// The entry after the buffered ones, and the run's end.
    next: usize,
    end: usize,
    buffer: Vec<Entry>,
    head: Option<Entry>,
}

impl<'f> RunReader<'f> {
    fn new(file: &'f fs::File, start: usize, end: usize) -> io::Result<Self> {
        let mut reader = RunReader {
            file,
            next: start,
            end,
            buffer: Vec::with_capacity(BLOCK),
            head: None,
        };
        reader.advance()?;
        Ok(reader)
    }

    /// Gives the head and moves on to the next entry.
    fn take(&mut self) -> io::Result<Entry> {
        let head = self.head.take().expect("taken only when there is one");
        self.advance()?;
        Ok(head)
    }

    fn advance(&mut self) -> io::Result<()> {
        if self.buffer.is_empty() && self.next < self.end {
            let n = BLOCK.min(self.end - self.next);
            let mut bytes = [0; BLOCK * ENTRY_BYTES];
            let bytes = &mut bytes[..n * ENTRY_BYTES];
            self.file.read_exact_at(bytes, offset(self.next))?;
            // Reversed, so that the next entry pops off the end.
            self.buffer
                .extend(bytes.chunks_exact(ENTRY_BYTES).rev().map(decode));
            self.next += n;
        }
        self.head = self.buffer.pop();
        Ok(())
    }
}

/// Writes entries one after another from the start of a file, buffered.
struct EntryWriter<'f> {
    file: &'f fs::File,
    written: usize,
    flushed: usize,
    bytes: Vec<u8>,
}

impl<'f> EntryWriter<'f> {
    fn new(file: &'f fs::File) -> Self {
        EntryWriter {
            file,
            written: 0,
            flushed: 0,
            bytes: Vec::with_capacity(HELD * ENTRY_BYTES),
        }
    }

    fn push(&mut self, e: &Entry) -> io::Result<()> {
        let at = self.bytes.len();
        self.bytes.resize(at + ENTRY_BYTES, 0);
        encode(e, &mut self.bytes[at..]);
        self.written += 1;
        if self.bytes.len() == self.bytes.capacity() {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.write_all_at(&self.bytes, offset(self.flushed))?;
        self.flushed = self.written;
        self.bytes.clear();
        Ok(())
    }

    /// Writes what is buffered; how many entries were written.
    fn finish(mut self) -> io::Result<usize> {
        self.flush()?;
        Ok(self.written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: u8, line: u32) -> Entry {
        Entry {
            path: [path; 16],
            hash: [path; 8],
            line,
            state: State::Read,
        }
    }

    /// An update the file cannot take is kept as a failure: the index no
    /// longer says which lines this run replaced, so it is not read back.
    #[test]
    fn an_update_that_cannot_be_written_fails_the_index() {
        let dir = tempfile::tempdir().unwrap();
        let mut sorter = Sorter::new(Some(dir.path()), 20);
        for i in 0..20u8 {
            sorter.push(entry(19 - i, u32::from(i))).unwrap();
        }
        let Index::Spilled(mut spilled) = sorter.finish().unwrap() else {
            panic!("20 entries are sorted in a file in the unit tests");
        };
        // The same entries, in a file open for reading only.
        let mut bytes = vec![0; spilled.len * ENTRY_BYTES];
        spilled.file.read_exact_at(&mut bytes, 0).unwrap();
        let copy = dir.path().join("copy");
        fs::write(&copy, &bytes).unwrap();
        spilled.file = fs::File::open(&copy).unwrap();
        let mut index = Index::Spilled(spilled);
        let mut paths = Vec::new();
        index.for_each(|e| paths.push(e.path[0])).unwrap();
        assert_eq!(paths, (0..20).collect::<Vec<u8>>());
        let found = index.with_path([7; 16], <[Entry]>::len).unwrap();
        assert_eq!(found, 1);
        let update = index.update_path([7; 16], |es| es[0].state = State::Superseded);
        assert!(update.is_err());
        assert!(index.for_each(|_| {}).is_err());
    }

    /// Each entry of a path is found, whichever blocks it spans, and a path
    /// between two, before the first or after the last has none.
    #[test]
    fn a_path_is_found_across_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let mut sorter = Sorter::new(Some(dir.path()), 40);
        // Paths 2, 4, ..., each with 1 to 9 hashes: runs of one path
        // cross blocks of 4.
        let mut line = 0;
        for p in (2..40u8).step_by(2) {
            for h in 0..=(p % 9) {
                let mut e = entry(p, line);
                e.hash = [h; 8];
                sorter.push(e).unwrap();
                line += 1;
            }
        }
        let mut index = sorter.finish().unwrap();
        assert!(index.is_spilled());
        for p in 0..42u8 {
            let expected = if p % 2 == 0 && (2..40).contains(&p) {
                usize::from(p % 9 + 1)
            } else {
                0
            };
            let hashes = index
                .with_path([p; 16], |es| {
                    es.iter().map(|e| e.hash[0]).collect::<Vec<_>>()
                })
                .unwrap();
            assert_eq!(hashes, (0..expected as u8).collect::<Vec<_>>(), "path {p}");
        }
        // An update of one path changes only its entries.
        index
            .update_path([8; 16], |es| {
                for e in es.iter_mut() {
                    e.state = State::Current;
                }
            })
            .unwrap();
        let mut current = Vec::new();
        index
            .for_each(|e| {
                if e.state == State::Current {
                    current.push(e.path[0]);
                }
            })
            .unwrap();
        assert_eq!(current, vec![8; 9]);
        // Read again from the file after another path, or kept since.
        for path in [[10; 16], [8; 16], [8; 16]] {
            let states = index.with_path(path, |es| es.iter().map(|e| e.state).collect::<Vec<_>>());
            let expected = if path[0] == 8 {
                State::Current
            } else {
                State::Read
            };
            assert!(states.unwrap().iter().all(|s| *s == expected));
        }
    }
}
