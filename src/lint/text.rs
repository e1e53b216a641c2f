//! From Markdown to the text the rules read, and back.
//!
//! The blocks of the shared reader ([`crate::conventions::markdown`], the
//! one the DOCX converter reads too) are cut into [`Unit`]s — the title, subtitle lines, headings,
//! paragraphs, list items and table cells — holding only the text a reader
//! sees: no `#`, `**`, `|` or backslash escapes. Every character remembers
//! the byte range of the source it came from, so a finding on the text maps
//! back to a line and column of the Markdown file, escapes included.
//!
//! Two choices shape that text:
//!
//! * line breaks join by the one rule of [`crate::conventions::lines`]:
//!   nothing next to Chinese text, a space between Latin words;
//! * single-`*`/`_` emphasis does not exist in a 公文 (there is no italic
//!   Chinese type), so the reader keeps its delimiters as the characters the
//!   author typed: `由*人增长至***人` reads as written and the placeholder
//!   rule sees every asterisk. Bold (`**`) is markup.
//!
//! Code and HTML blocks are not prose and are left out; inline code, HTML
//! and images each stand as one [`OBJECT`].
//!
//! What each unit is (title, title-block line, heading, lead…) is decided by
//! [`crate::conventions::blocks`], the same rules the DOCX converter uses.

use std::cell::Cell;
use std::ops::Range;

use crate::conventions::blocks::{
    AfterBold, Classified, Role, directly_under, has_sentence_punctuation, heading_level,
    is_run_in_lead, is_salutation, is_signature, is_title, is_title_block, standalone_heading,
};
use crate::conventions::lines::joiner;
use crate::conventions::markdown::{self, Block, ParagraphKind};
use crate::conventions::numbering::{numbering_level, parse_marker};
use crate::diag::Span;

/// Stands for an element the rules must not read into (inline code, HTML,
/// an image), so the text on either side does not join up.
pub(super) const OBJECT: char = '\u{FFFC}';

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum UnitKind {
    /// A `#` heading.
    Title,
    /// One line directly under the title: draft mark, author, date.
    Subtitle,
    /// A `##`…`######` heading, with its number of `#`.
    Heading(u8),
    Paragraph,
    /// A tight list item (a loose one is its paragraphs).
    ListItem,
    Cell,
}

/// A block of visible text with the source position of each character.
#[derive(Clone, Debug)]
pub(super) struct Unit {
    pub kind: UnitKind,
    pub chars: Vec<char>,
    /// Byte range of the source each character came from.
    src: Vec<Range<usize>>,
    /// Character indices at which a source line begins (always holds 0).
    pub line_starts: Vec<usize>,
    /// Length in characters of a run-in lead: a bold stretch opening the
    /// paragraph and followed by a line break (`**（一）……。**` + newline).
    pub lead: Option<usize>,
    /// The paragraph is nothing but one bold stretch.
    pub strong_only: bool,
    /// Where characters written with a backslash escape (`\*`), literal by
    /// intent, stand, in order: few units have any, so only they are
    /// listed, not a flag for every character.
    escaped: Vec<usize>,
    /// The paragraph opens with a bold stretch.
    pub opens_bold: bool,
    /// The paragraph holds a hard line break (`\` or two spaces at a line end).
    pub hard_break: bool,
    /// Byte offsets in the source where the block starts and ends.
    block: Range<usize>,
}

impl Unit {
    fn new(kind: UnitKind) -> Self {
        Unit {
            kind,
            chars: Vec::new(),
            src: Vec::new(),
            line_starts: vec![0],
            lead: None,
            strong_only: false,
            escaped: Vec::new(),
            opens_bold: false,
            hard_break: false,
            block: 0..0,
        }
    }

    pub(super) fn text(&self, range: Range<usize>) -> String {
        let chars = &self.chars[range];
        // Sized first: collected as they come, Chinese characters (three
        // bytes each) outgrow the guess of one byte a character twice.
        let mut text = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
        text.extend(chars);
        text
    }

    /// The character ranges of the unit's source lines.
    pub(super) fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        let ends = self
            .line_starts
            .iter()
            .skip(1)
            .copied()
            .chain([self.chars.len()]);
        self.line_starts
            .iter()
            .copied()
            .zip(ends)
            .map(|(a, b)| a..b)
    }

    /// Whether this unit is a stand-alone heading: the title, a `#` heading,
    /// or a paragraph that is only a bold numbered heading (`**一、……**`).
    pub(super) fn is_heading(&self) -> bool {
        match self.kind {
            UnitKind::Title | UnitKind::Heading(_) => true,
            UnitKind::Paragraph | UnitKind::ListItem => self.standalone_heading().is_some(),
            UnitKind::Subtitle | UnitKind::Cell => false,
        }
    }

    /// The level of a paragraph that is a heading typed without `#`.
    fn standalone_heading(&self) -> Option<u8> {
        // Cheap tests first: this runs for every paragraph of the draft.
        let head = &self.chars[..self.chars.len().min(8)];
        if self.hard_break || parse_marker(head).is_none() {
            return None;
        }
        // Most numbered paragraphs are prose (a run-in lead and its text):
        // their sentence punctuation, found character by character, says
        // so before the whole paragraph is copied into a string.
        let mut buf = [0; 4];
        if self
            .chars
            .iter()
            .any(|c| has_sentence_punctuation(c.encode_utf8(&mut buf)))
        {
            return None;
        }
        let text = self.text(0..self.chars.len());
        standalone_heading(&text, !self.hard_break, self.strong_only)
    }

    /// The place in the source of the characters `range` of this unit. The
    /// width counts source characters up to the end of the first line, so
    /// an escape (`\*`) is underlined whole.
    pub(super) fn span(&self, lines: &LineIndex<'_>, range: Range<usize>) -> Span {
        let (byte, width) = self.place(lines.source, range);
        lines.span(byte, width)
    }

    /// [`Unit::span`] as the byte offset in `source` and the width: what
    /// findings are sorted by before their columns are counted.
    pub(super) fn place(&self, source: &str, range: Range<usize>) -> (usize, usize) {
        let last = self.chars.len().saturating_sub(1);
        let first = range.start.min(last);
        let end = range.end.clamp(first + 1, self.chars.len());
        let mut a = self.src[first].start;
        // A joining space stands on the line break; point at the line's end.
        if source[a..].starts_with(['\n', '\r']) && a > 0 {
            a = floor_char_boundary(source, a - 1);
        }
        let b = self.src[end - 1].end.max(a);
        let width = source[a..b]
            .chars()
            .take_while(|&c| c != '\n' && c != '\r')
            .count();
        (a, width)
    }

    fn push(&mut self, c: char, src: Range<usize>, escaped: bool) {
        if escaped {
            self.escaped.push(self.chars.len());
        }
        self.chars.push(c);
        self.src.push(src);
    }

    /// Whether a character of `range` was written with a backslash escape.
    pub(super) fn any_escaped(&self, range: Range<usize>) -> bool {
        // The first listed at or after its start, then whether it is inside.
        let first = self.escaped.partition_point(|&i| i < range.start);
        self.escaped.get(first).is_some_and(|&i| i < range.end)
    }

    /// The line `range` of this unit as a unit of its own.
    fn slice(&self, kind: UnitKind, range: Range<usize>) -> Unit {
        Unit {
            kind,
            chars: self.chars[range.clone()].to_vec(),
            src: self.src[range.clone()].to_vec(),
            line_starts: vec![0],
            lead: None,
            strong_only: false,
            escaped: self
                .escaped
                .iter()
                .filter(|&&i| range.contains(&i))
                .map(|&i| i - range.start)
                .collect(),
            opens_bold: false,
            hard_break: false,
            block: self.block.clone(),
        }
    }
}

/// Where the lines of a source start, to place many findings without
/// rescanning the file for each ([`Span::from_offset`] does).
pub(super) struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
    /// The last place asked for: byte, line and column. Findings are placed
    /// in source order, so each column is counted on from the last one
    /// rather than from the start of its line (which on one long line with
    /// many findings would be quadratic).
    last: Cell<(usize, usize, usize)>,
}

impl<'s> LineIndex<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        let starts = [0]
            .into_iter()
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex {
            source,
            starts,
            last: Cell::new((0, 1, 1)),
        }
    }

    /// The same span as `Span::from_offset(source, byte, width)`.
    pub(super) fn span(&self, byte: usize, width: usize) -> Span {
        let line = self.starts.partition_point(|&s| s <= byte);
        let (last_byte, last_line, last_column) = self.last.get();
        let (from, column) = if last_line == line && last_byte <= byte {
            (last_byte, last_column)
        } else {
            (self.starts[line - 1], 1)
        };
        let column = column + self.source[from..byte].chars().count();
        self.last.set((byte, line, column));
        Span::new(line, column, width)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a unit stands on its bold opening, if it has one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lead {
    /// Nothing decided yet, or no bold opening.
    None,
    /// Inside a bold stretch that opened the paragraph.
    InStrong,
    /// The opening bold stretch ended after this many characters.
    Closed(usize),
    /// …and a soft line break followed: more bold continues the stretch.
    ClosedBreak(usize),
    Decided,
}

/// An inline event, as far as the lead cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inline {
    /// Text, or anything shown in its place.
    Text,
    SoftBreak,
    HardBreak,
    /// The start of a bold stretch.
    Strong,
}

struct Open {
    unit: Unit,
    /// Source offset of a line break not yet turned into text.
    pending_break: Option<usize>,
    /// Inline events seen so far.
    events: usize,
    strong_depth: usize,
    lead: Lead,
}

struct Builder<'s> {
    source: &'s str,
    units: Vec<Unit>,
    open: Option<Open>,
    /// Depth inside images, whose alt text is not linted.
    skip: usize,
}

/// Cuts `source` into units, in document order: the blocks of the shared
/// reader, code and HTML blocks left out (their text is not prose), each
/// table cell a unit of its own.
pub(super) fn units(source: &str) -> Vec<Unit> {
    let mut b = Builder {
        source,
        units: Vec::new(),
        open: None,
        skip: 0,
    };
    for block in markdown::blocks(source) {
        b.block(block);
    }
    mark_subtitles(source, b.units)
}

impl Builder<'_> {
    fn block(&mut self, block: Block<'_>) {
        match block {
            Block::Heading {
                level,
                inlines,
                source,
            } => {
                // Every `#` heading is a title until its text shows a number.
                self.begin(
                    match level {
                        1 => UnitKind::Title,
                        other => UnitKind::Heading(other),
                    },
                    source.clone(),
                );
                self.inlines(&inlines);
                if let Some(open) = &mut self.open {
                    // A numbered `#` heading is a level-1 heading of a
                    // hand-written draft, not a title.
                    let text = open.unit.text(0..open.unit.chars.len());
                    if open.unit.kind == UnitKind::Title && !is_title(1, &text) {
                        open.unit.kind = UnitKind::Heading(1);
                    }
                }
                self.flush();
            }
            Block::Paragraph {
                kind: ParagraphKind::Code | ParagraphKind::Html,
                ..
            } => {}
            Block::Paragraph {
                kind,
                inlines,
                source,
            } => {
                let kind = match kind {
                    ParagraphKind::ListItem => UnitKind::ListItem,
                    _ => UnitKind::Paragraph,
                };
                self.begin(kind, source);
                self.inlines(&inlines);
                self.flush();
            }
            Block::Table(table) => {
                for cell in table.rows.iter().flatten() {
                    self.begin(UnitKind::Cell, 0..0);
                    self.inlines(cell);
                    self.flush();
                }
            }
        }
    }

    fn inlines(&mut self, inlines: &[markdown::Inline<'_>]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &markdown::Inline<'_>) {
        use markdown::Inline as I;
        if self.skip > 0 {
            match inline {
                I::ImageStart { .. } => self.skip += 1,
                I::ImageEnd => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match inline {
            I::Text { text, source } => {
                self.inline_event(Inline::Text);
                self.push_text(text, source.clone());
            }
            I::Object { source, .. } => {
                self.inline_event(Inline::Text);
                self.push(OBJECT, source.clone());
            }
            I::Delimiter {
                delimiter,
                source,
                opening,
            } => {
                if *opening {
                    self.inline_event(Inline::Text);
                }
                self.push(*delimiter, source.clone());
            }
            // The converter prints an ordered item's number as text, so
            // it is text here too, read where it stands.
            I::ListNumber { text, source } => {
                for (i, c) in text.char_indices() {
                    let at = source.start + i;
                    self.push(c, at..at + c.len_utf8());
                }
            }
            I::TaskMarker { .. } | I::ImageEnd => {}
            I::SoftBreak { at } | I::HardBreak { at } => {
                let hard = matches!(inline, I::HardBreak { .. });
                self.inline_event(if hard {
                    Inline::HardBreak
                } else {
                    Inline::SoftBreak
                });
                if let Some(open) = &mut self.open {
                    open.pending_break = Some(*at);
                    open.unit.hard_break |= hard;
                }
            }
            I::StrongStart => {
                self.inline_event(Inline::Strong);
                if let Some(open) = &mut self.open {
                    let at_start = open.events == 1 && open.unit.chars.is_empty();
                    if at_start
                        && open.lead == Lead::None
                        && matches!(open.unit.kind, UnitKind::Paragraph | UnitKind::ListItem)
                    {
                        open.lead = Lead::InStrong;
                        open.unit.opens_bold = true;
                    }
                    open.strong_depth += 1;
                }
            }
            I::StrongEnd => {
                if let Some(open) = &mut self.open {
                    open.strong_depth = open.strong_depth.saturating_sub(1);
                    if open.strong_depth == 0 && open.lead == Lead::InStrong {
                        open.lead = Lead::Closed(open.unit.chars.len());
                    }
                }
            }
            I::WrapperStart => self.inline_event(Inline::Text),
            I::ImageStart { source } => {
                self.inline_event(Inline::Text);
                self.push(OBJECT, source.clone());
                self.skip += 1;
            }
        }
    }

    /// Notes an inline event; the first one after an opening bold stretch
    /// decides whether that stretch is a run-in lead. The stretch is the
    /// bold text the paragraph opens with, as the converter sees it: bold
    /// right after bold, or after a soft break, continues it; a hard break
    /// ends it, even inside `**`.
    fn inline_event(&mut self, event: Inline) {
        let Some(open) = &mut self.open else { return };
        open.events += 1;
        let (n, after) = match (open.lead, event) {
            (Lead::InStrong, Inline::HardBreak) => (open.unit.chars.len(), AfterBold::LineBreak),
            (Lead::Closed(_) | Lead::ClosedBreak(_), Inline::Strong) => {
                open.lead = Lead::InStrong;
                return;
            }
            (Lead::Closed(n), Inline::SoftBreak) => {
                open.lead = Lead::ClosedBreak(n);
                return;
            }
            (Lead::Closed(n), Inline::Text) => (n, AfterBold::SameLine),
            (Lead::Closed(n) | Lead::ClosedBreak(n), _) => (n, AfterBold::LineBreak),
            _ => return,
        };
        if is_run_in_lead(&open.unit.text(0..n), after) {
            open.unit.lead = Some(n);
        }
        open.lead = Lead::Decided;
    }

    /// Opens a unit of `kind` for the block at `block` in the source.
    fn begin(&mut self, kind: UnitKind, block: Range<usize>) {
        self.flush();
        self.skip = 0;
        let mut unit = Unit::new(kind);
        // The visible text has at most as many characters as the block's
        // source: room for them at once spares the two lists of the unit
        // their repeated growing, character by character.
        let room = self
            .source
            .get(block.clone())
            .map_or(0, |b| b.chars().count());
        unit.chars.reserve_exact(room);
        unit.src.reserve_exact(room);
        unit.block = block;
        self.open = Some(Open {
            unit,
            pending_break: None,
            events: 0,
            strong_depth: 0,
            lead: Lead::None,
        });
    }

    fn flush(&mut self) {
        let Some(mut open) = self.open.take() else {
            return;
        };
        if let Lead::Closed(n) | Lead::ClosedBreak(n) = open.lead
            && n == open.unit.chars.len()
        {
            open.unit.strong_only = true;
            // A bold sentence alone is a lead with nothing after it, not a
            // heading: `**（二）阵地条件相对薄弱。**`.
            if is_run_in_lead(&open.unit.text(0..n), AfterBold::Nothing) {
                open.unit.lead = Some(n);
            }
        }
        // A line that reads as a heading is one, bold opening or not (the
        // converter decides in this order too).
        if open.unit.lead.is_some() && open.unit.standalone_heading().is_some() {
            open.unit.lead = None;
        }
        if open
            .unit
            .chars
            .iter()
            .any(|&c| !c.is_whitespace() && c != OBJECT)
        {
            self.units.push(open.unit);
        }
    }

    /// Appends `text`, which the parser read from `source[range]`, mapping
    /// each character to its place even where the two differ (escapes,
    /// entities).
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        let source = self.source;
        let raw = &source[range.clone()];
        if raw == text {
            let mut chars = text.char_indices();
            // The first character takes a pending line break (see `push`);
            // the rest go straight into the unit (most of a draft's text).
            let Some((_, first)) = chars.next() else {
                return;
            };
            self.push(first, range.start..range.start + first.len_utf8());
            let Some(open) = &mut self.open else { return };
            for (i, c) in chars {
                let at = range.start + i;
                open.unit
                    .push(c, at..at + c.len_utf8(), escaped(source, at));
            }
            return;
        }
        // An entity or escape the parser reported as its own event.
        let mut single = text.chars();
        if let (Some(c), None) = (single.next(), single.next()) {
            let start = if raw.starts_with('\\') {
                range.start + 1
            } else {
                range.start
            };
            self.push(c, start..range.end);
            return;
        }
        let mut at = range.start;
        for c in text.chars() {
            let rest = &source[at..range.end];
            let len = c.len_utf8();
            let place = if rest.starts_with(c) {
                at..at + len
            } else if rest.starts_with('\\') && rest[1..].starts_with(c) {
                at + 1..at + 1 + len
            } else if rest.starts_with('&')
                && let Some(k) = rest.find(';').filter(|&k| k <= 32)
            {
                at..at + k + 1
            } else if let Some(k) = rest.find(c) {
                at + k..at + k + len
            } else {
                // Nothing left to match: stay where we are.
                let end = rest.chars().next().map_or(at, |r| at + r.len_utf8());
                at..end
            };
            at = place.end.max(at);
            self.push(c, place);
        }
    }

    fn push(&mut self, c: char, src: Range<usize>) {
        let Some(open) = &mut self.open else { return };
        if let Some(at) = open.pending_break.take() {
            if joiner(open.unit.chars.last().copied(), Some(c)) == " " {
                open.unit.push(' ', at..at + 1, false);
            }
            open.unit.line_starts.push(open.unit.chars.len());
        }
        let escaped = escaped(self.source, src.start);
        open.unit.push(c, src, escaped);
    }
}

/// Whether the character at byte `at` of `source` follows a backslash:
/// written escaped (`\*`), literal by intent.
fn escaped(source: &str, at: usize) -> bool {
    at > 0 && source.as_bytes()[at - 1] == b'\\'
}

/// Splits the paragraph directly under each title, when it is a title
/// block, into its lines.
fn mark_subtitles(source: &str, units: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(units.len());
    let mut title_end = None;
    for unit in units {
        let under = title_end.take();
        if unit.kind == UnitKind::Title {
            title_end = Some(unit.block.end);
        }
        let is_subtitle = under.is_some_and(|end| directly_under(source, end, unit.block.start))
            // The converter flattens list items into paragraphs: so does
            // this test.
            && matches!(unit.kind, UnitKind::Paragraph | UnitKind::ListItem)
            && is_title_block(
                unit.opens_bold,
                unit.lines()
                    .map(|l| unit.text(l))
                    .collect::<Vec<_>>()
                    .iter()
                    .map(String::as_str),
            );
        if is_subtitle {
            for line in unit.lines() {
                out.push(unit.slice(UnitKind::Subtitle, line));
            }
        } else {
            out.push(unit);
        }
    }
    out
}

/// What each block of `markdown` is, by the shared rules of
/// [`crate::conventions::blocks`]: the lint's side of the comparison with
/// the DOCX converter (`crate::docx::roles`).
pub fn roles(markdown: &str) -> Vec<Classified> {
    let units = units(markdown);
    units
        .iter()
        .enumerate()
        .map(|(i, unit)| (unit, classify(unit, i + 1 == units.len())))
        .map(|(unit, role)| Classified::new(role, unit.text(0..unit.chars.len())))
        .collect()
}

/// What `unit` is; `last` when it is the draft's last.
fn classify(unit: &Unit, last: bool) -> Role {
    match unit.kind {
        UnitKind::Title => Role::Title,
        UnitKind::Subtitle => Role::TitleLine,
        UnitKind::Heading(md) => Role::Heading(heading_level(md, &unit.text(0..unit.chars.len()))),
        UnitKind::Cell => Role::Cell,
        UnitKind::Paragraph | UnitKind::ListItem => {
            let text = unit.text(0..unit.chars.len());
            let lines: Vec<String> = unit.lines().map(|l| unit.text(l)).collect();
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            if last && is_signature(&lines) {
                Role::Signature
            } else if let Some(level) = unit.standalone_heading() {
                Role::Heading(level)
            } else if is_salutation(&text, !unit.hard_break) {
                Role::Salutation
            } else if let Some(lead) = unit.lead {
                Role::Lead(numbering_level(&unit.text(0..lead)))
            } else {
                Role::Body
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<(UnitKind, String)> {
        units(src)
            .into_iter()
            .map(|u| (u.kind, u.text(0..u.chars.len())))
            .collect()
    }

    #[test]
    fn strips_markup_and_splits_subtitles() {
        let src = "# 柳川县工作汇报\n（送审稿）\n柳川县人民政府\n\n## 一、总体情况\n\n| 项目 | 数量 |\n|---|---|\n| 党支部 | 86个 |\n";
        assert_eq!(
            texts(src),
            [
                (UnitKind::Title, "柳川县工作汇报".to_string()),
                (UnitKind::Subtitle, "（送审稿）".to_string()),
                (UnitKind::Subtitle, "柳川县人民政府".to_string()),
                (UnitKind::Heading(2), "一、总体情况".to_string()),
                (UnitKind::Cell, "项目".to_string()),
                (UnitKind::Cell, "数量".to_string()),
                (UnitKind::Cell, "党支部".to_string()),
                (UnitKind::Cell, "86个".to_string()),
            ]
        );
    }

    #[test]
    fn body_paragraph_under_title_is_not_a_subtitle() {
        let src = "# 标题\n今年以来，我县各项工作稳步推进。\n";
        assert_eq!(units(src)[1].kind, UnitKind::Paragraph);
    }

    #[test]
    fn the_title_block_is_only_the_paragraph_directly_under_the_title() {
        // The salutation after the title block used to be read as one more
        // subtitle line (the DOCX made it a salutation).
        let kinds: Vec<UnitKind> = units("# 讲话\n（2026年10月15日）\n\n同志们：\n")
            .iter()
            .map(|u| u.kind)
            .collect();
        assert_eq!(
            kinds,
            [UnitKind::Title, UnitKind::Subtitle, UnitKind::Paragraph]
        );
        // A blank line ends the title block before it starts.
        assert_eq!(units("# 标题\n\n（送审稿）\n")[1].kind, UnitKind::Paragraph);
        // Setext titles too.
        assert_eq!(units("标题\n===\n（送审稿）\n")[1].kind, UnitKind::Subtitle);
    }

    #[test]
    fn an_ordered_items_number_is_text_where_it_stands() {
        let src = "正文。\n\n1. 加强领导\n12) 落实\n";
        let all = units(src);
        assert_eq!(all[1].text(0..all[1].chars.len()), "1.加强领导");
        let lines = LineIndex::new(src);
        assert_eq!(all[1].span(&lines, 0..2), Span::new(3, 1, 2));
        assert_eq!(all[2].text(0..3), "12)");
        assert_eq!(all[2].span(&lines, 2..3), Span::new(4, 3, 1));
        // Bullets print nothing.
        assert_eq!(units("- 一项")[0].text(0..2), "一项");
    }

    #[test]
    fn a_plain_numbered_line_is_a_heading() {
        assert!(units("一、主要做法")[0].is_heading());
        assert!(units("（一）组织建设")[0].is_heading());
        assert!(!units("1.强化保障")[0].is_heading());
        assert!(units("**1.强化保障**")[0].is_heading());
    }

    #[test]
    fn soft_breaks_join_chinese_without_space_and_latin_with_one() {
        let u = &units("正文第一行\n第二行 GDP\ngrowth")[0];
        assert_eq!(u.text(0..u.chars.len()), "正文第一行第二行 GDP growth");
        assert_eq!(u.line_starts, [0, 5, 13]);
        // Full-width forms are Chinese text; any two Latin characters join
        // with a space (the one rule of `conventions::lines`).
        let u = &units("共１\n２项，a,\nb")[0];
        assert_eq!(u.text(0..u.chars.len()), "共１２项，a, b");
    }

    #[test]
    fn run_in_lead_is_bold_then_line_break() {
        let u = &units("**（一）突出政治引领。**\n我们坚持……。")[0];
        assert_eq!(u.lead, Some(10));
        let u = &units("**重要的是**，我们要坚持。")[0];
        assert_eq!(u.lead, None);
        let u = &units("**（二）强化保障。** 我们坚持。")[0];
        assert_eq!(u.lead, Some(8));
        // CommonMark does not close `**` between a mark and a letter: the
        // asterisks stay text (and `bold-literal` reports them).
        let u = &units("**（二）强化保障。**我们坚持。")[0];
        assert_eq!((u.lead, u.chars[0]), (None, '*'));
        let u = &units("**一、总体情况**")[0];
        assert!(u.strong_only && u.is_heading());
        // A bold numbered sentence alone is a lead with nothing after it.
        let u = &units("**（二）阵地条件相对薄弱。**")[0];
        assert_eq!(u.lead, Some(12));
        assert!(!u.is_heading());
    }

    /// Whether a range holds an escaped character, asked of the sparse list,
    /// agrees with asking the source before each character of the range, in
    /// every unit (title-block lines cut from their paragraph too) and for
    /// every range.
    #[test]
    fn escaped_characters_are_found_in_every_range() {
        let src =
            "# 标题\\*一\n\n（送审\\*稿）\n某\\_局\n\n正\\*文\\*\\*甲**乙\\\\丙\n\n- 项\\#目\n";
        let all = units(src);
        assert!(all.len() >= 4, "{}", all.len());
        let mut escapes = 0;
        for unit in &all {
            let n = unit.chars.len();
            let dense: Vec<bool> = unit.src.iter().map(|r| escaped(src, r.start)).collect();
            escapes += dense.iter().filter(|&&e| e).count();
            for a in 0..=n {
                for b in a..=n {
                    assert_eq!(
                        unit.any_escaped(a..b),
                        dense[a..b].contains(&true),
                        "{:?} {a}..{b}",
                        unit.text(0..n)
                    );
                }
            }
        }
        assert_eq!(escapes, 9);
    }

    #[test]
    fn escapes_and_entities_map_to_their_source() {
        let src = "甲\\*乙&amp;丙";
        let u = &units(src)[0];
        assert_eq!(u.text(0..u.chars.len()), "甲*乙&丙");
        let star = u.chars.iter().position(|&c| c == '*').unwrap();
        // The asterisk is column 3 (after 甲 and the backslash).
        assert_eq!(
            u.span(&LineIndex::new(src), star..star + 1),
            Span::new(1, 3, 1)
        );
        let amp = u.chars.iter().position(|&c| c == '&').unwrap();
        assert_eq!(
            u.span(&LineIndex::new(src), amp..amp + 1),
            Span::new(1, 5, 5)
        );
        assert_eq!(
            u.span(&LineIndex::new(src), amp + 1..amp + 2),
            Span::new(1, 10, 1)
        );
    }

    #[test]
    fn emphasis_delimiters_stay_as_typed() {
        let src = "由*人增长至***人";
        let u = &units(src)[0];
        assert_eq!(u.text(0..u.chars.len()), src);
        assert_eq!(u.span(&LineIndex::new(src), 6..9), Span::new(1, 7, 3));
    }

    #[test]
    fn line_index_agrees_with_span_from_offset() {
        let src = "甲\n\n乙丙\r\n丁";
        let lines = LineIndex::new(src);
        for (byte, _) in src.char_indices() {
            assert_eq!(lines.span(byte, 2), Span::from_offset(src, byte, 2));
        }
    }

    #[test]
    fn code_and_html_become_objects() {
        let u = &units("甲`x`乙<br>丙")[0];
        assert_eq!(u.text(0..u.chars.len()), "甲\u{FFFC}乙\u{FFFC}丙");
    }

    #[test]
    fn code_blocks_are_skipped() {
        assert!(units("```\n。。\n```\n").is_empty());
    }

    /// The simple [`Unit::standalone_heading`]: the whole text asked.
    fn standalone_heading_oracle(unit: &Unit) -> Option<u8> {
        let head = &unit.chars[..unit.chars.len().min(8)];
        if unit.hard_break || parse_marker(head).is_none() {
            return None;
        }
        let text = unit.text(0..unit.chars.len());
        standalone_heading(&text, !unit.hard_break, unit.strong_only)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn standalone_headings_agree_with_asking_the_whole_text(
            text in crate::lint::tests::generate::chinese_text(),
            marker in proptest::sample::select(&["一、", "（二）", "3.", "**一、", ""][..]),
        ) {
            for unit in units(&format!("{marker}{text}")) {
                proptest::prop_assert_eq!(
                    unit.standalone_heading(),
                    standalone_heading_oracle(&unit)
                );
            }
        }
    }
}
