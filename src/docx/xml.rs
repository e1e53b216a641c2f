//! Small edits on the XML docx-rs writes, done as text in one pass over each
//! part: properties in schema order, paragraph ids numbered in document order
//! (docx-rs draws them from a counter, and equal input must give equal
//! bytes), table header rows marked, and the section properties swapped.
//!
//! docx-rs's output is regular (no comments, no CDATA, attribute values in
//! double quotes, text escaped), which is what makes plain text edits safe
//! here. It is pinned (`docx-rs = "=0.4.22"` in `Cargo.toml`) because these
//! edits depend on its exact output; and an edit that does not find what it
//! expects is an error ([`Mismatch`]), never a silent skip, so an upgrade
//! that changes the output fails every test that builds a document. The parts are edited as bytes: every edit is at an ASCII tag, so
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
/// The attribute docx-rs writes on `w:gridCol`, which CT_TblGridCol does not
/// declare (ECMA-376 Part 1, 17.4.16): the width is always in twips.
const GRID_COL_TYPE: &[u8] = b" w:type=\"dxa\"";

/// What an edit expected in docx-rs's output and did not find.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mismatch(pub &'static str);

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
    pub fn part(&mut self, part: &[u8]) -> Result<Vec<u8>, Mismatch> {
        let mut out = Vec::with_capacity(part.len() + 64);
        self.scan(part, &mut out)?;
        Ok(out)
    }

    /// The document part rewritten as [`Rewriter::part`] does, with the
    /// body's last `w:sectPr` replaced by `section`.
    pub fn body(&mut self, document: &[u8], section: &str) -> Result<Vec<u8>, Mismatch> {
        const SECT: &[u8] = b"<w:sectPr";
        const SECT_END: &[u8] = b"</w:sectPr>";
        let missing = Mismatch("w:sectPr");
        let start = memmem::rfind(document, SECT).ok_or(missing)?;
        let end = start + memmem::find(&document[start..], SECT_END).ok_or(missing)?;
        let end = end + SECT_END.len();
        let mut out = Vec::with_capacity(document.len() + section.len() + 512);
        self.scan(&document[..start], &mut out)?;
        out.extend_from_slice(section.as_bytes());
        out.extend_from_slice(&document[end..]);
        Ok(out)
    }

    /// Copies `xml` to `out`, tag by tag (`<` opens nothing else in docx-rs's
    /// output), editing the few tags that need it.
    fn scan(&mut self, xml: &[u8], out: &mut Vec<u8>) -> Result<(), Mismatch> {
        // `xml[..copied]` is in `out`; edits copy up to their start first.
        let mut copied = 0;
        let mut at = 0;
        let mut header_row = false;
        while let Some(found) = memchr::memchr(b'<', &xml[at..]) {
            let tag = at + found;
            let rest = &xml[tag..];
            at = tag + 1;
            let tag_len = memchr::memchr(b'>', rest).ok_or(Mismatch("“>”"))?;
            let open_tag = &rest[..tag_len];
            if rest.starts_with(b"<w:p ") {
                let value = memmem::find(open_tag, PARA_ID)
                    .map(|i| tag + i + PARA_ID.len())
                    .ok_or(Mismatch("w14:paraId"))?;
                let len = memchr::memchr(b'"', &xml[value..]).ok_or(Mismatch("w14:paraId"))?;
                out.extend_from_slice(&xml[copied..value]);
                self.para_ids += 1;
                // Eight hex digits below 0x80000000, as Word's are.
                let _ = write!(out, "{:08X}", self.para_ids);
                copied = value + len;
                at = copied;
            } else if rest.starts_with(b"<w:pPr>") || rest.starts_with(b"<w:rPr") {
                out.extend_from_slice(&xml[copied..tag]);
                let used = schema_order::push_property(out, rest)
                    .ok_or(Mismatch("</w:pPr> 或 </w:rPr>"))?;
                copied = tag + used;
                at = copied;
            } else if rest.starts_with(b"<w:gridCol ") {
                let attribute =
                    memmem::find(open_tag, GRID_COL_TYPE).ok_or(Mismatch("w:gridCol 的 w:type"))?;
                out.extend_from_slice(&xml[copied..tag + attribute]);
                copied = tag + attribute + GRID_COL_TYPE.len();
                at = copied;
            } else if rest.starts_with(b"<w:tblPr>") {
                if header_row {
                    return Err(Mismatch("w:trPr"));
                }
                header_row = true;
            } else if header_row && rest.starts_with(b"<w:trPr>") {
                let close = memmem::find(rest, b"</w:trPr>").ok_or(Mismatch("</w:trPr>"))?;
                out.extend_from_slice(&xml[copied..tag + close]);
                out.extend_from_slice(b"<w:tblHeader />");
                copied = tag + close;
                at = copied;
                header_row = false;
            }
        }
        if header_row {
            return Err(Mismatch("w:trPr"));
        }
        out.extend_from_slice(&xml[copied..]);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(r: &mut Rewriter, xml: &str) -> String {
        String::from_utf8(r.part(xml.as_bytes()).unwrap()).unwrap()
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
        let doc = "<w:body><w:p w14:paraId=\"1\"/><w:sectPr><w:pgSz/></w:sectPr></w:body>";
        let mut r = Rewriter::default();
        let out = r.body(doc.as_bytes(), "<w:sectPr/>").unwrap();
        assert_eq!(
            out,
            b"<w:body><w:p w14:paraId=\"00000001\"/><w:sectPr/></w:body>"
        );
        assert_eq!(r.body(b"<w:body/>", ""), Err(Mismatch("w:sectPr")));
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
    fn grid_columns_lose_the_undeclared_type() {
        let xml = r#"<w:tblGrid><w:gridCol w:w="6030" w:type="dxa" /></w:tblGrid>"#;
        assert_eq!(
            rewrite(&mut Rewriter::default(), xml),
            r#"<w:tblGrid><w:gridCol w:w="6030" /></w:tblGrid>"#
        );
    }

    #[test]
    fn unexpected_output_is_an_error_not_a_skip() {
        let mut r = Rewriter::default();
        assert_eq!(r.part(b"<w:p ><w:r/></w:p>"), Err(Mismatch("w14:paraId")));
        assert_eq!(
            r.part(br#"<w:gridCol w:w="1" />"#),
            Err(Mismatch("w:gridCol 的 w:type"))
        );
        assert_eq!(
            r.part(b"<w:tbl><w:tblPr></w:tblPr><w:tr></w:tr></w:tbl>"),
            Err(Mismatch("w:trPr"))
        );
        assert_eq!(
            r.part(b"<w:pPr><w:jc />"),
            Err(Mismatch("</w:pPr> 或 </w:rPr>"))
        );
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
