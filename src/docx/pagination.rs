//! Where the body of a 公文 ends: the page, and how much of that page's
//! text area it fills, estimated from the WordprocessingML wengao writes.
//!
//! The page is a strict grid (GB/T 9704 §5.2.2; [`super::layout`]): every
//! line has the exact pitch its paragraph states (28 pt for the body), and
//! a line of 三号 holds 28 characters. So the estimate is a count, not a
//! typesetting: each paragraph's characters are laid into lines of the text
//! area's width, less its indents, at the advance of its size (a full-width
//! character its size plus the run spacing, a half-width one half its size);
//! a `w:br` starts a line; the lines, the space before and after, table rows
//! of fixed height, `w:pageBreakBefore` and keep-with-next chains then fill
//! pages of [`super::layout::TEXT_HEIGHT`]. It reads only what
//! [`super::convert`] and [`super::frame`] write: the styles'
//! sizes, first-line indents and line pitch are [`super::layout`]'s.
//!
//! What it does not model — line-start punctuation pulled back, Latin words
//! kept whole, the space a reader may drop at the top of a page — moves an
//! end by a line or so, rarely more. Callers use the estimate only with a
//! margin of lines either way (see [`super::frame::imprint_place`]).

use quick_xml::events::{BytesStart, Event};

use super::layout::{self, BODY_HALF_POINTS, ONE_CHAR, TEXT_WIDTH};
use super::style::StyleProfile;
use super::text::display_width;

/// Where the body ends: on page `page` (from 1), `used` twips of its text
/// area filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BodyEnd {
    pub page: u32,
    pub used: u32,
}

/// What the flow needs of one block.
#[derive(Debug)]
enum Block {
    Paragraph {
        before: u32,
        after: u32,
        line: u32,
        lines: u32,
        keep_next: bool,
        page_break_before: bool,
    },
    /// A table row that does not split (`w:cantSplit`, as every row
    /// wengao writes); a header row repeats on each page the table reaches.
    Row { height: u32, header: bool },
    /// The first row of a table: the header rows of the one before stop
    /// repeating.
    TableStart,
}

impl Block {
    /// The height a block needs kept whole: for a paragraph its lines and
    /// the space around them, for a row its height.
    fn whole(&self) -> u32 {
        match *self {
            Block::Paragraph {
                before,
                after,
                line,
                lines,
                ..
            } => before + lines * line + after,
            Block::Row { height, .. } => height,
            Block::TableStart => 0,
        }
    }
}

/// A paragraph being read: its properties and the widths of its lines'
/// characters.
#[derive(Default)]
struct Paragraph {
    style: String,
    before: Option<u32>,
    after: Option<u32>,
    line: Option<u32>,
    left: i32,
    right: i32,
    first_line: Option<i32>,
    keep_next: bool,
    page_break_before: bool,
    /// The paragraph ends the first section: the body ends with it.
    ends_section: bool,
    /// Each line the paragraph's breaks make, as character advances.
    pieces: Vec<Vec<i32>>,
}

/// A table cell being read: its width and the height of its paragraphs.
struct Cell {
    width: i32,
    height: u32,
}

/// Estimates where the body in `document` (`word/document.xml`, or its
/// start up to the end of the body) ends: at the end of its first section,
/// or where the 版记 starts.
pub(crate) fn body_end(document: &str, style: &StyleProfile) -> BodyEnd {
    flow(&blocks(document, style), style.line_spacing.0)
}

/// The size in half-points of text in paragraph style `style`.
fn style_half_points(style: &str, profile: &StyleProfile) -> u32 {
    let hp = match style {
        layout::TITLE => profile.title_half_points(),
        layout::TABLE_TEXT => profile.table_half_points(),
        _ => BODY_HALF_POINTS,
    };
    hp as u32
}

/// Whether paragraph style `style` keeps with the next paragraph: the
/// title, the lines under it, headings on a line of their own and the
/// 落款 ([`layout::styles_xml`]).
fn style_keeps_with_next(style: &str) -> bool {
    [layout::TITLE, layout::SUBTITLE, layout::SIGNATURE]
        .iter()
        .chain(layout::HEADINGS.iter())
        .any(|s| *s == style)
}

/// The first-line indent of paragraph style `style` (`Normal`'s two
/// characters; none for the others wengao writes).
fn style_first_line(style: &str) -> i32 {
    if style.is_empty() || style == "Normal" {
        2 * ONE_CHAR
    } else {
        0
    }
}

fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| std::str::from_utf8(&a.value).ok().map(str::to_owned))
}

fn number<T: std::str::FromStr>(e: &BytesStart<'_>, name: &[u8]) -> Option<T> {
    attr(e, name).and_then(|v| v.parse().ok())
}

/// Reads the blocks of the body, in order.
fn blocks(document: &str, profile: &StyleProfile) -> Vec<Block> {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut out = Vec::new();
    let mut paragraph: Option<Paragraph> = None;
    let mut cells: Vec<Cell> = Vec::new();
    let mut in_table = 0usize;
    let mut row: Option<(u32, bool, bool)> = None; // (height, exact, header)
    let mut run_half_points: Option<u32> = None;
    let mut in_text = false;
    let mut in_run_props = false;
    let mut in_paragraph_props = false;
    let pitch = layout::character_spacing();
    loop {
        let event = match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(e) => e,
        };
        let (start, empty) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = start {
            match e.local_name().as_ref() {
                b"tbl" => {
                    in_table += 1;
                    if in_table == 1 {
                        out.push(Block::TableStart);
                    }
                }
                b"tr" => row = Some((0, false, false)),
                b"trHeight" => {
                    if let Some(r) = row.as_mut() {
                        r.0 = number(&e, b"val").unwrap_or(0);
                        r.1 = attr(&e, b"hRule").as_deref() == Some("exact");
                    }
                }
                b"tblHeader" => {
                    if let Some(r) = row.as_mut() {
                        r.2 = true;
                    }
                }
                b"tc" => cells.push(Cell {
                    width: TEXT_WIDTH as i32,
                    height: 0,
                }),
                b"tcW" => {
                    if let Some(c) = cells.last_mut() {
                        c.width = number(&e, b"w").unwrap_or(c.width);
                    }
                }
                b"p" => {
                    let p = Paragraph::default();
                    if empty {
                        finish(p, &mut out, &mut cells, profile, in_table > 0);
                    } else {
                        paragraph = Some(p);
                    }
                }
                b"pPr" if !empty => in_paragraph_props = true,
                b"rPr" if !empty => in_run_props = !in_paragraph_props,
                b"r" => run_half_points = None,
                b"t" if !empty => in_text = true,
                // The 版记 follows the body ([`super::frame::imprint`]).
                b"bookmarkStart"
                    if attr(&e, b"name").as_deref() == Some(super::frame::IMPRINT_BOOKMARK) =>
                {
                    break;
                }
                name => {
                    if let Some(p) = paragraph.as_mut() {
                        paragraph_element(p, name, &e, in_paragraph_props);
                        if in_run_props && name == b"sz" {
                            run_half_points = number(&e, b"val");
                        }
                        if !in_paragraph_props {
                            let hp = run_half_points
                                .unwrap_or_else(|| style_half_points(&p.style, profile));
                            match name {
                                b"br" => p.pieces.push(Vec::new()),
                                // A tab stop is at least a character away.
                                b"tab" => piece(p).push(hp as i32 * 10 + pitch),
                                _ => {}
                            }
                        }
                    }
                }
            }
            continue;
        }
        match event {
            Event::Text(t) if in_text => {
                if let (Some(p), Ok(text)) = (paragraph.as_mut(), t.decode()) {
                    let hp =
                        run_half_points.unwrap_or_else(|| style_half_points(&p.style, profile));
                    let line = piece(p);
                    for c in text.chars() {
                        let mut buf = [0u8; 4];
                        let w = display_width(c.encode_utf8(&mut buf)) as i32;
                        line.push(w * hp as i32 * 5 + pitch);
                    }
                }
            }
            Event::GeneralRef(r) if in_text => {
                // An escaped character (&amp; and the like): one half-width.
                let _ = r;
                if let Some(p) = paragraph.as_mut() {
                    let hp =
                        run_half_points.unwrap_or_else(|| style_half_points(&p.style, profile));
                    piece(p).push(hp as i32 * 5 + pitch);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"pPr" => in_paragraph_props = false,
                b"rPr" => in_run_props = false,
                b"p" => {
                    if let Some(p) = paragraph.take() {
                        let last = p.ends_section;
                        finish(p, &mut out, &mut cells, profile, in_table > 0);
                        if last {
                            break;
                        }
                    }
                }
                b"tr" => {
                    if let Some((height, exact, header)) = row.take() {
                        let content = cells.iter().map(|c| c.height).max().unwrap_or(0);
                        let height = if exact { height } else { height.max(content) };
                        if in_table == 1 {
                            out.push(Block::Row { height, header });
                        }
                    }
                    cells.clear();
                }
                b"tbl" => in_table = in_table.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// The characters of the paragraph's current line.
fn piece(p: &mut Paragraph) -> &mut Vec<i32> {
    if p.pieces.is_empty() {
        p.pieces.push(Vec::new());
    }
    p.pieces.last_mut().unwrap()
}

/// A property of the paragraph being read.
fn paragraph_element(p: &mut Paragraph, name: &[u8], e: &BytesStart<'_>, in_props: bool) {
    if !in_props {
        return;
    }
    match name {
        b"pStyle" => p.style = attr(e, b"val").unwrap_or_default(),
        b"keepNext" => p.keep_next = attr(e, b"val").as_deref() != Some("0"),
        b"pageBreakBefore" => p.page_break_before = attr(e, b"val").as_deref() != Some("0"),
        b"sectPr" => p.ends_section = true,
        b"spacing" => {
            p.before = number(e, b"before").or(p.before);
            p.after = number(e, b"after").or(p.after);
            if attr(e, b"lineRule").as_deref() == Some("exact") {
                p.line = number(e, b"line").or(p.line);
            }
        }
        b"ind" => {
            p.left = number(e, b"left").unwrap_or(p.left);
            p.right = number(e, b"right").unwrap_or(p.right);
            if let Some(first) = number(e, b"firstLine") {
                p.first_line = Some(first);
            }
            if let Some(hanging) = number::<i32>(e, b"hanging") {
                p.first_line = Some(-hanging);
            }
        }
        _ => {}
    }
}

/// Lays a read paragraph into lines: a block of the body, or height in
/// its table cell.
fn finish(
    p: Paragraph,
    out: &mut Vec<Block>,
    cells: &mut [Cell],
    profile: &StyleProfile,
    in_table: bool,
) {
    let pitch = p.line.unwrap_or(profile.line_spacing.0);
    let width = if in_table {
        // The cell's width less its margins (`TableNormal`: 108 each side).
        cells.last().map_or(TEXT_WIDTH as i32, |c| c.width) - 216
    } else {
        TEXT_WIDTH as i32
    } - p.left
        - p.right;
    let first_line = p.first_line.unwrap_or_else(|| style_first_line(&p.style));
    let lines = line_count(&p.pieces, width, first_line);
    let before = p.before.unwrap_or(0);
    let after = p.after.unwrap_or(0);
    if in_table {
        if let Some(c) = cells.last_mut() {
            c.height += before + lines * pitch + after;
        }
        return;
    }
    out.push(Block::Paragraph {
        before,
        after,
        line: pitch,
        lines,
        keep_next: p.keep_next || style_keeps_with_next(&p.style),
        page_break_before: p.page_break_before,
    });
}

/// Lines the characters of `pieces` (each piece ended by a `w:br`) take in
/// a `width` twips wide, the first line `first_line` further in.
fn line_count(pieces: &[Vec<i32>], width: i32, first_line: i32) -> u32 {
    let width = width.max(ONE_CHAR);
    let mut lines = 0;
    for (i, piece) in pieces.iter().enumerate() {
        lines += 1;
        let mut room = if i == 0 { width - first_line } else { width };
        for &advance in piece {
            if advance > room {
                lines += 1;
                room = width;
            }
            room -= advance;
        }
    }
    lines.max(1)
}

/// Fills pages of the text area's height with `blocks`.
fn flow(blocks: &[Block], line: u32) -> BodyEnd {
    let height = layout::TEXT_HEIGHT;
    let mut page = 1;
    let mut used = 0;
    let mut header = 0;
    let new_page = |page: &mut u32, used: &mut u32| {
        *page += 1;
        *used = 0;
    };
    for (i, block) in blocks.iter().enumerate() {
        match *block {
            Block::TableStart => header = 0,
            Block::Row {
                height: h,
                header: is_header,
            } => {
                if used > 0 && used + h > height {
                    new_page(&mut page, &mut used);
                    used += header;
                }
                used += h;
                if is_header {
                    header += h;
                }
            }
            Block::Paragraph {
                before,
                after,
                line: pitch,
                lines,
                keep_next,
                page_break_before,
            } => {
                if page_break_before && used > 0 {
                    new_page(&mut page, &mut used);
                }
                if keep_next && used > 0 {
                    let chain = chain_height(&blocks[i..], line);
                    if chain <= height && used + chain > height {
                        new_page(&mut page, &mut used);
                    }
                }
                if used > 0 && used + before + pitch > height {
                    new_page(&mut page, &mut used);
                }
                used += before;
                for _ in 0..lines {
                    if used > 0 && used + pitch > height {
                        new_page(&mut page, &mut used);
                    }
                    used += pitch;
                }
                used = (used + after).min(height);
            }
        }
    }
    BodyEnd { page, used }
}

/// The height a chain of keep-with-next paragraphs starting at `blocks[0]`
/// needs on one page: each of them whole, and the first line of the block
/// that follows.
fn chain_height(blocks: &[Block], line: u32) -> u32 {
    let mut total = 0;
    for block in blocks {
        match *block {
            Block::Paragraph {
                keep_next: true, ..
            } => total += block.whole(),
            Block::Paragraph {
                before,
                line: pitch,
                ..
            } => return total + before + pitch,
            Block::Row { height, .. } => return total + height,
            Block::TableStart => {}
        }
    }
    total + line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(paragraphs: &str) -> String {
        format!("<w:document><w:body>{paragraphs}</w:body></w:document>")
    }

    fn estimate(paragraphs: &str) -> BodyEnd {
        body_end(&body(paragraphs), &StyleProfile::default())
    }

    #[test]
    fn a_body_line_holds_twenty_eight_characters() {
        let indent = 2 * ONE_CHAR;
        let twenty_eight = vec![vec![315; 28]];
        assert_eq!(line_count(&twenty_eight, TEXT_WIDTH as i32, 0), 1);
        // Two characters of first-line indent push two onto a second line.
        assert_eq!(line_count(&twenty_eight, TEXT_WIDTH as i32, indent), 2);
        let twenty_nine = vec![vec![315; 29]];
        assert_eq!(line_count(&twenty_nine, TEXT_WIDTH as i32, 0), 2);
    }

    #[test]
    fn a_page_holds_twenty_two_body_lines() {
        let line = "<w:p><w:r><w:t>一</w:t></w:r></w:p>";
        assert_eq!(
            estimate(&line.repeat(22)),
            BodyEnd {
                page: 1,
                used: 22 * 560
            }
        );
        assert_eq!(estimate(&line.repeat(23)), BodyEnd { page: 2, used: 560 });
        // 26 characters after the indent fill a line; 27 take two.
        let full = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "字".repeat(26));
        assert_eq!(estimate(&full).used, 560);
        let over = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "字".repeat(27));
        assert_eq!(estimate(&over).used, 2 * 560);
    }

    #[test]
    fn a_page_break_before_and_a_kept_heading_move_to_the_next_page() {
        let line = "<w:p><w:r><w:t>一</w:t></w:r></w:p>";
        let broken = format!(
            "{line}<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>附件1</w:t></w:r></w:p>"
        );
        assert_eq!(estimate(&broken), BodyEnd { page: 2, used: 560 });
        let kept = format!(
            "{}<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:keepNext/></w:pPr><w:r><w:t>一、</w:t></w:r></w:p>{line}",
            line.repeat(21)
        );
        assert_eq!(
            estimate(&kept),
            BodyEnd {
                page: 2,
                used: 2 * 560
            }
        );
    }

    #[test]
    fn the_title_is_set_in_its_own_size_and_breaks() {
        // 二号 (22 pt): 19 characters a line.
        let title = format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Title\"/></w:pPr><w:r><w:t>{}</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>题</w:t></w:r></w:p>",
            "标".repeat(21)
        );
        assert_eq!(estimate(&title).used, 3 * 560);
    }

    #[test]
    fn exact_rows_and_spacing_count_as_written() {
        let table = r#"<w:tbl><w:tr><w:trPr><w:trHeight w:val="600" w:hRule="exact"/></w:trPr><w:tc><w:tcPr><w:tcW w:w="3000"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let spaced = r#"<w:p><w:pPr><w:spacing w:before="1120" w:after="0" w:line="560" w:lineRule="exact"/></w:pPr></w:p>"#;
        assert_eq!(estimate(&format!("{table}{spaced}")).used, 600 + 1120 + 560);
    }
}
