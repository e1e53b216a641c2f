//! The DOCX converter's view of the shared reader
//! ([`crate::conventions::markdown`]): each block's inlines as runs of text
//! with their bold state and line breaks, which is all the layout needs.
//!
//! How the converter shows what the lint reads as an object: inline code
//! and math as text, HTML and code blocks line by line (each newline a
//! break), link and image text without their markup, a task list's box as
//! `[x] `. Nothing that prints as text is dropped; a block with no visible
//! text is.

use std::borrow::Cow;
use std::ops::Range;

use crate::conventions::markdown::{self as shared, Inline, ParagraphKind};

pub(super) use crate::conventions::markdown::Align;

/// A piece of inline content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Piece<'s> {
    /// Text, literal (Markdown escapes already resolved); `strong` when inside `**…**`.
    /// Borrowed from the source where the reader's text is, one inline
    /// alone: most pieces, which are then never copied.
    Text { text: Cow<'s, str>, strong: bool },
    /// A source line break inside a paragraph.
    SoftBreak,
    /// A forced line break (`\` or two spaces at the end of a line, or a line of a code block).
    HardBreak,
}

/// The inline content of one block.
pub(super) type Inlines<'s> = Vec<Piece<'s>>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Block<'s> {
    /// `level` is the Markdown level, 1–6.
    Heading {
        level: u8,
        content: Inlines<'s>,
        source: Range<usize>,
    },
    Paragraph {
        content: Inlines<'s>,
        source: Range<usize>,
    },
    Table(Table<'s>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Table<'s> {
    pub aligns: Vec<Align>,
    /// Row 0 is the header row.
    pub rows: Vec<Vec<Inlines<'s>>>,
}

/// Reads `source` (already free of characters XML forbids) into blocks.
#[cfg(test)]
pub(super) fn read(source: &str) -> Vec<Block<'_>> {
    blocks(source).collect()
}

/// [`read`] one block at a time, each as soon as the reader has closed it.
pub(super) fn blocks(source: &str) -> impl Iterator<Item = Block<'_>> {
    shared::blocks(source).filter_map(block)
}

/// The converter's block for `block`; `None` when it shows no text.
fn block(block: shared::Block<'_>) -> Option<Block<'_>> {
    let mut block = match block {
        shared::Block::Heading {
            level,
            inlines,
            source,
        } => Block::Heading {
            level,
            content: pieces(&inlines, false),
            source,
        },
        shared::Block::Paragraph {
            kind,
            inlines,
            source,
        } => Block::Paragraph {
            content: pieces(&inlines, kind == ParagraphKind::Code),
            source,
        },
        shared::Block::Table(table) => {
            if table.rows.is_empty() {
                return None;
            }
            return Some(Block::Table(Table {
                aligns: table.aligns,
                rows: table
                    .rows
                    .iter()
                    .map(|row| row.iter().map(|cell| pieces(cell, false)).collect())
                    .collect(),
            }));
        }
    };
    let (Block::Heading { content, .. } | Block::Paragraph { content, .. }) = &mut block else {
        unreachable!("tables returned above")
    };
    // Code and HTML blocks end in a newline, which is no line of text.
    while content.last() == Some(&Piece::HardBreak) {
        content.pop();
    }
    content
        .iter()
        .any(|p| matches!(p, Piece::Text { text, .. } if !text.trim().is_empty()))
        .then_some(block)
}

/// The runs of `inlines`; `code` when they are the lines of a code block.
fn pieces<'s>(inlines: &[Inline<'s>], code: bool) -> Inlines<'s> {
    let mut runs = Runs {
        content: Vec::new(),
        strong: 0,
    };
    for inline in inlines {
        match inline {
            Inline::Text { text, .. } if code => runs.code_text(text.clone()),
            Inline::Text { text, .. }
            | Inline::Object {
                text, lines: false, ..
            } => runs.text(text.clone()),
            Inline::Object { text, .. } => runs.code_text(text.clone()),
            Inline::Delimiter { delimiter, .. } => {
                runs.text(Cow::Owned(delimiter.encode_utf8(&mut [0; 4]).to_owned()));
            }
            Inline::ListNumber { text, .. } => runs.text_plain(text),
            Inline::TaskMarker { done } => {
                runs.text(Cow::Borrowed(if *done { "[x] " } else { "[ ] " }));
            }
            Inline::SoftBreak { .. } => runs.push(Piece::SoftBreak),
            Inline::HardBreak { .. } => runs.push(Piece::HardBreak),
            Inline::StrongStart => runs.strong += 1,
            Inline::StrongEnd => runs.strong = runs.strong.saturating_sub(1),
            // Links and images show only their text.
            Inline::WrapperStart | Inline::ImageStart { .. } | Inline::ImageEnd => {}
        }
    }
    runs.content
}

/// Pieces being gathered for one block.
struct Runs<'s> {
    content: Inlines<'s>,
    /// Depth of `**` nesting.
    strong: usize,
}

impl<'s> Runs<'s> {
    /// Code and HTML keep their line structure: each newline is a break.
    fn code_text(&mut self, text: Cow<'s, str>) {
        match text {
            Cow::Borrowed(text) => self.code_lines(text.split('\n').map(Cow::Borrowed)),
            Cow::Owned(text) => self.code_lines(text.split('\n').map(|l| Cow::Owned(l.to_owned()))),
        }
    }

    fn code_lines(&mut self, lines: impl Iterator<Item = Cow<'s, str>>) {
        let mut lines = lines.peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                self.text(line);
            }
            if lines.peek().is_some() {
                self.push(Piece::HardBreak);
            }
        }
    }

    /// An ordered item's number: never bold, whatever follows.
    fn text_plain(&mut self, text: &'s str) {
        self.push(Piece::Text {
            text: Cow::Borrowed(text),
            strong: false,
        });
    }

    fn text(&mut self, text: Cow<'s, str>) {
        let strong = self.strong > 0;
        // Escapes split text into several inlines; keep one piece per run
        // of equally formatted text.
        if let Some(Piece::Text {
            text: last,
            strong: last_strong,
        }) = self.content.last_mut()
            && *last_strong == strong
        {
            last.to_mut().push_str(&text);
            return;
        }
        self.content.push(Piece::Text { text, strong });
    }

    fn push(&mut self, piece: Piece<'s>) {
        match (&piece, self.content.last_mut()) {
            (
                Piece::Text { text, strong },
                Some(Piece::Text {
                    text: last,
                    strong: last_strong,
                }),
            ) if strong == last_strong => last.to_mut().push_str(text),
            _ => self.content.push(piece),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Piece<'_> {
        Piece::Text {
            text: t.into(),
            strong: false,
        }
    }

    fn contents(src: &str) -> Vec<Inlines<'_>> {
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
