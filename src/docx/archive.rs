//! The ZIP container of the package, written directly so that one deflate
//! compressor serves every entry. The `zip` crate starts a fresh compressor
//! per entry, and zlib-rs allocates and zeroes some 300 KB for each: for the
//! eleven parts of a DOCX that cost more than compressing them.
//!
//! The archive is the plainest the format allows, as `zip` wrote it: per
//! entry a local header and the deflated data, then the central directory
//! and its end record; no extra fields, no data descriptors, no ZIP64, ASCII
//! names, Unix permissions 0644, the timestamp the caller gives.
//!
//! The compressor lives on past one archive, one per thread ([`DEFLATER`]):
//! a batch writes thousands of DOCX files, and setting one up (allocating
//! and zeroing its tables) cost more than a small part. Most parts (theme,
//! fonts, settings, styles) are the same in every draft of a batch: they
//! come shared ([`Archive::add_shared`]), and the thread keeps the last
//! deflated bytes of each by name, reused while the part is the same
//! allocation with the same [`Deflate`]. Deflate from a reset stream is
//! deterministic, so the output is the same bytes.
//!
//! Two compressors, each where it is fastest (measured on a batch's
//! drafts, `benches/docx.rs`): the body goes through libdeflate, which
//! deflates a whole buffer at once with no stream to reset (a draft
//! converts a third faster than with zlib-rs's level 2, and its package is
//! smaller); the small parts go through zlib-rs's level 1, whose fixed
//! Huffman codes skip building a tree, which is most of what a one-kilobyte
//! part costs.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::{Datelike, NaiveDate};
use flate2::{Compress, Compression, FlushCompress, Status};

/// Deflate's method number, and the format version (2.0) that introduced it.
const DEFLATED: u16 = 8;
const VERSION: u16 = 20;
/// "Made by" Unix (3, in the high byte), so readers apply the permissions.
const MADE_BY: u16 = 3 << 8 | VERSION;
/// A regular file, `rw-r--r--`, in the high half of the external attributes.
const UNIX_FILE: u32 = 0o100_644 << 16;

/// How a part is deflated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Deflate {
    /// The body: libdeflate's level 1. The 7,700-character fixture's
    /// package is 18.3 KB (18.4 KB with zlib-rs's level 2), under the
    /// project's 20 KB.
    Body,
    /// Small parts (styles, settings, footers, …): zlib-rs's level 1, fixed
    /// Huffman codes; about 0.7 KB more a package than a tree per part.
    Small,
}

/// A thread's compressors and the last deflation of each shared part.
struct Deflater {
    /// For [`Deflate::Small`].
    compress: Compress,
    /// For [`Deflate::Body`]; made on first use.
    body: Option<libdeflater::Compressor>,
    /// By part name (a dozen at most: searched in order).
    last: Vec<(String, Deflated)>,
}

/// A shared part deflated: the part (held, so that its address names it
/// while it is kept), how it was deflated, its CRC and its deflated bytes.
struct Deflated {
    source: Rc<[u8]>,
    how: Deflate,
    crc: u32,
    bytes: Vec<u8>,
}

thread_local! {
    static DEFLATER: RefCell<Deflater> = RefCell::new(Deflater {
        compress: Compress::new(Compression::new(1), false),
        body: None,
        last: Vec::new(),
    });
}

pub(super) struct Archive {
    out: Vec<u8>,
    central: Vec<u8>,
    entries: u16,
    /// MS-DOS time and date of every entry.
    time: u16,
    date: u16,
}

impl Archive {
    /// An empty archive whose entries are stamped midnight on `date`, with
    /// room for `capacity` bytes of output.
    pub(super) fn new(date: NaiveDate, capacity: usize) -> Self {
        // DOS dates count years from 1980 in seven bits; outside that span
        // the stamp is 1 January 1980, as `zip` gave.
        let date = match u16::try_from(date.year() - 1980) {
            Ok(year) if year < 128 => year << 9 | (date.month() as u16) << 5 | date.day() as u16,
            _ => 1 << 5 | 1,
        };
        Archive {
            out: Vec::with_capacity(capacity),
            central: Vec::with_capacity(1024),
            entries: 0,
            time: 0,
            date,
        }
    }

    /// Adds `data` as the entry `name` (ASCII), deflated `how`.
    pub(super) fn add(&mut self, name: &str, data: &[u8], how: Deflate) -> std::io::Result<()> {
        let crc = crc32fast::hash(data);
        let header = self.local_header(name, data, crc)?;
        let start = self.out.len();
        DEFLATER.with_borrow_mut(|d| d.deflate(&mut self.out, data, how))?;
        self.end_entry(name, data, crc, header, start)
    }

    /// Adds `data` as the entry `name` (ASCII), deflated `how`: the bytes
    /// deflated when this same allocation was last added under this name
    /// the same way on this thread, deflated and kept otherwise.
    pub(super) fn add_shared(
        &mut self,
        name: &str,
        data: &Rc<[u8]>,
        how: Deflate,
    ) -> std::io::Result<()> {
        DEFLATER.with_borrow_mut(|d| {
            let at = d.last.iter().position(|(kept, _)| kept == name);
            let kept = at
                .map(|at| &d.last[at].1)
                .filter(|k| k.how == how && Rc::ptr_eq(&k.source, data));
            if let Some(kept) = kept {
                let header = self.local_header(name, data, kept.crc)?;
                let start = self.out.len();
                self.out.extend_from_slice(&kept.bytes);
                return self.end_entry(name, data, kept.crc, header, start);
            }
            let crc = crc32fast::hash(data);
            let header = self.local_header(name, data, crc)?;
            let start = self.out.len();
            d.deflate(&mut self.out, data, how)?;
            let deflated = Deflated {
                source: Rc::clone(data),
                how,
                crc,
                bytes: self.out[start..].to_vec(),
            };
            match at {
                Some(at) => d.last[at].1 = deflated,
                None => d.last.push((name.to_owned(), deflated)),
            }
            self.end_entry(name, data, crc, header, start)
        })
    }

    /// Writes the local header of `name`, its compressed size left to
    /// [`Archive::end_entry`]; returns where it starts.
    fn local_header(&mut self, name: &str, data: &[u8], crc: u32) -> std::io::Result<usize> {
        debug_assert!(name.is_ascii());
        let size = u32::try_from(data.len()).map_err(|_| too_large(name))?;
        let header = self.out.len();
        u32::try_from(header).map_err(|_| too_large(name))?;
        self.put_u32(0x0403_4b50);
        for field in [VERSION, 0, DEFLATED, self.time, self.date] {
            self.put_u16(field);
        }
        self.put_u32(crc);
        self.put_u32(0);
        self.put_u32(size);
        self.put_u16(name.len() as u16);
        self.put_u16(0);
        self.out.extend_from_slice(name.as_bytes());
        Ok(header)
    }

    /// Fills in the compressed size of the entry whose header is at
    /// `header` and whose data starts at `start`, and writes its central
    /// directory record.
    fn end_entry(
        &mut self,
        name: &str,
        data: &[u8],
        crc: u32,
        header: usize,
        start: usize,
    ) -> std::io::Result<()> {
        let compressed = u32::try_from(self.out.len() - start).map_err(|_| too_large(name))?;
        self.out[header + 18..header + 22].copy_from_slice(&compressed.to_le_bytes());
        // Checked by `local_header`.
        let (size, offset) = (data.len() as u32, header as u32);

        let c = &mut self.central;
        c.extend_from_slice(&0x0201_4b50_u32.to_le_bytes());
        for field in [MADE_BY, VERSION, 0, DEFLATED, self.time, self.date] {
            c.extend_from_slice(&field.to_le_bytes());
        }
        for field in [crc, compressed, size] {
            c.extend_from_slice(&field.to_le_bytes());
        }
        // Name length; no extra field, no comment, first disk, no internal
        // attributes.
        for field in [name.len() as u16, 0, 0, 0, 0] {
            c.extend_from_slice(&field.to_le_bytes());
        }
        c.extend_from_slice(&UNIX_FILE.to_le_bytes());
        c.extend_from_slice(&offset.to_le_bytes());
        c.extend_from_slice(name.as_bytes());
        self.entries += 1;
        Ok(())
    }

    /// The finished archive: the central directory and its end record.
    pub(super) fn finish(mut self) -> std::io::Result<Vec<u8>> {
        let offset =
            u32::try_from(self.out.len()).map_err(|_| std::io::Error::other("DOCX 超过 4 GB"))?;
        let size = self.central.len() as u32;
        self.out.extend_from_slice(&self.central);
        self.put_u32(0x0605_4b50);
        for field in [0, 0, self.entries, self.entries] {
            self.put_u16(field);
        }
        self.put_u32(size);
        self.put_u32(offset);
        self.put_u16(0);
        Ok(self.out)
    }

    fn put_u16(&mut self, value: u16) {
        self.out.extend_from_slice(&value.to_le_bytes());
    }

    fn put_u32(&mut self, value: u32) {
        self.out.extend_from_slice(&value.to_le_bytes());
    }
}

fn too_large(name: &str) -> std::io::Error {
    std::io::Error::other(format!("{name} 超过 4 GB"))
}

impl Deflater {
    /// Appends `data` deflated `how` (raw, no zlib header) to `out`.
    fn deflate(&mut self, out: &mut Vec<u8>, data: &[u8], how: Deflate) -> std::io::Result<()> {
        match how {
            Deflate::Body => {
                let body = self.body.get_or_insert_with(|| {
                    // Level 1; `fastest` would be 0, which stores.
                    let level =
                        libdeflater::CompressionLvl::new(1).expect("libdeflate has level 1");
                    libdeflater::Compressor::new(level)
                });
                let start = out.len();
                out.resize(start + body.deflate_compress_bound(data.len()), 0);
                let written = body
                    .deflate_compress(data, &mut out[start..])
                    .map_err(|e| std::io::Error::other(format!("{e:?}")))?;
                out.truncate(start + written);
                Ok(())
            }
            Deflate::Small => deflate_small(&mut self.compress, out, data),
        }
    }
}

/// Appends `data` deflated by zlib-rs at level 1 (raw) to `out`.
fn deflate_small(compress: &mut Compress, out: &mut Vec<u8>, data: &[u8]) -> std::io::Result<()> {
    compress.reset();
    loop {
        // `compress_vec` writes into spare capacity only.
        out.reserve(data.len() / 2 + 64);
        let read = compress.total_in() as usize;
        let status = compress
            .compress_vec(&data[read..], out, FlushCompress::Finish)
            .map_err(std::io::Error::other)?;
        if status == Status::StreamEnd {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_read_back_with_their_names_data_and_stamp() {
        // Text, nothing, and bytes that do not compress (they grow at
        // level 1), so the output buffer has to grow while deflating.
        let noise: Vec<u8> = (0..70_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let entries: [(&str, &[u8], Deflate); 5] = [
            (
                "[Content_Types].xml",
                "<Types>文稿</Types>".as_bytes(),
                Deflate::Small,
            ),
            ("empty.xml", b"", Deflate::Body),
            ("empty2.xml", b"", Deflate::Small),
            ("word/noise.bin", &noise, Deflate::Small),
            ("word/noise2.bin", &noise, Deflate::Body),
        ];
        let date = NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
        let mut archive = Archive::new(date, 16);
        for (name, data, how) in entries {
            archive.add(name, data, how).unwrap();
        }
        let bytes = archive.finish().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(zip.len(), entries.len());
        for (i, (name, data, _)) in entries.iter().enumerate() {
            let mut entry = zip.by_index(i).unwrap();
            assert_eq!(entry.name(), *name);
            assert_eq!(entry.compression(), zip::CompressionMethod::Deflated);
            assert_eq!(entry.unix_mode(), Some(0o100_644));
            let stamp = entry.last_modified().unwrap();
            assert_eq!((stamp.year(), stamp.month(), stamp.day()), (2026, 10, 8));
            let mut read = Vec::new();
            entry.read_to_end(&mut read).unwrap();
            assert!(read == *data, "{name}");
        }
    }

    #[test]
    fn a_kept_deflation_is_used_only_for_the_same_allocation_and_compressor() {
        fn archive(parts: &[(&str, &Rc<[u8]>, Deflate)]) -> Vec<u8> {
            let mut a = Archive::new(NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(), 16);
            for (name, data, how) in parts {
                a.add_shared(name, data, *how).unwrap();
            }
            a.finish().unwrap()
        }
        // Made on a thread of its own, with nothing kept, and unshared.
        let fresh = |data: &[u8], how: Deflate| {
            let data = data.to_vec();
            std::thread::spawn(move || {
                let mut a = Archive::new(NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(), 16);
                a.add("word/theme1.xml", &data, how).unwrap();
                a.finish().unwrap()
            })
            .join()
            .unwrap()
        };
        let theme: Rc<[u8]> = Rc::from("<theme>主题主题主题主题</theme>".as_bytes());
        let same: Rc<[u8]> = Rc::from(&*theme);
        let other: Rc<[u8]> = Rc::from("<theme>另一个主题</theme>".as_bytes());
        let first = archive(&[("word/theme1.xml", &theme, Deflate::Small)]);
        assert_eq!(first, fresh(&theme, Deflate::Small));
        assert_eq!(
            archive(&[("word/theme1.xml", &theme, Deflate::Small)]),
            first
        );
        // The same bytes in another allocation, another text, another
        // compressor, under the same name.
        assert_eq!(
            archive(&[("word/theme1.xml", &same, Deflate::Small)]),
            first
        );
        assert_eq!(
            archive(&[("word/theme1.xml", &other, Deflate::Small)]),
            fresh(&other, Deflate::Small)
        );
        assert_eq!(
            archive(&[("word/theme1.xml", &theme, Deflate::Body)]),
            fresh(&theme, Deflate::Body)
        );
        assert_eq!(
            archive(&[("word/theme1.xml", &theme, Deflate::Small)]),
            first
        );
        // Another name for the same part.
        let mut a = Archive::new(NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(), 16);
        a.add_shared("word/theme2.xml", &theme, Deflate::Small)
            .unwrap();
        a.add_shared("word/theme1.xml", &theme, Deflate::Small)
            .unwrap();
        let mut b = Archive::new(NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(), 16);
        b.add("word/theme2.xml", &theme, Deflate::Small).unwrap();
        b.add("word/theme1.xml", &theme, Deflate::Small).unwrap();
        assert_eq!(a.finish().unwrap(), b.finish().unwrap());
    }

    #[test]
    fn dates_are_dos_dates() {
        let date = |y, m, d| Archive::new(NaiveDate::from_ymd_opt(y, m, d).unwrap(), 0).date;
        assert_eq!(date(2026, 10, 8), 46 << 9 | 10 << 5 | 8);
        assert_eq!(date(1979, 12, 31), 1 << 5 | 1);
        assert_eq!(date(2108, 1, 1), 1 << 5 | 1);
    }
}
