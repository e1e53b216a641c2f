//! Small edits on the XML docx-rs writes, done as text in one pass over each
//! part: properties in schema order, paragraph ids numbered in document order
//! (docx-rs draws them from a counter, and equal input must give equal
//! bytes), table header rows marked, and the section properties swapped.
//!
//! docx-rs's output is regular (no comments, no CDATA, attribute values in
//! double quotes, text escaped), which is what makes plain text edits safe
//! here. The parts are edited as bytes: every edit is at an ASCII tag, so
//! the UTF-8 docx-rs wrote stays valid without checking it again.

use std::borrow::Cow;
use std::io::Write as _;

use memchr::memmem;

use super::schema_order;

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

/// The paragraph id attribute docx-rs writes in every `<w:p …>` tag.
const PARA_ID: &[u8] = b" w14:paraId=\"";

/// Rewrites the parts of one document, numbering paragraph ids across them:
/// ids must be unique in the whole document, and docx-rs draws them from a
/// per-thread counter that other documents advance.
#[derive(Default)]
pub struct Rewriter {
    para_ids: u32,
}

impl Rewriter {
    /// A part with its properties in schema order, its paragraph ids
    /// numbered on from the previous part's, and the first row of each table
    /// marked to repeat as a header (every row carries `w:cantSplit`, so each
    /// has a `w:trPr`; docx-rs has no `w:tblHeader`).
    pub fn part(&mut self, part: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(part.len() + 64);
        self.scan(part, &mut out);
        out
    }

    /// The document part rewritten as [`Rewriter::part`] does, with the
    /// body's last `w:sectPr` replaced by `section`; `None` if there is none.
    pub fn body(&mut self, document: &[u8], section: &str) -> Option<Vec<u8>> {
        const SECT: &[u8] = b"<w:sectPr";
        const SECT_END: &[u8] = b"</w:sectPr>";
        let start = memmem::rfind(document, SECT)?;
        let end = start + memmem::find(&document[start..], SECT_END)? + SECT_END.len();
        let mut out = Vec::with_capacity(document.len() + section.len() + 512);
        self.scan(&document[..start], &mut out);
        out.extend_from_slice(section.as_bytes());
        out.extend_from_slice(&document[end..]);
        Some(out)
    }

    /// Copies `xml` to `out`, tag by tag (`<` opens nothing else in docx-rs's
    /// output), editing the few tags that need it.
    fn scan(&mut self, xml: &[u8], out: &mut Vec<u8>) {
        // `xml[..copied]` is in `out`; edits copy up to their start first.
        let mut copied = 0;
        let mut at = 0;
        let mut header_row = false;
        while let Some(found) = memchr::memchr(b'<', &xml[at..]) {
            let tag = at + found;
            let rest = &xml[tag..];
            at = tag + 1;
            if rest.starts_with(b"<w:p ") {
                let Some(value) = memchr::memchr(b'>', rest)
                    .and_then(|end| memmem::find(&rest[..end], PARA_ID))
                    .map(|i| tag + i + PARA_ID.len())
                else {
                    continue;
                };
                let Some(len) = memchr::memchr(b'"', &xml[value..]) else {
                    break;
                };
                out.extend_from_slice(&xml[copied..value]);
                self.para_ids += 1;
                // Eight hex digits below 0x80000000, as Word's are.
                let _ = write!(out, "{:08X}", self.para_ids);
                copied = value + len;
                at = copied;
            } else if rest.starts_with(b"<w:pPr>") || rest.starts_with(b"<w:rPr") {
                let start = out.len();
                out.extend_from_slice(&xml[copied..tag]);
                match schema_order::push_property(out, rest) {
                    Some(used) => {
                        copied = tag + used;
                        at = copied;
                    }
                    None => out.truncate(start),
                }
            } else if rest.starts_with(b"<w:tblPr>") {
                header_row = true;
            } else if header_row && rest.starts_with(b"<w:trPr>") {
                let Some(close) = memmem::find(rest, b"</w:trPr>") else {
                    break;
                };
                out.extend_from_slice(&xml[copied..tag + close]);
                out.extend_from_slice(b"<w:tblHeader />");
                copied = tag + close;
                at = copied;
                header_row = false;
            }
        }
        out.extend_from_slice(&xml[copied..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(r: &mut Rewriter, xml: &str) -> String {
        String::from_utf8(r.part(xml.as_bytes())).unwrap()
    }

    #[test]
    fn paragraph_ids_are_numbered_in_order() {
        let xml = r#"<w:p w14:paraId="0000002a"><w:r><w:t>甲</w:t></w:r></w:p><w:p w14:paraId="00000003"/>"#;
        assert_eq!(
            rewrite(&mut Rewriter::default(), xml),
            r#"<w:p w14:paraId="00000001"><w:r><w:t>甲</w:t></w:r></w:p><w:p w14:paraId="00000002"/>"#
        );
    }

    #[test]
    fn paragraph_ids_continue_across_parts() {
        let mut r = Rewriter::default();
        let a = rewrite(&mut r, r#"<w:p w14:paraId="0000002a">"#);
        let b = rewrite(&mut r, r#"<w:p w14:paraId="00000007">"#);
        assert_eq!(a, r#"<w:p w14:paraId="00000001">"#);
        assert_eq!(b, r#"<w:p w14:paraId="00000002">"#);
    }

    #[test]
    fn header_row_is_the_first_row_of_each_table() {
        let row = "<w:tr><w:trPr><w:cantSplit /></w:trPr></w:tr>";
        let table = format!("<w:tbl><w:tblPr><w:tblW /></w:tblPr>{row}{row}</w:tbl>");
        let doc = format!("{table}{table}");
        let out = rewrite(&mut Rewriter::default(), &doc);
        assert_eq!(out.matches("<w:tblHeader />").count(), 2);
        assert!(out.starts_with(
            "<w:tbl><w:tblPr><w:tblW /></w:tblPr><w:tr><w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>"
        ));
    }

    #[test]
    fn section_is_swapped() {
        let doc = "<w:body><w:p/><w:sectPr><w:pgSz/></w:sectPr></w:body>";
        let mut r = Rewriter::default();
        let out = r.body(doc.as_bytes(), "<w:sectPr/>").unwrap();
        assert_eq!(out, b"<w:body><w:p/><w:sectPr/></w:body>");
        assert!(r.body(b"<w:body/>", "").is_none());
    }

    #[test]
    fn properties_are_put_in_order_and_empty_ones_dropped() {
        let doc = r#"<w:p w14:paraId="x"><w:pPr><w:rPr /><w:jc w:val="left" /><w:pStyle w:val="A" /></w:pPr><w:r><w:rPr /><w:t>“</w:t></w:r><w:r><w:rPr><w:rFonts w:hint="eastAsia" /><w:rStyle w:val="B" /></w:rPr></w:r></w:p>"#;
        assert_eq!(
            rewrite(&mut Rewriter::default(), doc),
            r#"<w:p w14:paraId="00000001"><w:pPr><w:pStyle w:val="A" /><w:jc w:val="left" /></w:pPr><w:r><w:t>“</w:t></w:r><w:r><w:rPr><w:rStyle w:val="B" /><w:rFonts w:hint="eastAsia" /></w:rPr></w:r></w:p>"#
        );
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
