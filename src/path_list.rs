//! The data files of a run, held compactly for the whole run.
//!
//! A batch lists every data file before drafting the first (to put them in
//! order and to find the ones whose drafts share a folder), and the list
//! lives until the last one is drafted. As `Vec<PathBuf>` it took some 60
//! bytes a file for the whole run, the one thing a fresh build held that
//! grew with the batch. Front-coded (each path as the count of bytes it
//! shares with the one before and the bytes after them, a whole path every
//! [`RESTART_EVERY`]), sorted paths take what they do not share: 22 bytes
//! a file in the benchmark's batch (paths of 29 bytes, in 1,500 folders),
//! less when a folder holds several periods.

use std::path::{Path, PathBuf};

/// Every this many paths, one is kept whole, so that reading one back
/// decodes at most this many.
const RESTART_EVERY: usize = 16;

/// A list of paths, in the order given (see the module's doc).
#[derive(Debug, Default)]
pub(crate) struct PathList {
    /// Each path as a varint of the bytes it shares with the one before
    /// (0 at a restart), a varint of the count of its own bytes, then
    /// those bytes (of `OsStr::as_encoded_bytes`).
    bytes: Vec<u8>,
    /// Where each restart's entry begins in `bytes`.
    restarts: Vec<u32>,
    len: usize,
}

impl PathList {
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Adds `path` at the end; `previous` is the path added last.
    fn push_after(&mut self, path: &Path, previous: Option<&Path>) {
        let own = path.as_os_str().as_encoded_bytes();
        let shared = match previous {
            Some(previous) if !self.len.is_multiple_of(RESTART_EVERY) => {
                let previous = previous.as_os_str().as_encoded_bytes();
                previous.iter().zip(own).take_while(|(a, b)| a == b).count()
            }
            _ => {
                let at = u32::try_from(self.bytes.len()).expect("under 4 GB of paths");
                self.restarts.push(at);
                0
            }
        };
        push_varint(&mut self.bytes, shared);
        push_varint(&mut self.bytes, own.len() - shared);
        self.bytes.extend_from_slice(&own[shared..]);
        self.len += 1;
    }

    /// Path `i`.
    ///
    /// # Panics
    ///
    /// When `i` is out of range, as indexing a `Vec` does.
    pub(crate) fn get(&self, i: usize) -> PathBuf {
        assert!(i < self.len, "path {i} of {}", self.len);
        let mut at = self.restarts[i / RESTART_EVERY] as usize;
        // Room for a usual path at once, rather than growing by doubling.
        let mut path = Vec::with_capacity(64);
        for _ in 0..=i % RESTART_EVERY {
            let shared = read_varint(&self.bytes, &mut at);
            let own = read_varint(&self.bytes, &mut at);
            path.truncate(shared);
            path.extend_from_slice(&self.bytes[at..at + own]);
            at += own;
        }
        path_from_bytes(path)
    }

    /// Each path in turn.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = PathBuf> + '_ {
        (0..self.len).map(|i| self.get(i))
    }
}

impl FromIterator<PathBuf> for PathList {
    fn from_iter<I: IntoIterator<Item = PathBuf>>(paths: I) -> Self {
        let mut list = PathList::default();
        let mut previous: Option<PathBuf> = None;
        for path in paths {
            list.push_after(&path, previous.as_deref());
            previous = Some(path);
        }
        list.bytes.shrink_to_fit();
        list.restarts.shrink_to_fit();
        list
    }
}

fn push_varint(bytes: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        bytes.push((n as u8) | 0x80);
        n >>= 7;
    }
    bytes.push(n as u8);
}

fn read_varint(bytes: &[u8], at: &mut usize) -> usize {
    let (mut n, mut shift) = (0, 0);
    loop {
        let byte = bytes[*at];
        *at += 1;
        n |= usize::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return n;
        }
        shift += 7;
    }
}

/// The path whose `as_encoded_bytes` are `bytes`.
#[cfg(unix)]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    // On Unix the encoded bytes are the path's bytes, whatever they are.
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(bytes))
}

/// The path whose `as_encoded_bytes` are `bytes`.
#[cfg(not(unix))]
fn path_from_bytes(bytes: Vec<u8>) -> PathBuf {
    // SAFETY: `bytes` are exactly the `as_encoded_bytes` of a path given to
    // `push_after` (its first `shared` bytes are those of the path before,
    // equal to its own), by this very build of the program, as
    // `from_encoded_bytes_unchecked` requires.
    PathBuf::from(unsafe { std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn list(paths: &[&str]) -> PathList {
        paths.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn gives_back_each_path_across_restarts() {
        let paths: Vec<String> = (0..40)
            .map(|i| format!("data/桃阳{:04}/2026-Q{}.yaml", i * 7, i % 4 + 1))
            .collect();
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let list = list(&refs);
        assert_eq!(list.len(), 40);
        for (i, path) in paths.iter().enumerate() {
            assert_eq!(list.get(i), PathBuf::from(path), "path {i}");
        }
        assert_eq!(list.iter().count(), 40);
    }

    #[test]
    fn a_path_costs_what_it_does_not_share_with_the_one_before() {
        let paths: Vec<PathBuf> = (0..40)
            .map(|i| PathBuf::from(format!("data/县{i:04}/2026-01~03.yaml")))
            .collect();
        assert_eq!(paths[0].as_os_str().len(), 28);
        let list: PathList = paths.into_iter().collect();
        // Paths 0, 16 and 32 are whole: 28 bytes and 2 of lengths. The
        // others share `data/县00` and the tens digit when it is the same
        // as the one before's (all but 10, 20 and 30): 17 bytes and 2.
        assert_eq!(list.bytes.len(), 3 * 30 + 34 * 19 + 3 * 20);
        // Paths 0–15 hold 10; 16–31 hold 20 and 30.
        let second = 30 + 14 * 19 + 20;
        assert_eq!(list.restarts, [0, second, second + 30 + 13 * 19 + 2 * 20]);
    }

    #[test]
    fn a_path_shorter_than_the_one_before_or_empty_comes_back_as_it_was() {
        let list = list(&["data/a/b/c.yaml", "data/a.yaml", "", "data/a.yaml"]);
        assert_eq!(list.get(1), PathBuf::from("data/a.yaml"));
        assert_eq!(list.get(2), PathBuf::new());
        assert_eq!(list.get(3), PathBuf::from("data/a.yaml"));
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_comes_back_byte_for_byte() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let gbk = PathBuf::from(OsStr::from_bytes(b"data/\xcc\xa8\xd5\xcb.yaml"));
        let other = PathBuf::from(OsStr::from_bytes(b"data/\xcc\xa8\xd5\xcc.yaml"));
        let list: PathList = [gbk.clone(), other.clone()].into_iter().collect();
        assert_eq!(list.get(0), gbk);
        assert_eq!(list.get(1), other);
    }

    #[test]
    #[should_panic(expected = "path 2 of 2")]
    fn reading_past_the_end_panics_as_indexing_does() {
        list(&["a", "b"]).get(2);
    }

    proptest! {
        /// Any list of paths (long ones too, whose lengths take two bytes
        /// to write) comes back as it went in, in its order.
        #[test]
        fn any_list_comes_back_as_it_went_in(
            paths in proptest::collection::vec("[a/桃.]{0,6}[a-c/]{0,200}", 0..70),
        ) {
            let list: PathList = paths.iter().map(PathBuf::from).collect();
            prop_assert_eq!(list.len(), paths.len());
            let back: Vec<PathBuf> = list.iter().collect();
            let want: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            prop_assert_eq!(back, want);
        }
    }
}
