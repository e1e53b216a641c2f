//! The one Markdown reader: a draft → a flat list of [`Block`]s, for the
//! lint and the DOCX converter alike.
//!
//! This layer knows CommonMark, not 公文. It keeps headings, paragraphs
//! (list items, quotes and definitions flattened into them), code and HTML
//! blocks, and pipe tables; each holds its inline content as [`Inline`]s
//! that remember the byte range of the source they came from. It decides
//! nothing a reader of the draft could disagree on — where a block starts
//! and ends, what is bold, what is text — and leaves to each consumer only
//! how to show it: the lint maps every character back to the source and
//! reads code or HTML as an opaque object, the converter prints them.
//!
//! Two choices are made here, once, for both:
//!
//! * single-`*`/`_` emphasis does not exist in a 公文 (there is no italic
//!   Chinese type): its delimiters stay in the text as typed
//!   ([`Inline::Delimiter`]), so `由*人增长至*人` reads as written;
//! * an ordered list item keeps its number as typed (`1.` is also a 公文
//!   numbering prefix, [`Inline::ListNumber`]); a bullet is dropped.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{
    Alignment, CowStr, DefaultBrokenLinkCallback, Event, HeadingLevel, OffsetIter, Options, Parser,
    Tag, TagEnd,
};

mod fast;

/// A piece of inline content, in source order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Inline<'s> {
    /// Text as the parser read it (escapes and entities resolved) from
    /// `source`; several events may lie side by side (an escape is one).
    /// In a [`ParagraphKind::Code`] block, one or more lines of code.
    Text {
        text: Cow<'s, str>,
        source: Range<usize>,
    },
    /// Inline code, inline or block HTML, math, a footnote reference: shown
    /// as typed, but not prose the lint should read into.
    Object {
        text: Cow<'s, str>,
        source: Range<usize>,
        /// Whether the text keeps its line structure (HTML, display math):
        /// each newline in it is a line break.
        lines: bool,
    },
    /// A single-`*`/`_` emphasis delimiter, kept as the character typed.
    Delimiter {
        delimiter: char,
        source: Range<usize>,
        /// The opening delimiter (the closing one follows its text).
        opening: bool,
    },
    /// An ordered list item's number as typed (`1.`, `12)`); only ever the
    /// first inline of a [`ParagraphKind::ListItem`].
    ListNumber {
        text: &'s str,
        source: Range<usize>,
    },
    /// A task list's checkbox.
    TaskMarker {
        done: bool,
    },
    /// A source line break inside a paragraph, at byte `at`.
    SoftBreak {
        at: usize,
    },
    /// A forced line break (`\` or two spaces at a line end), at byte `at`.
    HardBreak {
        at: usize,
    },
    /// `**` opens; bold nests.
    StrongStart,
    StrongEnd,
    /// A link (or similar wrapper) opens: only its text shows.
    WrapperStart,
    /// An image opens at `source`; its alt text follows, up to
    /// [`Inline::ImageEnd`].
    ImageStart {
        source: Range<usize>,
    },
    ImageEnd,
}

/// What a paragraph-like block was in the Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ParagraphKind {
    /// A paragraph (also inside a quote or a loose list item after its first).
    Plain,
    /// A list item: a tight one's text, or a loose one's first paragraph.
    ListItem,
    /// A fenced or indented code block: its text is lines of code.
    Code,
    /// An HTML block: [`Inline::Object`]s with lines.
    Html,
}

/// A block of the draft, in document order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block<'s> {
    /// `level` is the Markdown level, 1–6.
    Heading {
        level: u8,
        inlines: Vec<Inline<'s>>,
        source: Range<usize>,
    },
    Paragraph {
        kind: ParagraphKind,
        inlines: Vec<Inline<'s>>,
        /// Where the block starts and ends in the source: a list item from
        /// its marker, unless it is loose and unnumbered.
        source: Range<usize>,
    },
    Table(Table<'s>),
}

/// Column alignment from the delimiter row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Default,
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Table<'s> {
    pub aligns: Vec<Align>,
    /// Row 0 is the header row; each cell its inline content.
    pub rows: Vec<Vec<Vec<Inline<'s>>>>,
}

/// Reads `source` into blocks, in one pass over the parser's events.
/// Blocks are not filtered: one with no visible text is each consumer's
/// to drop (the lint also drops one holding only code, the converter not).
/// The readers take them one at a time from [`blocks`]; the tests all at once.
#[cfg(test)]
pub(crate) fn read(source: &str) -> Vec<Block<'_>> {
    blocks(source).collect()
}

/// [`read`] one block at a time, each as soon as it is closed: a consumer
/// that does not keep the blocks holds one at a time. A draft of plain
/// lines (as wengao's templates write) is read by [`fast`], which gives
/// the same blocks without parsing what holds no markup; any other by the
/// parser.
pub(crate) fn blocks(source: &str) -> Blocks<'_> {
    if fast::plain_lines(source) {
        // Debug builds check every such draft against the parser.
        #[cfg(debug_assertions)]
        {
            let fast: Vec<_> = fast::Stretches::new(source).collect();
            let parsed: Vec<_> = Parsed::new(source).collect();
            assert_eq!(
                fast, parsed,
                "the plain-line reader parts from the parser on\n{source}"
            );
        }
        Blocks::Plain(fast::Stretches::new(source))
    } else {
        Blocks::Parsed(Box::new(Parsed::new(source)))
    }
}

/// The blocks of a draft, from whichever reader reads it.
pub(crate) enum Blocks<'s> {
    Plain(fast::Stretches<'s>),
    /// Boxed: the parser is ten times the size of the plain reader.
    Parsed(Box<Parsed<'s>>),
}

impl<'s> Iterator for Blocks<'s> {
    type Item = Block<'s>;

    fn next(&mut self) -> Option<Block<'s>> {
        match self {
            Self::Plain(blocks) => blocks.next(),
            Self::Parsed(blocks) => blocks.next(),
        }
    }
}

/// The parser's blocks, in one pass over its events.
pub(crate) struct Parsed<'s> {
    events: OffsetIter<'s, DefaultBrokenLinkCallback>,
    reader: Reader<'s>,
}

impl<'s> Parsed<'s> {
    fn new(source: &'s str) -> Self {
        Self {
            events: Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter(),
            reader: Reader {
                source,
                closed: VecDeque::new(),
                open: None,
            },
        }
    }
}

impl<'s> Iterator for Parsed<'s> {
    type Item = Block<'s>;

    fn next(&mut self) -> Option<Block<'s>> {
        loop {
            if let Some(block) = self.reader.closed.pop_front() {
                return Some(block);
            }
            if let Some((event, range)) = self.events.next() {
                self.reader.event(event, range);
            } else {
                self.reader.flush();
                return self.reader.closed.pop_front();
            }
        }
    }
}

struct Reader<'s> {
    source: &'s str,
    /// Blocks closed, not yet handed out (an event closes at most one).
    closed: VecDeque<Block<'s>>,
    /// The block being filled, if any.
    open: Option<Block<'s>>,
}

fn cow(text: CowStr<'_>) -> Cow<'_, str> {
    match text {
        CowStr::Borrowed(s) => Cow::Borrowed(s),
        other => Cow::Owned(other.into_string()),
    }
}

impl<'s> Reader<'s> {
    fn event(&mut self, event: Event<'s>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) => self.push(Inline::Text {
                text: cow(text),
                source: range,
            }),
            Event::Code(text) | Event::InlineMath(text) => self.push(Inline::Object {
                text: cow(text),
                source: range,
                lines: false,
            }),
            Event::Html(text) | Event::InlineHtml(text) | Event::DisplayMath(text) => {
                self.push(Inline::Object {
                    text: cow(text),
                    source: range,
                    lines: true,
                });
            }
            Event::FootnoteReference(label) => self.push(Inline::Object {
                text: Cow::Owned(format!("[^{label}]")),
                source: range,
                lines: false,
            }),
            Event::SoftBreak => self.push(Inline::SoftBreak { at: range.start }),
            Event::HardBreak => self.push(Inline::HardBreak { at: range.start }),
            Event::TaskListMarker(done) => self.push(Inline::TaskMarker { done }),
            // A thematic break has no text to keep.
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'s>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.start_paragraph(range),
            Tag::Heading { level, .. } => self.open(Block::Heading {
                level: heading_level(level),
                inlines: Vec::new(),
                source: range,
            }),
            Tag::Item => self.start_item(range),
            Tag::CodeBlock(_) | Tag::MetadataBlock(_) => {
                self.open(paragraph(ParagraphKind::Code, range));
            }
            Tag::HtmlBlock => self.open(paragraph(ParagraphKind::Html, range)),
            Tag::Table(aligns) => self.open(Block::Table(Table {
                aligns: aligns.iter().copied().map(align).collect(),
                rows: Vec::new(),
            })),
            Tag::TableHead | Tag::TableRow => {
                if let Some(Block::Table(table)) = &mut self.open {
                    table.rows.push(Vec::new());
                }
            }
            Tag::TableCell => {
                if let Some(Block::Table(table)) = &mut self.open
                    && let Some(row) = table.rows.last_mut()
                {
                    row.push(Vec::new());
                }
            }
            Tag::Strong => self.push_at(Inline::StrongStart, range),
            Tag::Emphasis => self.delimiter(range.start, true),
            Tag::Image { .. } => self.push(Inline::ImageStart { source: range }),
            Tag::Link { .. } | Tag::Strikethrough | Tag::Superscript | Tag::Subscript => {
                self.push_at(Inline::WrapperStart, range);
            }
            // Lists, quotes and definitions only frame paragraphs.
            Tag::List(_)
            | Tag::BlockQuote(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => self.flush(),
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Strong => self.push_at(Inline::StrongEnd, range),
            TagEnd::Emphasis => self.delimiter(range.end.saturating_sub(1), false),
            TagEnd::Image => self.push_at(Inline::ImageEnd, range),
            TagEnd::Link | TagEnd::Strikethrough | TagEnd::Superscript | TagEnd::Subscript => {}
            TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell => {}
            // A loose list item's first paragraph is the item.
            TagEnd::Paragraph
                if matches!(
                    self.open,
                    Some(Block::Paragraph {
                        kind: ParagraphKind::ListItem,
                        ..
                    })
                ) => {}
            _ => self.flush(),
        }
    }

    /// A paragraph, unless it is the first of a list item still empty.
    fn start_paragraph(&mut self, range: Range<usize>) {
        if let Some(Block::Paragraph {
            kind: ParagraphKind::ListItem,
            inlines,
            source,
        }) = &mut self.open
        {
            match inlines.as_slice() {
                // A loose bullet item starts where its text does.
                [] => {
                    *source = range;
                    return;
                }
                [Inline::ListNumber { .. }] => return,
                _ => {}
            }
        }
        self.open(paragraph(ParagraphKind::Plain, range));
    }

    /// An ordered item keeps its number as written (`1.` or `1)`); a bullet
    /// item loses its bullet, which a 公文 never prints.
    fn start_item(&mut self, range: Range<usize>) {
        let item = &self.source[range.clone()];
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        let mut block = paragraph(ParagraphKind::ListItem, range.clone());
        if digits > 0
            && matches!(item.as_bytes().get(digits), Some(b'.' | b')'))
            && let Block::Paragraph { inlines, .. } = &mut block
        {
            inlines.push(Inline::ListNumber {
                text: &item[..=digits],
                source: range.start..range.start + digits + 1,
            });
        }
        self.open(block);
    }

    /// The emphasis delimiter at byte `at` of the source, as typed.
    fn delimiter(&mut self, at: usize, opening: bool) {
        if let Some(c) = self.source.get(at..).and_then(|s| s.chars().next()) {
            self.push(Inline::Delimiter {
                delimiter: c,
                source: at..at + c.len_utf8(),
                opening,
            });
        }
    }

    /// [`Reader::push`] for an inline that has no range of its own: a
    /// paragraph it opens starts at `range`.
    fn push_at(&mut self, inline: Inline<'s>, range: Range<usize>) {
        if self.open.is_none() {
            self.open = Some(paragraph(ParagraphKind::Plain, range));
        }
        self.push(inline);
    }

    /// Appends to the open block, opening a paragraph for loose inline
    /// content (text after a nested block in a tight list item).
    fn push(&mut self, inline: Inline<'s>) {
        if self.open.is_none() {
            let start = match &inline {
                Inline::Text { source, .. }
                | Inline::Object { source, .. }
                | Inline::Delimiter { source, .. }
                | Inline::ListNumber { source, .. }
                | Inline::ImageStart { source } => source.clone(),
                Inline::SoftBreak { at } | Inline::HardBreak { at } => *at..*at + 1,
                _ => 0..0,
            };
            self.open = Some(paragraph(ParagraphKind::Plain, start));
        }
        match &mut self.open {
            Some(Block::Heading { inlines, .. } | Block::Paragraph { inlines, .. }) => {
                inlines.push(inline);
            }
            Some(Block::Table(table)) => {
                if let Some(cell) = table.rows.last_mut().and_then(|r| r.last_mut()) {
                    cell.push(inline);
                }
            }
            None => unreachable!("a paragraph was opened above"),
        }
    }

    fn open(&mut self, block: Block<'s>) {
        self.flush();
        self.open = Some(block);
    }

    fn flush(&mut self) {
        if let Some(block) = self.open.take() {
            self.closed.push_back(block);
        }
    }
}

fn paragraph(kind: ParagraphKind, source: Range<usize>) -> Block<'static> {
    Block::Paragraph {
        kind,
        inlines: Vec::new(),
        source,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    level as u8
}

fn align(alignment: Alignment) -> Align {
    match alignment {
        Alignment::None => Align::Default,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(text: &str, source: Range<usize>) -> Inline<'_> {
        Inline::Text {
            text: Cow::Borrowed(text),
            source,
        }
    }

    #[test]
    fn blocks_keep_their_source_and_inlines_their_ranges() {
        let src = "# 标题\n\n**甲**\n乙";
        let blocks = read(src);
        assert_eq!(
            blocks,
            [
                Block::Heading {
                    level: 1,
                    inlines: vec![text("标题", 2..8)],
                    source: 0..9,
                },
                Block::Paragraph {
                    kind: ParagraphKind::Plain,
                    inlines: vec![
                        Inline::StrongStart,
                        text("甲", 12..15),
                        Inline::StrongEnd,
                        Inline::SoftBreak { at: 17 },
                        text("乙", 18..21),
                    ],
                    source: 10..21,
                },
            ]
        );
    }

    #[test]
    fn an_ordered_items_number_is_its_first_inline() {
        let src = "1. 加强领导\n- 一项\n";
        let blocks = read(src);
        let Block::Paragraph { kind, inlines, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(*kind, ParagraphKind::ListItem);
        assert_eq!(
            inlines[0],
            Inline::ListNumber {
                text: "1.",
                source: 0..2
            }
        );
        let Block::Paragraph { inlines, .. } = &blocks[1] else {
            panic!("{blocks:?}")
        };
        assert!(matches!(inlines[..], [Inline::Text { .. }]), "{inlines:?}");
    }

    #[test]
    fn a_loose_items_first_paragraph_is_the_item() {
        let blocks = read("- 甲\n\n  乙\n\n- 丙\n");
        let kinds: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { kind, source, .. } => (*kind, source.start),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                (ParagraphKind::ListItem, 2),
                (ParagraphKind::Plain, 9),
                (ParagraphKind::ListItem, 16),
            ]
        );
    }

    #[test]
    fn emphasis_delimiters_are_kept() {
        let blocks = read("由*人*");
        let Block::Paragraph { inlines, .. } = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(
            inlines[1],
            Inline::Delimiter {
                delimiter: '*',
                source: 3..4,
                opening: true
            }
        );
        assert!(matches!(
            inlines[3],
            Inline::Delimiter { opening: false, .. }
        ));
    }

    #[test]
    fn code_html_and_tables_are_blocks_of_their_own() {
        let blocks =
            read("```\n甲\n```\n\n<div>\n乙\n</div>\n\n| 项 | 数 |\n|---|--:|\n| 甲 | 1 |\n");
        assert!(matches!(
            blocks[0],
            Block::Paragraph {
                kind: ParagraphKind::Code,
                ..
            }
        ));
        assert!(matches!(
            blocks[1],
            Block::Paragraph {
                kind: ParagraphKind::Html,
                ..
            }
        ));
        let Block::Table(table) = &blocks[2] else {
            panic!("{blocks:?}")
        };
        assert_eq!(table.aligns, [Align::Default, Align::Right]);
        assert_eq!(table.rows.len(), 2);
        assert!(matches!(&table.rows[1][0][..], [Inline::Text { .. }]));
    }
}
