//! What `build` writes for one draft when a reviewer may have edited the
//! last version, in its `.md` or in Word.
//!
//! For each draft wengao keeps a base: the Markdown it rendered last and,
//! when it wrote a DOCX, the paragraphs of the DOCX that rendering gives.
//! The bases of one draft folder's drafts are packed in one file under
//! [`BASE_DIR`] in the output folder (see [`Bases`]). On the next build,
//! with the draft rendered anew:
//!
//! * the `.md` is the reviewer's text when it differs from the base;
//! * the `.docx`, when it is not one wengao wrote (with `--format both`) or
//!   always (with `--format docx`), is read back, compared with the base
//!   paragraphs, and its edits placed in the base Markdown;
//! * both edited: the two are merged first (a sentence changed differently
//!   in each is a conflict);
//! * then [`merge3`] of base, the reviewer's text and the new render.
//!
//! Without conflicts the merged text is written as `.md` and as `.docx`,
//! together, and the edited files it replaces are adopted (see
//! [`OutputDir::adopt`]): only those exact contents may be replaced, so a
//! save made meanwhile is still refused. With a conflict nothing of the
//! draft is written — neither file nor its base — and the run names each
//! conflict with both versions. The bases are written after the drafts,
//! each only when its draft was (see `build`), so a base never runs ahead
//! of the text on disk; a base records the hashes of the drafts written
//! with it, so a run stopped between the two is recognised.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::diag::Explain;
use crate::docx::{StyleProfile, gongwen_with_text, readback};
use crate::output::{OutputDir, Planned, manifest_key, sha256};
use crate::render::{Draft, RenderError, Renderer};
use crate::review::merge::{Conflict, Unplaced, apply_word_edits, merge3, units};

/// The folder, in the output folder, of the bases of the merge.
pub(crate) const BASE_DIR: &str = ".wengao-base";

/// How many of a run's edits were kept, numbers updated and conflicts found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    pub kept: usize,
    pub updated: usize,
    pub conflicts: usize,
    /// Drafts the reviewer had edited.
    pub drafts: usize,
}

impl Tally {
    pub(crate) fn add(&mut self, other: Tally) {
        self.kept += other.kept;
        self.updated += other.updated;
        self.conflicts += other.conflicts;
        self.drafts += other.drafts;
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "保留审阅修改{}处，更新数字{}处，冲突{}处",
            self.kept, self.updated, self.conflicts
        )
    }
}

/// Why a reviewed draft was held back: left as the reviewer left it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum HeldIssue {
    /// The reviewer and the new data changed the same sentences.
    Conflicts(Vec<Conflict>),
    /// The `.md` and the `.docx` were both edited, the same sentence differently.
    TwoEdits(Vec<Conflict>),
    /// An edit made in Word that has no place in the Markdown.
    Unplaced(Unplaced),
    /// A run was stopped between writing the draft and its base, and the
    /// draft's carried edits then clashed with the new numbers (a warning:
    /// the new render is written).
    Interrupted,
}

const HELD: &str = "这份文稿的 .md 和 .docx 都没有更新，仍是审阅后的版本";
const WAYS_OUT: &str =
    "请在 .md 中改好后重新运行；确要以新生成的版本为准，加 --force（审阅后的版本会先另存为备份）";

fn list(conflicts: &[Conflict], ours: &str, theirs: &str) -> String {
    let mut text = String::new();
    for c in conflicts {
        text.push_str(&format!(
            "\n  第{}行：\n    {ours}：{}\n    {theirs}：{}",
            c.line, c.ours, c.theirs
        ));
    }
    text
}

impl Explain for HeldIssue {
    fn message(&self) -> String {
        match self {
            HeldIssue::Conflicts(c) => format!(
                "审阅修改与新数据改动了同一句，共{}处冲突，{HELD}；{WAYS_OUT}{}",
                c.len(),
                list(c, "审阅修改", "按新数据")
            ),
            HeldIssue::TwoEdits(c) => format!(
                ".md 和 .docx 对同一句作了不同的修改，共{}处，{HELD}；请只在一处修改后重新运行{}",
                c.len(),
                list(c, ".md 中", ".docx 中")
            ),
            HeldIssue::Unplaced(u) => format!(
                "Word 文件中的修改“{}”无法对应到 Markdown 草稿（增删了段落，或改在带格式的文字中间），{HELD}；{WAYS_OUT}",
                u.edited
            ),
            HeldIssue::Interrupted => "上次生成在写完此文稿后、记下其底稿前被中断，此前带入的审阅修改无法与新数字区分，已按新数据重新生成；如有审阅修改，请重新修改".into(),
        }
    }
}

/// What to write for one draft.
#[derive(Debug)]
pub(crate) enum Carried {
    /// Write these files (the draft's `.md`/`.docx`); then, once they are
    /// written, `base` (see [`Bases`]). `tally` is `None` when nothing was
    /// edited; `warning` says why edits could not be carried, when they
    /// could not.
    Write {
        drafts: Vec<Planned>,
        base: Base,
        tally: Option<Tally>,
        warning: Option<(PathBuf, HeldIssue)>,
    },
    /// Write nothing of this draft; the reviewer's version stays.
    Held { file: PathBuf, issue: HeldIssue },
}

/// The renderers of a build, by format.
pub(crate) struct Formats<'a> {
    pub md: Option<&'a dyn Renderer>,
    pub docx: Option<&'a dyn Renderer>,
    /// The layout of the DOCX.
    pub style: &'a StyleProfile,
}

/// A draft rendered once more with its numbers marked for Word comments
/// (`build --annotate`; see [`crate::docx::comments`]).
pub(crate) struct Annotation<'a> {
    pub marked: &'a str,
    pub notes: &'a [String],
}

/// `merged` with the marks of `marked` (the render `plain` with marks) put
/// back on every sentence it took unchanged from the render; the sentences
/// a reviewer wrote carry none.
fn transfer_marks(merged: &str, plain: &str, marked: &str) -> String {
    let (plain, marked) = (units(plain), units(marked));
    if plain.len() != marked.len() {
        return merged.to_owned();
    }
    let mut marks: HashMap<&str, &str> = HashMap::new();
    for (p, m) in plain.into_iter().zip(marked) {
        marks.entry(p).or_insert(m);
    }
    units(merged)
        .into_iter()
        .map(|u| marks.get(u).copied().unwrap_or(u))
        .collect()
}

/// The first line of a base file of wengao before bases were packed
/// ([`LEGACY_HEADER`] then the fields of [`Base`]), one file a draft at
/// `BASE_DIR/<folder>/<genre>.md`; still read, never written.
const LEGACY_HEADER: &str = "wengao-base";

/// The first word of a packed bases file (see [`Bases`]).
const PACKED_HEADER: &str = "wengao-bases";

/// The base of one draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Base {
    /// The Markdown rendered from the data.
    render: String,
    /// The paragraphs of the DOCX that render gives (none without a DOCX).
    paragraphs: Vec<String>,
    /// The hashes of the `.md` and `.docx` written with it (`-` for a
    /// format not written), so a base can tell whether the drafts on disk
    /// are the ones written with it.
    md_hash: String,
    docx_hash: String,
}

/// A base file of wengao before bases were packed: a header line (the
/// word, both hashes, the length of the render in bytes), the render, then
/// the DOCX's paragraphs, one a line.
fn read_legacy_base(bytes: Vec<u8>) -> Option<Base> {
    let text = String::from_utf8(bytes).ok()?;
    let (header, rest) = text.split_once('\n')?;
    let mut fields = header.strip_prefix(LEGACY_HEADER)?.split_whitespace();
    let (md_hash, docx_hash) = (fields.next()?.to_owned(), fields.next()?.to_owned());
    let length: usize = fields.next()?.parse().ok()?;
    let (render, paragraphs) = (rest.get(..length)?, rest.get(length..)?);
    Some(Base {
        render: render.to_owned(),
        paragraphs: paragraphs.lines().map(str::to_owned).collect(),
        md_hash,
        docx_hash,
    })
}

/// The bases of the drafts of one draft folder, by genre: one file, so a
/// data file's drafting writes one base file, not one a draft, and no
/// folder of its own. Its name is a hash of the draft folder's path as
/// the manifest writes it (`/` between folders on every system), so no
/// folder of drafts, however named, can clash with it.
///
/// The file: a line `wengao-bases <n>`, the draft folder's path in `n`
/// bytes and a newline (for a person looking); then, a genre at a time in
/// the order of their names, a line `<g> <md hash> <docx hash> <r> <p>` followed
/// by the genre's name in `g` bytes, its render in `r` bytes and its
/// paragraphs, each ended by a newline, in `p` bytes.
#[derive(Debug, Default)]
pub(crate) struct Bases {
    by_genre: std::collections::BTreeMap<String, Base>,
    /// Whether a base was put since the file was read.
    changed: bool,
}

impl Bases {
    /// The bases of the drafts in `dir`, as last written (none when the
    /// file is missing or not one wengao wrote in this form).
    pub(crate) fn read(out: &OutputDir, dir: &Path) -> Self {
        let by_genre = out
            .read_current(&Self::rel(dir))
            .and_then(|bytes| Self::parse(&bytes))
            .unwrap_or_default();
        Bases {
            by_genre,
            changed: false,
        }
    }

    /// Where the bases of the drafts in `dir` are kept, in the output folder.
    pub(crate) fn rel(dir: &Path) -> PathBuf {
        let key = manifest_key(dir);
        Path::new(BASE_DIR).join(format!("{}.base", &sha256(key.as_bytes())[..32]))
    }

    /// The base of `genre` in `dir`: the packed one, or else a base file a
    /// wengao before packing wrote (the manifest must know it).
    pub(crate) fn get(&self, out: &OutputDir, dir: &Path, genre: &str) -> Option<Cow<'_, Base>> {
        if let Some(base) = self.by_genre.get(genre) {
            return Some(Cow::Borrowed(base));
        }
        let legacy = Path::new(BASE_DIR).join(dir).join(format!("{genre}.md"));
        // The manifest first: a build into a new folder asks nothing of the disk.
        if !out.has_written(&legacy) {
            return None;
        }
        let bytes = out
            .read_current(&legacy)
            .filter(|b| out.wrote(&legacy, b))?;
        read_legacy_base(bytes).map(Cow::Owned)
    }

    /// Records `base` as the base of `genre`, its draft written.
    pub(crate) fn put(&mut self, genre: &str, base: Base) {
        if self.by_genre.get(genre) != Some(&base) {
            self.by_genre.insert(genre.to_owned(), base);
            self.changed = true;
        }
    }

    /// The file to write for `dir`, when a base changed.
    pub(crate) fn planned(&self, dir: &Path) -> Option<Planned> {
        self.changed.then(|| Planned {
            rel: Self::rel(dir),
            bytes: self.to_bytes(dir),
        })
    }

    fn to_bytes(&self, dir: &Path) -> Vec<u8> {
        let key = manifest_key(dir);
        let mut text = format!("{PACKED_HEADER} {}\n{key}\n", key.len());
        for (genre, b) in &self.by_genre {
            let mut paragraphs = String::new();
            for p in &b.paragraphs {
                paragraphs.push_str(&p.replace('\n', " "));
                paragraphs.push('\n');
            }
            text.push_str(&format!(
                "{} {} {} {} {}\n{genre}{}{paragraphs}",
                genre.len(),
                b.md_hash,
                b.docx_hash,
                b.render.len(),
                paragraphs.len(),
                b.render
            ));
        }
        text.into_bytes()
    }

    fn parse(bytes: &[u8]) -> Option<std::collections::BTreeMap<String, Base>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let (header, rest) = text.split_once('\n')?;
        let key_len: usize = header.strip_prefix(PACKED_HEADER)?.trim().parse().ok()?;
        let mut rest = rest.get(key_len..)?.strip_prefix('\n')?;
        let mut by_genre = std::collections::BTreeMap::new();
        while !rest.is_empty() {
            let (line, body) = rest.split_once('\n')?;
            let mut fields = line.split(' ');
            let genre_len: usize = fields.next()?.parse().ok()?;
            let (md_hash, docx_hash) = (fields.next()?.to_owned(), fields.next()?.to_owned());
            let render_len: usize = fields.next()?.parse().ok()?;
            let paragraphs_len: usize = fields.next()?.parse().ok()?;
            if fields.next().is_some() {
                return None;
            }
            let (genre, body) = (body.get(..genre_len)?, body.get(genre_len..)?);
            let (render, body) = (body.get(..render_len)?, body.get(render_len..)?);
            let (paragraphs, body) = (body.get(..paragraphs_len)?, body.get(paragraphs_len..)?);
            let base = Base {
                render: render.to_owned(),
                paragraphs: paragraphs
                    .split_terminator('\n')
                    .map(str::to_owned)
                    .collect(),
                md_hash,
                docx_hash,
            };
            by_genre.insert(genre.to_owned(), base);
            rest = body;
        }
        Some(by_genre)
    }
}

/// What `build` writes for `draft`, whose files go to `dir` in `out` and
/// whose base, if it has one, is `base`. With `force`, a draft that cannot
/// be merged is replaced by the new render (the edited file kept as a
/// backup first).
pub(crate) fn carry(
    out: &OutputDir,
    dir: &Path,
    draft: &Draft,
    base: Option<&Base>,
    formats: &Formats,
    annotation: Option<&Annotation>,
    force: bool,
) -> Result<Carried, RenderError> {
    let genre = &draft.genre;
    let md_rel = dir.join(format!("{genre}.md"));
    let docx_rel = dir.join(format!("{genre}.docx"));
    let theirs = &draft.markdown;
    let mut adopted: Vec<(&Path, Vec<u8>)> = Vec::new();
    let mut merged = None;
    let mut warning = None;
    if let Some(base) = base {
        let md_now = formats.md.and_then(|_| out.read_current(&md_rel));
        let docx_now = formats.docx.and_then(|_| out.read_current(&docx_rel));
        // A draft wengao wrote, but not with this base: a run was stopped
        // between writing the draft and its base.
        let stale = |now: &Option<Vec<u8>>, rel: &Path, recorded: &str| {
            now.as_ref()
                .is_some_and(|b| out.wrote(rel, b) && sha256(b) != recorded)
        };
        let stale = stale(&md_now, &md_rel, &base.md_hash)
            || (formats.md.is_none() && stale(&docx_now, &docx_rel, &base.docx_hash));
        let base_md = &base.render;
        let ours_md = match md_now {
            Some(bytes) if bytes != base_md.as_bytes() => match String::from_utf8(bytes.clone()) {
                Ok(text) => {
                    adopted.push((&md_rel, bytes));
                    Some(text)
                }
                // Not text wengao can merge: left to the usual refusal.
                Err(_) => None,
            },
            _ => None,
        };
        let ours_docx = match docx_now {
            // With the .md beside it, a DOCX wengao wrote holds nothing new.
            Some(bytes) if !(formats.md.is_some() && out.wrote(&docx_rel, &bytes)) => {
                let base_paragraphs = (base.docx_hash != "-").then_some(&base.paragraphs);
                match (base_paragraphs, readback::paragraphs(&bytes)) {
                    (Some(base_paragraphs), Ok(edited)) => {
                        if edited == *base_paragraphs {
                            None
                        } else {
                            match apply_word_edits(base_md, base_paragraphs, &edited) {
                                Ok(md) => {
                                    adopted.push((&docx_rel, bytes));
                                    Some(md)
                                }
                                Err(unplaced) => {
                                    let issue = HeldIssue::Unplaced(unplaced);
                                    if !force {
                                        return Ok(Carried::Held {
                                            file: docx_rel,
                                            issue,
                                        });
                                    }
                                    None
                                }
                            }
                        }
                    }
                    // No base to read it against, or not a DOCX: left to
                    // the usual refusal.
                    _ => None,
                }
            }
            _ => None,
        };
        let ours = match (ours_md, ours_docx) {
            (None, None) => None,
            (Some(one), None) | (None, Some(one)) => Some(one),
            (Some(md), Some(docx)) => {
                let both = merge3(base_md, &md, &docx);
                if both.conflicts.is_empty() {
                    Some(both.text)
                } else if force {
                    None
                } else {
                    return Ok(Carried::Held {
                        file: md_rel,
                        issue: HeldIssue::TwoEdits(both.conflicts),
                    });
                }
            }
        };
        if let Some(ours) = ours {
            let m = merge3(base_md, &ours, theirs);
            let shown = if formats.md.is_some() {
                md_rel.clone()
            } else {
                docx_rel.clone()
            };
            if m.conflicts.is_empty() {
                let tally = Tally {
                    kept: m.kept,
                    updated: m.updated,
                    conflicts: 0,
                    drafts: 1,
                };
                merged = Some((m.text, tally));
            } else if stale {
                // Edits carried before cannot be told from the numbers of
                // the stopped run: the new render is written, and said so.
                warning = Some((shown, HeldIssue::Interrupted));
            } else if !force {
                return Ok(Carried::Held {
                    file: shown,
                    issue: HeldIssue::Conflicts(m.conflicts),
                });
            }
        }
    }
    // Only what was merged into the new text may be replaced as it is;
    // an edit the new render overrides (`--force`) is backed up first.
    if merged.is_some() {
        for (rel, bytes) in &adopted {
            out.adopt(rel, bytes);
        }
    }
    let (text, tally) = match merged {
        Some((text, tally)) => (Some(text), Some(tally)),
        None => (None, None),
    };
    let written = text.map(|markdown| Draft {
        markdown,
        ..draft.clone()
    });
    let written = written.as_ref().unwrap_or(draft);
    let mut drafts = Vec::new();
    let mut paragraphs = Vec::new();
    let (mut md_hash, mut docx_hash) = ("-".to_owned(), "-".to_owned());
    if let Some(md) = formats.md {
        let bytes = md.render(written)?;
        md_hash = sha256(&bytes);
        drafts.push(Planned { rel: md_rel, bytes });
    }
    if formats.docx.is_some() {
        let docx = |markdown: &str, notes: &[String], of: &Draft| {
            gongwen_with_text(markdown, &of.props, of.frame.as_ref(), formats.style, notes)
                .map_err(RenderError::Docx)
        };
        let (bytes, text) = match annotation {
            Some(a) if std::ptr::eq(written, draft) => docx(a.marked, a.notes, draft)?,
            Some(a) => docx(
                &transfer_marks(&written.markdown, &draft.markdown, a.marked),
                a.notes,
                written,
            )?,
            None => docx(&written.markdown, &[], written)?,
        };
        docx_hash = sha256(&bytes);
        // The base paragraphs are those of the new render's DOCX.
        paragraphs = if std::ptr::eq(written, draft) {
            text
        } else {
            docx(&draft.markdown, &[], draft)?.1
        };
        drafts.push(Planned {
            rel: docx_rel,
            bytes,
        });
    }
    let base = Base {
        render: theirs.clone(),
        paragraphs,
        md_hash,
        docx_hash,
    };
    Ok(Carried::Write {
        drafts,
        base,
        tally,
        warning,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn base(render: &str, paragraphs: &[&str], md_hash: &str, docx_hash: &str) -> Base {
        Base {
            render: render.to_owned(),
            paragraphs: paragraphs.iter().map(|p| (*p).to_owned()).collect(),
            md_hash: md_hash.to_owned(),
            docx_hash: docx_hash.to_owned(),
        }
    }

    fn packed(entries: &[(&str, Base)]) -> Bases {
        let mut bases = Bases::default();
        for (genre, b) in entries {
            bases.put(genre, b.clone());
        }
        bases
    }

    #[test]
    fn packed_bases_read_back_as_written_in_the_order_of_the_genres_names() {
        let dir = Path::new("柳川县/2026-Q3");
        let bases = packed(&[
            ("jianghua", base("同志们：\n", &[], "a1", "-")),
            (
                "huibao",
                base("# 标题\n\n正文。\n", &["标题", "", "正文。\r"], "b2", "c3"),
            ),
        ]);
        let bytes = bases.planned(dir).unwrap().bytes;
        assert_eq!(
            String::from_utf8(bytes.clone()).unwrap(),
            "wengao-bases 17\n柳川县/2026-Q3\n\
             6 b2 c3 20 19\nhuibao# 标题\n\n正文。\n标题\n\n正文。\r\n\
             8 a1 - 13 0\njianghua同志们：\n"
        );
        assert_eq!(Bases::parse(&bytes).unwrap(), bases.by_genre);
    }

    #[test]
    fn a_cut_or_altered_bases_file_is_no_base() {
        let bases = packed(&[("huibao", base("正文。\n", &["正文。"], "b2", "c3"))]);
        let bytes = bases.planned(Path::new("a")).unwrap().bytes;
        for cut in 0..bytes.len() {
            // Cut anywhere but after a whole genre: never a base half read.
            if let Some(read) = Bases::parse(&bytes[..cut]) {
                assert!(read.is_empty(), "cut at {cut}: {read:?}");
            }
        }
        let mut extra = bytes.clone();
        extra.extend_from_slice(b"x");
        assert_eq!(Bases::parse(&extra), None);
        assert_eq!(Bases::parse(b"wengao-base 6 - - 0\n"), None);
    }

    #[test]
    fn putting_the_same_base_again_changes_nothing() {
        let b = base("正文。\n", &[], "b2", "-");
        let mut bases = Bases {
            by_genre: [("huibao".to_owned(), b.clone())].into(),
            changed: false,
        };
        bases.put("huibao", b.clone());
        assert!(bases.planned(Path::new("a")).is_none());
        bases.put("huibao", base("正文二。\n", &[], "b3", "-"));
        assert!(bases.planned(Path::new("a")).is_some());
    }

    #[test]
    fn the_bases_file_is_named_by_its_folder_and_never_like_a_folder_of_drafts() {
        let a = Bases::rel(Path::new("a"));
        assert_eq!(a.parent(), Some(Path::new(BASE_DIR)));
        assert!(a.to_string_lossy().ends_with(".base"));
        assert_ne!(a, Bases::rel(Path::new("b")));
        assert_eq!(a, Bases::rel(Path::new("a")));
    }

    #[test]
    fn a_base_of_wengao_before_packing_reads() {
        let text = "wengao-base b2 c3 10\n正文。\n标题\n正文。\n";
        assert_eq!(
            read_legacy_base(text.as_bytes().to_vec()),
            Some(base("正文。\n", &["标题", "正文。"], "b2", "c3"))
        );
    }

    proptest! {
        /// Whatever the genres' names, renders and paragraphs (paragraphs
        /// hold no line break: the DOCX's are joined before), the file
        /// reads back as written.
        #[test]
        fn any_bases_read_back_as_written(
            entries in proptest::collection::btree_map(
                "[a-z\u{4e00}-\u{4e10} \n]{0,8}",
                ("[\u{0}-\u{7f}\u{4e00}-\u{4e10}]{0,40}",
                 proptest::collection::vec("[^\n]{0,12}", 0..4),
                 "[0-9a-f]{1,64}|-", "[0-9a-f]{1,64}|-"),
                0..4,
            ),
            dir in "[^\u{0}]{0,20}",
        ) {
            let mut bases = Bases::default();
            for (genre, (render, paragraphs, md, docx)) in &entries {
                let paragraphs: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
                bases.put(genre, base(render, &paragraphs, md, docx));
            }
            let dir = PathBuf::from(dir);
            match bases.planned(&dir) {
                Some(p) => prop_assert_eq!(Bases::parse(&p.bytes).unwrap(), bases.by_genre),
                None => prop_assert!(entries.is_empty()),
            }
        }
    }

    #[test]
    fn marks_return_only_to_sentences_taken_from_the_render() {
        let plain = "建成86个。覆盖率72.1%。\n";
        let marked = "建成\u{E000}\u{F0000}86个\u{E001}。覆盖率\u{E000}\u{F0001}72.1%\u{E001}。\n";
        let merged = "建成86个。覆盖率72.1%，审阅人改。\n";
        assert_eq!(
            transfer_marks(merged, plain, marked),
            "建成\u{E000}\u{F0000}86个\u{E001}。覆盖率72.1%，审阅人改。\n"
        );
    }
}
