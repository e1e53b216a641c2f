//! A DOCX read back as the text of its body paragraphs, for carrying a
//! reviewer's Word edits forward (`src/review`).
//!
//! Tracked changes are taken as accepted: inserted text (`w:ins`) is kept,
//! deleted text (`w:del`, `w:delText`, `w:moveFrom`) dropped, and a
//! paragraph whose mark was deleted joins the next one. Table cells are
//! paragraphs too, in reading order. Only the text matters: formatting,
//! comments and fields (`w:instrText`) are left out; a line break inside a
//! paragraph (`w:br`, the title's balanced lines) reads as nothing, as the
//! Markdown has none there.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

/// The most a `word/document.xml` may unpack to: a real draft's is well
/// under a megabyte; this stops a zip bomb.
const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Why a DOCX could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadbackError {
    /// Not a ZIP package, or it has no `word/document.xml`.
    NotDocx,
    /// `word/document.xml` is not well-formed XML.
    BadXml {
        /// The parser's reason.
        reason: String,
    },
}

impl std::fmt::Display for ReadbackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadbackError::NotDocx => f.write_str("不是有效的 Word（.docx）文件"),
            ReadbackError::BadXml { reason } => {
                write!(f, "Word 文件的正文部分已损坏（{reason}）")
            }
        }
    }
}

/// The text of every body paragraph of the DOCX `bytes`, in order, with
/// tracked changes accepted.
pub fn paragraphs(bytes: &[u8]) -> Result<Vec<String>, ReadbackError> {
    document_paragraphs(&document_xml(bytes)?)
}

/// Where the body of the 公文 DOCX `bytes` (its first section: what comes
/// before the 版记) is estimated to end, laid out with `style`: the page
/// (from 1) and the lines of that page it fills — the estimate that decides
/// where wengao puts the 版记 (the `pagination` module), for holding it
/// against what a reader makes of the file.
pub fn estimated_body_end(
    bytes: &[u8],
    style: &super::StyleProfile,
) -> Result<(u32, u32), ReadbackError> {
    let xml = document_xml(bytes)?;
    let xml = std::str::from_utf8(&xml).map_err(|e| ReadbackError::BadXml {
        reason: e.to_string(),
    })?;
    let end = super::pagination::body_end(xml, style);
    Ok((end.page, end.used.div_ceil(style.line_spacing.0)))
}

/// The bytes of `word/document.xml` in the DOCX `bytes`.
fn document_xml(bytes: &[u8]) -> Result<Vec<u8>, ReadbackError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadbackError::NotDocx)?;
    let entry = archive
        .by_name("word/document.xml")
        .map_err(|_| ReadbackError::NotDocx)?;
    let mut xml = Vec::new();
    entry
        .take(MAX_DOCUMENT_BYTES)
        .read_to_end(&mut xml)
        .map_err(|_| ReadbackError::NotDocx)?;
    Ok(xml)
}

/// The paragraphs of a `word/document.xml`.
pub(crate) fn document_paragraphs(xml: &[u8]) -> Result<Vec<String>, ReadbackError> {
    let bad = |reason: String| ReadbackError::BadXml { reason };
    // A reader of a slice lends its events from the slice: nothing copied.
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    // How deep inside deleted content (w:del, w:moveFrom) we are.
    let mut deleted = 0usize;
    let mut in_text = false;
    let mut in_paragraph_props = false;
    // The paragraph mark itself was deleted: join with the next paragraph.
    let mut mark_deleted = false;
    let mut depth_in_body = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| bad(e.to_string()))?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"body" => depth_in_body += 1,
                    b"del" | b"moveFrom" => {
                        if in_paragraph_props {
                            mark_deleted = true;
                        }
                        deleted += 1;
                    }
                    b"pPr" => in_paragraph_props = true,
                    b"t" => in_text = deleted == 0,
                    _ => {}
                }
            }
            Event::Empty(e) => match e.local_name().as_ref() {
                b"del" | b"moveFrom" if in_paragraph_props => mark_deleted = true,
                b"tab" if deleted == 0 && !in_paragraph_props => current.push('\t'),
                b"noBreakHyphen" if deleted == 0 => current.push('-'),
                b"p" if depth_in_body > 0 => paragraphs.push(std::mem::take(&mut current)),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"body" => depth_in_body = depth_in_body.saturating_sub(1),
                b"del" | b"moveFrom" => deleted = deleted.saturating_sub(1),
                b"pPr" => in_paragraph_props = false,
                b"t" => in_text = false,
                b"p" if depth_in_body > 0 => {
                    if mark_deleted {
                        mark_deleted = false;
                    } else {
                        paragraphs.push(std::mem::take(&mut current));
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.decode().map_err(|e| bad(e.to_string()))?;
                let text = quick_xml::escape::unescape(&text).map_err(|e| bad(e.to_string()))?;
                current.push_str(&text);
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.decode().map_err(|e| bad(e.to_string()))?;
                let entity = format!("&{name};");
                let text = quick_xml::escape::unescape(&entity).map_err(|e| bad(e.to_string()))?;
                current.push_str(&text);
            }
            Event::CData(t) if in_text => {
                current.push_str(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    Ok(paragraphs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(inner: &str) -> Vec<String> {
        let xml = format!(
            r#"<?xml version="1.0"?><w:document xmlns:w="w"><w:body>{inner}<w:sectPr/></w:body></w:document>"#
        );
        document_paragraphs(xml.as_bytes()).unwrap()
    }

    #[test]
    fn tracked_changes_are_accepted() {
        let got = body(
            r#"<w:p><w:r><w:t>全县建成党支部</w:t></w:r><w:del w:author="审阅"><w:r><w:delText>86</w:delText></w:r></w:del><w:ins w:author="审阅"><w:r><w:t>88</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">个。</w:t></w:r></w:p><w:p/>"#,
        );
        assert_eq!(got, ["全县建成党支部88个。", ""]);
    }

    #[test]
    fn a_deleted_paragraph_mark_joins_the_next_paragraph() {
        let got = body(
            r#"<w:p><w:pPr><w:rPr><w:del w:author="a"/></w:rPr></w:pPr><w:r><w:t>一是。</w:t></w:r></w:p><w:p><w:r><w:t>二是。</w:t></w:r></w:p>"#,
        );
        assert_eq!(got, ["一是。二是。"]);
    }

    #[test]
    fn entities_tables_and_breaks_read_as_text() {
        let got = body(
            r"<w:p><w:r><w:t>A&amp;B</w:t><w:br/><w:t>续</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        assert_eq!(got, ["A&B续", "单元格"]);
    }

    #[test]
    fn what_is_not_a_docx_is_named() {
        assert_eq!(paragraphs(b"not a zip"), Err(ReadbackError::NotDocx));
        assert!(matches!(
            document_paragraphs(b"<w:body><w:p></w:body>"),
            Err(ReadbackError::BadXml { .. })
        ));
    }

    #[test]
    fn a_wengao_docx_reads_back_as_its_paragraphs() {
        let md = "# 柳川县老干部工作情况汇报\n\n全县建成党支部86个。推进标准化建设。\n";
        let props = crate::docx::DocProps {
            title: "标题".into(),
            author: None,
            date: chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap(),
        };
        let docx = crate::docx::markdown_to_docx(md, &props, &crate::docx::StyleProfile::default())
            .unwrap();
        let got: Vec<String> = paragraphs(&docx)
            .unwrap()
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        assert_eq!(
            got,
            [
                "柳川县老干部工作情况汇报",
                "全县建成党支部86个。推进标准化建设。"
            ]
        );
    }
}
