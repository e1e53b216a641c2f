//! Worst-case Markdown for the lint: text packed with faults of every
//! family, as one line (every finding shares one line) and as many lines
//! (long paragraphs, enumerations, run-in leads, quotes, tables, headings).
//! Shared by the `check` benchmark and the memory test in `tests/testsuite/fuzz.rs`.

/// One stretch with a fault for most rules: half-width and doubled marks,
/// spaces, 千 with digits, placeholders, unclosed pairs, approximations,
/// full-width digits, dates, enumeration markers, dashes, ellipses,
/// literal bold, missing values and template syntax.
pub(crate) const PACKED: &str =
    "甲,乙。。丙 1 千XX“（4千约300人左右２０２６年06月08日一是：--...**加粗。**【待补：甲】{{ x }}";

/// Lines that stress the rules working over paragraphs: one paragraph of
/// them runs on for [`PARAGRAPH`] lines.
const LINES: &[&str] = &[
    PACKED,
    "一是甲；二是乙。三是丙，重点抓好三项工作：一是甲，",
    "**（一）加强领导**我们(甲)(乙)",
    "“甲”、“乙”、《丙》、",
    "| 甲,乙 | 1 千 | XX |",
    "我讲三点意见：一要甲。",
];

/// How many lines a paragraph of `many_lines` runs on before headings
/// (misnumbered and at the wrong level) break it.
const PARAGRAPH: usize = 3000;
const HEADINGS: &str = "## 三、标题。\n#### （五）标题\n";

/// `PACKED` repeated on one line of at most `bytes` bytes (and at least
/// `bytes - PACKED.len()`).
pub(crate) fn one_line(bytes: usize) -> String {
    let n = bytes.saturating_sub(1) / PACKED.len();
    let mut text = PACKED.repeat(n.max(1));
    text.push('\n');
    text
}

/// Long paragraphs of `LINES` between headings, at most `bytes` bytes.
pub(crate) fn many_lines(bytes: usize) -> String {
    let mut text = String::with_capacity(bytes);
    for (i, line) in LINES.iter().cycle().enumerate() {
        let headings = if i % PARAGRAPH == PARAGRAPH - 1 {
            HEADINGS
        } else {
            ""
        };
        if text.len() + line.len() + 1 + headings.len() > bytes {
            break;
        }
        text.push_str(line);
        text.push('\n');
        text.push_str(headings);
    }
    text
}
