//! Markdown → DOCX laid out as a 公文 (GB/T 9704-2012).
//!
//! The pipeline, one module each:
//!
//! 1. `markdown` reads CommonMark (with pipe tables) into flat blocks;
//! 2. `classify` decides what each block is in the project's conventions —
//!    title block, heading level by numbering prefix, run-in lead, salutation,
//!    signature — and resolves soft line breaks;
//! 3. `convert` lays the elements out as WordprocessingML paragraphs and
//!    tables, written directly by `wordml` (`title` breaks long titles,
//!    `table` writes tables);
//! 4. `layout` writes the page setup, styles, settings, font table, theme
//!    and footers;
//! 5. `package` zips a byte-identical package (`archive`).
//!
//! The settings an office may change live in [`StyleProfile`], documented
//! key by key in `templates/style.yaml`.

mod archive;
mod classify;
pub(crate) mod comments;
mod convert;
mod frame;
mod layout;
mod markdown;
mod package;
mod pagination;
pub mod readback;
mod style;
mod table;
mod text;
mod title;
pub(crate) mod tracked;
mod wordml;
pub(crate) mod xml;

pub use frame::Frame;
pub use style::{Fonts, LineSpacing, PageNumberPosition, StyleError, StyleProfile};

/// Document metadata written to `docProps/core.xml`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocProps {
    /// The document title (core property `dc:title`).
    pub title: String,
    /// The author (core property `dc:creator`).
    pub author: Option<String>,
    /// The document date (成文日期): also the created and modified time.
    pub date: chrono::NaiveDate,
}

/// Why no DOCX could be made.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    #[error("排版样式有误：{0}")]
    /// The style profile is invalid.
    Style(#[from] StyleError),
    #[error("DOCX 写入失败：{0}")]
    /// Reading or writing a file failed.
    Io(#[from] std::io::Error),
}

/// What the converter makes of each block of `markdown` (title, title-block
/// line, heading level, lead, body, table cell…) and the text it shows, in
/// order; the lint's
/// [`crate::lint::roles`] must agree on every golden draft.
pub fn roles(markdown: &str) -> Vec<crate::conventions::blocks::Classified> {
    let source = text::strip_xml_forbidden(markdown);
    classify::roles(&classify::classify(markdown::blocks(&source), &source))
}

/// Converts a Markdown draft to the bytes of a DOCX file.
///
/// The same input gives the same bytes, whatever the thread, the process or
/// what was built before.
pub fn markdown_to_docx(
    markdown: &str,
    props: &DocProps,
    style: &StyleProfile,
) -> Result<Vec<u8>, DocxError> {
    markdown_to_gongwen(markdown, props, None, style)
}

/// Converts a Markdown draft whose changes are marked (`tracked::marks`)
/// to a DOCX with those changes as Word tracked changes, dated the draft's
/// date.
pub(crate) fn markdown_to_redline(
    markdown: &str,
    props: &DocProps,
    sent: Option<&Frame>,
    style: &StyleProfile,
) -> Result<Vec<u8>, DocxError> {
    tracked::redline(props.date, || {
        markdown_to_gongwen(markdown, props, sent, style)
    })
}

/// Converts a Markdown draft whose numbers carry marks (see [`comments`])
/// to a DOCX with a Word comment on each: `notes[i]` is the text of the
/// comment on the numbers marked `i`. Without marks it is
/// [`markdown_to_gongwen`] exactly.
pub(crate) fn markdown_to_gongwen_annotated(
    markdown: &str,
    props: &DocProps,
    sent: Option<&Frame>,
    style: &StyleProfile,
    notes: &[String],
) -> Result<Vec<u8>, DocxError> {
    gongwen(markdown, props, sent, style, notes, false).map(|(bytes, _)| bytes)
}

/// [`markdown_to_gongwen_annotated`], and the text of the body's paragraphs
/// as [`readback::paragraphs`] reads it from the file, taken before zipping.
pub(crate) fn gongwen_with_text(
    markdown: &str,
    props: &DocProps,
    sent: Option<&Frame>,
    style: &StyleProfile,
    notes: &[String],
) -> Result<(Vec<u8>, Vec<String>), DocxError> {
    gongwen(markdown, props, sent, style, notes, true)
        .map(|(bytes, text)| (bytes, text.unwrap_or_default()))
}

fn gongwen(
    markdown: &str,
    props: &DocProps,
    sent: Option<&Frame>,
    style: &StyleProfile,
    notes: &[String],
    with_text: bool,
) -> Result<(Vec<u8>, Option<Vec<String>>), DocxError> {
    style.check()?;
    let source = text::strip_xml_forbidden(markdown);
    let elements = classify::classify(markdown::blocks(&source), &source);
    // The body's XML is about two and a half times its Markdown: room for
    // three, so that it is not copied while it grows.
    let mut body = String::with_capacity(source.len() * 3 + 4096);
    wordml::document_start(&mut body);
    let converter = convert::Converter::new(style, body);
    let (mut body, place) = match sent {
        Some(sent) => converter.convert_sent(&elements, sent),
        None => (converter.convert(&elements), None),
    };
    // The 版记 in a section of its own, or on the body's last page.
    let (section, blank_footer) = match place {
        Some(frame::ImprintPlace::EvenPage { numbered }) => {
            (frame::imprint_section(style, numbered), !numbered)
        }
        Some(frame::ImprintPlace::LastPage { .. }) | None => (layout::section_xml(style), false),
    };
    wordml::document_end(&mut body, &section);
    // Each step frees what it leaves behind before the next allocates, so
    // the next reuses memory still in cache (a few per cent of the time).
    drop(elements);
    let (body, comments) = comments::attach(body, notes, props.date);
    // What wengao writes is well-formed: the reading cannot fail.
    let text =
        with_text.then(|| readback::document_paragraphs(body.as_bytes()).unwrap_or_default());
    let mut parts = package::parts(body, blank_footer, props, style);
    if let Some(comments) = comments {
        comments::add_part(&mut parts, comments);
    }
    Ok((package::zip(&parts, props.date)?, text))
}

/// Converts a Markdown draft to the bytes of a DOCX file, sent as a 公文
/// in the parts of `sent` (版头, 落款, 附注, 版记) when it is given.
pub fn markdown_to_gongwen(
    markdown: &str,
    props: &DocProps,
    sent: Option<&Frame>,
    style: &StyleProfile,
) -> Result<Vec<u8>, DocxError> {
    markdown_to_gongwen_annotated(markdown, props, sent, style, &[])
}
