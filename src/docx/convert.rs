//! 公文 elements → docx-rs paragraphs and tables: one method per kind of
//! element. Paragraph styles carry the layout and the character formatting
//! (see [`super::layout`]); a run names a character style only where it
//! differs from its paragraph — a run-in lead, the speech's bracketed line —
//! and carries `w:hint` where its text needs it. Nothing in the package names
//! a theme font, so the styles' `w:eastAsia` is the font Word, WPS and
//! LibreOffice use (a theme attribute would override it).

use docx_rs::{Document, DocumentChild, LineSpacing, LineSpacingType, Paragraph};

use super::classify::{Element, Lead, Level, Segment, SubtitleLine, TableElement};
use super::layout::{self, ONE_CHAR};
use super::runs::{append, run};
use super::style::StyleProfile;
use super::table;
use super::text::display_width;
use super::title;

/// Builds the document body from classified elements.
///
/// The body is a docx-rs [`Document`], not a `Docx`: the package writes every
/// other part itself, and `Docx`'s by-value builder would move the whole
/// package (and `mem::take` would build a fresh default one) per paragraph.
pub struct Converter<'p> {
    profile: &'p StyleProfile,
    document: Document,
}

impl<'p> Converter<'p> {
    pub fn new(profile: &'p StyleProfile) -> Self {
        Converter {
            profile,
            document: Document::new(),
        }
    }

    /// Converts every element, in order.
    pub fn convert(mut self, elements: &[Element]) -> Document {
        for element in elements {
            self.element(element);
        }
        self.document
    }

    fn element(&mut self, element: &Element) {
        match element {
            Element::TitleBlock { title, lines } => self.title_block(title, lines),
            Element::Heading { level, content } => self.heading(*level, content),
            Element::Paragraph { lead, content } => self.paragraph(lead.as_ref(), content),
            Element::Salutation(text) => self.salutation(text),
            Element::Signature(lines) => self.signature(lines),
            Element::Table(table) => self.table(table),
        }
    }

    /// The title, then each line under it centred; one blank line follows the block.
    fn title_block(&mut self, title: &[Segment], lines: &[SubtitleLine]) {
        let title = append(
            Paragraph::new().style(layout::TITLE),
            &self.title_lines(title),
        );
        if lines.is_empty() {
            return self.push(self.with_line_after(title));
        }
        self.push(title);
        for (i, line) in lines.iter().enumerate() {
            self.subtitle_line(line, i + 1 == lines.len());
        }
    }

    /// A title without breaks of its own is broken into balanced lines.
    fn title_lines(&self, title: &[Segment]) -> Vec<Segment> {
        let [Segment::Text(text)] = title else {
            return title.to_vec();
        };
        let pitch = self.profile.title_half_points() as i32 * 10 + layout::character_spacing();
        // One character of slack: a title that exactly fills the line has
        // its last character wrapped alone by LibreOffice.
        let fits = (layout::TEXT_WIDTH as i32 / pitch) as usize;
        let capacity = fits.saturating_sub(1) * 2;
        let mut out = Vec::new();
        for (i, line) in title::break_title(text, capacity).into_iter().enumerate() {
            if i > 0 {
                out.push(Segment::Break);
            }
            out.push(Segment::Text(line));
        }
        out
    }

    /// A line under the title; a bracketed one (the speech's speaker or
    /// date) in 楷体.
    fn subtitle_line(&mut self, line: &SubtitleLine, last: bool) {
        let paragraph = Paragraph::new()
            .style(layout::SUBTITLE)
            .add_run(run(&line.text, line.kai.then_some(layout::SUBTITLE_KAI)));
        self.push(if last {
            self.with_line_after(paragraph)
        } else {
            paragraph
        });
    }

    /// A heading on a line of its own: 黑体 for `一、`, 楷体 for `（一）`, 仿宋 below.
    fn heading(&mut self, level: Level, content: &[Segment]) {
        let id = layout::HEADINGS[level as usize];
        let paragraph = append(Paragraph::new().style(id), content);
        self.push(paragraph);
    }

    /// A body paragraph, its run-in lead (if any) in the character style of
    /// the lead's level: 黑体 for `一、`, 楷体 for `（一）`, 仿宋 below and
    /// for a lead without a number.
    fn paragraph(&mut self, lead: Option<&Lead>, content: &[Segment]) {
        let mut paragraph = Paragraph::new();
        if let Some(lead) = lead {
            let style = match lead.level {
                Some(Level::One) => layout::LEADS[0],
                Some(Level::Two) => layout::LEADS[1],
                _ => layout::LEADS[2],
            };
            paragraph = paragraph.add_run(run(&lead.text, Some(style)));
        }
        let paragraph = append(paragraph, content);
        self.push(paragraph);
    }

    fn salutation(&mut self, text: &str) {
        let paragraph = Paragraph::new()
            .style(layout::SALUTATION)
            .add_run(run(text, None));
        self.push(paragraph);
    }

    /// GB/T 9704: the date 右空四字, the signature centred over the date (and
    /// at least 右空二字 when it is the longer, the date moving with it).
    ///
    /// The 落款 never stands alone on a page (GB/T 9704 7.3.5: the page of
    /// the 落款 carries body text): its lines keep together (the style's
    /// `w:keepNext`), and the last body block keeps with them.
    fn signature(&mut self, lines: &[String]) {
        self.keep_last_block_with_next();
        let width = |s: &str| display_width(s) as i32 * ONE_CHAR / 2;
        let date = lines.last().map_or(0, |d| width(d));
        let date_inset = 4 * ONE_CHAR;
        let insets: Vec<i32> = lines
            .iter()
            .map(|line| date_inset + (date - width(line)) / 2)
            .collect();
        let shift = insets
            .iter()
            .map(|i| (2 * ONE_CHAR - i).max(0))
            .max()
            .unwrap_or(0);
        for (i, (line, inset)) in lines.iter().zip(insets).enumerate() {
            let mut paragraph = Paragraph::new()
                .style(layout::SIGNATURE)
                .indent(Some(0), None, Some(inset + shift), None)
                .add_run(run(line, None));
            if i == 0 {
                // One blank line between the body and the signature.
                paragraph = paragraph.line_spacing(self.spacing(self.line(), 0));
            }
            self.push(paragraph);
        }
    }

    /// Marks the block before the next one to keep with it: a paragraph
    /// with `w:keepNext`, and widow control so that at least its last two
    /// lines move when the next block starts a page; a table on the
    /// paragraphs of its last row (how Word keeps a row with what follows).
    fn keep_last_block_with_next(&mut self) {
        let keep = |paragraph: &mut Paragraph| {
            paragraph.property.keep_next = Some(true);
            paragraph.property.widow_control = Some(true);
        };
        match self.document.children.last_mut() {
            Some(DocumentChild::Paragraph(paragraph)) => keep(paragraph),
            Some(DocumentChild::Table(table)) => {
                if let Some(docx_rs::TableChild::TableRow(row)) = table.rows.last_mut() {
                    for docx_rs::TableRowChild::TableCell(cell) in &mut row.cells {
                        for content in &mut cell.children {
                            if let docx_rs::TableCellContent::Paragraph(paragraph) = content {
                                keep(paragraph);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn table(&mut self, table: &TableElement) {
        let built = table::build(table, self.profile);
        self.document
            .children
            .push(DocumentChild::Table(Box::new(built)));
    }

    fn push(&mut self, paragraph: Paragraph) {
        self.document
            .children
            .push(DocumentChild::Paragraph(Box::new(paragraph)));
    }

    fn line(&self) -> u32 {
        self.profile.line_spacing.0
    }

    /// A full `w:spacing`: readers differ in how they merge a partial one with the style's.
    fn spacing(&self, before: u32, after: u32) -> LineSpacing {
        LineSpacing::new()
            .before(before)
            .after(after)
            .line(self.line() as i32)
            .line_rule(LineSpacingType::Exact)
    }

    fn with_line_after(&self, paragraph: Paragraph) -> Paragraph {
        paragraph.line_spacing(self.spacing(0, self.line()))
    }
}
