//! 公文 elements → WordprocessingML paragraphs and tables ([`super::wordml`]):
//! one method per kind of element. Paragraph styles carry the layout and the
//! character formatting (see [`super::layout`]); a run names a character
//! style only where it differs from its paragraph — a run-in lead, the
//! speech's bracketed line — and carries `w:hint` where its text needs it.
//! Nothing in the package names a theme font, so the styles' `w:eastAsia`
//! is the font Word, WPS and LibreOffice use (a theme attribute would
//! override it).

use super::classify::{Element, Lead, Level, Segment, SubtitleLine, TableElement, plain};
use super::frame;
use super::layout::{self, ONE_CHAR};
use super::pagination;
use super::style::StyleProfile;
use super::table;
use super::text::display_width;
use super::title;
use super::wordml::{self, ParagraphProps, Spacing};
use crate::conventions::document::{NoteItem, attachment_label, note_items};

/// Writes the blocks of the document body from classified elements.
pub(super) struct Converter<'p> {
    profile: &'p StyleProfile,
    body: String,
    /// Whether the block being written keeps with the next one.
    keep_next: bool,
}

impl<'p> Converter<'p> {
    /// A converter writing after `body` (the start of the document part).
    pub(super) fn new(profile: &'p StyleProfile, body: String) -> Self {
        Converter {
            profile,
            body,
            keep_next: false,
        }
    }

    /// Converts every element, in order, and returns the body so far.
    ///
    /// The 落款 never stands alone on a page (GB/T 9704 7.3.5: the page of
    /// the 落款 carries body text): its lines keep together (the style's
    /// `w:keepNext`), and the block before it keeps with them.
    pub(super) fn convert(mut self, elements: &[Element]) -> String {
        for (i, element) in elements.iter().enumerate() {
            self.keep_next = matches!(elements.get(i + 1), Some(Element::Signature(_)));
            self.element(element);
        }
        self.body
    }

    /// Converts the elements of a draft sent as a 公文 ([`frame`]): the
    /// 版头 first; the paragraph holding the 落款's text (and the one
    /// holding the 附注) written from `sent` in their 9704 places; an
    /// `附件：` paragraph as the 附件说明; a lone `附件1` line before a
    /// title as an attachment page; the 版记 last, where
    /// [`frame::imprint_place`] puts it (returned with the body).
    pub(super) fn convert_sent(
        mut self,
        elements: &[Element],
        sent: &frame::Frame,
    ) -> (String, Option<frame::ImprintPlace>) {
        if sent.has_masthead() {
            frame::masthead(&mut self.body, sent, self.profile);
        }
        let closing_text = format!("{}{}", sent.signatures().collect::<String>(), sent.date);
        let is_closing = |e: &Element| match e {
            Element::Signature(lines) => lines.concat() == closing_text,
            Element::Paragraph {
                lead: None,
                content,
            } => plain(content) == closing_text,
            _ => false,
        };
        let is_note = |e: &Element| match (e, &sent.note) {
            (
                Element::Paragraph {
                    lead: None,
                    content,
                },
                Some(note),
            ) => plain(content) == *note,
            _ => false,
        };
        let closing_at = elements.iter().position(is_closing);
        // The block before the 落款 keeps with it; so does the one before an
        // 附件说明 right above the 落款, which keeps with the 落款 itself.
        let kept = closing_at.map(|at| {
            let note_above = at > 0
                && matches!(&elements[at - 1], Element::Paragraph { lead: None, content }
                    if attachment_items(content).is_some());
            if note_above { at - 1 } else { at }
        });
        let mut wrote_closing = false;
        for (i, element) in elements.iter().enumerate() {
            self.keep_next = kept == Some(i + 1);
            if Some(i) == closing_at {
                frame::closing(&mut self.body, sent, self.profile);
                wrote_closing = true;
                continue;
            }
            if is_note(element) && wrote_closing {
                continue;
            }
            if let Element::Paragraph {
                lead: None,
                content,
            } = element
            {
                let text = plain(content);
                if attachment_label(&text).is_some()
                    && matches!(elements.get(i + 1), Some(Element::TitleBlock { .. }))
                {
                    frame::attachment_heading(&mut self.body, &text, self.profile);
                    continue;
                }
                if sent.addressee.as_deref() == Some(text.as_str()) {
                    frame::addressee(&mut self.body, &text, self.profile);
                    continue;
                }
                if let Some(items) = attachment_items(content) {
                    frame::attachment_note(&mut self.body, &items, self.profile);
                    continue;
                }
            }
            self.element(element);
        }
        if !wrote_closing {
            frame::closing(&mut self.body, sent, self.profile);
        }
        let mut place = None;
        if sent.has_imprint() {
            let end = pagination::body_end(&self.body, self.profile);
            let imprint = frame::imprint_place(end, sent, self.profile);
            if let frame::ImprintPlace::EvenPage { .. } = imprint {
                frame::section_break(&mut self.body, &layout::section_xml(self.profile));
            }
            frame::imprint(&mut self.body, sent, self.profile, imprint);
            place = Some(imprint);
        }
        (self.body, place)
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
        let mut props = ParagraphProps {
            style: Some(layout::TITLE),
            ..ParagraphProps::default()
        };
        if lines.is_empty() {
            props.spacing = Some(self.line_after());
        }
        let title = self.title_lines(title);
        wordml::paragraph(&mut self.body, &props, |out| {
            wordml::segments(out, &title);
        });
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
        let props = ParagraphProps {
            style: Some(layout::SUBTITLE),
            spacing: last.then(|| self.line_after()),
            ..ParagraphProps::default()
        };
        wordml::paragraph(&mut self.body, &props, |out| {
            wordml::run(out, &line.text, line.kai.then_some(layout::SUBTITLE_KAI));
        });
    }

    /// A heading on a line of its own: 黑体 for `一、`, 楷体 for `（一）`, 仿宋 below.
    fn heading(&mut self, level: Level, content: &[Segment]) {
        let props = ParagraphProps {
            style: Some(layout::HEADINGS[level as usize]),
            keep_next: self.keep_next,
            ..ParagraphProps::default()
        };
        wordml::paragraph(&mut self.body, &props, |out| wordml::segments(out, content));
    }

    /// A body paragraph, its run-in lead (if any) in the character style of
    /// the lead's level: 黑体 for `一、`, 楷体 for `（一）`, 仿宋 below and
    /// for a lead without a number.
    fn paragraph(&mut self, lead: Option<&Lead>, content: &[Segment]) {
        let props = ParagraphProps {
            keep_next: self.keep_next,
            ..ParagraphProps::default()
        };
        wordml::paragraph(&mut self.body, &props, |out| {
            if let Some(lead) = lead {
                let style = match lead.level {
                    Some(Level::One) => layout::LEADS[0],
                    Some(Level::Two) => layout::LEADS[1],
                    _ => layout::LEADS[2],
                };
                wordml::run(out, &lead.text, Some(style));
            }
            wordml::segments(out, content);
        });
    }

    fn salutation(&mut self, text: &str) {
        let props = ParagraphProps {
            style: Some(layout::SALUTATION),
            keep_next: self.keep_next,
            ..ParagraphProps::default()
        };
        wordml::paragraph(&mut self.body, &props, |out| wordml::run(out, text, None));
    }

    /// GB/T 9704: the date 右空四字, the signature centred over the date (and
    /// at least 右空二字 when it is the longer, the date moving with it).
    fn signature(&mut self, lines: &[String]) {
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
            let props = ParagraphProps {
                style: Some(layout::SIGNATURE),
                // One blank line between the body and the signature.
                spacing: (i == 0).then(|| self.spacing(self.line(), 0)),
                indent: Some((0, inset + shift)),
                ..ParagraphProps::default()
            };
            wordml::paragraph(&mut self.body, &props, |out| wordml::run(out, line, None));
        }
    }

    fn table(&mut self, table: &TableElement) {
        table::write(&mut self.body, table, self.profile, self.keep_next);
    }

    fn line(&self) -> u32 {
        self.profile.line_spacing.0
    }

    fn spacing(&self, before: u32, after: u32) -> Spacing {
        Spacing {
            before,
            after,
            line: self.line(),
        }
    }

    fn line_after(&self) -> Spacing {
        self.spacing(0, self.line())
    }
}

/// The lines of an `附件：` paragraph (the 附件说明), read by
/// [`crate::conventions::document::note_items`].
fn attachment_items(content: &[Segment]) -> Option<Vec<NoteItem>> {
    let mut lines = vec![String::new()];
    for segment in content {
        match segment {
            Segment::Text(t) => lines.last_mut().unwrap().push_str(t),
            Segment::Break => lines.push(String::new()),
        }
    }
    note_items(lines.iter().map(String::as_str))
}
