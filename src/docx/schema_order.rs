//! Puts the children of `w:pPr` and `w:rPr` in ECMA-376 sequence order.
//!
//! docx-rs writes them in its own order (`w:sz` and `w:b` before
//! `w:rFonts`, `w:rPr` first in `w:pPr`). LibreOffice does not mind, but Word
//! silently drops run properties that come out of sequence — the Chinese font
//! among them — and Word for the web refuses the file. Empty `<w:rPr />`
//! elements, which docx-rs writes on every paragraph and run, are dropped on
//! the way. [`super::xml`] calls this for each property element in its one
//! pass over a part.

use memchr::memmem;

/// CT_PPr's sequence (ECMA-376 Part 1, 17.3.1.26).
const PPR: &[&str] = &[
    "w:pStyle",
    "w:keepNext",
    "w:keepLines",
    "w:pageBreakBefore",
    "w:framePr",
    "w:widowControl",
    "w:numPr",
    "w:suppressLineNumbers",
    "w:pBdr",
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
];

/// CT_RPr / CT_ParaRPr's sequence (17.3.2.28, 17.3.1.29).
const RPR: &[&str] = &[
    "w:ins",
    "w:del",
    "w:moveFrom",
    "w:moveTo",
    "w:rStyle",
    "w:rFonts",
    "w:b",
    "w:bCs",
    "w:i",
    "w:iCs",
    "w:caps",
    "w:smallCaps",
    "w:strike",
    "w:dstrike",
    "w:outline",
    "w:shadow",
    "w:emboss",
    "w:imprint",
    "w:noProof",
    "w:snapToGrid",
    "w:vanish",
    "w:webHidden",
    "w:color",
    "w:spacing",
    "w:w",
    "w:kern",
    "w:position",
    "w:sz",
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
    "w:rPrChange",
];

/// Writes the property element at the start of `xml` — `<w:pPr>…</w:pPr>` or
/// `<w:rPr>…</w:rPr>` — to `out` with its children in sequence order, or
/// nothing if it has none, and returns how many bytes of `xml` it took.
/// `None` when `xml` starts with neither (or the element is not closed).
pub fn push_property(out: &mut Vec<u8>, xml: &[u8]) -> Option<usize> {
    const EMPTY: &[u8] = b"<w:rPr />";
    if xml.starts_with(EMPTY) {
        return Some(EMPTY.len());
    }
    let (open, close, order): (&[u8], &[u8], _) = if xml.starts_with(b"<w:pPr>") {
        (b"<w:pPr>", b"</w:pPr>", PPR)
    } else if xml.starts_with(b"<w:rPr>") {
        (b"<w:rPr>", b"</w:rPr>", RPR)
    } else {
        return None;
    };
    let inner_len = memmem::find(&xml[open.len()..], close)?;
    let inner = &xml[open.len()..open.len() + inner_len];
    let before = out.len();
    out.extend_from_slice(open);
    if push_sorted_children(out, inner, order) {
        out.extend_from_slice(close);
    } else {
        out.truncate(before);
    }
    Some(open.len() + inner_len + close.len())
}

/// Appends the children of a property element, stably sorted by their
/// place in `order` (unknown elements last; a nested `w:rPr` sorted too).
/// Returns whether there were any.
fn push_sorted_children(out: &mut Vec<u8>, inner: &[u8], order: &[&str]) -> bool {
    let mut children: Vec<(usize, &[u8])> = Vec::with_capacity(8);
    let mut rest = inner.trim_ascii_start();
    while rest.starts_with(b"<") {
        let name_end = rest
            .iter()
            .position(|b| matches!(b, b' ' | b'/' | b'>'))
            .unwrap_or(rest.len());
        let name = &rest[1..name_end];
        let tag_end = memchr::memchr(b'>', rest).map_or(rest.len(), |i| i + 1);
        let end = if rest[..tag_end].ends_with(b"/>") {
            tag_end
        } else {
            // Property children nest only `w:rPr`'s own children; the first
            // closing tag of the same name ends the element.
            let close_at = memmem::find_iter(&rest[tag_end..], b"</")
                .find(|i| rest[tag_end + i + 2..].starts_with(name))
                .map(|i| tag_end + i);
            close_at.map_or(rest.len(), |i| i + name.len() + 3)
        };
        let element = &rest[..end];
        if element != b"<w:rPr />" {
            let rank = order
                .iter()
                .position(|n| n.as_bytes() == name)
                .unwrap_or(order.len());
            children.push((rank, element));
        }
        rest = rest[end..].trim_ascii_start();
    }
    children.sort_by_key(|(rank, _)| *rank);
    let any = !children.is_empty();
    for (_, element) in children {
        if element.starts_with(b"<w:rPr>") {
            push_property(out, element);
        } else {
            out.extend_from_slice(element);
        }
    }
    out.extend_from_slice(rest);
    any || !rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property element of `xml` in sequence order.
    fn canonicalize(xml: &str) -> String {
        let xml = xml.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < xml.len() {
            match push_property(&mut out, &xml[at..]) {
                Some(used) => at += used,
                None => {
                    out.push(xml[at]);
                    at += 1;
                }
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn run_properties_put_fonts_first() {
        let xml = r#"<w:r><w:rPr><w:sz w:val="32" /><w:b /><w:rFonts w:eastAsia="黑体" /></w:rPr><w:t>x</w:t></w:r>"#;
        assert_eq!(
            canonicalize(xml),
            r#"<w:r><w:rPr><w:rFonts w:eastAsia="黑体" /><w:b /><w:sz w:val="32" /></w:rPr><w:t>x</w:t></w:r>"#
        );
    }

    #[test]
    fn paragraph_properties_put_the_style_first_and_mark_run_last() {
        let xml = r#"<w:p><w:pPr><w:rPr><w:sz w:val="2" /><w:rFonts /></w:rPr><w:jc w:val="left" /><w:ind w:left="0" /><w:pStyle w:val="Title" /></w:pPr></w:p>"#;
        assert_eq!(
            canonicalize(xml),
            r#"<w:p><w:pPr><w:pStyle w:val="Title" /><w:ind w:left="0" /><w:jc w:val="left" /><w:rPr><w:rFonts /><w:sz w:val="2" /></w:rPr></w:pPr></w:p>"#
        );
    }

    #[test]
    fn empty_properties_vanish() {
        assert_eq!(
            canonicalize("<w:p><w:pPr><w:rPr /></w:pPr><w:r><w:rPr /><w:br /></w:r></w:p>"),
            "<w:p><w:r><w:br /></w:r></w:p>"
        );
    }
}
