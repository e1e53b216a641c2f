//! A reader for the YAML data files are written in, giving the events
//! `saphyr-parser` gives for them, spans included, a line at a time and
//! several times faster (its parser was half of `check`'s YAML cost).
//!
//! It takes block mappings and sequences of plain scalars that fit on
//! their line, comments and blank lines: what `wengao init` writes and
//! what the README shows. Anything else it does not guess at: a quoted or
//! flow value, a block scalar, an anchor, a tag, a scalar continued on the
//! next line, a document marker, any indentation that is not plainly
//! right, and every error. It stops with [`NotFast`], and `source_map`
//! reads the file again with saphyr, so its behaviour and its error
//! messages are saphyr's. The tests compare the two readers' events on
//! every YAML file in the repository and on generated ones.
//!
//! Lines with tabs, carriage returns or YAML 1.1's extra line breaks never
//! get here (see `yaml::refuse_raw_characters`); control characters are
//! refused before.

use std::borrow::Cow;
use std::collections::VecDeque;

use saphyr_parser::{Event, Marker, ScalarStyle, Span};

/// The file uses something this reader leaves to saphyr.
#[derive(Debug)]
pub(super) struct NotFast;

/// An open collection, by the column its entries start at.
#[derive(Clone, Copy, Debug)]
enum Block {
    Map(usize),
    Seq(usize),
    /// A sequence whose dashes stand in its parent key's column (`key:`
    /// then `- item` below it, not indented).
    Indentless(usize),
}

/// A key or dash with nothing after it on its line: its value is the
/// block below, indented deeper than `column`, or else empty.
#[derive(Clone, Copy, Debug)]
struct Pending {
    column: usize,
    /// Where saphyr places the empty value: the colon, or the end of the
    /// dash's line.
    mark: Marker,
    /// A key (whose sequence may also stand in its own column).
    key: bool,
}

/// What a content line opens before its key or entry is read.
enum Opens {
    /// A mapping or a sequence indented under what awaits it (or the
    /// document's first).
    Block,
    /// A sequence in its key's own column.
    Indentless,
}

/// The events of one document, produced a line at a time.
pub(super) struct FastEvents<'s> {
    source: &'s str,
    /// Byte offset, character offset and number (from 1) of the next line.
    byte: usize,
    index: usize,
    line: usize,
    stack: Vec<Block>,
    pending: Option<Pending>,
    started: bool,
    ended: bool,
    queue: VecDeque<(Event<'s>, Span)>,
}

/// The characters that cannot begin a plain scalar here (YAML's
/// indicators); `-`, `?` and `:` can when a non-space follows, but no data
/// file needs that.
fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// A plain scalar at the start of `text`, read to a comment or to the
/// first `:` followed by a space or the line's end (a key's colon).
struct Plain {
    /// Where its text ends, in bytes, trailing spaces dropped.
    end: usize,
    /// Where that colon is, in bytes, if there is one.
    colon: Option<usize>,
}

/// [`Plain`], or `None` when `text` starts with an indicator.
fn plain(text: &str) -> Option<Plain> {
    let bytes = text.as_bytes();
    if bytes.first().is_none_or(|&b| is_indicator(b)) {
        return None;
    }
    let (mut stop, mut colon) = (bytes.len(), None);
    for (k, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if bytes[k - 1] == b' ' => {}
            b':' if bytes.get(k + 1).is_none_or(|&n| n == b' ') => colon = Some(k),
            _ => continue,
        }
        stop = k;
        break;
    }
    let end = text[..stop].trim_end_matches(' ').len();
    Some(Plain { end, colon })
}

/// Where a plain value starting `text` ends, in bytes; `None` when it is
/// not one this reader takes: it starts with an indicator, or holds `: `
/// (a key, or an error).
fn plain_scalar(text: &str) -> Option<usize> {
    plain(text).filter(|p| p.colon.is_none()).map(|p| p.end)
}

/// Where the key of a `key: value` line ends, and where its colon is, in
/// bytes; `None` when the line is not one (no `: ` before a comment).
fn key_colon(text: &str) -> Option<(usize, usize)> {
    let p = plain(text)?;
    let colon = p.colon?;
    // saphyr limits a key to 1,024 characters: leave long ones.
    (p.end > 0 && p.end <= 1024).then_some((p.end, colon))
}

/// Whether `text` (after indentation) is a dash starting a sequence entry.
fn is_entry(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.first() == Some(&b'-') && bytes.get(1).is_none_or(|&b| b == b' ')
}

/// Whether `rest` (after a closing quote or bracket) holds only spaces and
/// maybe a comment after them.
fn is_line_end(rest: &str) -> bool {
    let tail = rest.trim_start_matches(' ');
    tail.is_empty() || tail.starts_with('#') && tail.len() < rest.len()
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn scalar(text: &str, span: Span) -> (Event<'_>, Span) {
    (
        Event::Scalar(Cow::Borrowed(text), ScalarStyle::Plain, 0, None),
        span,
    )
}

impl<'s> FastEvents<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        let mut queue = VecDeque::new();
        queue.push_back((Event::StreamStart, Span::empty(Marker::new(0, 1, 0))));
        FastEvents {
            source,
            byte: 0,
            index: 0,
            line: 1,
            stack: Vec::new(),
            pending: None,
            started: false,
            ended: false,
            queue,
        }
    }

    /// The next event, `None` after the stream's end.
    pub(super) fn next_event(&mut self) -> Option<Result<(Event<'s>, Span), NotFast>> {
        while self.queue.is_empty() {
            if self.ended {
                return None;
            }
            if let Err(e) = self.read_line() {
                return Some(Err(e));
            }
        }
        self.queue.pop_front().map(Ok)
    }

    fn push(&mut self, event: Event<'s>, span: Span) {
        self.queue.push_back((event, span));
    }

    /// Reads the next line, queueing its events (and the stream's end
    /// after the last line).
    fn read_line(&mut self) -> Result<(), NotFast> {
        let source = self.source;
        if self.byte >= source.len() {
            self.end_stream();
            return Ok(());
        }
        let rest = &source[self.byte..];
        let (text, next) = match rest.find('\n') {
            Some(k) => (&rest[..k], self.byte + k + 1),
            None => (rest, source.len()),
        };
        let indent = text.len() - text.trim_start_matches(' ').len();
        let content = &text[indent..];
        let at = (self.index, self.line);
        let line_chars = chars(text);
        self.index += line_chars + usize::from(next > self.byte + text.len());
        self.line += 1;
        self.byte = next;
        if content.is_empty() || content.starts_with('#') {
            return Ok(());
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
            return Err(NotFast);
        }
        let line = Line {
            text,
            index: at.0,
            number: at.1,
            chars: line_chars,
        };
        self.content_line(&line, indent)
    }

    /// Closes what the line at `indent` closes, opens what it opens, and
    /// reads its key or entry.
    fn content_line(&mut self, line: &Line<'s>, indent: usize) -> Result<(), NotFast> {
        let content = &line.text[indent..];
        let entry = is_entry(content);
        let first = line.mark(indent);
        let opens = match self.pending.take() {
            Some(p) if indent > p.column => Some(Opens::Block),
            Some(p) if indent == p.column && entry && p.key => Some(Opens::Indentless),
            Some(p) => {
                self.push_empty(p.mark);
                None
            }
            None if self.stack.is_empty() => {
                if self.started {
                    return Err(NotFast);
                }
                self.started = true;
                self.push(Event::DocumentStart(false), Span::empty(first));
                Some(Opens::Block)
            }
            None => None,
        };
        match opens {
            Some(Opens::Indentless) => {
                let mark = line.entry_mark(indent);
                self.push(Event::SequenceStart(0, None), Span::empty(mark));
                self.stack.push(Block::Indentless(indent));
                return self.entry(line, indent);
            }
            Some(Opens::Block) if entry => {
                self.push(Event::SequenceStart(0, None), Span::empty(first));
                self.stack.push(Block::Seq(indent));
                return self.entry(line, indent);
            }
            Some(Opens::Block) => {
                self.push(Event::MappingStart(0, None), Span::empty(first));
                self.stack.push(Block::Map(indent));
                return self.key_line(line, indent);
            }
            None => {}
        }
        while let Some(&block) = self.stack.last() {
            let event = match block {
                Block::Map(column) if column > indent => Event::MappingEnd,
                Block::Seq(column) if column > indent => Event::SequenceEnd,
                Block::Indentless(column) if column > indent || column == indent && !entry => {
                    Event::SequenceEnd
                }
                _ => break,
            };
            self.stack.pop();
            self.push(event, Span::empty(first));
        }
        match self.stack.last() {
            Some(&Block::Map(column)) if column == indent && !entry => self.key_line(line, indent),
            Some(&(Block::Seq(column) | Block::Indentless(column)))
                if column == indent && entry =>
            {
                self.entry(line, indent)
            }
            _ => Err(NotFast),
        }
    }

    /// A `key:` or `key: value` at `column`.
    fn key_line(&mut self, line: &Line<'s>, column: usize) -> Result<(), NotFast> {
        let text = &line.text[column..];
        let (key_end, colon) = key_colon(text).ok_or(NotFast)?;
        let key_chars = chars(&text[..key_end]);
        self.push_scalar(&text[..key_end], line.mark(column), key_chars);
        let colon_column = column + key_chars + (colon - key_end);
        let after = &text[colon + 1..];
        let value = after.trim_start_matches(' ');
        if value.is_empty() || value.starts_with('#') {
            self.pending = Some(Pending {
                column,
                mark: line.mark(colon_column),
                key: true,
            });
            return Ok(());
        }
        let value_column = colon_column + 1 + (after.len() - value.len());
        self.value(line, value, value_column)
    }

    /// A `- …` at `column`.
    fn entry(&mut self, line: &Line<'s>, column: usize) -> Result<(), NotFast> {
        let Some((item, item_column)) = line.item(column) else {
            self.pending = Some(Pending {
                column,
                mark: line.mark(line.chars),
                key: false,
            });
            return Ok(());
        };
        if key_colon(item).is_some() {
            self.push(
                Event::MappingStart(0, None),
                Span::empty(line.mark(item_column)),
            );
            self.stack.push(Block::Map(item_column));
            return self.key_line(line, item_column);
        }
        self.value(line, item, item_column)
    }

    /// A value `text` (to the end of the line) at `column`: a plain scalar
    /// or a flow sequence of them.
    fn value(&mut self, line: &Line<'s>, text: &'s str, column: usize) -> Result<(), NotFast> {
        match text.as_bytes()[0] {
            b'[' => return self.flow_sequence(line, text, column),
            quote @ (b'"' | b'\'') => return self.quoted(line, text, column, quote),
            _ => {}
        }
        let end = plain_scalar(text).ok_or(NotFast)?;
        self.push_scalar(&text[..end], line.mark(column), chars(&text[..end]));
        Ok(())
    }

    /// `"…"` or `'…'` at `column`, on its line, without escapes or
    /// doubled quotes. saphyr's span takes the rest of the line.
    fn quoted(
        &mut self,
        line: &Line<'s>,
        text: &'s str,
        column: usize,
        quote: u8,
    ) -> Result<(), NotFast> {
        let inner = &text[1..];
        let end = inner
            .bytes()
            .position(|b| b == quote || b == b'\\')
            .ok_or(NotFast)?;
        if inner.as_bytes()[end] != quote || !is_line_end(&inner[end + 1..]) {
            return Err(NotFast);
        }
        let style = if quote == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        self.push(
            Event::Scalar(Cow::Borrowed(&inner[..end]), style, 0, None),
            Span::new(line.mark(column), line.mark(line.chars)),
        );
        Ok(())
    }

    /// `[a, b]` at `column`, all on its line, of plain scalars without
    /// indicators (as `wengao init` writes `文种: [讲话]`). saphyr's span of
    /// `[` takes the spaces after it, that of `]` the rest of the line.
    fn flow_sequence(
        &mut self,
        line: &Line<'s>,
        text: &'s str,
        column: usize,
    ) -> Result<(), NotFast> {
        let after = &text[1..];
        let mut rest = after.trim_start_matches(' ');
        let mut at = column + 1 + (after.len() - rest.len());
        self.push(
            Event::SequenceStart(0, None),
            Span::new(line.mark(column), line.mark(at)),
        );
        if !rest.starts_with(']') {
            loop {
                let end = rest.find([',', ']']).ok_or(NotFast)?;
                let item = rest[..end].trim_end_matches(' ');
                let refused = |b: u8| matches!(b, b'[' | b'{' | b'}' | b'#' | b':');
                if item.is_empty() || is_indicator(item.as_bytes()[0]) || item.bytes().any(refused)
                {
                    return Err(NotFast);
                }
                self.push_scalar(item, line.mark(at), chars(item));
                at += chars(&rest[..end]);
                rest = &rest[end..];
                if rest.starts_with(']') {
                    break;
                }
                let next = rest[1..].trim_start_matches(' ');
                at += 1 + (rest.len() - 1 - next.len());
                rest = next;
            }
        }
        if !is_line_end(&rest[1..]) {
            return Err(NotFast);
        }
        self.push(
            Event::SequenceEnd,
            Span::new(line.mark(at), line.mark(line.chars)),
        );
        Ok(())
    }

    fn push_scalar(&mut self, text: &'s str, start: Marker, chars: usize) {
        let end = Marker::new(start.index() + chars, start.line(), start.col() + chars);
        let (event, span) = scalar(text, Span::new(start, end));
        self.push(event, span);
    }

    fn push_empty(&mut self, mark: Marker) {
        let (event, span) = scalar("", Span::empty(mark));
        self.push(event, span);
    }

    /// The stream's end: what is open is closed where saphyr places the
    /// end, at the start of the line after the last (which it starts when
    /// the text does not end with a line feed). When the last line has no
    /// line feed, the collections indented deeper than its length (spaces
    /// or a comment) are closed at its end, as saphyr closes them first.
    fn end_stream(&mut self) {
        let end = Span::empty(Marker::new(self.index, self.line, 0));
        let last = &self.source[self.source.rfind('\n').map_or(0, |k| k + 1)..];
        let last_chars = chars(last);
        let early = Span::empty(Marker::new(self.index, self.line - 1, last_chars));
        if let Some(p) = self.pending.take() {
            self.push_empty(p.mark);
        }
        while let Some(block) = self.stack.pop() {
            let (event, column) = match block {
                Block::Map(column) => (Event::MappingEnd, column),
                Block::Seq(column) | Block::Indentless(column) => (Event::SequenceEnd, column),
            };
            let at = if !last.is_empty() && column > last_chars {
                early
            } else {
                end
            };
            self.push(event, at);
        }
        if self.started {
            self.push(Event::DocumentEnd, end);
        }
        self.push(Event::StreamEnd, end);
        self.ended = true;
    }
}

/// A line being read.
struct Line<'s> {
    /// Without its line feed.
    text: &'s str,
    /// Character offset of its start, its number (from 1), its length in
    /// characters.
    index: usize,
    number: usize,
    chars: usize,
}

impl<'s> Line<'s> {
    /// The marker of character `column` of the line.
    fn mark(&self, column: usize) -> Marker {
        Marker::new(self.index + column, self.number, column)
    }

    /// What follows the dash at `column`, and its column; `None` when
    /// only spaces or a comment follow.
    fn item(&self, column: usize) -> Option<(&'s str, usize)> {
        let after = &self.text[column + 1..];
        let item = after.trim_start_matches(' ');
        let empty = item.is_empty() || item.starts_with('#');
        (!empty).then(|| (item, column + 1 + after.len() - item.len()))
    }

    /// Where saphyr marks the dash at `column`: after it and the spaces
    /// (and comment) that follow.
    fn entry_mark(&self, column: usize) -> Marker {
        self.mark(self.item(column).map_or(self.chars, |(_, at)| at))
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;
    use saphyr_parser::Parser;

    use super::*;

    /// saphyr's events for `source`, or its error.
    fn saphyr(source: &str) -> Result<Vec<(Event<'_>, Span)>, String> {
        let mut parser = Parser::new_from_str(source);
        let mut events = Vec::new();
        while let Some(next) = parser.next_event() {
            events.push(next.map_err(|e| e.to_string())?);
        }
        Ok(events)
    }

    /// This reader's events for `source`, or `None` when it leaves the file
    /// to saphyr.
    fn fast(source: &str) -> Option<Vec<(Event<'_>, Span)>> {
        let mut reader = FastEvents::new(source);
        let mut events = Vec::new();
        while let Some(next) = reader.next_event() {
            events.push(next.ok()?);
        }
        Some(events)
    }

    /// Whether this reader read `source`; an error when it read it
    /// otherwise than saphyr.
    fn agree(source: &str) -> Result<bool, String> {
        if super::super::refuse_raw_characters(source) != Ok(false) {
            // Never given to this reader.
            return Ok(false);
        }
        let Some(fast) = fast(source) else {
            return Ok(false);
        };
        match saphyr(source) {
            Ok(slow) if slow == fast => Ok(true),
            Ok(slow) => {
                let at = slow.iter().zip(&fast).position(|(a, b)| a != b);
                let at = at.unwrap_or(slow.len().min(fast.len()));
                Err(format!(
                    "event {at}: saphyr {:?}, this reader {:?}, for\n{source}",
                    slow.get(at),
                    fast.get(at)
                ))
            }
            Err(e) => Err(format!("saphyr refuses ({e}), this reader reads\n{source}")),
        }
    }

    #[test]
    fn every_yaml_file_in_the_repository_gives_saphyrs_events() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut files, mut read, mut failures) = (0, 0, Vec::new());
        for dir in ["data", "init", "templates", "tests"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    continue;
                }
                let Ok((source, _)) = crate::files::read_text(path) else {
                    continue;
                };
                files += 1;
                match agree(&source) {
                    Ok(r) => read += usize::from(r),
                    Err(e) => failures.push(format!("{}: {e}", path.display())),
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert!(files > 80 && read * 2 > files, "read {read} of {files}");
    }

    #[test]
    fn the_example_data_files_are_read_by_this_reader() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["data", "init/data"] {
            for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    let (source, _) = crate::files::read_text(path).unwrap();
                    assert_eq!(agree(&source), Ok(true), "{}", path.display());
                }
            }
        }
    }

    /// Documents at the edges of what this reader takes, each read or left
    /// to saphyr exactly as listed.
    #[test]
    fn edge_documents() {
        let read = [
            "",
            "\n\n",
            "# c\n",
            "# c",
            "a: 1",
            "a: 1\n",
            "a: 1\n  ",
            "a: 1\n# c",
            "a:",
            "a:\n",
            "a:   # c\nb: 1\n",
            "a  : 1\n",
            "a: x y  # c\nb: x#y\nc: a:b\nd: 值{指标}，[1]\n",
            "  a: 1\n  b: 2\n",
            "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
            "a:\n- x\n-\n- # c\n-   \nb: 1\n",
            "a:\n  - x\n  -\n  - y: 1\n    z:\n  - \nb:\n",
            "文种: [讲话]\na: [ a , 乙 丙 ,d ]  # c\nb: []\nc: [  ]   \n",
            "- [x]\n- [ y ,z]  # c\n-  []\n",
            "- a\n- b: 1\n  c:\n  - d\n- \n",
            "-\n  a: 1\n-\n  - b\n",
            "a:\n- b:\n  - c\n  d: 1\n- e\nf: 1\n",
            "- a:\n  - b\n- c\n",
            "键：值: 中文冒号\n称呼: 各位领导、同志们：\n",
            "a: 值\u{3000}#不是注释\n",
            "a: 1\n\n\n# c\n\n",
            // The last line, without a line feed, is shorter than the
            // open collections are deep: saphyr closes them at its end.
            "     meta:\n ",
            "a:\n        b: 1\n  #",
        ];
        let left = [
            "a: {x: 1}\n",
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: &x 1\n",
            "a: *x\n",
            "a: !t 1\n",
            "a: -1\n",
            "a: b\n  c\n",
            "a: b: c\n",
            "a: b:\n",
            "a:\n  b\n",
            "a: 1\n  b: 2\n",
            "a:\n    b: 1\n  c: 2\n",
            "---\na: 1\n",
            "a: 1\n...\n",
            "x\n",
            "- - a\n",
            "a: 1\n- b\n",
            "- a\nb: 1\n",
            "? a\n: 1\n",
            "a:#b\n",
            "'a': 1\n",
            "a: \"x\\ty\"\n",
            "a: 'it''s'\n",
            "a: \"x\" y\n",
            "a: 'x'# c\n",
            "a: \"x\n",
            "\"a\": 1\n",
            "a: [x,]\n",
            "a: [x]y\n",
            "a: [x]# c\n",
            "a: [x, [y]]\n",
            "a: [x: 1]\n",
            "a: ['x']\n",
            "a: [x\n",
            "a: [x, , y]\n",
        ];
        let quoted = "a: \"%\"\nb: 'x y'  # c\nc: \"\"\nd:\n- \"甲\"\n- 'b'\n";
        for source in read.iter().chain([&quoted]) {
            assert_eq!(agree(source), Ok(true), "{source:?}");
        }
        for source in left {
            assert_eq!(fast(source).map(|_| ()), None, "{source:?}");
        }
    }

    const KEYS: &[&str] = &[
        "a",
        "b",
        "键",
        "名 称",
        "a#b",
        "a #b",
        "a:b",
        "x  ",
        "-x",
        "?x",
        "...",
        "---",
        "'q'",
        "[k]",
        "k]",
        "{k",
        "甲：乙",
        "%",
        "@x",
        "a\u{3000}b",
    ];

    const VALUES: &[&str] = &[
        "",
        " ",
        "1",
        "值，{指标}",
        "[a, 乙 ]",
        "[ ]",
        "[a,]",
        "[a]b",
        "[[a]]",
        "[a] # c",
        "# c",
        "x # c",
        "x#c",
        "'q'",
        "\"q\"",
        "[a, b]",
        "a: b",
        "b:",
        "x  ",
        "-5",
        "- x",
        "-",
        "|",
        ">",
        "&a x",
        "*a",
        "!t x",
        "～",
        "http://x",
        "a\u{3000}#b",
        "甲 : 乙",
        "...",
        "--- x",
        "? x",
        ": x",
        "x ?",
        "~",
        "null",
    ];

    /// A line: indentation, then a key, an entry, a comment or nothing.
    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(KEYS);
        let value = prop::sample::select(VALUES);
        let colon = prop::sample::select(&[": ", ":", "  : ", ":  "][..]);
        let body = prop_oneof![
            4 => (key.clone(), colon.clone(), value.clone())
                .prop_map(|(k, c, v)| format!("{k}{c}{v}")),
            3 => value.clone().prop_map(|v| format!("- {v}")),
            2 => (key, colon, value).prop_map(|(k, c, v)| format!("- {k}{c}{v}")),
            1 => prop::sample::select(&["-", "- ", "-  # c", "# c", "", "  "][..])
                .prop_map(str::to_owned),
        ];
        (0usize..7, body).prop_map(|(indent, body)| format!("{}{body}", " ".repeat(indent)))
    }

    /// Lines of the example data files, indented anew at random.
    fn data_line() -> impl Strategy<Value = String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("data/liuchuan/2026-Q3.yaml")).unwrap();
        let lines: Vec<String> = text.lines().map(|l| l.trim_start().to_owned()).collect();
        (0usize..7, prop::sample::select(lines))
            .prop_map(|(indent, l)| format!("{}{l}", " ".repeat(indent)))
    }

    /// Whatever this reader reads of random lines, saphyr reads the same
    /// way; and it reads enough of them for that to mean something.
    #[test]
    fn random_lines_read_as_saphyr_reads_them() {
        let line = prop_oneof![line(), data_line()];
        let read = crate::fast_oracle::sources_read_alike(line, 3000, agree);
        assert!(read > 300, "read only {read} documents");
    }

    /// The documents the tree's oracle generates (every style of scalar,
    /// nested collections, flow and block): the same.
    #[test]
    fn generated_documents_read_as_saphyr_reads_them() {
        use proptest::test_runner::{Config, TestRunner};
        let mut runner = TestRunner::new(Config {
            cases: 2000,
            ..Config::default()
        });
        let read = std::cell::Cell::new(0usize);
        runner
            .run(
                &super::super::oracle::top_level(),
                |(entries, flow_from)| {
                    let source = super::super::oracle::file(&entries, flow_from);
                    read.set(
                        read.get() + usize::from(agree(&source).map_err(TestCaseError::fail)?),
                    );
                    Ok(())
                },
            )
            .unwrap();
        assert!(read.get() > 50, "read only {} documents", read.get());
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// A real data file with one line indented anew or removed.
        #[test]
        fn edited_data_files_read_as_saphyr_reads_them(
            at in any::<prop::sample::Index>(),
            indent in 0usize..9,
            remove in any::<bool>(),
        ) {
            let root = Path::new(env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(root.join("data/liuchuan/2026-Q3.yaml")).unwrap();
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            let at = at.index(lines.len());
            if remove {
                lines.remove(at);
            } else {
                lines[at] = format!("{}{}", " ".repeat(indent), lines[at].trim_start());
            }
            agree(&(lines.join("\n") + "\n")).map_err(TestCaseError::fail)?;
        }
    }
}
