//! Markdown → a flat list of [`Block`]s.
//!
//! This layer knows CommonMark, not 公文: it keeps headings, paragraphs and
//! pipe tables, and flattens everything else into paragraphs a reader can
//! still follow — list items keep an ordered list's number (`1.` is also a
//! 公文 numbering prefix), code and HTML blocks keep their lines, inline HTML
//! is shown literally, links keep only their text. Single-`*`/`_` emphasis
//! does not exist in a 公文 (there is no italic Chinese type): its delimiters
//! stay in the text as typed (`由*人增长至*人`), as the lint reads them.
//! Nothing that prints as text is dropped.

use std::ops::Range;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece {
    /// Text, literal (Markdown escapes already resolved); `strong` when inside `**…**`.
    Text { text: String, strong: bool },
    /// A source line break inside a paragraph.
    SoftBreak,
    /// A forced line break (`\` or two spaces at the end of a line, or a line of a code block).
    HardBreak,
}

/// The inline content of one block.
pub(super) type Inlines = Vec<Piece>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Block {
    /// `level` is the Markdown level, 1–6.
    Heading {
        level: u8,
        content: Inlines,
        source: Range<usize>,
    },
    Paragraph {
        content: Inlines,
        source: Range<usize>,
    },
    Table(Table),
}

/// Column alignment from the delimiter row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Default,
    Left,
    Center,
    Right,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Table {
    pub aligns: Vec<Align>,
    /// Row 0 is the header row.
    pub rows: Vec<Vec<Inlines>>,
}

/// Reads `source` (already free of characters XML forbids) into blocks.
pub(super) fn read(source: &str) -> Vec<Block> {
    let mut reader = Reader::new(source);
    for (event, range) in Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter() {
        reader.event(event, range);
    }
    reader.flush();
    reader.blocks
}

/// What the reader is filling.
enum Open {
    None,
    Heading {
        level: u8,
        content: Inlines,
        source: Range<usize>,
    },
    Paragraph {
        content: Inlines,
        source: Range<usize>,
    },
    Table(Table),
}

struct Reader<'s> {
    source: &'s str,
    blocks: Vec<Block>,
    open: Open,
    /// Depth of `**` nesting.
    strong: usize,
    /// An ordered list's marker (`1.`), written before the item's first text.
    marker: Option<String>,
    in_code: bool,
}

impl<'s> Reader<'s> {
    fn new(source: &'s str) -> Self {
        Reader {
            source,
            blocks: Vec::new(),
            open: Open::None,
            strong: 0,
            marker: None,
            in_code: false,
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(text) if self.in_code => self.code_text(&text, range),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) => {
                self.text(&text, range);
            }
            Event::Html(html) | Event::InlineHtml(html) | Event::DisplayMath(html) => {
                self.code_text(&html, range);
            }
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]"), range),
            Event::SoftBreak => self.push(Piece::SoftBreak, range),
            Event::HardBreak => self.push(Piece::HardBreak, range),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }, range),
            // A thematic break has no text to keep.
            Event::Rule => self.flush(),
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Heading { level, .. } => self.start_heading(level, range),
            Tag::Paragraph => self.start_paragraph(range),
            Tag::CodeBlock(kind) => self.start_code_block(kind, range),
            Tag::HtmlBlock => self.start_paragraph(range),
            Tag::Item => self.start_item(range),
            Tag::Table(aligns) => self.start_table(&aligns),
            Tag::TableHead | Tag::TableRow => self.start_row(),
            Tag::TableCell => self.start_cell(),
            Tag::Strong => self.strong += 1,
            Tag::Emphasis => self.delimiter(range.start),
            // Lists, quotes and definitions only frame paragraphs; emphasis,
            // links and images only wrap their text.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::HtmlBlock
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::BlockQuote(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.flush(),
            TagEnd::CodeBlock => self.end_code_block(),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Emphasis => self.delimiter(range.end.saturating_sub(1)),
            _ => {}
        }
    }

    fn start_heading(&mut self, level: HeadingLevel, range: Range<usize>) {
        self.flush();
        self.open = Open::Heading {
            level: level as u8,
            content: Vec::new(),
            source: range,
        };
    }

    fn start_paragraph(&mut self, range: Range<usize>) {
        if matches!(self.open, Open::Table(_)) {
            return;
        }
        self.flush();
        self.open = Open::Paragraph {
            content: Vec::new(),
            source: range,
        };
    }

    fn start_code_block(&mut self, _kind: CodeBlockKind<'_>, range: Range<usize>) {
        self.start_paragraph(range);
        self.in_code = true;
    }

    fn end_code_block(&mut self) {
        self.in_code = false;
        self.flush();
    }

    /// An ordered item keeps its number as written (`1.` or `1)`); a bullet
    /// item loses its bullet, which a 公文 never prints.
    fn start_item(&mut self, range: Range<usize>) {
        self.flush();
        let item = &self.source[range];
        let digits = item.bytes().take_while(u8::is_ascii_digit).count();
        self.marker = match item.as_bytes().get(digits) {
            Some(b'.' | b')') if digits > 0 => Some(item[..=digits].to_owned()),
            _ => None,
        };
    }

    fn start_table(&mut self, aligns: &[pulldown_cmark::Alignment]) {
        self.flush();
        let aligns = aligns
            .iter()
            .map(|a| match a {
                Alignment::None => Align::Default,
                Alignment::Left => Align::Left,
                Alignment::Center => Align::Center,
                Alignment::Right => Align::Right,
            })
            .collect();
        self.open = Open::Table(Table {
            aligns,
            rows: Vec::new(),
        });
    }

    fn start_row(&mut self) {
        if let Open::Table(table) = &mut self.open {
            table.rows.push(Vec::new());
        }
    }

    fn start_cell(&mut self) {
        if let Open::Table(table) = &mut self.open
            && let Some(row) = table.rows.last_mut()
        {
            row.push(Vec::new());
        }
    }

    /// The emphasis delimiter at byte `at` of the source, as text.
    fn delimiter(&mut self, at: usize) {
        if let Some(c) = self.source.get(at..).and_then(|s| s.chars().next()) {
            self.text(&c.to_string(), at..at + c.len_utf8());
        }
    }

    /// Code and HTML keep their line structure: each newline is a break.
    fn code_text(&mut self, text: &str, range: Range<usize>) {
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                self.text(line, range.clone());
            }
            if lines.peek().is_some() {
                self.push(Piece::HardBreak, range.clone());
            }
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>) {
        let strong = self.strong > 0;
        if let Some(marker) = self.marker.take() {
            self.push(
                Piece::Text {
                    text: marker,
                    strong: false,
                },
                range.clone(),
            );
        }
        self.push(
            Piece::Text {
                text: text.to_owned(),
                strong,
            },
            range,
        );
    }

    /// Appends to the open block, opening a paragraph for loose inline
    /// content (the items of a tight list carry no paragraph tags).
    fn push(&mut self, piece: Piece, range: Range<usize>) {
        if matches!(self.open, Open::None) {
            self.open = Open::Paragraph {
                content: Vec::new(),
                source: range,
            };
        }
        let content = match &mut self.open {
            Open::Heading { content, .. } | Open::Paragraph { content, .. } => content,
            Open::Table(table) => match table.rows.last_mut().and_then(|r| r.last_mut()) {
                Some(cell) => cell,
                None => return,
            },
            Open::None => unreachable!("a paragraph was opened above"),
        };
        // Escapes split text into several events; keep one piece per run of
        // equally formatted text.
        if let (
            Piece::Text { text, strong },
            Some(Piece::Text {
                text: last,
                strong: last_strong,
            }),
        ) = (&piece, content.last_mut())
            && strong == last_strong
        {
            last.push_str(text);
            return;
        }
        content.push(piece);
    }

    fn flush(&mut self) {
        // Code and HTML blocks end in a newline, which is no line of text.
        if let Open::Heading { content, .. } | Open::Paragraph { content, .. } = &mut self.open {
            while content.last() == Some(&Piece::HardBreak) {
                content.pop();
            }
        }
        let block = match std::mem::replace(&mut self.open, Open::None) {
            Open::None => return,
            Open::Heading {
                level,
                content,
                source,
            } => Block::Heading {
                level,
                content,
                source,
            },
            Open::Paragraph { content, source } => Block::Paragraph { content, source },
            Open::Table(table) => Block::Table(table),
        };
        let empty = match &block {
            Block::Heading { content, .. } | Block::Paragraph { content, .. } => content
                .iter()
                .all(|p| !matches!(p, Piece::Text { text, .. } if !text.trim().is_empty())),
            Block::Table(table) => table.rows.is_empty(),
        };
        if !empty {
            self.blocks.push(block);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Piece {
        Piece::Text {
            text: t.into(),
            strong: false,
        }
    }

    fn contents(src: &str) -> Vec<Inlines> {
        read(src)
            .into_iter()
            .map(|b| match b {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => content,
                Block::Table(t) => t.rows.into_iter().flatten().flatten().collect(),
            })
            .collect()
    }

    #[test]
    fn escapes_come_out_literally_in_one_piece() {
        assert_eq!(
            contents(r"\*\*不是加粗\*\* a \| b \<b>"),
            vec![vec![text("**不是加粗** a | b <b>")]]
        );
        assert_eq!(contents(r"\# 不是标题"), vec![vec![text("# 不是标题")]]);
    }

    #[test]
    fn inline_html_is_kept_as_text() {
        assert_eq!(
            contents("<b>不是HTML</b>，照原样显示"),
            vec![vec![text("<b>不是HTML</b>，照原样显示")]]
        );
    }

    #[test]
    fn run_in_lead_is_strong_then_soft_break() {
        let blocks = contents("**（一）突出政治引领。**\n我们坚持");
        assert_eq!(
            blocks[0],
            vec![
                Piece::Text {
                    text: "（一）突出政治引领。".into(),
                    strong: true
                },
                Piece::SoftBreak,
                text("我们坚持"),
            ]
        );
    }

    #[test]
    fn ordered_items_keep_their_number_and_bullets_lose_the_bullet() {
        assert_eq!(
            contents("1. 加强领导\n2. 落实责任\n\n- 一项\n"),
            vec![
                vec![text("1.加强领导")],
                vec![text("2.落实责任")],
                vec![text("一项")],
            ]
        );
    }

    #[test]
    fn emphasis_delimiters_stay_as_typed() {
        assert_eq!(
            contents("由*人增长至*人"),
            vec![vec![text("由*人增长至*人")]]
        );
        assert_eq!(contents("_甲_乙"), vec![vec![text("_甲_乙")]]);
        assert_eq!(
            contents("**甲*乙*丙**"),
            vec![vec![Piece::Text {
                text: "甲*乙*丙".into(),
                strong: true
            }]]
        );
    }

    #[test]
    fn code_blocks_keep_lines_as_breaks() {
        assert_eq!(
            contents("```\n第一行\n第二行\n```\n"),
            vec![vec![text("第一行"), Piece::HardBreak, text("第二行")]]
        );
    }

    #[test]
    fn tables_keep_cells_and_alignment() {
        let blocks = read("| 项目 | 数量 |\n| --- | ---: |\n| 党员 | 1842名 |\n");
        let Block::Table(t) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(t.aligns, vec![Align::Default, Align::Right]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][1], vec![text("1842名")]);
    }

    #[test]
    fn quotes_and_nested_lists_become_paragraphs() {
        let blocks = read("> 引文一段\n\n- 外层\n  - 内层\n");
        assert_eq!(blocks.len(), 3, "{blocks:?}");
    }
}
