//! Pipe tables → real Word tables: fixed layout over the full text width,
//! column widths from the content (Chinese characters count double), 仿宋 at
//! the table size (the `TableText` style), single borders. The header row is
//! marked to repeat on every page in post-processing (docx-rs has no
//! `w:tblHeader`).

use docx_rs::{
    AlignmentType, BorderType, Paragraph, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use super::classify::{Segment, TableElement, plain};
use super::layout::{TABLE_TEXT, TEXT_WIDTH};
use super::markdown::Align;
use super::runs::append;
use super::text::display_width;

/// A column never gets less than this many half-width characters of room…
const MIN_COLUMN: usize = 4;
/// …and long prose counts as this many at most, so one wordy column does not
/// squeeze the numbers beside it to nothing.
const MAX_COLUMN: usize = 40;
/// Room for the cell margins, in half-width characters.
const PADDING: usize = 2;

pub fn build(table: &TableElement) -> Table {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.aligns.len()])
        .max()
        .unwrap_or(0);
    let widths = column_widths(&table.rows, columns, TEXT_WIDTH as usize);
    let rows = table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let cells = (0..columns)
                .map(|c| {
                    let mut paragraph = Paragraph::new().style(TABLE_TEXT);
                    // The header row takes the style's centring; the other
                    // rows their column's alignment.
                    let align = (r > 0)
                        .then(|| table.aligns.get(c).copied().unwrap_or(Align::Default))
                        .and_then(alignment);
                    if let Some(align) = align {
                        paragraph = paragraph.align(align);
                    }
                    let content = row.get(c).map_or(&[][..], Vec::as_slice);
                    let paragraph = append(paragraph, content);
                    TableCell::new()
                        .width(widths[c], WidthType::Dxa)
                        .vertical_align(VAlignType::Center)
                        .add_paragraph(paragraph)
                })
                .collect();
            TableRow::new(cells).cant_split()
        })
        .collect();
    let mut borders = TableBorders::new();
    for position in [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ] {
        borders = borders.set(
            TableBorder::new(position)
                .border_type(BorderType::Single)
                .size(4),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .set_borders(borders)
}

/// A column's alignment; `None` for centred, which is the style's.
fn alignment(align: Align) -> Option<AlignmentType> {
    match align {
        Align::Center => None,
        Align::Right => Some(AlignmentType::Right),
        Align::Left => Some(AlignmentType::Left),
        Align::Default => Some(AlignmentType::Both),
    }
}

/// Widths in twips summing to `total`, each column in proportion to its
/// widest cell.
pub fn column_widths(rows: &[Vec<Vec<Segment>>], columns: usize, total: usize) -> Vec<usize> {
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
    fn ragged_rows_still_get_every_column() {
        let rows = vec![vec![cell("甲"), cell("乙")], vec![cell("丙")]];
        assert_eq!(column_widths(&rows, 2, 1000).len(), 2);
    }
}
