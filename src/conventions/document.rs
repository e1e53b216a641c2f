//! How a draft sent as a 公文 marks the parts of GB/T 9704-2012 that live
//! in its body, so the lint and the DOCX writer read them the same way:
//!
//! - the 附件说明 (§7.3.4) is a paragraph opening with `附件：`, one
//!   attachment a line (`附件：1.名称` then `2.名称`, hard line breaks);
//! - an attachment page (§7.3.7) starts with a lone `附件` or `附件N` line
//!   followed by the attachment's `#` title.
//!
//! The 主送机关 (§7.3.2) needs no mark: it is the one-line paragraph under
//! the title block, ending in `：` like a salutation. The 版头 and 版记 are
//! not in the Markdown at all: the DOCX writer lays them out from the data.

/// What opens the 附件说明.
pub(crate) const NOTE_LABEL: &str = "附件：";

/// Marks an attachment's name must not end with (§7.3.4).
pub(crate) const NAME_END_MARKS: &str = "。，；、：.,;";

/// The number of an attachment page's label: `Some(None)` for `附件`,
/// `Some(Some(2))` for `附件2`, `None` for any other text.
#[allow(clippy::option_option)] // three answers, each with its own meaning
pub(crate) fn attachment_label(text: &str) -> Option<Option<u32>> {
    let rest = text.strip_prefix("附件")?;
    if rest.is_empty() {
        return Some(None);
    }
    if !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    rest.parse().ok().map(Some)
}

/// One line of the 附件说明: the number typed before the name (`1.`), the
/// name, and where the name's line starts and ends (in characters of the
/// line, the label of the first line left out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NoteItem {
    pub number: Option<u32>,
    /// The number as typed with its period: `1.`, or empty.
    pub prefix: String,
    pub name: String,
}

/// The attachments a 附件说明 lists, one per line of `lines` (the first
/// line opening with `附件：`), or `None` when it is no 附件说明.
pub(crate) fn note_items<'a>(mut lines: impl Iterator<Item = &'a str>) -> Option<Vec<NoteItem>> {
    let first = lines.next()?.strip_prefix(NOTE_LABEL)?;
    Some(
        std::iter::once(first)
            .chain(lines)
            .map(|line| note_item(line.trim_end()))
            .collect(),
    )
}

fn note_item(line: &str) -> NoteItem {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    match line[digits..].strip_prefix('.') {
        Some(name) if digits > 0 => NoteItem {
            number: line[..digits].parse().ok(),
            prefix: line[..=digits].to_owned(),
            name: name.trim_start().to_owned(),
        },
        _ => NoteItem {
            number: None,
            prefix: String::new(),
            name: line.to_owned(),
        },
    }
}

/// An attachment's name without the marks it must not end with: what its
/// page's title must read.
pub(crate) fn bare_name(name: &str) -> &str {
    name.trim_end_matches(|c| NAME_END_MARKS.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(attachment_label("附件"), Some(None));
        assert_eq!(attachment_label("附件2"), Some(Some(2)));
        assert_eq!(attachment_label("附件：名称"), None);
        assert_eq!(attachment_label("附件二"), None);
        assert_eq!(attachment_label("正文"), None);
    }

    #[test]
    fn note_lines() {
        let items = note_items(["附件：1.讲话", "2. 台账 "].into_iter()).unwrap();
        assert_eq!(
            items,
            [
                NoteItem {
                    number: Some(1),
                    prefix: "1.".into(),
                    name: "讲话".into()
                },
                NoteItem {
                    number: Some(2),
                    prefix: "2.".into(),
                    name: "台账".into()
                }
            ]
        );
        assert_eq!(
            note_items(["附件：讲话。"].into_iter()).unwrap()[0].name,
            "讲话。"
        );
        assert_eq!(note_items(["正文"].into_iter()), None);
        assert_eq!(bare_name("讲话。"), "讲话");
    }
}
