//! Pipe tables → real Word tables: fixed layout over the full text width,
//! column widths from the content (Chinese characters count double), 仿宋 at
//! the table size (the `TableText` style), single borders, the header row
//! repeated on every page.
//!
//! The body's lines sit on a grid of the line pitch, and the text after a
//! table must land back on it. Table text is set at the body's exact pitch
//! (the style), and every row is exactly as many pitches high as its
//! tallest cell has lines ([`row_lines`]): borders then add nothing to the
//! table's height (LibreOffice adds each border's width to an unfixed row,
//! half a point per row), so a table of n lines is n pitches high.

use std::fmt::Write as _;

use super::classify::{Segment, TableElement, plain};
use super::layout::{TABLE_TEXT, TEXT_WIDTH, character_spacing};
use super::markdown::Align;
use super::style::StyleProfile;
use super::text::display_width;
use super::wordml::{self, ParagraphProps};

/// A column never gets less than this many half-width characters of room…
const MIN_COLUMN: usize = 4;
/// …and long prose counts as this many at most, so one wordy column does not
/// squeeze the numbers beside it to nothing.
const MAX_COLUMN: usize = 40;
/// Room for the cell margins, in half-width characters.
const PADDING: usize = 2;

/// Left plus right cell margin (the `TableNormal` style's 108 twips each).
const CELL_MARGINS: usize = 216;

/// Writes `table` as a `w:tbl`; with `keep_next`, its last row keeps with
/// the block after it (how Word keeps a row with what follows).
pub(super) fn write(
    out: &mut String,
    table: &TableElement,
    profile: &StyleProfile,
    keep_next: bool,
) {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.aligns.len()])
        .max()
        .unwrap_or(0);
    let widths = column_widths(&table.rows, columns, TEXT_WIDTH as usize);
    let border = r#"w:val="single" w:sz="4" w:space="0" w:color="000000"/>"#;
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:jc w:val="left"/><w:tblBorders>"#
    );
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let _ = write!(out, "<w:{side} {border}");
    }
    out.push_str(r#"</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#);
    for width in &widths {
        let _ = write!(out, r#"<w:gridCol w:w="{width}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    let pitch = profile.line_spacing.0 as usize;
    let last = table.rows.len().saturating_sub(1);
    for (r, row) in table.rows.iter().enumerate() {
        let lines = row_lines(row, &widths, profile.table_half_points());
        // The header row repeats on every page.
        let header = if r == 0 { "<w:tblHeader/>" } else { "" };
        let _ = write!(
            out,
            r#"<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{}" w:hRule="exact"/>{header}</w:trPr>"#,
            lines * pitch
        );
        for (c, width) in widths.iter().enumerate() {
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>"#
            );
            // The header row takes the style's centring; the other rows
            // their column's alignment.
            let align = (r > 0)
                .then(|| table.aligns.get(c).copied().unwrap_or(Align::Default))
                .and_then(alignment);
            let props = ParagraphProps {
                style: Some(TABLE_TEXT),
                keep_next: keep_next && r == last,
                align,
                ..ParagraphProps::default()
            };
            let content = row.get(c).map_or(&[][..], Vec::as_slice);
            wordml::paragraph(out, &props, |out| wordml::segments(out, content));
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

/// A column's alignment; `None` for centred, which is the style's.
fn alignment(align: Align) -> Option<wordml::Align> {
    match align {
        Align::Center => None,
        Align::Right => Some(wordml::Align::Right),
        Align::Left => Some(wordml::Align::Left),
        Align::Default => Some(wordml::Align::Both),
    }
}

/// How many lines the tallest cell of `row` takes in columns `widths`
/// (twips) at `half_points`: each line of a cell wraps at the column's
/// width less the cell margins and half a character of slack (for a
/// character that may not start a line and pulls the one before it down). Widths are
/// estimated on the generous side — a Chinese character is one em, a digit
/// half an em, other Latin characters and signs up to 0.85 em — so a row
/// is never too short for its text; at worst it has a spare line.
pub(super) fn row_lines(row: &[Vec<Segment>], widths: &[usize], half_points: usize) -> usize {
    let em = half_points * 10;
    let char_width = |c: char| -> usize {
        let spaced = |w: usize| w.saturating_add_signed(character_spacing() as isize);
        spaced(match c {
            '0'..='9' | ' ' | '.' | ',' => em / 2,
            'A'..='Z' | '%' | '@' | 'm' | 'w' => em * 85 / 100,
            c if c.is_ascii() => em * 6 / 10,
            c if display_width(c.encode_utf8(&mut [0; 4])) < 2 => em * 6 / 10,
            _ => em,
        })
    };
    row.iter()
        .zip(widths)
        .map(|(cell, &column)| {
            let room = column.saturating_sub(CELL_MARGINS + em / 2).max(em);
            plain(cell)
                .split('\n')
                .map(|line| {
                    let width: usize = line.chars().map(char_width).sum();
                    width.div_ceil(room).max(1)
                })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1)
        .max(1)
}

/// Widths in twips summing to `total`, each column in proportion to its
/// widest cell.
pub(super) fn column_widths(
    rows: &[Vec<Vec<Segment>>],
    columns: usize,
    total: usize,
) -> Vec<usize> {
    if columns == 0 {
        return Vec::new();
    }
    let natural: Vec<usize> = (0..columns)
        .map(|c| {
            let widest = rows
                .iter()
                .filter_map(|row| row.get(c))
                .flat_map(|cell| {
                    plain(cell)
                        .split('\n')
                        .map(display_width)
                        .collect::<Vec<_>>()
                })
                .max()
                .unwrap_or(0);
            widest.clamp(MIN_COLUMN, MAX_COLUMN) + PADDING
        })
        .collect();
    let sum: usize = natural.iter().sum();
    let mut widths: Vec<usize> = natural.iter().map(|n| n * total / sum).collect();
    let rest = total - widths.iter().sum::<usize>();
    if let Some(last) = widths.last_mut() {
        *last += rest;
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(s: &str) -> Vec<Segment> {
        vec![Segment::Text(s.into())]
    }

    #[test]
    fn widths_follow_content_and_fill_the_line() {
        let rows = vec![
            vec![cell("项目"), cell("数量"), cell("占比")],
            vec![cell("离退休干部党员"), cell("1842名"), cell("56.4%")],
        ];
        let w = column_widths(&rows, 3, 8844);
        assert_eq!(w.iter().sum::<usize>(), 8844);
        assert!(w[0] > w[1] && w[0] > w[2], "{w:?}");
        // 14 half-width units of Chinese against 6 and 5 of digits, each
        // plus 2 for the cell margins.
        assert_eq!(w[0], 8844 * 16 / 31);
    }

    #[test]
    fn rows_are_as_many_lines_as_their_tallest_cell() {
        // 14 pt: a Chinese character is 275 twips with the condensed
        // spacing; a 2,000-twip column has 1,644 twips of room: 5 of them.
        let widths = [2000, 2000];
        assert_eq!(row_lines(&[cell("离退休干部"), cell("1")], &widths, 28), 1);
        assert_eq!(
            row_lines(&[cell("离退休干部党"), cell("1")], &widths, 28),
            2
        );
        // Digits are half as wide.
        assert_eq!(row_lines(&[cell("1234567890"), cell("")], &widths, 28), 1);
        // A cell's own lines add up; an empty row is one line.
        assert_eq!(row_lines(&[cell("甲\n乙\n丙"), cell("")], &widths, 28), 3);
        assert_eq!(row_lines(&[], &[], 28), 1);
    }

    #[test]
    fn ragged_rows_still_get_every_column() {
        let rows = vec![vec![cell("甲"), cell("乙")], vec![cell("丙")]];
        assert_eq!(column_widths(&rows, 2, 1000).len(), 2);
    }
}
