//! Word comments on the numbers that came from the data (`build --annotate`).
//!
//! The channel from the reference resolver to here is the text itself:
//! when notes are asked for, [`crate::data::refs`] prints each number
//! (a reference, through `Resolver::format`; a figure the context prints
//! from the data, through `refs::mark`; a number typed into the prose,
//! through `refs::mark_typed`) between two private-use characters, [`START`] followed by the note's
//! index (one character, [`id_char`]) and [`END`], and records the note —
//! key, value, formula — in a list beside the rendered text. Private-use
//! characters mean nothing to the templates, the Markdown reader or the
//! layout (their width counts as nothing, see [`super::text`]), so the
//! converter writes them into the runs' text like any other; [`attach`]
//! then turns each marked span of `word/document.xml` into a comment range
//! and the notes into `word/comments.xml`. The Markdown draft is rendered
//! without marks: it stays clean, and the lint never sees them.

use std::fmt::Write as _;

use super::package::{Data, Part};
use super::xml::escape;

/// Opens a marked number; the next character is its note's [`id_char`].
pub(crate) const START: char = '\u{E000}';
/// Closes a marked number.
pub(crate) const END: char = '\u{E001}';
/// The first note index character (Supplementary Private Use Area-A).
const ID_BASE: u32 = 0xF_0000;
/// How many notes the marks can tell apart.
pub(crate) const MAX_NOTES: usize = 0xFFFE;

/// The character standing for note `index`.
pub(crate) fn id_char(index: usize) -> Option<char> {
    if index >= MAX_NOTES {
        return None;
    }
    char::from_u32(ID_BASE + u32::try_from(index).ok()?)
}

fn note_index(c: char) -> Option<usize> {
    let n = u32::from(c).checked_sub(ID_BASE)?;
    (n < MAX_NOTES as u32).then_some(n as usize)
}

/// Whether `c` is one of the marks (never printed).
pub(crate) fn is_mark(c: char) -> bool {
    c == START || c == END || note_index(c).is_some()
}

/// `text` without marks.
pub(crate) fn strip_marks(text: &str) -> String {
    text.chars().filter(|c| !is_mark(*c)).collect()
}

const RUN_TEXT: &str = r#"<w:t xml:space="preserve">"#;

/// The document part with every marked span made a comment range, and the
/// comments part (`None` when there was no mark). Comments are numbered in
/// document order, so the same draft gives the same bytes.
pub(crate) fn attach(
    body: String,
    notes: &[String],
    date: chrono::NaiveDate,
) -> (String, Option<String>) {
    // A byte search: `str::contains` looks for the char's last byte, 0x80,
    // which is in most Chinese characters.
    let mut start = [0; 4];
    let start = START.encode_utf8(&mut start).as_bytes();
    if memchr::memmem::find(body.as_bytes(), start).is_none() {
        return (body, None);
    }
    let mut out = String::with_capacity(body.len() + 1024);
    let mut comments = Vec::new();
    // The properties of the run being written, to reopen it after a mark.
    let mut run_props = String::new();
    let mut open: Vec<usize> = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' if body[i..].starts_with("<w:r>") => {
                run_props.clear();
                let after = &body[i + "<w:r>".len()..];
                if after.starts_with("<w:rPr>")
                    && let Some(end) = after.find("</w:rPr>")
                {
                    run_props.push_str(&after[..end + "</w:rPr>".len()]);
                }
                out.push(c);
            }
            START => {
                let note = chars.next_if(|&(_, c)| note_index(c).is_some());
                let text = note
                    .and_then(|(_, c)| note_index(c))
                    .and_then(|n| notes.get(n))
                    .map_or("", String::as_str);
                let id = comments.len();
                comments.push(text.to_owned());
                open.push(id);
                let _ = write!(
                    out,
                    r#"</w:t></w:r><w:commentRangeStart w:id="{id}"/><w:r>{run_props}{RUN_TEXT}"#
                );
            }
            END => {
                if let Some(id) = open.pop() {
                    let _ = write!(
                        out,
                        r#"</w:t></w:r><w:commentRangeEnd w:id="{id}"/><w:r><w:commentReference w:id="{id}"/></w:r><w:r>{run_props}{RUN_TEXT}"#
                    );
                }
            }
            c if note_index(c).is_some() => {}
            c => out.push(c),
        }
    }
    // Runs left empty by a mark at their edge say nothing: drop them.
    let out = drop_empty_runs(&out);
    let mut part = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">"#,
    );
    let stamp = date.format("%Y-%m-%dT00:00:00Z");
    for (id, text) in comments.iter().enumerate() {
        let _ = write!(
            part,
            r#"<w:comment w:id="{id}" w:author="wengao" w:date="{stamp}" w:initials="WG"><w:p><w:r>{RUN_TEXT}{}</w:t></w:r></w:p></w:comment>"#,
            escape(text)
        );
    }
    part.push_str("</w:comments>");
    (out, Some(part))
}

/// `xml` without runs whose only text is empty (`<w:r>…<w:t …></w:t></w:r>`).
fn drop_empty_runs(xml: &str) -> String {
    let empty_text = format!("{RUN_TEXT}</w:t></w:r>");
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(&empty_text) {
        let before = &rest[..at];
        // The run this text closes starts at the last `<w:r>` before it.
        match before.rfind("<w:r>") {
            Some(run) if !before[run..].contains("<w:t") && !before[run..].contains("</w:r>") => {
                out.push_str(&before[..run]);
            }
            _ => out.push_str(&rest[..at + empty_text.len()]),
        }
        rest = &rest[at + empty_text.len()..];
    }
    out.push_str(rest);
    out
}

/// The package's parts with the comments part added: the part itself, its
/// relationship from the document and its content type.
pub(super) fn add_part(parts: &mut Vec<Part>, comments: String) {
    for part in parts.iter_mut() {
        let patch = |data: &mut Data, close: &str, add: &str| {
            let text =
                String::from_utf8_lossy(data.bytes()).replacen(close, &format!("{add}{close}"), 1);
            *data = Data::Own(text.into_bytes());
        };
        match &*part.name {
            "[Content_Types].xml" => patch(
                &mut part.data,
                "</Types>",
                r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#,
            ),
            "word/_rels/document.xml.rels" => patch(
                &mut part.data,
                "</Relationships>",
                r#"<Relationship Id="rIdComments" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#,
            ),
            _ => {}
        }
    }
    parts.push(Part {
        name: "word/comments.xml".into(),
        data: Data::Own(comments.into_bytes()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(id: usize, text: &str) -> String {
        format!("{START}{}{text}{END}", id_char(id).unwrap())
    }

    #[test]
    fn a_marked_number_becomes_a_comment_range_in_its_run_formatting() {
        let body = format!(
            r#"<w:p><w:r><w:rPr><w:rStyle w:val="Lead"/></w:rPr><w:t xml:space="preserve">建成{}，</w:t></w:r></w:p>"#,
            marked(1, "86个")
        );
        let notes = vec![
            "无关".to_owned(),
            "86个 = 86，branches（党支部）".to_owned(),
        ];
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
        let (xml, part) = attach(body, &notes, date);
        assert_eq!(
            xml,
            r#"<w:p><w:r><w:rPr><w:rStyle w:val="Lead"/></w:rPr><w:t xml:space="preserve">建成</w:t></w:r><w:commentRangeStart w:id="0"/><w:r><w:rPr><w:rStyle w:val="Lead"/></w:rPr><w:t xml:space="preserve">86个</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:r><w:rPr><w:rStyle w:val="Lead"/></w:rPr><w:t xml:space="preserve">，</w:t></w:r></w:p>"#
        );
        let part = part.unwrap();
        assert!(part.contains(r#"<w:comment w:id="0" w:author="wengao" w:date="2026-10-08T00:00:00Z" w:initials="WG"><w:p><w:r><w:t xml:space="preserve">86个 = 86，branches（党支部）</w:t></w:r></w:p></w:comment>"#), "{part}");
    }

    #[test]
    fn empty_runs_left_by_a_mark_are_dropped_and_unmarked_text_is_untouched() {
        let body = format!(
            r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            marked(0, "72.1%")
        );
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 8).unwrap();
        let (xml, _) = attach(body, &["x".to_owned()], date);
        assert_eq!(
            xml,
            r#"<w:p><w:commentRangeStart w:id="0"/><w:r><w:t xml:space="preserve">72.1%</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>"#
        );
        let plain = "<w:p><w:r><w:t>甲</w:t></w:r></w:p>";
        assert_eq!(
            attach(plain.to_owned(), &[], date),
            (plain.to_owned(), None)
        );
        assert_eq!(strip_marks(&marked(3, "5%")), "5%");
    }
}
