//! Where each key and value of a YAML file sits, from one pass of
//! `saphyr-parser`'s events, and the checks that pass can make before serde
//! expands anything: duplicate keys (serde would silently keep the last),
//! nesting deeper than [`MAX_DEPTH`], alias expansion beyond
//! [`MAX_ALIAS_NODES`], and characters refused in scalars after unescaping.
//! The same pass records the document as a [`Tree`] for deserializing, so
//! the file is not parsed again.
//!
//! The parser reports positions in characters; the map keeps byte offsets,
//! found with a cursor that only moves forward between events, so building
//! the map is linear in the file's size.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as ParserSpan, StrInput};

use crate::conventions::script::{Forbidden, forbidden};
use crate::diag::Span;

use super::error::{Positions, YamlError, YamlErrorKind, from_scan};
use super::fast::{FastEvents, NotFast};
use super::tree::Tree;
use super::{KeyNames, MAX_ALIAS_NODES, MAX_DEPTH};

/// Where each key and value of a parsed file sits.
#[derive(Debug, Default)]
pub(crate) struct SourceMap {
    /// Every located path, in file order; a later entry for the same path
    /// wins. Appending is all a clean file costs: the index to look paths
    /// up is made once, on the first lookup (that is, when something is
    /// reported or looked at).
    entries: Vec<(String, Entry)>,
    /// `(hash of the path, position in entries)`, sorted: sorting numbers
    /// costs a fraction of sorting the paths themselves, and a lookup
    /// compares the path only with entries of its hash.
    index: OnceLock<Vec<(u64, u32)>>,
    /// Whether any value is written as null: most files have none, and
    /// then nothing needs looking up.
    has_nulls: bool,
}

/// FNV-1a of `path`: short, fixed (a lookup's cost must not depend on
/// the run) and good enough to spread the few hundred paths of a file.
fn path_hash(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One located key or value, kept small (a large file has one per line).
#[derive(Clone, Copy, Debug)]
struct Entry {
    key: Option<Place>,
    value: Place,
    /// Byte offsets of the value in the source, for searching inside it.
    value_start: u32,
    value_end: u32,
    /// The value is a plain `~`, `null` or nothing at all.
    null: bool,
}

/// A [`Span`] in 32-bit fields.
#[derive(Clone, Copy, Debug)]
struct Place {
    line: u32,
    column: u32,
    width: u32,
}

impl From<Span> for Place {
    fn from(s: Span) -> Self {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Place {
            line: narrow(s.line),
            column: narrow(s.column),
            width: narrow(s.width),
        }
    }
}

impl From<Place> for Span {
    fn from(p: Place) -> Self {
        Span::new(p.line as usize, p.column as usize, p.width as usize)
    }
}

impl Entry {
    fn new(key: Option<Span>, value: Span, start: usize, end: usize, null: bool) -> Self {
        let offset = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Entry {
            key: key.map(Place::from),
            value: value.into(),
            value_start: offset(start),
            value_end: offset(end),
            null,
        }
    }
}

impl SourceMap {
    fn get(&self, path: &str) -> Option<&Entry> {
        let index = self.index.get_or_init(|| {
            let mut index: Vec<(u64, u32)> = (0..self.entries.len() as u32)
                .map(|i| (path_hash(&self.entries[i as usize].0), i))
                .collect();
            // Among equal hashes by position: the last written comes last.
            index.sort_unstable();
            index
        });
        let hash = path_hash(path);
        let first = index.partition_point(|&(h, _)| h < hash);
        index[first..]
            .iter()
            .take_while(|&&(h, _)| h == hash)
            .map(|&(_, i)| &self.entries[i as usize])
            .filter(|(found, _)| found == path)
            .last()
            .map(|(_, entry)| entry)
    }

    fn push(&mut self, path: String, entry: Entry) {
        self.has_nulls |= entry.null;
        self.entries.push((path, entry));
    }

    /// The span of the key at `path` (its value's span for list items).
    pub(crate) fn key(&self, path: &str) -> Option<Span> {
        self.get(path).map(|e| e.key.unwrap_or(e.value).into())
    }

    /// The span of the value at `path`.
    pub(crate) fn value(&self, path: &str) -> Option<Span> {
        self.get(path).map(|e| e.value.into())
    }

    /// Whether the value at `path` is written as YAML's null (`~`, `null`
    /// or left empty), which serde reads into a text field as "~" or "".
    pub(crate) fn is_null(&self, path: &str) -> bool {
        self.has_nulls && self.get(path).is_some_and(|e| e.null)
    }

    /// Whether any value is written as YAML's null (see [`Self::is_null`]).
    pub(crate) fn has_nulls(&self) -> bool {
        self.has_nulls
    }

    /// Whether nothing at all was mapped (a file of comments only).
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The span of `needle` inside the value at `path`, searching the raw
    /// source (so it works for quoted and multi-line scalars alike). Costs
    /// the length of the value, not of the file.
    pub(crate) fn find_in_value(&self, source: &str, path: &str, needle: &str) -> Option<Span> {
        let entry = self.get(path)?;
        let (start, end) = (entry.value_start, entry.value_end.max(entry.value_start));
        let value = source.get(start as usize..end as usize)?;
        let at = Span::from(entry.value);
        let found = value.find(needle)?;
        let width = needle.chars().take_while(|c| *c != '\n').count();
        Some(at.after(&value[..found], width))
    }

    /// The value at `path` as written in `source`, as far as its span
    /// reaches on its first line: `130.0` or `1e-30`, where the model holds
    /// the number read. Costs the value's length, not the file's.
    pub(crate) fn written<'s>(&self, source: &'s str, path: &str) -> Option<&'s str> {
        let entry = self.get(path)?;
        let start = entry.value_start as usize;
        source.get(start..)?;
        let (end, _) = extent(source, start, Span::from(entry.value).width);
        Some(&source[start..end])
    }

    /// The byte range of the value at `path` in the source (a quoted
    /// scalar with its quotes), for editing the file as text.
    pub(crate) fn value_range(&self, path: &str) -> Option<std::ops::Range<usize>> {
        self.get(path)
            .map(|e| e.value_start as usize..e.value_end.max(e.value_start) as usize)
    }

    /// Every path whose value is written exactly as `text` in `source`, in
    /// file order, with the span of that value: wengao's own markers.
    pub(crate) fn values_written_as<'m>(
        &'m self,
        source: &'m str,
        text: &'m str,
    ) -> impl Iterator<Item = (&'m str, Span)> + 'm {
        self.entries.iter().filter_map(move |(path, e)| {
            let written = source.get(e.value_start as usize..e.value_end as usize)?;
            (written == text).then(|| (path.as_str(), e.value.into()))
        })
    }

    /// The closest located ancestor of `path` (itself if located): findings
    /// about a value that YAML never spelled out still point somewhere useful.
    pub(crate) fn nearest(&self, path: &str) -> Option<Span> {
        let mut p = path;
        loop {
            if let Some(span) = self.key(p) {
                return Some(span);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }
}

impl Positions for SourceMap {
    fn key(&self, path: &str) -> Option<Span> {
        SourceMap::key(self, path)
    }

    fn value(&self, path: &str) -> Option<Span> {
        SourceMap::value(self, path)
    }
}

/// The positions of a map looked up by paths as the file wrote them, as
/// serde_norway's errors name them: each key is put under its canonical
/// name first (see [`KeyNames`]).
pub(super) struct AsWritten<'m> {
    pub(super) map: &'m SourceMap,
    pub(super) names: &'m dyn KeyNames,
}

impl AsWritten<'_> {
    fn canonical<'p>(&self, path: &'p str) -> Cow<'p, str> {
        canonical_path(self.names, path).map_or(Cow::Borrowed(path), Cow::Owned)
    }
}

impl Positions for AsWritten<'_> {
    fn key(&self, path: &str) -> Option<Span> {
        self.map.key(&self.canonical(path))
    }

    fn value(&self, path: &str) -> Option<Span> {
        self.map.value(&self.canonical(path))
    }
}

/// `path` (as written) with every key under its canonical name, or `None`
/// when no key of it has another name: the path [`build`] files it under.
pub(crate) fn canonical_path(names: &dyn KeyNames, path: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut start = 0usize;
    for segment in path.split('.') {
        let parent = &path[..start.saturating_sub(1)];
        let name_end = segment.find('[').unwrap_or(segment.len());
        let (name, index) = segment.split_at(name_end);
        match (names.canonical(parent, name), &mut out) {
            (Some(c), None) => {
                let mut built = path[..start].to_owned();
                built.push_str(c);
                built.push_str(index);
                out = Some(built);
            }
            (Some(c), Some(built)) => {
                built.push('.');
                built.push_str(c);
                built.push_str(index);
            }
            (None, Some(built)) => {
                built.push('.');
                built.push_str(segment);
            }
            (None, None) => {}
        }
        start += segment.len() + 1;
    }
    out
}

/// One open collection while walking the events. Keys borrow the source
/// where the parser could (no escapes, no folding).
struct Frame<'s, 'n> {
    /// Its path under the canonical names (see [`KeyNames`]): what the
    /// map files positions under.
    path: String,
    /// Its path as the file wrote its keys, for messages; `None` when that
    /// is `path` (no key on the way has another name).
    written: Option<String>,
    /// Where the collection's own entry is, to record its end.
    entry: usize,
    /// Where its node is in the tree, to record its end there too.
    node: usize,
    kind: Kind<'s, 'n>,
}

enum Kind<'s, 'n> {
    Seq {
        next: usize,
    },
    Map {
        /// The key just read, waiting for its value: as written, its
        /// canonical name when it is another name, and where it is.
        pending: Option<(Cow<'s, str>, Option<&'n str>, Span)>,
        /// Keys read so far, under their canonical names: the line and
        /// the name as written when it was another name.
        seen: Seen<'s>,
    },
}

/// A mapping's keys read so far, under their canonical names, with the
/// line of each and the name as written when it was another name.
///
/// Most mappings have a handful of keys: they are searched in a list, with
/// no hashing, until there are [`SEEN_KEYS_LISTED`]; then a hash map takes over,
/// so a mapping of thousands of keys stays linear.
#[derive(Default)]
struct Seen<'s> {
    listed: Vec<(Cow<'s, str>, SeenKey<'s>)>,
    hashed: HashMap<Cow<'s, str>, SeenKey<'s>>,
}

/// The line of a key read, and its name as written when another name.
type SeenKey<'s> = (usize, Option<Cow<'s, str>>);

/// Keys of a mapping kept in a list before they are hashed (see [`Seen`]).
pub(super) const SEEN_KEYS_LISTED: usize = 16;

impl<'s> Seen<'s> {
    fn get(&self, key: &str) -> Option<&SeenKey<'s>> {
        if self.hashed.is_empty() {
            self.listed.iter().find(|(k, _)| k == key).map(|(_, v)| v)
        } else {
            self.hashed.get(key)
        }
    }

    fn insert(&mut self, key: Cow<'s, str>, value: SeenKey<'s>) {
        if self.hashed.is_empty() && self.listed.len() < SEEN_KEYS_LISTED {
            self.listed.push((key, value));
            return;
        }
        self.hashed.extend(self.listed.drain(..));
        self.hashed.insert(key, value);
    }

    fn len(&self) -> usize {
        self.listed.len() + self.hashed.len()
    }
}

impl Frame<'_, '_> {
    /// Its path as written (see [`Frame::written`]).
    fn written(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.path)
    }

    /// Whether a key is awaited: the next scalar is a key, not a value.
    fn awaits_key(&self) -> bool {
        matches!(self.kind, Kind::Map { pending: None, .. })
    }
}

/// Converts the parser's character offsets to byte offsets. Events arrive
/// in source order, so the cursor moves a short way each time and the whole
/// walk costs one pass over the text.
struct Cursor<'s> {
    source: &'s str,
    chars: usize,
    bytes: usize,
}

impl<'s> Cursor<'s> {
    fn new(source: &'s str) -> Self {
        Cursor {
            source,
            chars: 0,
            bytes: 0,
        }
    }

    /// Moves to character `target` and returns its byte offset.
    fn seek(&mut self, target: usize) -> usize {
        let bytes = self.source.as_bytes();
        while self.chars < target && self.bytes < bytes.len() {
            self.bytes += char_width(bytes[self.bytes]);
            self.chars += 1;
        }
        while self.chars > target {
            match self.source[..self.bytes].chars().next_back() {
                Some(c) => {
                    self.bytes -= c.len_utf8();
                    self.chars -= 1;
                }
                None => break,
            }
        }
        self.bytes
    }
}

/// Keys longer than this (in bytes, as written) are left to `serde_norway`.
const LONG_KEY_BYTES: usize = 512;

/// Builds the map of `source`, refusing what no data file needs, and the
/// document's [`Tree`] on the same walk.
///
/// `names` gives other names of keys (`基本信息` for `meta`): a key given
/// under both names in one mapping is a duplicate, and positions are filed
/// under the canonical names as they are found.
///
/// `plain` says the text has none of the characters on which parsers part
/// ways (see `yaml::refuse_raw_characters`): then [`FastEvents`] reads it
/// first, and saphyr only when that reader stops or the map finds an
/// error, so what is reported is always saphyr's.
pub(super) fn build<'s>(
    source: &'s str,
    names: &dyn KeyNames,
    plain: bool,
) -> Result<(SourceMap, Tree<'s>), YamlError> {
    if plain && let Ok(built) = build_from(source, names, FastEvents::new(source)) {
        return Ok(built);
    }
    build_from(source, names, Parser::new_from_str(source))
}

/// Where [`build_from`] takes its events from.
trait Events<'s> {
    /// What stops the reading: the error to report, or [`NotFast`].
    type Stop: From<YamlError>;

    fn next(&mut self, source: &str) -> Option<Result<(Event<'s>, ParserSpan), Self::Stop>>;
}

impl<'s> Events<'s> for Parser<'s, StrInput<'s>> {
    type Stop = YamlError;

    fn next(&mut self, source: &str) -> Option<Result<(Event<'s>, ParserSpan), YamlError>> {
        self.next_event().map(|next| {
            next.map_err(|e| {
                let m = e.marker();
                from_scan(source, e.info(), m.line(), m.col() + 1)
            })
        })
    }
}

impl<'s> Events<'s> for FastEvents<'s> {
    type Stop = NotFast;

    fn next(&mut self, _: &str) -> Option<Result<(Event<'s>, ParserSpan), NotFast>> {
        self.next_event()
    }
}

impl From<YamlError> for NotFast {
    fn from(_: YamlError) -> Self {
        NotFast
    }
}

fn build_from<'s, 'n, E: Events<'s>>(
    source: &'s str,
    names: &'n dyn KeyNames,
    mut events: E,
) -> Result<(SourceMap, Tree<'s>), E::Stop> {
    let mut map = SourceMap::default();
    let mut tree = Tree::for_source(source);
    let mut stack: Vec<Frame<'s, 'n>> = Vec::new();
    let mut budget = AliasBudget::default();
    let mut cursor = Cursor::new(source);
    let mut documents = 0;
    while let Some(next) = events.next(source) {
        let (event, span) = next?;
        let start = cursor.seek(span.start.index());
        let length = span.end.index().saturating_sub(span.start.index());
        let (end, width) = extent(source, start, length);
        let here = Span::new(span.start.line(), span.start.col() + 1, width);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(YamlError::new(Some(here), YamlErrorKind::MultipleDocuments).into());
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                budget.node(anchor);
                if anchor != 0 || tag.is_some() {
                    tree.refuse();
                }
                let is_key = stack.last().is_some_and(Frame::awaits_key);
                // Written raw, a refused character was refused before
                // parsing (`refuse_raw_characters`): only a double-quoted
                // scalar's escapes (`\e`) can make one.
                if style == ScalarStyle::DoubleQuoted
                    && let Some(c) = text.chars().find(|&c| forbidden(c).is_some())
                {
                    return Err(forbidden_in_scalar(&stack, here, c, is_key).into());
                }
                if let Some(Frame {
                    path,
                    kind: Kind::Map { pending, seen },
                    ..
                }) = stack.last_mut()
                    && pending.is_none()
                {
                    let other_name = names.canonical(path, &text);
                    let canonical: Cow<'_, str> =
                        other_name.map_or_else(|| text.clone(), |c| Cow::Owned(c.to_owned()));
                    if let Some((first_line, first)) = seen.get(&canonical) {
                        let first = first.as_ref().unwrap_or(&canonical);
                        return Err(YamlError::new(
                            Some(here),
                            YamlErrorKind::DuplicateKey {
                                first_line: Some(*first_line),
                                same_as: (*first != text).then(|| first.to_string()),
                                key: text.into_owned(),
                            },
                        )
                        .into());
                    }
                    let plain = style == ScalarStyle::Plain;
                    // A merge key to serde_norway? Let it decide. And
                    // libyaml limits a key to 1,024 bytes where saphyr
                    // counts characters: leave long keys to it.
                    if plain && text == "<<" || end - start > LONG_KEY_BYTES {
                        tree.refuse();
                    }
                    tree.scalar(text.clone(), plain);
                    let written = other_name.is_some().then(|| text.clone());
                    seen.insert(canonical, (here.line, written));
                    *pending = Some((text, other_name, here));
                    continue;
                }
                let null = style == ScalarStyle::Plain
                    && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                tree.scalar(text, style == ScalarStyle::Plain);
                let (path, _, key) = child_path(&mut stack, false);
                map.push(path, Entry::new(key, here, start, end, null));
            }
            Event::Alias(id) => {
                budget.alias(id, here)?;
                tree.refuse();
                if let Some(Frame {
                    kind: Kind::Map { pending, .. },
                    ..
                }) = stack.last_mut()
                    && pending.is_none()
                {
                    *pending = Some((Cow::Borrowed("*"), None, here));
                    continue;
                }
                let (path, _, key) = child_path(&mut stack, false);
                map.push(path, Entry::new(key, here, start, end, false));
            }
            Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(YamlError::new(Some(here), YamlErrorKind::TooDeep).into());
                }
                budget.open(anchor);
                let is_key = stack.last().is_some_and(Frame::awaits_key);
                if anchor != 0 || tag.is_some() || is_key {
                    tree.refuse();
                }
                let mapping = matches!(event, Event::MappingStart(..));
                let node = tree.open(mapping);
                let (path, written, key) = child_path(&mut stack, true);
                let entry = map.entries.len();
                map.push(
                    path.clone(),
                    // Until its end event says otherwise.
                    Entry::new(key, here, start, source.len(), false),
                );
                let kind = if mapping {
                    Kind::Map {
                        pending: None,
                        seen: Seen::default(),
                    }
                } else {
                    Kind::Seq { next: 0 }
                };
                stack.push(Frame {
                    path,
                    written,
                    entry,
                    node,
                    kind,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                budget.close();
                if let Some(frame) = stack.pop() {
                    map.entries[frame.entry].1.value_end = u32::try_from(end).unwrap_or(u32::MAX);
                    match frame.kind {
                        Kind::Seq { next } => tree.close(frame.node, next),
                        Kind::Map { seen, pending } => {
                            if pending.is_some() {
                                // A key without a value: not seen in practice.
                                tree.refuse();
                            }
                            tree.close(frame.node, seen.len());
                        }
                    }
                }
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    Ok((map, tree))
}

/// The byte offset `chars` characters after byte `start`, and how many of
/// those characters lie on the first line (the caret's width).
fn extent(source: &str, start: usize, chars: usize) -> (usize, usize) {
    let bytes = source.as_bytes();
    let mut end = start;
    let mut width = None;
    for n in 0..chars {
        let Some(&lead) = bytes.get(end) else { break };
        if lead == b'\n' && width.is_none() {
            width = Some(n);
        }
        end += char_width(lead);
    }
    (end, width.unwrap_or(chars))
}

/// The length in bytes of the UTF-8 character whose first byte is `lead`:
/// the positions above step over characters without decoding them.
fn char_width(lead: u8) -> usize {
    match lead {
        0..0xE0 => 1 + usize::from(lead >= 0xC0),
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// The error for a refused character inside a scalar's text: written raw
/// it was refused earlier, so here it came from an escape such as `\e`.
fn forbidden_in_scalar(stack: &[Frame], here: Span, c: char, is_key: bool) -> YamlError {
    // A key is named by its parent: its own text holds the character.
    let path = match stack.last() {
        None => String::new(),
        Some(frame) => match &frame.kind {
            Kind::Map { .. } if is_key => frame.written().to_owned(),
            Kind::Seq { next } => format!("{}[{next}]", frame.written()),
            Kind::Map { pending, .. } => {
                let key = pending.as_ref().map_or("", |(key, _, _)| key.as_ref());
                join(frame.written(), key)
            }
        },
    };
    YamlError {
        span: Some(here),
        path: Some(path),
        kind: YamlErrorKind::Forbidden {
            code: c as u32,
            bidi: forbidden(c) == Some(Forbidden::Bidi),
            escaped: true,
            in_key: is_key,
        },
    }
}

/// `parent.key`, or `key` at the top.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        return key.to_owned();
    }
    let mut path = String::with_capacity(parent.len() + 1 + key.len());
    path.push_str(parent);
    path.push('.');
    path.push_str(key);
    path
}

/// The path of the next child of the innermost collection under canonical
/// names, its path as written when `written` is asked for and differs
/// (see [`Frame::written`]), and its key's span. The top collection's
/// path is empty.
fn child_path(stack: &mut [Frame], written: bool) -> (String, Option<String>, Option<Span>) {
    let Some(frame) = stack.last_mut() else {
        return (String::new(), None, None);
    };
    match &mut frame.kind {
        Kind::Seq { next } => {
            let index = |parent: &str| {
                let mut path = String::with_capacity(parent.len() + 4);
                path.push_str(parent);
                push_index(&mut path, *next);
                path
            };
            let path = index(&frame.path);
            let as_written = if written {
                frame.written.as_deref().map(index)
            } else {
                None
            };
            *next += 1;
            (path, as_written, None)
        }
        Kind::Map { pending, .. } => {
            let (key, canonical, span) =
                pending
                    .take()
                    .unwrap_or((Cow::Borrowed(""), None, Span::new(1, 1, 1)));
            let path = join(&frame.path, canonical.unwrap_or(&key));
            let as_written = (written && (canonical.is_some() || frame.written.is_some()))
                .then(|| join(frame.written(), &key));
            (path, as_written, Some(span))
        }
    }
}

/// Appends `[n]`.
fn push_index(path: &mut String, n: usize) {
    use std::fmt::Write;
    path.push('[');
    if n < 10 {
        path.push(char::from(b'0' + n as u8));
    } else {
        let _ = write!(path, "{n}");
    }
    path.push(']');
}

/// Bounds what aliases add: each anchor remembers how many nodes it stands
/// for (including what aliases inside it expand to), and every alias adds
/// that many to `expanded`. Nodes written out in the file cost nothing
/// here: the size limit already bounds them.
#[derive(Default)]
struct AliasBudget {
    sizes: HashMap<usize, usize>,
    open: Vec<(usize, usize)>,
    /// Nodes so far, written or expanded: to measure anchored collections.
    nodes: usize,
    expanded: usize,
}

impl AliasBudget {
    fn node(&mut self, anchor: usize) {
        self.nodes += 1;
        if anchor != 0 {
            self.sizes.insert(anchor, 1);
        }
    }

    fn alias(&mut self, id: usize, at: Span) -> Result<(), YamlError> {
        let size = self.sizes.get(&id).copied().unwrap_or(1);
        self.nodes += size;
        self.expanded += size;
        if self.expanded > MAX_ALIAS_NODES {
            return Err(YamlError::new(Some(at), YamlErrorKind::AliasBomb));
        }
        Ok(())
    }

    fn open(&mut self, anchor: usize) {
        self.nodes += 1;
        self.open.push((anchor, self.nodes));
    }

    fn close(&mut self) {
        if let Some((anchor, at_start)) = self.open.pop()
            && anchor != 0
        {
            self.sizes.insert(anchor, self.nodes - at_start + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_width_is_each_characters_length() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            assert_eq!(char_width(lead), c.len_utf8(), "{c:?}");
        }
    }

    /// [`extent`] as it was written first: the characters decoded.
    fn extent_decoding(source: &str, start: usize, chars: usize) -> (usize, usize) {
        let mut end = start;
        let mut width = None;
        for (n, c) in source[start..].chars().take(chars).enumerate() {
            if c == '\n' && width.is_none() {
                width = Some(n);
            }
            end += c.len_utf8();
        }
        (end, width.unwrap_or(chars))
    }

    #[test]
    fn positions_step_over_whole_characters() {
        let source = "a: 甲\n  b: “乙”😀c\u{85}\n- é";
        let starts: Vec<usize> = source.char_indices().map(|(i, _)| i).collect();
        let count = starts.len();
        for (k, &start) in starts.iter().enumerate() {
            for chars in 0..=count - k + 2 {
                assert_eq!(
                    extent(source, start, chars),
                    extent_decoding(source, start, chars),
                    "{start} {chars}"
                );
            }
        }
        let mut cursor = Cursor::new(source);
        for target in (0..=count + 2).chain([3, 0, count]) {
            let expected = starts.get(target).copied().unwrap_or(source.len());
            assert_eq!(cursor.seek(target), expected, "{target}");
        }
    }
}
