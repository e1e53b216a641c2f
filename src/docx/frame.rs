//! The parts of a 公文 around its body (GB/T 9704-2012 §7.2–§7.4), written
//! from structured data rather than read from the Markdown: the 版头 (份号,
//! 密级和保密期限, 紧急程度, 发文机关标志, 发文字号, 签发人, the red rule),
//! the 落款 (署名, 成文日期, room for a 印章 or not), the 附注, and the 版记
//! (抄送机关, 印发机关和印发日期 between their rules, at the bottom of an
//! even page). The Markdown carries only what a reviewer reads in the body:
//! the 主送机关, the 附件说明, the 附件 pages and the 落款's text.

use std::fmt::Write as _;

use super::layout::{self, ONE_CHAR, TEXT_HEIGHT, TEXT_WIDTH};
use super::pagination;
use super::style::StyleProfile;
use super::text::display_width;
use super::xml::escape;
use crate::conventions::document::NoteItem;

/// How a draft is sent as a 公文: every element is optional, and one left
/// out is not printed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    /// 份号, six digits: `000001`.
    pub copy_number: Option<String>,
    /// 密级和保密期限: `秘密★1年`.
    pub classification: Option<String>,
    /// 紧急程度: `特急`.
    pub urgency: Option<String>,
    /// 发文机关标志: `中共柳川县委老干部局文件`.
    pub issuer_mark: Option<String>,
    /// 联合行文 (§7.2.4): the issuing organs' names, the host first, set one
    /// a line with [`Frame::mark_word`] right of them, centred on them;
    /// when given, it takes the place of `issuer_mark`.
    pub joint_issuers: Vec<String>,
    /// The word right of the joint issuers' names, usually `文件`; empty
    /// for none.
    pub mark_word: String,
    /// 发文字号: `柳老干〔2026〕12号`.
    pub number: Option<String>,
    /// 签发人 of a document sent up; the 发文字号 then sits left.
    pub signers: Vec<String>,
    /// 主送机关 with its colon: `中共柳川县委：`, set flush left (§7.3.2).
    pub addressee: Option<String>,
    /// 署名 (发文机关署名); of the host organ when several issue jointly.
    pub signature: String,
    /// 联合行文: the other organs' 署名, in the order of the 发文机关标志
    /// (§7.3.5).
    pub co_signatures: Vec<String>,
    /// 成文日期: `2026年10月12日`.
    pub date: String,
    /// The 落款 leaves room for a 印章 (§7.3.5.1) or is laid out for a
    /// document without one (§7.3.5.2).
    pub seal: bool,
    /// 附注 with its parentheses: `（联系人：张明，电话：1234567）`.
    pub note: Option<String>,
    /// 抄送机关, without the final 句号.
    pub copy_to: Option<String>,
    /// 印发机关.
    pub printer: Option<String>,
    /// 印发日期: `2026年10月12日`.
    pub print_date: Option<String>,
}

impl Frame {
    /// Whether the 版头 has anything to print.
    pub fn has_masthead(&self) -> bool {
        self.copy_number.is_some()
            || self.classification.is_some()
            || self.urgency.is_some()
            || self.issuer_mark.is_some()
            || !self.joint_issuers.is_empty()
            || self.number.is_some()
    }

    /// Every 署名 in order: the host organ's, then the others'.
    pub fn signatures(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.signature.as_str())
            .chain(self.co_signatures.iter().map(String::as_str))
    }

    /// Whether the 版记 has anything to print.
    pub fn has_imprint(&self) -> bool {
        self.copy_to.is_some() || self.printer.is_some()
    }
}

/// Red of the 发文机关标志 and the rule under the 版头.
pub(super) const RED: &str = "FF0000";
/// 35 mm: the 发文机关标志's top edge under the top of the text area (§7.2.4).
pub(super) const MARK_TOP: u32 = 1984;
/// 版记 rules (§7.4.1): thick 0.35 mm ≈ 1 pt, thin 0.25 mm ≈ 0.75 pt, in
/// eighths of a point.
pub(super) const RULE_THICK: u32 = 8;
pub(super) const RULE_THIN: u32 = 6;
/// The red rule of the 版头 (§7.2.7), in eighths of a point.
pub(super) const RED_RULE: u32 = 8;
/// 版记 text: 四号, 14 pt; one such character in twips.
const IMPRINT_HALF_POINTS: u32 = 28;
const IMPRINT_CHAR: i32 = 280;

/// Run properties naming `font` for every script, at `half_points`, in
/// `color`.
fn rpr(font: &str, half_points: Option<u32>, color: Option<&str>) -> String {
    let mut x = format!(
        r#"<w:rPr><w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>"#,
        f = escape(font)
    );
    if let Some(c) = color {
        let _ = write!(x, r#"<w:color w:val="{c}"/>"#);
    }
    if let Some(hp) = half_points {
        let _ = write!(x, r#"<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>"#);
    }
    x.push_str("</w:rPr>");
    x
}

fn text_run(out: &mut String, rpr: &str, text: &str) {
    let _ = write!(
        out,
        r#"<w:r>{rpr}<w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    );
}

fn exact(before: u32, line: u32) -> String {
    format!(r#"<w:spacing w:before="{before}" w:after="0" w:line="{line}" w:lineRule="exact"/>"#)
}

const NO_INDENT: &str = r#"<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/>"#;

/// The 版头: 份号, 密级和保密期限 and 紧急程度 top left in 黑体, one a line
/// (§7.2.1–§7.2.3); the 发文机关标志 centred in red 小标宋 with its top
/// 35 mm under the text area's (§7.2.4); the 发文字号 two lines under it,
/// centred, or one character in from the left with the 签发人 one character
/// in from the right (§7.2.5, §7.2.6); the red rule 4 mm under it (§7.2.7);
/// and two blank lines before the title (§7.3.1).
pub(super) fn masthead(out: &mut String, frame: &Frame, style: &StyleProfile) {
    let line = style.line_spacing.0;
    let hei = rpr(&style.fonts.heading1, None, None);
    let mut used = 0;
    for text in [&frame.copy_number, &frame.classification, &frame.urgency]
        .into_iter()
        .flatten()
    {
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/>{}{NO_INDENT}<w:jc w:val="left"/></w:pPr>"#,
            layout::SALUTATION,
            exact(0, line)
        );
        text_run(out, &hei, text);
        out.push_str("</w:p>");
        used += line;
    }
    if !frame.joint_issuers.is_empty() {
        joint_mark(out, frame, style, MARK_TOP.saturating_sub(used));
    } else if let Some(mark) = &frame.issuer_mark {
        let hp = mark_half_points(mark, style);
        let mark_line = hp * 12;
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/>{}{NO_INDENT}<w:jc w:val="center"/></w:pPr>"#,
            layout::SALUTATION,
            exact(MARK_TOP.saturating_sub(used), mark_line)
        );
        text_run(out, &rpr(&style.fonts.title, Some(hp), Some(RED)), mark);
        out.push_str("</w:p>");
    }
    if frame.number.is_some() || !frame.signers.is_empty() {
        number_line(out, frame, style);
    }
    // Two blank lines between the rule and the title.
    let blank = format!(r"<w:p><w:pPr>{}</w:pPr></w:p>", exact(0, line));
    out.push_str(&blank);
    out.push_str(&blank);
}

/// The size of the 发文机关标志: the office's setting, made smaller when
/// the mark would not fit on one line of the text area.
pub(super) fn mark_half_points(mark: &str, style: &StyleProfile) -> u32 {
    let chars = (display_width(mark) as u32).div_ceil(2).max(1);
    let fits = TEXT_WIDTH / (chars * 10);
    ((style.issuer_mark_size * 2.0) as u32).min(fits)
}

/// The 发文机关标志 of several organs (§7.2.4, 联合行文): their names one
/// a line, the host first, spread to one width; the mark's word (文件) right
/// of them, centred on them. A borderless table does it in every reader: a
/// cell of names and a cell of the word centred down its height. An empty
/// paragraph `before` high puts its top where a single mark's would be.
fn joint_mark(out: &mut String, frame: &Frame, style: &StyleProfile, before: u32) {
    let longest = frame
        .joint_issuers
        .iter()
        .max_by_key(|n| display_width(n))
        .map_or("", String::as_str);
    // The word sits a character's space right of the names.
    let gap = if frame.mark_word.is_empty() {
        ""
    } else {
        "　"
    };
    let hp = mark_half_points(&format!("{longest}{gap}{}", frame.mark_word), style);
    let mark_line = hp * 12;
    let red = rpr(&style.fonts.title, Some(hp), Some(RED));
    if before > 0 {
        let _ = write!(out, r"<w:p><w:pPr>{}</w:pPr></w:p>", exact(0, before));
    }
    let word_w = if frame.mark_word.is_empty() {
        0
    } else {
        (display_width(&frame.mark_word) as u32).div_ceil(2) * hp * 10 + hp * 10
    };
    let names_w = TEXT_WIDTH - word_w;
    let cell = |out: &mut String, width: u32, extra: &str| {
        let _ = write!(
            out,
            r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{extra}</w:tcPr>"#
        );
    };
    let paragraph = |out: &mut String, jc: &str, text: &str| {
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/>{}{NO_INDENT}<w:jc w:val="{jc}"/></w:pPr>"#,
            layout::SALUTATION,
            exact(0, mark_line)
        );
        if !text.is_empty() {
            text_run(out, &red, text);
        }
        out.push_str("</w:p>");
    };
    let mut grid = format!(r#"<w:gridCol w:w="{names_w}"/>"#);
    if word_w > 0 {
        let _ = write!(grid, r#"<w:gridCol w:w="{word_w}"/>"#);
    }
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>"#
    );
    for (i, name) in frame.joint_issuers.iter().enumerate() {
        let _ = write!(
            out,
            r#"<w:tr><w:trPr><w:trHeight w:val="{mark_line}" w:hRule="exact"/></w:trPr>"#
        );
        cell(out, names_w, "");
        // Names of unequal length spread to one width, as offices set them.
        paragraph(out, "distribute", name);
        out.push_str("</w:tc>");
        if word_w > 0 {
            let merge = if i == 0 {
                r#"<w:vMerge w:val="restart"/><w:vAlign w:val="center"/>"#
            } else {
                r#"<w:vMerge/><w:vAlign w:val="center"/>"#
            };
            cell(out, word_w, merge);
            paragraph(out, "center", if i == 0 { &frame.mark_word } else { "" });
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// Signers per line (§7.2.6: 一般每行排两个姓名).
const SIGNERS_PER_LINE: usize = 2;

/// The 发文字号 line with the red rule under it. With 签发人 (§7.2.5,
/// §7.2.6): `签发人：` and the names 右空一字, two names a line, each
/// further line's names under the first line's, in columns as wide as the
/// longest name and a character; the 发文字号 one character in from the
/// left on the line of the last name, which carries the rule.
fn number_line(out: &mut String, frame: &Frame, style: &StyleProfile) {
    let line = style.line_spacing.0;
    let fang = rpr(&style.fonts.body, None, None);
    let kai = rpr(&style.fonts.heading2, None, None);
    let rows: Vec<&[String]> = frame.signers.chunks(SIGNERS_PER_LINE).collect();
    let row_count = rows.len().max(1);
    let columns = signer_columns(&frame.signers);
    for r in 0..row_count {
        let last = r + 1 == row_count;
        let before = if r == 0 { 2 * line } else { 0 };
        let rule = if last {
            format!(
                r#"<w:pBdr><w:bottom w:val="single" w:sz="{RED_RULE}" w:space="5" w:color="{RED}"/></w:pBdr>"#
            )
        } else {
            String::new()
        };
        let (jc, tabs) = match &columns {
            None => ("center", String::new()),
            Some(cols) => {
                let mut t = format!(r#"<w:tabs><w:tab w:val="left" w:pos="{ONE_CHAR}"/>"#);
                for pos in std::iter::once(&label_at(cols[0])).chain(cols) {
                    let _ = write!(t, r#"<w:tab w:val="left" w:pos="{pos}"/>"#);
                }
                t.push_str("</w:tabs>");
                ("left", t)
            }
        };
        // CT_PPr order: pStyle, pBdr, tabs, spacing, ind, jc.
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/>{rule}{tabs}{}{NO_INDENT}<w:jc w:val="{jc}"/></w:pPr>"#,
            layout::SALUTATION,
            exact(before, line)
        );
        if columns.is_some() {
            out.push_str("<w:r><w:tab/></w:r>");
        }
        if let (true, Some(number)) = (last, &frame.number) {
            text_run(out, &fang, number);
        }
        if let Some(names) = rows.get(r) {
            // To the label's stop (the label on the first line only), then
            // to each name's column.
            out.push_str("<w:r><w:tab/></w:r>");
            if r == 0 {
                text_run(out, &fang, SIGNER_LABEL);
            }
            for name in *names {
                out.push_str("<w:r><w:tab/></w:r>");
                text_run(out, &kai, name);
            }
        }
        out.push_str("</w:p>");
    }
}

/// `签发人：` in 仿宋 before the names in 楷体 (§7.2.6).
const SIGNER_LABEL: &str = "签发人：";

/// Where `签发人：` starts so that it ends just before the first name's
/// column: a quarter character short, so rounding in a reader never carries
/// the label past the column and the first name into the next one.
fn label_at(first_column: i32) -> i32 {
    let pitch = ONE_CHAR + layout::character_spacing();
    first_column - SIGNER_LABEL.chars().count() as i32 * pitch - pitch / 4
}

/// Where each column of signers' names starts, in twips from the left of
/// the text area, so the first line ends one character in from the right;
/// `None` without signers (the 发文字号 is then centred).
fn signer_columns(signers: &[String]) -> Option<Vec<i32>> {
    if signers.is_empty() {
        return None;
    }
    let pitch = ONE_CHAR + layout::character_spacing();
    let width = |s: &str| (display_width(s) as i32 * pitch + 1) / 2;
    let widest = signers.iter().map(|s| width(s)).max().unwrap_or(0);
    let columns = signers.len().min(SIGNERS_PER_LINE) as i32;
    let cell = widest + pitch;
    // The last column needs only the widest name; the others a name and a space.
    let names = (columns - 1) * cell + widest;
    let first = TEXT_WIDTH as i32 - ONE_CHAR - names;
    Some((0..columns).map(|c| first + c * cell).collect())
}

/// The 落款 and the 附注. With a 印章 (§7.3.5.1): the 成文日期 右空四字,
/// the 署名 centred over it, two blank lines above for the seal's top to
/// sit within a line of the body. Without (§7.3.5.2): one blank line, the
/// 署名 右空二字, the date under it two characters further right (右空二字
/// itself when it is the longer, the 署名 moving left with it). The 附注
/// on the next line, two characters in (§7.3.6).
pub(super) fn closing(out: &mut String, frame: &Frame, style: &StyleProfile) {
    let line = style.line_spacing.0;
    let chars = |s: &str| display_width(s) as i32 * ONE_CHAR / 2;
    let date_w = chars(&frame.date);
    let date_inset = if frame.co_signatures.is_empty() {
        let sig_w = chars(&frame.signature);
        let (sig_inset, date_inset, blank_lines) = if frame.seal {
            let date_inset = 4 * ONE_CHAR;
            let sig_inset = date_inset + (date_w - sig_w) / 2;
            let shift = (2 * ONE_CHAR - sig_inset).max(0);
            (sig_inset + shift, date_inset + shift, 2)
        } else {
            let date_inset = (sig_w - date_w).max(2 * ONE_CHAR);
            (date_inset + date_w + 2 * ONE_CHAR - sig_w, date_inset, 1)
        };
        closing_line(out, &frame.signature, sig_inset, blank_lines * line, line);
        date_inset
    } else if frame.seal {
        joint_sealed_signatures(out, frame, line)
    } else {
        // §7.3.5.2: the host organ's 署名 first, the others under it, each
        // 右空二字 as the longest; the date two characters further right.
        let sig_w = frame.signatures().map(chars).max().unwrap_or(0);
        let date_inset = (sig_w - date_w).max(2 * ONE_CHAR);
        let sig_inset = date_inset + date_w + 2 * ONE_CHAR - sig_w;
        for (i, name) in frame.signatures().enumerate() {
            let before = if i == 0 { line } else { 0 };
            let inset = sig_inset + sig_w - chars(name);
            closing_line(out, name, inset, before, line);
        }
        date_inset
    };
    closing_line(out, &frame.date, date_inset, 0, line);
    if let Some(note) = &frame.note {
        out.push_str("<w:p>");
        super::wordml::run(out, note, None);
        out.push_str("</w:p>");
    }
}

/// One line of the 落款, `inset` from the right, kept with the next.
fn closing_line(out: &mut String, text: &str, inset: i32, before: u32, line: u32) {
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:keepNext/>{}<w:ind w:left="0" w:right="{inset}"/></w:pPr>"#,
        layout::SIGNATURE,
        exact(before, line)
    );
    super::wordml::run(out, text, None);
    out.push_str("</w:p>");
}

/// Blank lines between two rows of sealed 署名: a 印章 (about 42 mm, four
/// lines) over each row must neither touch nor cross the next (§7.3.5.1).
const SEAL_ROW_GAP_LINES: u32 = 4;

/// 联合行文 with 印章 (§7.3.5.1): the 署名 in the organs' order, two a row,
/// each centred where its 印章 will sit: the right one over the 成文日期
/// (右空四字), the left one half the text area further left; an odd last
/// name alone on the right, so the last 印章 covers it and the date.
/// Returns the date's right inset.
fn joint_sealed_signatures(out: &mut String, frame: &Frame, line: u32) -> i32 {
    let chars = |s: &str| display_width(s) as i32 * ONE_CHAR / 2;
    let date_inset = 4 * ONE_CHAR;
    let right_centre = TEXT_WIDTH as i32 - date_inset - chars(&frame.date) / 2;
    let left_centre = right_centre - TEXT_WIDTH as i32 / 2;
    let names: Vec<&str> = frame.signatures().collect();
    let rows: Vec<&[&str]> = if names.len() % 2 == 1 {
        let (pairs, last) = names.split_at(names.len() - 1);
        pairs.chunks(2).chain(std::iter::once(last)).collect()
    } else {
        names.chunks(2).collect()
    };
    for (r, row) in rows.iter().enumerate() {
        let before = if r == 0 { 2 } else { SEAL_ROW_GAP_LINES } * line;
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:keepNext/><w:tabs><w:tab w:val="center" w:pos="{left_centre}"/><w:tab w:val="center" w:pos="{right_centre}"/></w:tabs>{}<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>"#,
            layout::SIGNATURE,
            exact(before, line)
        );
        if row.len() == 2 {
            out.push_str("<w:r><w:tab/></w:r>");
            super::wordml::run(out, row[0], None);
        } else {
            out.push_str("<w:r><w:tab/></w:r>");
        }
        out.push_str("<w:r><w:tab/></w:r>");
        super::wordml::run(out, row[row.len() - 1], None);
        out.push_str("</w:p>");
    }
    date_inset
}

/// The 主送机关 (§7.3.2): flush left, a second line flush left too.
pub(super) fn addressee(out: &mut String, text: &str, style: &StyleProfile) {
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="{}"/>{}{NO_INDENT}<w:jc w:val="both"/></w:pPr>"#,
        layout::SALUTATION,
        exact(0, style.line_spacing.0)
    );
    super::wordml::run(out, text, None);
    out.push_str("</w:p>");
}

/// The 附件 heading of an attachment page: on a new page, `附件1` in 黑体
/// flush left on the first line, a blank second line, the title on the
/// third (§7.3.7).
pub(super) fn attachment_heading(out: &mut String, label: &str, style: &StyleProfile) {
    let line = style.line_spacing.0;
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:pageBreakBefore/>{}{NO_INDENT}<w:jc w:val="left"/></w:pPr>"#,
        layout::SALUTATION,
        exact(0, line)
    );
    text_run(out, &rpr(&style.fonts.heading1, None, None), label);
    out.push_str("</w:p>");
    let _ = write!(out, r"<w:p><w:pPr>{}</w:pPr></w:p>", exact(0, line));
}

/// The 附件说明 (§7.3.4): one blank line under the body, `附件：` two
/// characters in; with several attachments each `N.名称` on a line of its
/// own, a second line of a name under the name's first character. It keeps
/// with the 落款 that follows it, so the 落款 never starts a page alone.
pub(super) fn attachment_note(out: &mut String, items: &[NoteItem], style: &StyleProfile) {
    let line = style.line_spacing.0;
    let chars = |s: &str| display_width(s) as i32 * ONE_CHAR / 2;
    let label = "附件：";
    let start = 2 * ONE_CHAR + chars(label);
    for (i, item) in items.iter().enumerate() {
        let number = item.prefix.as_str();
        let hang = chars(number) + if i == 0 { chars(label) } else { 0 };
        let left = start + chars(number);
        let before = if i == 0 { line } else { 0 };
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:keepNext/>{}<w:ind w:left="{left}" w:right="0" w:hanging="{hang}"/><w:jc w:val="both"/></w:pPr>"#,
            layout::SALUTATION,
            exact(before, line)
        );
        let text = if i == 0 {
            format!("{label}{number}{}", item.name)
        } else {
            format!("{number}{}", item.name)
        };
        super::wordml::run(out, &text, None);
        out.push_str("</w:p>");
    }
}

/// A paragraph ending the body's section, one twip high: it never needs a
/// line of its own, so it never pushes the section onto another page.
pub(super) fn section_break(out: &mut String, section: &str) {
    let _ = write!(
        out,
        r#"<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>{section}</w:pPr></w:p>"#
    );
}

/// Where the 版记 goes (§7.4: on the last page, at its bottom, and the
/// last page is even).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ImprintPlace {
    /// At the bottom of the body's last page, an even one with room for
    /// it, `space` twips under the body: no section break, no blank page,
    /// the page keeps its number.
    LastPage { space: u32 },
    /// Alone, at the bottom of a page of a section that starts on an even
    /// page: right whatever the page the body ends on, a reader adding a
    /// blank page when it ends on an even one. `numbered` when the body
    /// surely ends on an odd page, so no blank page comes between; else
    /// the blank page and the 版记 page carry no number (§7.5).
    EvenPage { numbered: bool },
}

/// Lines of margin the [`pagination`] estimate is trusted with, either
/// way: an end it puts that close to a page's top or to where the 版记
/// would start is taken as not known.
const SAFETY_LINES: u32 = 2;

/// Where the 版记 of `frame` goes when the body ends at `end`
/// ([`pagination::body_end`]): on the last page when that page is even and
/// keeps room for it with [`SAFETY_LINES`] to spare both ways, else in a
/// section of its own starting on an even page (always right).
pub(super) fn imprint_place(
    end: pagination::BodyEnd,
    frame: &Frame,
    style: &StyleProfile,
) -> ImprintPlace {
    let margin = SAFETY_LINES * style.line_spacing.0;
    // The body surely reaches into this page, and surely ends on it.
    let surely_here = end.used >= margin && end.used + margin <= TEXT_HEIGHT;
    if !surely_here {
        return ImprintPlace::EvenPage { numbered: false };
    }
    if end.page % 2 == 1 {
        return ImprintPlace::EvenPage { numbered: true };
    }
    let height = imprint_height(frame, style);
    if end.used + height + margin <= TEXT_HEIGHT {
        ImprintPlace::LastPage {
            space: TEXT_HEIGHT - end.used - height,
        }
    } else {
        ImprintPlace::EvenPage { numbered: false }
    }
}

/// The section of the 版记's page when it has one: it starts on an even
/// page (§7.4), a blank page before it when the body ends on an even page;
/// without page numbers unless `numbered` (§7.5).
pub(super) fn imprint_section(style: &StyleProfile, numbered: bool) -> String {
    let section = if numbered {
        layout::section_xml(style)
    } else {
        layout::unnumbered_section_xml(style)
    };
    section.replacen("<w:pgSz", r#"<w:type w:val="evenPage"/><w:pgSz"#, 1)
}

/// The 版记 (§7.4): 抄送机关 and 印发机关和印发日期 in 四号仿宋, one
/// character in from either side, between rules as wide as the text area
/// — the first and the last thick, the one between thin. It is pushed down
/// by the space before it so the last rule is the bottom edge of the text
/// area: on its own page the page's height less its own, on the body's
/// last page ([`ImprintPlace::LastPage`]) what the estimate leaves under
/// the body. A space worked out from line counts is what every reader
/// honours: LibreOffice 7 sets a paragraph frame (`w:framePr`) or a
/// floating table anchored to the page's bottom in the flow, where the
/// body ends.
pub(super) fn imprint(out: &mut String, frame: &Frame, style: &StyleProfile, place: ImprintPlace) {
    let line = style.line_spacing.0;
    let fang = rpr(&style.fonts.body, Some(IMPRINT_HALF_POINTS), None);
    let border = |side: &str, size: u32| {
        format!(r#"<w:{side} w:val="single" w:sz="{size}" w:space="1" w:color="000000"/>"#)
    };
    let has_print = frame.printer.is_some() || frame.print_date.is_some();
    let copy_text = copy_to_text(frame);
    let mut before = match place {
        ImprintPlace::LastPage { space } => space,
        ImprintPlace::EvenPage { .. } => TEXT_HEIGHT.saturating_sub(imprint_height(frame, style)),
    };
    if let Some(copy_to) = &copy_text {
        // Indents would shorten the rules: the paragraph spans the text
        // area, a full-width space sets the text one character in, and a
        // second line hangs under the first character after the colon.
        let hang = 4 * IMPRINT_CHAR;
        let bottom = if has_print {
            border("bottom", RULE_THIN)
        } else {
            border("bottom", RULE_THICK)
        };
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:pBdr>{}{bottom}</w:pBdr>{}<w:ind w:left="{hang}" w:right="0" w:hanging="{hang}"/><w:jc w:val="both"/></w:pPr>"#,
            layout::SALUTATION,
            border("top", RULE_THICK),
            exact(before, line),
        );
        before = 0;
        imprint_mark(out, true);
        text_run(out, &fang, copy_to);
        if !has_print {
            imprint_mark(out, false);
        }
        out.push_str("</w:p>");
    }
    if has_print {
        let top = if frame.copy_to.is_some() {
            String::new()
        } else {
            border("top", RULE_THICK)
        };
        let _ = write!(
            out,
            r#"<w:p><w:pPr><w:pStyle w:val="{}"/><w:pBdr>{top}{}</w:pBdr><w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>{}<w:ind w:left="0" w:right="0" w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>"#,
            layout::SALUTATION,
            border("bottom", RULE_THICK),
            TEXT_WIDTH as i32 - IMPRINT_CHAR,
            exact(before, line)
        );
        if frame.copy_to.is_none() {
            imprint_mark(out, true);
        }
        if let Some(printer) = &frame.printer {
            text_run(out, &fang, &format!("　{printer}"));
        }
        if let Some(date) = &frame.print_date {
            out.push_str("<w:r><w:tab/></w:r>");
            text_run(out, &fang, &format!("{date}印发"));
        }
        imprint_mark(out, false);
        out.push_str("</w:p>");
    }
}

/// The name of the hidden bookmark (a leading `_` hides it in Word) around
/// the 版记: where the body ends for [`pagination`], and a place to go to
/// in Word.
pub(super) const IMPRINT_BOOKMARK: &str = "_Imprint";

/// The start (`start`) or the end of the [`IMPRINT_BOOKMARK`].
fn imprint_mark(out: &mut String, start: bool) {
    if start {
        let _ = write!(
            out,
            r#"<w:bookmarkStart w:id="0" w:name="{IMPRINT_BOOKMARK}"/>"#
        );
    } else {
        out.push_str(r#"<w:bookmarkEnd w:id="0"/>"#);
    }
}

/// The 抄送 line as printed: one character in, ending in a 句号.
fn copy_to_text(frame: &Frame) -> Option<String> {
    frame.copy_to.as_ref().map(|c| {
        let end = if c.ends_with('。') { "" } else { "。" };
        format!("　抄送：{c}{end}")
    })
}

/// The height the 版记 takes: its lines and its rules.
fn imprint_height(frame: &Frame, style: &StyleProfile) -> u32 {
    let has_print = frame.printer.is_some() || frame.print_date.is_some();
    let copy_lines = copy_to_text(frame).as_deref().map_or(0, copy_to_lines);
    (copy_lines + u32::from(has_print)) * style.line_spacing.0 + BORDER_ALLOWANCE
}

/// What the three rules and their spacing add to the 版记's lines, with a
/// little to spare so rounding never pushes its last line onto the next
/// page: each rule's width and its point of space.
const BORDER_ALLOWANCE: u32 = 3 * 40 + 60;

/// Lines the 抄送 takes: its first line one character in, the next ones
/// under the first character after the colon; counted by full-width
/// characters, a half-width one as half (an overestimate for digits).
fn copy_to_lines(text: &str) -> u32 {
    let advance = IMPRINT_CHAR + layout::character_spacing();
    let width = TEXT_WIDTH as i32;
    let first = (width / advance) as usize * 2;
    let rest = ((width - 4 * IMPRINT_CHAR) / advance) as usize * 2;
    let total = display_width(text);
    if total <= first {
        1
    } else {
        1 + (total - first).div_ceil(rest) as u32
    }
}
