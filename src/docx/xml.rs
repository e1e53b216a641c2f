//! Small edits on the XML docx-rs writes, done as text: escaping, swapping
//! the section properties, marking table header rows, and renumbering the ids
//! docx-rs draws from counters so that equal input gives equal bytes.
//!
//! docx-rs's output is regular (no comments, no CDATA, attribute values in
//! double quotes, text escaped), which is what makes plain text edits safe here.

use std::borrow::Cow;
use std::collections::HashMap;

/// Escapes text for an XML attribute or element.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Replaces the body's last `w:sectPr` with `section`; `None` if there is none.
pub fn replace_section(document: &str, section: &str) -> Option<String> {
    let start = document.rfind("<w:sectPr")?;
    let end = document[start..].find("</w:sectPr>")? + start + "</w:sectPr>".len();
    Some([&document[..start], section, &document[end..]].concat())
}

/// Makes the first row of every table repeat on each page. Each row carries
/// `w:cantSplit` (set by the converter), so the first one after `<w:tbl>` is
/// the header row's.
pub fn mark_header_rows(document: &str) -> String {
    const TABLE: &str = "<w:tbl>";
    const CANT_SPLIT: &str = "<w:cantSplit />";
    let mut out = String::with_capacity(document.len() + 64);
    let mut rest = document;
    while let Some(t) = rest.find(TABLE) {
        let Some(c) = rest[t..].find(CANT_SPLIT).map(|c| c + t + CANT_SPLIT.len()) else {
            break;
        };
        out.push_str(&rest[..c]);
        out.push_str("<w:tblHeader />");
        rest = &rest[c..];
    }
    out.push_str(rest);
    out
}

/// Gives each distinct value of an id attribute a new number in order of
/// first appearance, so pairs (bookmark start/end, a paragraph referenced
/// twice) stay pairs. One numbering can span several parts.
#[derive(Default)]
pub struct Renumber {
    seen: HashMap<String, u32>,
}

impl Renumber {
    /// Rewrites every `needle` (` w14:paraId="`, ` w:id="`) value in `xml`.
    pub fn apply(&mut self, xml: &str, needle: &str, format: fn(u32) -> String) -> String {
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml;
        while let Some(at) = rest.find(needle) {
            let value_start = at + needle.len();
            let Some(len) = rest[value_start..].find('"') else {
                break;
            };
            let old = &rest[value_start..value_start + len];
            let next = self.seen.len() as u32 + 1;
            let new = *self.seen.entry(old.to_owned()).or_insert(next);
            out.push_str(&rest[..value_start]);
            out.push_str(&format(new));
            rest = &rest[value_start + len..];
        }
        out.push_str(rest);
        out
    }
}

/// `w14:paraId` values: eight hex digits below 0x80000000.
pub fn para_id(n: u32) -> String {
    format!("{n:08X}")
}

pub fn decimal_id(n: u32) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renumbering_keeps_pairs_and_order() {
        let xml = r#"<a w:id="7"/><b w:id="3"/><c w:id="7"/>"#;
        let out = Renumber::default().apply(xml, r#" w:id=""#, decimal_id);
        assert_eq!(out, r#"<a w:id="1"/><b w:id="2"/><c w:id="1"/>"#);
    }

    #[test]
    fn paragraph_ids_continue_across_parts() {
        let mut r = Renumber::default();
        let a = r.apply(
            r#"<w:p w14:paraId="0000002a">"#,
            r#" w14:paraId=""#,
            para_id,
        );
        let b = r.apply(
            r#"<w:p w14:paraId="00000007">"#,
            r#" w14:paraId=""#,
            para_id,
        );
        assert_eq!(a, r#"<w:p w14:paraId="00000001">"#);
        assert_eq!(b, r#"<w:p w14:paraId="00000002">"#);
    }

    #[test]
    fn header_row_is_the_first_row_of_each_table() {
        let row = "<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>";
        let doc = format!("<w:tbl>{row}{row}</w:tbl><w:tbl>{row}</w:tbl>");
        let out = mark_header_rows(&doc);
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with("<w:tbl><w:tr><w:trPr><w:cantSplit /><w:tblHeader />"));
    }

    #[test]
    fn section_is_swapped() {
        let doc = "<w:body><w:p/><w:sectPr><w:pgSz/></w:sectPr></w:body>";
        assert_eq!(
            replace_section(doc, "<w:sectPr/>").unwrap(),
            "<w:body><w:p/><w:sectPr/></w:body>"
        );
        assert!(replace_section("<w:body/>", "").is_none());
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
