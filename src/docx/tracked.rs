//! Word tracked changes (修订) in the body: the hook through which
//! `wengao diff --docx` writes the new draft with the old one's text as
//! deletions (`w:del`) and the new text as insertions (`w:ins`).
//!
//! The caller marks each changed stretch of the Markdown with a pair of
//! private-use characters ([`marks`]); outside [`redline`] those characters
//! are text like any other, so an ordinary conversion never writes a
//! tracked change. A stretch may be cut by the converter (a title broken
//! into lines): each piece of text is read on its own, a closing mark with
//! no opening one meaning the piece began inside the stretch.

use std::cell::RefCell;
use std::fmt::Write as _;

/// What a marked stretch is, and whose: the data's (numbers) or the
/// wording's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    Inserted { data: bool },
    Deleted { data: bool },
}

impl Mark {
    const ALL: [Mark; 4] = [
        Mark::Inserted { data: true },
        Mark::Inserted { data: false },
        Mark::Deleted { data: true },
        Mark::Deleted { data: false },
    ];

    /// The revision's author: the data's changes and the wording's are
    /// accepted separately in Word (审阅 → 显示标记 → 审阅者).
    fn author(self) -> &'static str {
        match self {
            Mark::Inserted { data: true } | Mark::Deleted { data: true } => "数据更新",
            _ => "文字修改",
        }
    }
}

/// The opening and closing characters of a marked stretch.
pub(crate) fn marks(mark: Mark) -> (char, char) {
    match mark {
        Mark::Inserted { data: true } => ('\u{E000}', '\u{E001}'),
        Mark::Inserted { data: false } => ('\u{E002}', '\u{E003}'),
        Mark::Deleted { data: true } => ('\u{E004}', '\u{E005}'),
        Mark::Deleted { data: false } => ('\u{E006}', '\u{E007}'),
    }
}

fn mark_of(c: char) -> Option<(Mark, bool)> {
    Mark::ALL.into_iter().find_map(|m| {
        let (open, close) = marks(m);
        if c == open {
            Some((m, true))
        } else if c == close {
            Some((m, false))
        } else {
            None
        }
    })
}

/// The state of one redline conversion on this thread.
#[derive(Default)]
struct State {
    /// `w:date`: the new draft's date, so the same drafts give the same file.
    date: String,
    next_id: u32,
    /// Runs written outside, inside an insertion, inside a deletion.
    plain: usize,
    inserted: usize,
    deleted: usize,
    /// The last paragraph written through `wordml::paragraph`.
    last: Option<LastParagraph>,
}

/// Where the last paragraph's mark could still be marked.
#[derive(Clone, Copy)]
struct LastParagraph {
    /// The buffer it was written to (its address) and where it ended.
    buffer: usize,
    end: usize,
    /// Where a `w:rPr` goes: before its `</w:pPr>`, or after its `<w:p>`
    /// when it has no properties.
    slot: usize,
    has_properties: bool,
    marked: bool,
}

thread_local! {
    static REDLINE: RefCell<Option<State>> = const { RefCell::new(None) };
}

/// Runs `convert` with tracked changes read from the marks, dated `date`
/// (`2026-10-12`).
pub(super) fn redline<T>(date: chrono::NaiveDate, convert: impl FnOnce() -> T) -> T {
    REDLINE.with(|r| {
        *r.borrow_mut() = Some(State {
            date: format!("{}T00:00:00Z", date.format("%Y-%m-%d")),
            ..State::default()
        });
    });
    let out = convert();
    REDLINE.with(|r| *r.borrow_mut() = None);
    out
}

/// Whether `text` is to be written as tracked changes.
pub(super) fn applies(text: &str) -> bool {
    REDLINE.with(|r| r.borrow().is_some()) && text.chars().any(|c| mark_of(c).is_some())
}

/// `text` as it reads once every change is accepted: what the converter
/// decides a block is by (a date line, a heading number), so a redline is
/// laid out as the new draft is. The text itself outside a redline.
pub(super) fn accepted(text: &str) -> std::borrow::Cow<'_, str> {
    if !applies(text) {
        return text.into();
    }
    let mut deleting = text
        .chars()
        .find_map(mark_of)
        .is_some_and(|(m, opening)| !opening && matches!(m, Mark::Deleted { .. }));
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match mark_of(c) {
            Some((m, opening)) => deleting = opening && matches!(m, Mark::Deleted { .. }),
            None if !deleting => out.push(c),
            None => {}
        }
    }
    out.into()
}

/// The runs written so far: (plain, inserted, deleted); `None` outside a
/// redline conversion.
pub(super) fn counts() -> Option<(usize, usize, usize)> {
    REDLINE.with(|r| {
        r.borrow()
            .as_ref()
            .map(|s| (s.plain, s.inserted, s.deleted))
    })
}

/// Notes a run written outside any change.
pub(super) fn plain_run() {
    REDLINE.with(|r| {
        if let Some(s) = r.borrow_mut().as_mut() {
            s.plain += 1;
        }
    });
}

/// A paragraph mark's revision: `(inserted, <w:rPr>…</w:rPr>)`.
pub(super) type ParagraphMark = (bool, String);

/// The revision of the paragraph mark of a paragraph whose every run the
/// counts since `before` say was inserted (or deleted), so that accepting
/// (or rejecting) the change removes the paragraph, not just its text.
pub(super) fn paragraph_mark(before: (usize, usize, usize)) -> Option<ParagraphMark> {
    let (plain, inserted, deleted) = counts()?;
    let (plain, inserted, deleted) = (plain - before.0, inserted - before.1, deleted - before.2);
    let mark = match (plain, inserted, deleted) {
        (0, 0, d) if d > 0 => Mark::Deleted { data: false },
        (0, i, 0) if i > 0 => Mark::Inserted { data: false },
        _ => return None,
    };
    let inserted = matches!(mark, Mark::Inserted { .. });
    let element = if inserted { "ins" } else { "del" };
    Some((
        inserted,
        format!("<w:rPr><w:{element} {}/></w:rPr>", attributes(mark)),
    ))
}

/// Where the mark of an inserted paragraph goes. As Word writes a
/// paragraph typed in after another: the mark of the paragraph before it is
/// the inserted one (when that paragraph was the last thing written to
/// `out` and is not marked itself) — rejecting the insertion then leaves the
/// paragraph before intact, where LibreOffice would otherwise join it to the
/// paragraph after. Returns the mark the paragraph keeps for itself.
pub(super) fn place_paragraph_mark(
    out: &mut String,
    mark: Option<ParagraphMark>,
) -> Option<ParagraphMark> {
    let Some((true, xml)) = mark else {
        return mark;
    };
    let buffer = std::ptr::from_ref(out) as usize;
    let last = REDLINE.with(|r| r.borrow().as_ref().and_then(|s| s.last));
    match last {
        Some(last) if last.buffer == buffer && last.end == out.len() && !last.marked => {
            let insert = if last.has_properties {
                xml
            } else {
                format!("<w:pPr>{xml}</w:pPr>")
            };
            out.insert_str(last.slot, &insert);
            None
        }
        _ => Some((true, xml)),
    }
}

/// Notes the paragraph just written to `out` (see [`place_paragraph_mark`]).
pub(super) fn paragraph_written(out: &String, slot: usize, has_properties: bool, marked: bool) {
    let buffer = std::ptr::from_ref(out) as usize;
    REDLINE.with(|r| {
        if let Some(s) = r.borrow_mut().as_mut() {
            s.last = Some(LastParagraph {
                buffer,
                end: out.len(),
                slot,
                has_properties,
                marked,
            });
        }
    });
}

/// `w:id`, `w:author` and `w:date` of the next revision.
fn attributes(mark: Mark) -> String {
    REDLINE.with(|r| {
        let mut r = r.borrow_mut();
        let s = r.get_or_insert_with(State::default);
        s.next_id += 1;
        format!(
            r#"w:id="{}" w:author="{}" w:date="{}""#,
            s.next_id,
            mark.author(),
            s.date
        )
    })
}

/// Writes `text`, marked, as runs: each plain, inserted or deleted piece
/// written by `run(out, piece, deleted)`.
pub(super) fn runs(out: &mut String, text: &str, run: impl Fn(&mut String, &str, bool)) {
    // A closing mark before any opening one: the piece began inside.
    let mut current = text
        .chars()
        .find_map(mark_of)
        .and_then(|(m, opening)| (!opening).then_some(m));
    let mut piece = String::new();
    let flush = |out: &mut String, piece: &mut String, current: Option<Mark>| {
        if piece.is_empty() {
            return;
        }
        match current {
            None => {
                plain_run();
                run(out, piece, false);
            }
            Some(mark) => {
                let (element, deleted) = match mark {
                    Mark::Inserted { .. } => ("ins", false),
                    Mark::Deleted { .. } => ("del", true),
                };
                let _ = write!(out, "<w:{element} {}>", attributes(mark));
                run(out, piece, deleted);
                let _ = write!(out, "</w:{element}>");
                REDLINE.with(|r| {
                    if let Some(s) = r.borrow_mut().as_mut() {
                        if deleted {
                            s.deleted += 1;
                        } else {
                            s.inserted += 1;
                        }
                    }
                });
            }
        }
        piece.clear();
    };
    for c in text.chars() {
        match mark_of(c) {
            Some((m, true)) => {
                flush(out, &mut piece, current);
                current = Some(m);
            }
            Some((_, false)) => {
                flush(out, &mut piece, current);
                current = None;
            }
            None => piece.push(c),
        }
    }
    flush(out, &mut piece, current);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(mark: Mark, text: &str) -> String {
        let (open, close) = marks(mark);
        format!("{open}{text}{close}")
    }

    fn write(text: &str) -> String {
        let mut out = String::new();
        runs(&mut out, text, |out, piece, deleted| {
            out.push_str(&format!("[{}{piece}]", if deleted { "-" } else { "" }));
        });
        out
    }

    #[test]
    fn marks_are_text_outside_a_redline() {
        let text = marked(Mark::Inserted { data: true }, "90");
        assert!(!applies(&text));
        assert_eq!(accepted(&text), text);
    }

    #[test]
    fn changes_become_ins_and_del_by_author() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap();
        let text = format!(
            "党支部{}{}个",
            marked(Mark::Deleted { data: true }, "86"),
            marked(Mark::Inserted { data: true }, "90")
        );
        let (xml, seen) = redline(date, || (write(&text), accepted(&text).into_owned()));
        assert_eq!(
            xml,
            "[党支部]<w:del w:id=\"1\" w:author=\"数据更新\" w:date=\"2026-10-12T00:00:00Z\">[-86]</w:del>\
             <w:ins w:id=\"2\" w:author=\"数据更新\" w:date=\"2026-10-12T00:00:00Z\">[90]</w:ins>[个]"
        );
        assert_eq!(seen, "党支部90个");
    }

    #[test]
    fn a_piece_cut_inside_a_change_keeps_its_mark() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 10, 12).unwrap();
        let (_, close) = marks(Mark::Deleted { data: false });
        let tail = format!("旧词{close}之后");
        let (xml, seen) = redline(date, || (write(&tail), accepted(&tail).into_owned()));
        assert!(
            xml.starts_with("<w:del w:id=\"1\" w:author=\"文字修改\""),
            "{xml}"
        );
        assert!(xml.ends_with("[之后]"), "{xml}");
        assert_eq!(seen, "之后");
    }
}
