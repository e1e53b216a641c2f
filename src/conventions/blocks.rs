//! What each block of a draft is in a 公文: the title and the lines under it,
//! headings by their number, run-in leads, the salutation and the 落款
//! (docs/conventions.md "Title block", "Numbering hierarchy", "Signature").
//!
//! Both Markdown readers — the lint's (which keeps source positions) and the
//! DOCX converter's (which keeps inline runs) — gather the same few facts
//! about a block and ask these functions what it is, so a draft's lines are
//! classified the same way by both; `tests/testsuite/conventions.rs` checks that over
//! every golden draft.

use super::numbering::{numbering_level, parse_marker};

/// A line under the title longer than this is body text.
pub const TITLE_LINE_MAX_CHARS: usize = 40;

/// What a block (or one line of the title block) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// An unnumbered `#` heading: a document starts.
    Title,
    /// One line of the paragraph directly under the title: draft mark
    /// (`（送审稿）`), author, date, speaker.
    TitleLine,
    /// A heading on its own line, with its level 1–4 (`一、` … `（1）`).
    Heading(u8),
    /// A paragraph opening with a run-in lead, with the lead's level if it
    /// is numbered.
    Lead(Option<u8>),
    /// `同志们：` — one line ending in `：`.
    Salutation,
    /// The last paragraph: the 署名 lines and the date.
    Signature,
    /// Body text: a paragraph, list item or quotation.
    Body,
    /// One table cell.
    Cell,
}

/// A block (or title-block line, or table cell) as a reader classified it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Classified {
    /// What the block is.
    pub role: Role,
    /// The text the block shows, markup removed (line breaks may differ
    /// between readers: `\n` or nothing).
    pub text: String,
}

impl Classified {
    /// A classification of `role` with the block's visible `text`.
    pub fn new(role: Role, text: impl Into<String>) -> Self {
        Classified {
            role,
            text: text.into(),
        }
    }
}

/// Whether a `#` heading of `md_level` holding `text` is a title: a level-1
/// heading without a number (a numbered `#` heading is a heading of a
/// hand-written draft).
pub fn is_title(md_level: u8, text: &str) -> bool {
    md_level == 1 && numbering_level(text).is_none()
}

/// The level of a heading: its number decides; without one, the Markdown
/// level (`##` is level 1, as the project writes drafts).
pub fn heading_level(md_level: u8, text: &str) -> u8 {
    numbering_level(text).unwrap_or(match md_level {
        ..=2 => 1,
        3 => 2,
        4 => 3,
        _ => 4,
    })
}

/// Whether the block starting at byte `next_start` of `source` follows the
/// title ending at `title_end` with no blank line between: the project
/// writes the title block that way, so a blank line ends it.
pub fn directly_under(source: &str, title_end: usize, next_start: usize) -> bool {
    let gap = source.get(title_end..next_start).unwrap_or("\n\n");
    let ended = source
        .get(..title_end)
        .is_some_and(|before| before.ends_with('\n'));
    gap.matches('\n').count() + usize::from(ended) == 1
}

/// Whether a paragraph directly under the title (no blank line between)
/// is the title block: it does not open in bold, and every line is short,
/// unnumbered and no sentence (`。` at its end).
pub fn is_title_block<'a>(opens_bold: bool, mut lines: impl Iterator<Item = &'a str>) -> bool {
    !opens_bold
        && lines.all(|line| {
            let line = line.trim();
            line.chars().count() <= TITLE_LINE_MAX_CHARS
                && !line.ends_with('。')
                && numbering_level(line).is_none()
        })
}

/// Whether a title-block line is set in 楷体: a speech's speaker or date
/// line wrapped in full-width brackets.
pub fn is_kai_line(line: &str) -> bool {
    line.starts_with('（') && line.ends_with('）')
}

/// Sentence punctuation: a line holding any of these is prose, not a
/// heading, salutation, signature or date line.
pub fn has_sentence_punctuation(text: &str) -> bool {
    text.contains(['，', '。', '；', '！', '？'])
}

/// The level of a paragraph that is a heading typed without `#`: one line,
/// no sentence punctuation, numbered, and either all bold or at level 1–2
/// (a plain `1.` line is an item, not a heading).
pub fn standalone_heading(text: &str, single_line: bool, all_bold: bool) -> Option<u8> {
    if !single_line || has_sentence_punctuation(text) {
        return None;
    }
    numbering_level(text).filter(|&level| all_bold || level <= 2)
}

/// What follows the bold stretch that opens a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterBold {
    /// A line break, then more text.
    LineBreak,
    /// More text on the same line.
    SameLine,
    /// Nothing: the paragraph is one bold stretch.
    Nothing,
}

/// Whether the bold stretch `bold` opening a paragraph is a run-in lead:
/// followed by a line break; followed by text on its line only when it is
/// numbered (otherwise it is an emphasised phrase); alone, when it is a
/// sentence (a problem stated without detail, set like the leads around it).
pub fn is_run_in_lead(bold: &str, after: AfterBold) -> bool {
    match after {
        AfterBold::LineBreak => true,
        AfterBold::SameLine => parse_marker(&bold.chars().take(8).collect::<Vec<_>>()).is_some(),
        AfterBold::Nothing => bold.trim_end().ends_with('。'),
    }
}

/// `尊敬的各位领导：` — one line ending in `：`, no sentence punctuation.
pub fn is_salutation(text: &str, single_line: bool) -> bool {
    single_line && text.ends_with('：') && !has_sentence_punctuation(text)
}

/// Whether the last paragraph's `lines` are the 落款: the last is a date
/// and none is empty or reads as a sentence.
pub fn is_signature(lines: &[&str]) -> bool {
    lines.last().is_some_and(|date| is_date(date.trim()))
        && lines
            .iter()
            .all(|l| !l.trim().is_empty() && !has_sentence_punctuation(l))
}

/// `\d{4}年\d{1,2}月\d{1,2}日`, the whole line (GB/T 9704-2012 §7.3.5.1:
/// Arabic numerals, the year in full).
pub fn is_date(line: &str) -> bool {
    let mut rest = line;
    for (min, max, unit) in [(4, 4, '年'), (1, 2, '月'), (1, 2, '日')] {
        let n = rest.bytes().take_while(u8::is_ascii_digit).count();
        if n < min || n > max {
            return false;
        }
        match rest[n..].strip_prefix(unit) {
            Some(r) => rest = r,
            None => return false,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_unnumbered_level_one_headings() {
        assert!(is_title(1, "柳川县工作汇报"));
        assert!(!is_title(1, "一、总体情况"));
        assert!(!is_title(2, "总体情况"));
    }

    #[test]
    fn heading_level_comes_from_the_number_first() {
        assert_eq!(heading_level(3, "一、主要做法"), 1);
        assert_eq!(heading_level(2, "（一）组织建设"), 2);
        assert_eq!(heading_level(2, "概况"), 1);
        assert_eq!(heading_level(4, "概况"), 3);
        assert_eq!(heading_level(6, "概况"), 4);
    }

    #[test]
    fn title_block_lines_are_short_and_no_sentences() {
        assert!(is_title_block(
            false,
            ["（送审稿）", "柳川县委老干部局", "2026年10月8日"].into_iter()
        ));
        assert!(!is_title_block(
            false,
            ["今年以来，我县各项工作稳步推进。"].into_iter()
        ));
        assert!(!is_title_block(false, ["一、总体情况"].into_iter()));
        assert!(!is_title_block(true, ["（送审稿）"].into_iter()));
        let long = "很".repeat(TITLE_LINE_MAX_CHARS + 1);
        assert!(!is_title_block(false, [long.as_str()].into_iter()));
        assert!(is_kai_line("（2026年10月15日）") && !is_kai_line("柳川县委"));
    }

    #[test]
    fn standalone_headings() {
        assert_eq!(standalone_heading("一、主要做法", true, false), Some(1));
        assert_eq!(standalone_heading("（一）组织建设", true, true), Some(2));
        assert_eq!(standalone_heading("1.强化保障", true, false), None);
        assert_eq!(standalone_heading("1.强化保障", true, true), Some(3));
        assert_eq!(standalone_heading("一、总体情况，很好", true, true), None);
        assert_eq!(standalone_heading("一、主要做法", false, true), None);
    }

    #[test]
    fn run_in_leads() {
        assert!(is_run_in_lead("（一）突出政治引领。", AfterBold::LineBreak));
        assert!(is_run_in_lead("（二）强化保障。", AfterBold::SameLine));
        assert!(!is_run_in_lead("重要的是", AfterBold::SameLine));
        assert!(is_run_in_lead(
            "（二）阵地条件相对薄弱。",
            AfterBold::Nothing
        ));
        assert!(!is_run_in_lead("（三）组织建设情况", AfterBold::Nothing));
    }

    #[test]
    fn salutations_and_signatures() {
        assert!(is_salutation("同志们：", true));
        assert!(!is_salutation("现将有关情况汇报如下，具体是：", true));
        assert!(!is_salutation("同志们：", false));
        assert!(is_signature(&["柳川县委老干部局调研组", "2026年10月8日"]));
        assert!(!is_signature(&["特此报告。", "2026年10月8日"]));
        assert!(!is_signature(&["柳川县委"]));
    }

    #[test]
    fn dates_need_four_digit_years() {
        assert!(is_date("2026年10月8日"));
        assert!(!is_date("26年10月8日"));
        assert!(!is_date("2026年10月8日。"));
        assert!(!is_date("2026年10月"));
    }
}
