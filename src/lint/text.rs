//! From Markdown to the text the rules read, and back.
//!
//! The draft is cut into [`Unit`]s — the title, subtitle lines, headings,
//! paragraphs, list items and table cells — holding only the text a reader
//! sees: no `#`, `**`, `|` or backslash escapes. Every character remembers
//! the byte range of the source it came from, so a finding on the text maps
//! back to a line and column of the Markdown file, escapes included.
//!
//! Two choices shape that text:
//!
//! * soft line breaks join with nothing, except between two ASCII
//!   characters (Latin words), which get a space;
//! * single-`*`/`_` emphasis does not exist in a 公文 (there is no italic
//!   Chinese type), so its delimiters stay in the text as the characters the
//!   author typed: `由*人增长至***人` reads as written and the placeholder
//!   rule sees every asterisk. Bold (`**`) is markup.

use std::cell::Cell;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::structure::parse_marker;
use crate::diag::Span;

/// Stands for an element the rules must not read into (inline code, HTML,
/// an image), so the text on either side does not join up.
pub const OBJECT: char = '\u{FFFC}';

/// Subtitle lines longer than this are body text, not a subtitle.
const SUBTITLE_MAX_CHARS: usize = 40;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitKind {
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
pub struct Unit {
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
    /// Characters written with a backslash escape (`\*`): literal by intent.
    pub escaped: Vec<bool>,
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
        }
    }

    pub fn text(&self, range: Range<usize>) -> String {
        self.chars[range].iter().collect()
    }

    /// The character ranges of the unit's source lines.
    pub fn lines(&self) -> impl Iterator<Item = Range<usize>> + '_ {
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
    pub fn is_heading(&self) -> bool {
        match self.kind {
            UnitKind::Title | UnitKind::Heading(_) => true,
            UnitKind::Paragraph | UnitKind::ListItem => {
                self.strong_only && self.lead.is_none() && parse_marker(&self.chars).is_some()
            }
            UnitKind::Subtitle | UnitKind::Cell => false,
        }
    }

    /// The place in the source of the characters `range` of this unit. The
    /// width counts source characters up to the end of the first line, so
    /// an escape (`\*`) is underlined whole.
    pub fn span(&self, lines: &LineIndex<'_>, range: Range<usize>) -> Span {
        let (byte, width) = self.place(lines.source, range);
        lines.span(byte, width)
    }

    /// [`Unit::span`] as the byte offset in `source` and the width: what
    /// findings are sorted by before their columns are counted.
    pub fn place(&self, source: &str, range: Range<usize>) -> (usize, usize) {
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

    fn push(&mut self, c: char, src: Range<usize>) {
        self.chars.push(c);
        self.src.push(src);
        self.escaped.push(false);
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
            escaped: self.escaped[range].to_vec(),
        }
    }
}

/// The first `n` characters of an ATX heading's text (after the `#`s).
fn first_chars(heading: &str, n: usize) -> Vec<char> {
    heading
        .trim_start_matches('#')
        .trim_start()
        .chars()
        .take(n)
        .collect()
}

/// Where the lines of a source start, to place many findings without
/// rescanning the file for each ([`Span::from_offset`] does).
pub struct LineIndex<'s> {
    source: &'s str,
    starts: Vec<usize>,
    /// The last place asked for: byte, line and column. Findings are placed
    /// in source order, so each column is counted on from the last one
    /// rather than from the start of its line (which on one long line with
    /// many findings would be quadratic).
    last: Cell<(usize, usize, usize)>,
}

impl<'s> LineIndex<'s> {
    pub fn new(source: &'s str) -> Self {
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
    pub fn span(&self, byte: usize, width: usize) -> Span {
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
    Decided,
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
    /// Depth inside elements whose text is not linted (code, HTML, images).
    skip: usize,
}

/// Cuts `source` into units, in document order.
pub fn units(source: &str) -> Vec<Unit> {
    let mut b = Builder {
        source,
        units: Vec::new(),
        open: None,
        skip: 0,
    };
    for (event, range) in Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter() {
        b.event(event, range);
    }
    b.flush();
    mark_subtitles(b.units)
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(
                    Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::Image { .. },
                ) => self.skip += 1,
                Event::End(
                    TagEnd::CodeBlock
                    | TagEnd::HtmlBlock
                    | TagEnd::MetadataBlock(_)
                    | TagEnd::Image,
                ) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => {
                self.inline_event(false);
                self.push_text(&text, range);
            }
            Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_)
            | Event::Html(_) => {
                self.inline_event(false);
                self.push(OBJECT, range);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.inline_event(true);
                if let Some(open) = &mut self.open {
                    open.pending_break = Some(range.start);
                }
            }
            Event::Rule => self.flush(),
            Event::TaskListMarker(_) => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => {
                let keep = self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.unit.kind == UnitKind::ListItem && o.events == 0);
                if !keep {
                    self.begin(UnitKind::Paragraph);
                }
            }
            // A numbered `#` heading is a level-1 heading of a hand-written
            // draft, not a title.
            Tag::Heading { level, .. } => {
                let numbered = parse_marker(&first_chars(&self.source[range], 8)).is_some();
                self.begin(match level {
                    HeadingLevel::H1 if !numbered => UnitKind::Title,
                    other => UnitKind::Heading(other as u8),
                })
            }
            Tag::Item => self.begin(UnitKind::ListItem),
            Tag::TableCell => self.begin(UnitKind::Cell),
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                self.skip += 1;
            }
            Tag::Image { .. } => {
                self.inline_event(false);
                self.push(OBJECT, range);
                self.skip += 1;
            }
            Tag::Strong => {
                self.inline_event(false);
                if let Some(open) = &mut self.open {
                    let at_start = open.events == 1 && open.unit.chars.is_empty();
                    if at_start
                        && open.lead == Lead::None
                        && matches!(open.unit.kind, UnitKind::Paragraph | UnitKind::ListItem)
                    {
                        open.lead = Lead::InStrong;
                    }
                    open.strong_depth += 1;
                }
            }
            Tag::Emphasis => {
                self.inline_event(false);
                self.push_delimiter(range.start);
            }
            Tag::Link { .. } | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                self.inline_event(false);
            }
            Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::Table(_)
            | Tag::TableHead
            | Tag::TableRow
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Strong => {
                if let Some(open) = &mut self.open {
                    open.strong_depth = open.strong_depth.saturating_sub(1);
                    if open.strong_depth == 0 && open.lead == Lead::InStrong {
                        open.lead = Lead::Closed(open.unit.chars.len());
                    }
                }
            }
            TagEnd::Emphasis => self.push_delimiter(range.end - 1),
            TagEnd::Link | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::Paragraph => {
                // A loose list item's paragraphs belong to the item.
                if self
                    .open
                    .as_ref()
                    .is_some_and(|o| o.unit.kind != UnitKind::ListItem)
                {
                    self.flush();
                }
            }
            _ => self.flush(),
        }
    }

    /// Notes an inline event; the first one after an opening bold stretch
    /// decides whether that stretch is a run-in lead.
    fn inline_event(&mut self, is_break: bool) {
        let Some(open) = &mut self.open else { return };
        open.events += 1;
        if let Lead::Closed(n) = open.lead {
            // A bold opening followed by a line break is a lead; followed by
            // more text on the same line only if it is numbered (otherwise it
            // is just an emphasised phrase).
            if is_break || parse_marker(&open.unit.chars[..n]).is_some() {
                open.unit.lead = Some(n);
            }
            open.lead = Lead::Decided;
        }
    }

    fn begin(&mut self, kind: UnitKind) {
        self.flush();
        self.open = Some(Open {
            unit: Unit::new(kind),
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
        if let Lead::Closed(n) = open.lead
            && n == open.unit.chars.len()
        {
            open.unit.strong_only = true;
            // A bold numbered sentence alone is a lead with nothing after it,
            // not a heading: `**（二）阵地条件相对薄弱。**`.
            if open.unit.chars.last() == Some(&'。') && parse_marker(&open.unit.chars).is_some() {
                open.unit.lead = Some(n);
            }
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

    fn push_delimiter(&mut self, at: usize) {
        if let Some(c) = self.source.get(at..).and_then(|s| s.chars().next()) {
            self.push(c, at..at + c.len_utf8());
        }
    }

    /// Appends `text`, which the parser read from `source[range]`, mapping
    /// each character to its place even where the two differ (escapes,
    /// entities).
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        let source = self.source;
        let raw = &source[range.clone()];
        if raw == text {
            for (i, c) in text.char_indices() {
                let at = range.start + i;
                self.push(c, at..at + c.len_utf8());
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
        if self.open.is_none() {
            // Text outside any block we open (after a nested list, say).
            self.begin(UnitKind::Paragraph);
        }
        let Some(open) = &mut self.open else { return };
        if let Some(at) = open.pending_break.take() {
            if open.unit.chars.last().is_some_and(char::is_ascii_graphic) && c.is_ascii_graphic() {
                open.unit.push(' ', at..at + 1);
            }
            open.unit.line_starts.push(open.unit.chars.len());
        }
        let escaped = src.start > 0 && self.source.as_bytes()[src.start - 1] == b'\\';
        open.unit.push(c, src);
        if let Some(last) = open.unit.escaped.last_mut() {
            *last = escaped;
        }
    }
}

/// Splits the short paragraphs right under each title into subtitle lines.
fn mark_subtitles(units: Vec<Unit>) -> Vec<Unit> {
    let mut out = Vec::with_capacity(units.len());
    let mut under_title = false;
    for unit in units {
        let is_subtitle = under_title
            && unit.kind == UnitKind::Paragraph
            && unit.lead.is_none()
            && !unit.strong_only
            && parse_marker(&unit.chars).is_none()
            && unit.lines().all(|l| {
                let line = &unit.chars[l];
                line.len() <= SUBTITLE_MAX_CHARS && line.last() != Some(&'。')
            });
        under_title = unit.kind == UnitKind::Title || is_subtitle;
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
    fn soft_breaks_join_chinese_without_space_and_latin_with_one() {
        let u = &units("正文第一行\n第二行 GDP\ngrowth")[0];
        assert_eq!(u.text(0..u.chars.len()), "正文第一行第二行 GDP growth");
        assert_eq!(u.line_starts, [0, 5, 13]);
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
}
