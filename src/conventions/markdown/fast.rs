//! A reader for the plain Markdown wengao's own templates write: headings,
//! paragraphs of text and whole-line `**bold**` leads, between blank lines.
//!
//! It gives exactly the [`Block`]s the parser gives (the tests and, in
//! debug builds, every call check that), only without parsing: a draft is
//! mostly Chinese text, where CommonMark has nothing to find, and the
//! parser costs about a fifth of a conversion to Word. It never guesses.
//! [`plain_lines`] looks at the start of every line once, for anything
//! that could make one stretch between blank lines depend on another (a
//! list, a quote, code, HTML, a link definition anywhere): then the whole
//! draft goes to the parser. Otherwise each stretch is read here when it
//! holds only what this reader knows, and by the parser on its own when
//! not (a table, a link, an escape): without those constructs, a blank
//! line closes every block, so a stretch reads the same alone as in the
//! draft.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use super::{Block, Inline, ParagraphKind};

/// Whether every stretch between blank lines can be read on its own: no
/// line starts with what could open a block that spans a blank line or
/// reads a line differently (indentation, a list marker, a quote, a fence,
/// HTML, a setext underline or thematic break), and no `[` anywhere (a
/// link reference definition changes text elsewhere). Carriage returns and
/// NULs, which the parser rewrites, also send the draft to the parser.
/// The whole draft is looked at before its first stretch is read: a `[`
/// at its end changes how its start reads.
pub(super) fn plain_lines(source: &str) -> bool {
    let bytes = source.as_bytes();
    if memchr::memchr3(b'[', b'\r', 0, bytes).is_some() {
        return false;
    }
    lines(bytes, 0..bytes.len()).all(|line| plain_line_start(&bytes[line]))
}

/// The ranges of the lines of `bytes[range]`, without their `\n`.
fn lines(bytes: &[u8], range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[at..range.end]).map_or(range.end, |i| at + i);
        let line = at..end;
        at = end + 1;
        Some(line)
    })
}

/// Whether a line's start opens nothing that could span a blank line or
/// read it differently alone.
fn plain_line_start(line: &[u8]) -> bool {
    match line {
        // A blank line, a heading, or a table row (read by the parser).
        [] | [b'#' | b'|', ..] => true,
        // `**bold**`, not a bullet, a thematic break or an empty strong.
        [b'*', b'*', c, ..] => !matches!(c, b'*' | b' ' | b'\t'),
        [b'0'..=b'9', ..] => {
            // `1.` or `1)` could number a list item.
            let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
            !matches!(line.get(digits), Some(b'.' | b')'))
        }
        [first, ..] => !matches!(
            first,
            b' ' | b'\t'
                | b'<'
                | b'>'
                | b'-'
                | b'+'
                | b'*'
                | b'='
                | b'_'
                | b'`'
                | b'~'
                | b'\\'
                | b'&'
                | b'!'
                | b']'
                | 0x0b
                | 0x0c
        ),
    }
}

/// Finds where a stretch ends; built once, not for every stretch.
static BLANK_LINE: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
    std::sync::OnceLock::new();

/// The blocks of a draft whose lines are [`plain_lines`], one stretch
/// between blank lines at a time.
pub(crate) struct Stretches<'s> {
    source: &'s str,
    /// Where the next stretch is looked for.
    at: usize,
    /// Blocks of the stretch read last, not yet handed out.
    ready: VecDeque<Block<'s>>,
}

impl<'s> Stretches<'s> {
    pub(super) fn new(source: &'s str) -> Self {
        Self {
            source,
            at: 0,
            ready: VecDeque::new(),
        }
    }

    /// The next stretch: from its first line to the end of its last line
    /// (and that line's `\n`, if any).
    fn next_stretch(&mut self) -> Option<Range<usize>> {
        let bytes = self.source.as_bytes();
        while bytes.get(self.at) == Some(&b'\n') {
            self.at += 1;
        }
        if self.at >= bytes.len() {
            return None;
        }
        let start = self.at;
        // Up to a blank line, with the `\n` of the line before it.
        let end = BLANK_LINE
            .get_or_init(|| memchr::memmem::Finder::new(b"\n\n"))
            .find(&bytes[start..])
            .map_or(bytes.len(), |i| start + i + 1);
        self.at = end;
        Some(start..end)
    }
}

impl<'s> Iterator for Stretches<'s> {
    type Item = Block<'s>;

    fn next(&mut self) -> Option<Block<'s>> {
        loop {
            if let Some(block) = self.ready.pop_front() {
                return Some(block);
            }
            let stretch = self.next_stretch()?;
            if !read_stretch(self.source, stretch.clone(), &mut self.ready) {
                self.ready.clear();
                let offset = stretch.start;
                self.ready
                    .extend(super::Parsed::new(&self.source[stretch]).map(|mut block| {
                        shift(&mut block, offset);
                        block
                    }));
            }
        }
    }
}

/// Reads the stretch `range` of `source` into `blocks`, if it holds only
/// headings and paragraphs of plain text or whole-line bold; `false` (and
/// blocks maybe half read) when it holds anything else.
fn read_stretch<'s>(
    source: &'s str,
    range: Range<usize>,
    blocks: &mut VecDeque<Block<'s>>,
) -> bool {
    let bytes = source.as_bytes();
    // The paragraph being read: its inlines and where it starts.
    let mut open: Option<(Vec<Inline<'s>>, usize)> = None;
    let close = |open: &mut Option<(Vec<Inline<'s>>, usize)>, end, blocks: &mut VecDeque<_>| {
        if let Some((inlines, start)) = open.take() {
            blocks.push_back(Block::Paragraph {
                kind: ParagraphKind::Plain,
                inlines,
                source: start..end,
            });
        }
    };
    for Range {
        start: line_start,
        end: line_end,
    } in lines(bytes, range.clone())
    {
        // The line with its `\n`, if it has one.
        let after = (line_end + 1).min(range.end);
        let line = &bytes[line_start..line_end];
        if line.first() == Some(&b'#') {
            let Some((level, text)) = heading(line) else {
                return false;
            };
            close(&mut open, line_start, blocks);
            let text = line_start + text.start..line_start + text.end;
            blocks.push_back(Block::Heading {
                level,
                inlines: vec![text_inline(source, text)],
                source: line_start..after,
            });
        } else {
            let (inlines, _) = open.get_or_insert_with(|| (Vec::new(), line_start));
            if !inlines.is_empty() {
                // The previous line's `\n` is the break.
                inlines.push(Inline::SoftBreak { at: line_start - 1 });
            }
            if !paragraph_line(source, line_start..line_end, inlines) {
                return false;
            }
        }
    }
    close(&mut open, range.end, blocks);
    true
}

/// A heading line's level and the range of its text (`# 标题`), if it is a
/// heading of level 1–6 with plain text that no closing `#`s or trailing
/// space could shorten.
fn heading(line: &[u8]) -> Option<(u8, Range<usize>)> {
    let level = line.iter().take_while(|&&b| b == b'#').count();
    if !(1..=6).contains(&level) || line.get(level) != Some(&b' ') {
        return None;
    }
    let start = level + 1;
    let text = &line[start..];
    let plain = matches!(text.first(), Some(b) if !matches!(b, b' ' | b'\t'))
        && !matches!(text.last(), Some(b'#' | b' ' | b'\t'))
        && plain_text(text);
    // At most 6: the cast loses nothing.
    plain.then_some((level as u8, start..line.len()))
}

/// Appends the inlines of a paragraph line at `range` of `source` to
/// `inlines`: its text, or `**` around it when the whole line is bold;
/// `false` if the line holds anything else.
fn paragraph_line<'s>(source: &'s str, range: Range<usize>, inlines: &mut Vec<Inline<'s>>) -> bool {
    let line = &source.as_bytes()[range.clone()];
    // Trailing whitespace makes a hard break or is dropped: the parser's.
    if matches!(line.last(), None | Some(b' ' | b'\t')) || line.first() == Some(&b'#') {
        return false;
    }
    if let Some(inner) = line.strip_prefix(b"**").and_then(|l| l.strip_suffix(b"**")) {
        let text = range.start + 2..range.end - 2;
        // Flanking: `**` opens before a non-space and closes after one.
        let bold = &source[text.clone()];
        let flanked = bold.chars().next().is_some_and(|c| !c.is_whitespace())
            && bold.chars().next_back().is_some_and(|c| !c.is_whitespace());
        if !flanked || !plain_text(inner) {
            return false;
        }
        inlines.extend([
            Inline::StrongStart,
            text_inline(source, text),
            Inline::StrongEnd,
        ]);
        return true;
    }
    let plain = plain_text(line);
    if plain {
        inlines.push(text_inline(source, range));
    }
    plain
}

fn text_inline(source: &str, range: Range<usize>) -> Inline<'_> {
    Inline::Text {
        text: Cow::Borrowed(&source[range.clone()]),
        source: range,
    }
}

/// Whether `text` holds none of the bytes the parser looks at inside a
/// line (`*`, `_`, `` ` ``, `\`, `&`, `<`, `[`, `]`, `!`, `|`), nor a tab
/// or control character. Chinese text is all bytes ≥ 0x80: eight at a
/// time are passed over with one test.
fn plain_text(text: &[u8]) -> bool {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut words = text.chunks_exact(8);
    for word in words.by_ref() {
        let word = u64::from_ne_bytes(word.try_into().expect("eight bytes"));
        if word & HIGH != HIGH && !word.to_ne_bytes().iter().all(|&b| plain_byte(b)) {
            return false;
        }
    }
    words.remainder().iter().all(|&b| plain_byte(b))
}

fn plain_byte(b: u8) -> bool {
    b >= 0x80
        || (b >= b' '
            && !matches!(
                b,
                b'*' | b'_' | b'`' | b'\\' | b'&' | b'<' | b'[' | b']' | b'!' | b'|' | 0x7f
            ))
}

/// Moves the ranges of `block`, read from a stretch starting at byte
/// `offset`, to the draft's.
fn shift(block: &mut Block<'_>, offset: usize) {
    match block {
        Block::Heading {
            inlines, source, ..
        }
        | Block::Paragraph {
            inlines, source, ..
        } => {
            *source = source.start + offset..source.end + offset;
            for inline in inlines {
                shift_inline(inline, offset);
            }
        }
        Block::Table(table) => {
            for inline in table.rows.iter_mut().flatten().flatten() {
                shift_inline(inline, offset);
            }
        }
    }
}

fn shift_inline(inline: &mut Inline<'_>, offset: usize) {
    match inline {
        Inline::Text { source, .. }
        | Inline::Object { source, .. }
        | Inline::Delimiter { source, .. }
        | Inline::ListNumber { source, .. }
        | Inline::ImageStart { source } => *source = source.start + offset..source.end + offset,
        Inline::SoftBreak { at } | Inline::HardBreak { at } => *at += offset,
        Inline::TaskMarker { .. }
        | Inline::StrongStart
        | Inline::StrongEnd
        | Inline::WrapperStart
        | Inline::ImageEnd => {}
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use proptest::prelude::*;

    use super::*;
    use crate::conventions::markdown::Parsed;

    /// The golden drafts (what the templates write).
    fn golden_drafts() -> Vec<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/drafts");
        let drafts: Vec<String> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("drafts folder"))
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .map(|e| std::fs::read_to_string(e.path()).expect("draft"))
            .collect();
        assert!(drafts.len() > 40, "{} drafts", drafts.len());
        drafts
    }

    /// Whether the plain-line reader gives the parser's blocks for
    /// `source`; `Ok(false)` when it does not read it.
    fn agree(source: &str) -> Result<bool, String> {
        if !plain_lines(source) {
            return Ok(false);
        }
        let fast: Vec<_> = Stretches::new(source).collect();
        let parsed: Vec<_> = Parsed::new(source).collect();
        if fast == parsed {
            Ok(true)
        } else {
            Err(format!(
                "for {source:?}\nthe reader gives\n{fast:#?}\nthe parser\n{parsed:#?}"
            ))
        }
    }

    #[test]
    fn every_golden_draft_is_read_without_the_parser_but_its_tables() {
        let mut stretches = 0;
        for draft in golden_drafts() {
            assert_eq!(agree(&draft), Ok(true));
            let mut reader = Stretches::new(&draft);
            while let Some(stretch) = reader.next_stretch() {
                let text = &draft[stretch.clone()];
                let mut blocks = VecDeque::new();
                let read = read_stretch(&draft, stretch, &mut blocks);
                assert_eq!(read, !text.contains('|'), "{text}");
                stretches += 1;
            }
        }
        assert!(stretches > 600, "{stretches} stretches");
    }

    #[test]
    fn a_bold_lead_and_its_paragraph_keep_their_ranges() {
        let source = "## 一、做法\n\n**（一）抓党建。**\n全县86个。\n";
        let blocks: Vec<_> = Stretches::new(source).collect();
        assert_eq!(
            blocks,
            [
                Block::Heading {
                    level: 2,
                    inlines: vec![text_inline(source, 3..15)],
                    source: 0..16,
                },
                Block::Paragraph {
                    kind: ParagraphKind::Plain,
                    inlines: vec![
                        Inline::StrongStart,
                        text_inline(source, 19..40),
                        Inline::StrongEnd,
                        Inline::SoftBreak { at: 42 },
                        text_inline(source, 43..57),
                    ],
                    source: 17..58,
                },
            ]
        );
        assert_eq!(agree(source), Ok(true));
    }

    /// Lines that look like what the reader knows but are not, each read
    /// as the parser reads it (by the parser, for the stretch).
    #[test]
    fn near_misses_read_as_the_parser_reads_them() {
        for source in [
            "**\u{3000}全县**\n",
            "**全县\u{3000}**\n",
            "**全县 **\n",
            "**全**县**\n",
            "**全县**。\n",
            "# 标题 #\n",
            "#标题\n",
            "####### 七级\n",
            "甲  \n乙\n",
            "甲\\\n乙\n",
            "甲\n# 乙\n丙\n",
            "\u{3000}\u{3000}全县\n",
            "甲&amp;乙\n",
        ] {
            assert!(plain_lines(source), "{source:?}");
            assert_eq!(agree(source), Ok(true), "{source:?}");
        }
    }

    #[test]
    fn a_table_is_read_by_the_parser_where_it_stands() {
        let source = "文字\n\n| 项 | 数 |\n|---|--:|\n| 甲 | 1 |\n\n后文\n";
        assert!(plain_lines(source));
        assert_eq!(agree(source), Ok(true));
        let blocks: Vec<_> = Stretches::new(source).collect();
        let Block::Table(table) = &blocks[1] else {
            panic!("{blocks:?}")
        };
        let Inline::Text { source: at, .. } = &table.rows[1][0][0] else {
            panic!("{table:?}")
        };
        assert_eq!(&source[at.clone()], "甲");
    }

    #[test]
    fn what_could_span_a_blank_line_sends_the_draft_to_the_parser() {
        for source in [
            "甲\n\n- 乙\n",
            "甲\n\n    代码\n",
            "```\n甲\n\n乙\n```\n",
            "<div>\n\n甲\n</div>\n",
            "> 甲\n\n乙\n",
            "甲\n\n[注]: /x\n",
            "甲\r\n乙\n",
            "1. 甲\n",
            "甲\n===\n",
            "***\n",
        ] {
            assert!(!plain_lines(source), "{source:?}");
        }
        assert!(plain_lines("2026年10月\n**（一）甲。**\n# 乙\n| 甲 |\n"));
    }

    /// Lines of the kinds drafts hold, and of the kinds that look like
    /// them but are not (spaces at an end, markup inside, a heading
    /// without its space, ideographic spaces).
    fn line() -> impl Strategy<Value = String> {
        let text = prop::collection::vec(
            prop::sample::select(vec![
                "全县",
                "86",
                "个",
                "。",
                "，",
                "“",
                "”",
                "（一）",
                "%",
                "#",
                " ",
                "\u{3000}",
                "全县",
                "86",
                "个",
                "。",
                "，",
                "提高2.7个百分点",
                "（一）",
                "(1)",
                "a b",
                "",
                "*",
                "**",
                "_",
                "!",
                "&amp;",
                "<b>",
                "\\",
                "`",
                "|",
                "~",
                "-",
                "1.",
                "a",
            ]),
            0..6,
        )
        .prop_map(|pieces| pieces.concat());
        (
            prop::sample::select(vec![
                "", "", "", "# ", "## ", "###### ", "####### ", "#", "**", "| ", "- ", "1. ", " ",
                "\u{3000}", "> ",
            ]),
            text,
            prop::sample::select(vec!["", "", "", "**", " ", "  ", " #", "|", "\\"]),
        )
            .prop_map(|(start, text, end)| format!("{start}{text}{end}"))
    }

    #[test]
    fn generated_drafts_read_as_the_parser_reads_them() {
        let read = crate::fast_oracle::sources_read_alike(line(), 4000, agree);
        assert!(read > 800, "read only {read} drafts");
    }

    #[test]
    fn plain_text_stops_at_every_byte_the_parser_looks_at() {
        let text = "全县离退休干部".as_bytes();
        for b in 0..=u8::MAX {
            let parser = b"*_`\\&<[]!|".contains(&b) || b < b' ' || b == 0x7f;
            assert_eq!(plain_byte(b), !parser, "{b:#x}");
            // Wherever it stands among Chinese text (in a word of eight
            // bytes or in the rest).
            if b < 0x80 {
                for at in [0, 5, 9, 20] {
                    let mut t = text.to_vec();
                    t.insert(at, b);
                    assert_eq!(plain_text(&t), !parser, "{b:#x} at {at}");
                }
            }
        }
    }
}
