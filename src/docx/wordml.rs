//! WordprocessingML for the body and the footers, written directly as text
//! — the way [`super::layout`] writes the styles, settings and font table —
//! with every property element's children in ECMA-376 sequence order and
//! every text escaped. Only what the converter uses is here: paragraphs
//! with a style, keep-with-next, exact spacing, indents and alignment; runs
//! with a character style, the East Asian hint, text, tabs and breaks;
//! the page-number field; tables.

use std::fmt::Write as _;

use super::classify::Segment;
use super::text::needs_east_asia_hint;
use super::xml::escape_into;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The start of `word/document.xml`, up to the first block of the body.
pub(super) fn document_start(out: &mut String) {
    let _ = write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>"#
    );
}

/// The end of `word/document.xml`, after the body's `section` properties.
pub(super) fn document_end(out: &mut String, section: &str) {
    out.push_str(section);
    out.push_str("</w:body></w:document>");
}

/// A footer part holding `paragraph`.
pub(super) fn footer(paragraph: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraph}</w:ftr>"#
    )
}

/// Paragraph alignment (`w:jc`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Align {
    Left,
    Center,
    Right,
    Both,
}

impl Align {
    fn value(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Both => "both",
        }
    }
}

/// A paragraph's direct properties; what is unset comes from its style.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct ParagraphProps<'a> {
    pub style: Option<&'a str>,
    /// `w:keepNext` with widow control: the paragraph keeps with the next
    /// block, at least its last two lines moving when that block starts a
    /// page.
    pub keep_next: bool,
    /// Exact line pitch with space before and after, in twips.
    pub spacing: Option<Spacing>,
    /// Left and right indents in twips.
    pub indent: Option<(i32, i32)>,
    pub align: Option<Align>,
}

/// A full `w:spacing`: readers differ in how they merge a partial one with
/// the style's.
#[derive(Clone, Copy, Debug)]
pub(super) struct Spacing {
    pub before: u32,
    pub after: u32,
    pub line: u32,
}

/// Writes `<w:p>` with `props`, its content written by `content`.
pub(super) fn paragraph(
    out: &mut String,
    props: &ParagraphProps<'_>,
    content: impl FnOnce(&mut String),
) {
    // In a redline, the paragraph mark of a paragraph inserted or deleted
    // whole is marked too; that is known once its runs are written.
    let mut content = Some(content);
    let mut written = String::new();
    let mut mark = None;
    if let Some(before) = super::tracked::counts() {
        if let Some(content) = content.take() {
            content(&mut written);
        }
        mark = super::tracked::place_paragraph_mark(out, super::tracked::paragraph_mark(before));
    }
    out.push_str("<w:p>");
    // Where this paragraph's mark could be marked later, and whether it has
    // properties to put it in.
    let mut slot = out.len();
    let mut has_properties = false;
    let ParagraphProps {
        style,
        keep_next,
        spacing,
        indent,
        align,
    } = *props;
    if style.is_some()
        || keep_next
        || spacing.is_some()
        || indent.is_some()
        || align.is_some()
        || mark.is_some()
    {
        // CT_PPr's order: pStyle, keepNext, widowControl, spacing, ind, jc.
        out.push_str("<w:pPr>");
        if let Some(style) = style {
            out.push_str(r#"<w:pStyle w:val=""#);
            escape_into(out, style);
            out.push_str(r#""/>"#);
        }
        if keep_next {
            out.push_str(r#"<w:keepNext/><w:widowControl w:val="1"/>"#);
        }
        if let Some(Spacing {
            before,
            after,
            line,
        }) = spacing
        {
            let _ = write!(
                out,
                r#"<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="exact"/>"#
            );
        }
        if let Some((left, right)) = indent {
            let _ = write!(out, r#"<w:ind w:left="{left}" w:right="{right}"/>"#);
        }
        if let Some(align) = align {
            out.push_str(r#"<w:jc w:val=""#);
            out.push_str(align.value());
            out.push_str(r#""/>"#);
        }
        if let Some((_, mark)) = &mark {
            out.push_str(mark);
        }
        slot = out.len();
        has_properties = true;
        out.push_str("</w:pPr>");
    }
    match content {
        Some(content) => content(out),
        None => out.push_str(&written),
    }
    out.push_str("</w:p>");
    super::tracked::paragraph_written(out, slot, has_properties, mark.is_some());
}

/// A run of `text` in its paragraph's formatting, or in the character style
/// `style`; tabs become `w:tab`. Chinese punctuation that Unicode counts as
/// ambiguous (quotes, dashes) gets `w:hint="eastAsia"` so Word draws it in
/// the Chinese font.
pub(super) fn run(out: &mut String, text: &str, style: Option<&str>) {
    if super::tracked::applies(text) {
        super::tracked::runs(out, text, |out, piece, deleted| {
            text_run(out, piece, style, deleted);
        });
    } else {
        super::tracked::plain_run();
        text_run(out, text, style, false);
    }
}

/// One `w:r`; a deleted one holds `w:delText`.
fn text_run(out: &mut String, text: &str, style: Option<&str>, deleted: bool) {
    out.push_str("<w:r>");
    let hint = needs_east_asia_hint(text);
    if style.is_some() || hint {
        out.push_str("<w:rPr>");
        if let Some(style) = style {
            out.push_str(r#"<w:rStyle w:val=""#);
            escape_into(out, style);
            out.push_str(r#""/>"#);
        }
        if hint {
            out.push_str(r#"<w:rFonts w:hint="eastAsia"/>"#);
        }
        out.push_str("</w:rPr>");
    }
    let (open, close) = if deleted {
        (r#"<w:delText xml:space="preserve">"#, "</w:delText>")
    } else {
        (r#"<w:t xml:space="preserve">"#, "</w:t>")
    };
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            out.push_str("<w:tab/>");
        }
        if !part.is_empty() {
            out.push_str(open);
            escape_into(out, part);
            out.push_str(close);
        }
    }
    out.push_str("</w:r>");
}

/// `segments` as runs in the paragraph's formatting, breaks as `w:br`.
pub(super) fn segments(out: &mut String, segments: &[Segment]) {
    for segment in segments {
        match segment {
            Segment::Text(text) => run(out, text, None),
            Segment::Break => out.push_str("<w:r><w:br/></w:r>"),
        }
    }
}

/// The `PAGE` field, showing `1` until a reader updates it.
pub(super) fn page_field(out: &mut String) {
    out.push_str(concat!(
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r>"#,
        r#"<w:r><w:instrText xml:space="preserve">PAGE</w:instrText></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
        r#"<w:r><w:t>1</w:t></w:r>"#,
        r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_in_schema_order_and_text_escaped() {
        let mut out = String::new();
        let props = ParagraphProps {
            style: Some("Signature"),
            keep_next: true,
            spacing: Some(Spacing {
                before: 560,
                after: 0,
                line: 560,
            }),
            indent: Some((0, 1280)),
            align: Some(Align::Right),
        };
        paragraph(&mut out, &props, |out| {
            run(out, "a<b>&\t“c”", Some("Lead1"));
        });
        assert_eq!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="Signature"/><w:keepNext/><w:widowControl w:val="1"/><w:spacing w:before="560" w:after="0" w:line="560" w:lineRule="exact"/><w:ind w:left="0" w:right="1280"/><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:rStyle w:val="Lead1"/><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">a&lt;b&gt;&amp;</w:t><w:tab/><w:t xml:space="preserve">“c”</w:t></w:r></w:p>"#
        );
    }

    #[test]
    fn a_plain_paragraph_has_no_properties() {
        let mut out = String::new();
        paragraph(&mut out, &ParagraphProps::default(), |out| {
            segments(out, &[Segment::Text("甲".into()), Segment::Break]);
        });
        assert_eq!(
            out,
            r#"<w:p><w:r><w:t xml:space="preserve">甲</w:t></w:r><w:r><w:br/></w:r></w:p>"#
        );
    }
}
