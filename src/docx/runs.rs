//! Runs and paragraph content shared by the body ([`super::convert`]), the
//! tables ([`super::table`]) and the footers ([`super::layout`]): a leaf
//! module, so that none of those imports another for these helpers.

use docx_rs::{BreakType, Paragraph, Run, RunFonts};

use super::classify::Segment;
use super::text::needs_east_asia_hint;

/// A run of `text` in its paragraph's formatting, or in the character style
/// `style`; tabs become `w:tab`.
pub fn run(text: &str, style: Option<&str>) -> Run {
    let mut run = Run::new();
    if let Some(style) = style {
        run = run.style(style);
    }
    if needs_east_asia_hint(text) {
        run = run.fonts(RunFonts::new().hint("eastAsia"));
    }
    for (i, part) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !part.is_empty() {
            run = run.add_text(part);
        }
    }
    run
}

/// Adds `segments` to `paragraph` as runs in its formatting, breaks as `w:br`.
pub fn append(mut paragraph: Paragraph, segments: &[Segment]) -> Paragraph {
    for segment in segments {
        paragraph = paragraph.add_run(match segment {
            Segment::Text(text) => run(text, None),
            Segment::Break => Run::new().add_break(BreakType::TextWrapping),
        });
    }
    paragraph
}
