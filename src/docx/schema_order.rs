//! Puts the children of `w:pPr` and `w:rPr` in ECMA-376 sequence order.
//!
//! docx-rs writes them in its own order (`w:sz` and `w:b` before
//! `w:rFonts`, `w:rPr` first in `w:pPr`). LibreOffice does not mind, but Word
//! silently drops run properties that come out of sequence — the Chinese font
//! among them — and Word for the web refuses the file. Empty `<w:rPr />`
//! elements, which docx-rs writes on every paragraph, are dropped on the way.

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

/// Rewrites every `w:pPr` and `w:rPr` of `xml` in sequence order.
pub fn canonicalize(xml: &str) -> String {
    const EMPTY: &str = "<w:rPr />";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    // Every property element opens with `<w:pPr>` or `<w:rPr>` (or is an
    // empty `<w:rPr />`): scan for the shared `Pr` once, not for each name.
    while let Some(found) = rest.find("Pr") {
        let Some(at) = found
            .checked_sub(4)
            .filter(|&at| rest[at..].starts_with("<w:"))
        else {
            out.push_str(&rest[..found + 2]);
            rest = &rest[found + 2..];
            continue;
        };
        let tail = &rest[at..];
        let (open, close, order) = if tail.starts_with("<w:pPr>") {
            ("<w:pPr>", "</w:pPr>", PPR)
        } else if tail.starts_with("<w:rPr>") {
            ("<w:rPr>", "</w:rPr>", RPR)
        } else if tail.starts_with(EMPTY) {
            out.push_str(&rest[..at]);
            rest = &rest[at + EMPTY.len()..];
            continue;
        } else {
            out.push_str(&rest[..found + 2]);
            rest = &rest[found + 2..];
            continue;
        };
        let inner_start = at + open.len();
        let Some(inner_len) = rest[inner_start..].find(close) else {
            break;
        };
        out.push_str(&rest[..at]);
        let inner = &rest[inner_start..inner_start + inner_len];
        let before = out.len();
        out.push_str(open);
        if push_sorted_children(&mut out, inner, order) {
            out.push_str(close);
        } else {
            out.truncate(before);
        }
        rest = &rest[inner_start + inner_len + close.len()..];
    }
    out.push_str(rest);
    out
}

/// Appends the children of a property element, stably sorted by their
/// place in `order` (unknown elements last; a nested `w:rPr` sorted too).
/// Returns whether there were any.
fn push_sorted_children(out: &mut String, inner: &str, order: &[&str]) -> bool {
    let mut children: Vec<(usize, &str)> = Vec::with_capacity(8);
    let mut rest = inner.trim_start();
    while rest.starts_with('<') {
        let name_end = rest.find([' ', '/', '>']).unwrap_or(rest.len());
        let name = &rest[1..name_end];
        let tag_end = rest.find('>').map_or(rest.len(), |i| i + 1);
        let end = if rest[..tag_end].ends_with("/>") {
            tag_end
        } else {
            // Property children nest only `w:rPr`'s own children; the first
            // closing tag of the same name ends the element.
            let close_at = rest[tag_end..]
                .match_indices("</")
                .find(|(i, _)| rest[tag_end + i + 2..].starts_with(name))
                .map(|(i, _)| tag_end + i);
            close_at.map_or(rest.len(), |i| i + name.len() + 3)
        };
        if &rest[..end] != "<w:rPr />" {
            let rank = order.iter().position(|n| *n == name).unwrap_or(order.len());
            children.push((rank, &rest[..end]));
        }
        rest = rest[end..].trim_start();
    }
    children.sort_by_key(|(rank, _)| *rank);
    let any = !children.is_empty();
    for (_, element) in children {
        if element.starts_with("<w:rPr>") {
            out.push_str(&canonicalize(element));
        } else {
            out.push_str(element);
        }
    }
    out.push_str(rest);
    any || !rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

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
