//! Findings shown to users: a severity, a place in a file, a Chinese message,
//! and the source line with a caret under the fault.
//!
//! Every stage (loading data, validating it, linting a rendered draft) reports
//! through [`Diagnostic`], so `check` and `build` print one uniform format:
//!
//! ```text
//! data/liuchuan/2026-Q3.yaml:12:5: 错误: 未知的键“valeu”……
//!    |
//! 12 |     valeu: 3
//!    |     ^^^^^
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use unicode_width::UnicodeWidthStr;

/// How bad a finding is. Errors block output; warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Stops the file: nothing is drafted from it, and the run exits 1.
    Error,
    /// Worth reading; does not change the exit code.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        })
    }
}

/// A place in a text file: 1-based line, 1-based column counted in characters,
/// and how many characters the caret underlines (at least one).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Width of the caret underline, in characters.
    pub width: usize,
}

impl Span {
    /// A span at `line`:`column` (both 1-based), `width` characters wide.
    pub fn new(line: usize, column: usize, width: usize) -> Self {
        Span {
            line,
            column,
            width: width.max(1),
        }
    }

    /// The span `width` characters wide where `passed` ends, `passed`
    /// being the text of the source from this span's start on: a place
    /// inside a value found from the value's own span, at the cost of the
    /// text passed, not of the file before it.
    pub(crate) fn after(self, passed: &str, width: usize) -> Self {
        match passed.rfind('\n') {
            None => Span::new(self.line, self.column + passed.chars().count(), width),
            Some(nl) => Span::new(
                self.line + passed.matches('\n').count(),
                passed[nl + 1..].chars().count() + 1,
                width,
            ),
        }
    }

    /// The span of `len` characters starting at byte offset `byte` of `source`.
    pub fn from_offset(source: &str, byte: usize, len: usize) -> Self {
        Span::new(1, 1, len).after(&source[..byte], len)
    }
}

/// Anything that can explain itself to a user in Chinese.
///
/// Each stage keeps its findings as an enum with fields (see `data::validate::DataIssue`,
/// `lint::Finding`); this trait is how the common printer reaches them.
pub trait Explain: fmt::Debug + Send + Sync {
    /// The message, in Chinese, without location or severity.
    fn message(&self) -> String;
    /// A stable identifier for the kind of finding (lint rules use it in
    /// their config file); `None` for findings that cannot be switched off.
    fn code(&self) -> Option<&'static str> {
        None
    }
}

/// One finding about one file.
#[derive(Debug)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// The file it is about.
    pub file: PathBuf,
    /// Where in the file, when it is about a place.
    pub span: Option<Span>,
    /// The window of the source line shown under the headline, cut when
    /// the finding is made: a finding never holds the whole line, so a long
    /// line with many findings costs memory in the findings, not in the line.
    pub excerpt: Option<Excerpt>,
    /// What is wrong, with the data its Chinese message needs.
    pub issue: Box<dyn Explain>,
}

impl Diagnostic {
    /// A finding about a whole file, with no position in it.
    pub fn file(severity: Severity, file: &Path, issue: impl Explain + 'static) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            span: None,
            excerpt: None,
            issue: Box::new(issue),
        }
    }

    /// A finding at `span` of `source`, the text of `file`.
    pub fn at(
        severity: Severity,
        file: &Path,
        source: &str,
        span: Span,
        issue: impl Explain + 'static,
    ) -> Self {
        let line = source.lines().nth(span.line - 1).unwrap_or("");
        Self::at_line(severity, file, line, span, issue)
    }

    /// A finding at `span`, given the text of the line it points into (for
    /// callers that report many findings in one large source).
    pub fn at_line(
        severity: Severity,
        file: &Path,
        line: &str,
        span: Span,
        issue: impl Explain + 'static,
    ) -> Self {
        Self::with_excerpt(severity, file, span, Excerpt::new(line, span), issue)
    }

    /// A finding at `span` whose excerpt is already cut (see [`Excerpts`]).
    pub fn with_excerpt(
        severity: Severity,
        file: &Path,
        span: Span,
        excerpt: Excerpt,
        issue: impl Explain + 'static,
    ) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            span: Some(span),
            excerpt: Some(excerpt),
            issue: Box::new(issue),
        }
    }

    /// Whether this is an error (and not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line only: `path:line:col: 错误: message`.
    pub fn headline(&self) -> String {
        let mut out = self.file.display().to_string();
        if let Some(span) = self.span {
            out.push_str(&format!(":{}:{}", span.line, span.column));
        }
        out.push_str(&format!(": {}: {}", self.severity, self.issue.message()));
        if let Some(code) = self.issue.code() {
            out.push_str(&format!(" [{code}]"));
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        let (Some(span), Some(excerpt)) = (self.span, &self.excerpt) else {
            return Ok(());
        };
        let gutter = span.line.to_string();
        let pad = " ".repeat(gutter.len());
        let indent = " ".repeat(excerpt.indent);
        let carets = "^".repeat(excerpt.carets);
        writeln!(f, "{pad} |")?;
        writeln!(f, "{gutter} | {}", excerpt.text)?;
        writeln!(f, "{pad} | {indent}{carets}")
    }
}

/// What a finding shows of its source line: a window of at most
/// `EXCERPT_BEFORE` characters before the fault and `EXCERPT_AFTER`
/// after it, marked `…` where the line goes on, and where the carets go.
/// Its size does not depend on the length of the line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The window as printed (control characters made visible).
    text: Box<str>,
    /// Display columns before the first caret.
    indent: usize,
    /// How many carets underline the fault.
    carets: usize,
}

impl Excerpt {
    /// The excerpt of `line` for `span`.
    pub fn new(line: &str, span: Span) -> Self {
        let (byte, column) = advance(line, 0, 0, span.column - 1);
        Self::cut(line, byte, column, span)
    }

    /// The excerpt of `line` for `span`, given that the fault starts at
    /// byte `start` of `line`, which is character `column` (0-based; less
    /// than `span.column - 1` only when the line is shorter than that).
    /// Reads only the window, so it costs the same on any length of line.
    fn cut(line: &str, start: usize, column: usize, span: Span) -> Self {
        let line = line.trim_end_matches('\r');
        let start = start.min(line.len());
        // Back up to `EXCERPT_BEFORE` characters before the fault.
        let from = line[..start]
            .char_indices()
            .rev()
            .take(EXCERPT_BEFORE)
            .last()
            .map_or(start, |(i, _)| i);
        let before = &line[from..start];
        // A span runs to the end of the line at most; an extremely wide one
        // is shown by its first `MAX_MARKED` characters.
        let wanted = span.column - 1 - column.min(span.column - 1);
        let marked_len = span.width.saturating_sub(wanted).min(MAX_MARKED);
        let (end, _) = advance(line, start, 0, marked_len);
        let marked = &line[start..end];
        // At least one character after the fault's start, then the context.
        let after_start = if end == start {
            advance(line, start, 0, 1).0
        } else {
            end
        };
        let (to, _) = advance(line, after_start, 0, EXCERPT_AFTER);
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        text.push_str(&printable(&line[from..to]));
        if to < line.len() {
            text.push('…');
        }
        // The caret sits under display columns: CJK characters are two wide.
        let lead = usize::from(from > 0);
        Excerpt {
            text: text.into(),
            indent: lead + display_width(before),
            carets: display_width(marked).clamp(1, EXCERPT_AFTER),
        }
    }
}

/// Moves `n` characters on from byte `byte` (character `column`) of `line`,
/// stopping at its end: the new byte offset and character column.
fn advance(line: &str, byte: usize, column: usize, n: usize) -> (usize, usize) {
    let mut moved = 0;
    let mut end = byte;
    for (i, c) in line[byte..].char_indices().take(n) {
        moved += 1;
        end = byte + i + c.len_utf8();
    }
    (end, column + moved)
}

/// Cuts the excerpts of many findings in one source in a single pass over
/// it, for findings that come sorted by place (others only cost more).
pub struct Excerpts<'s> {
    source: &'s str,
    lines: std::str::Lines<'s>,
    /// The line the cursor is on: its number, text, and the byte and
    /// character column reached in it.
    line_no: usize,
    line: &'s str,
    byte: usize,
    column: usize,
}

impl<'s> Excerpts<'s> {
    /// Excerpts of `source`, cut in one forward pass.
    pub fn new(source: &'s str) -> Self {
        Excerpts {
            source,
            lines: source.lines(),
            line_no: 0,
            line: "",
            byte: 0,
            column: 0,
        }
    }

    /// The line `span` points into (empty past the end of the source).
    pub fn line(&mut self, span: Span) -> &'s str {
        if span.line < self.line_no {
            // Out of order: start again (correct, only slower).
            *self = Excerpts::new(self.source);
        }
        while self.line_no < span.line {
            self.line = self.lines.next().unwrap_or("");
            self.line_no += 1;
            self.byte = 0;
            self.column = 0;
        }
        self.line
    }

    /// The excerpt for `span`.
    pub fn excerpt(&mut self, span: Span) -> Excerpt {
        let line = self.line(span);
        let target = span.column - 1;
        if target < self.column {
            self.byte = 0;
            self.column = 0;
        }
        (self.byte, self.column) = advance(line, self.byte, self.column, target - self.column);
        Excerpt::cut(line, self.byte, self.column, span)
    }
}

/// How many characters of a line an excerpt shows before and after the fault.
const EXCERPT_BEFORE: usize = 60;
const EXCERPT_AFTER: usize = 60;
/// How many characters of a very wide fault an excerpt shows.
const MAX_MARKED: usize = 200;

fn display_width(s: &str) -> usize {
    printable(s).width()
}

/// Control characters would garble the terminal; show them as visible marks.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() || crate::conventions::script::forbidden(c).is_some() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// How many errors and warnings a run produced, for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts `d`.
    pub fn add(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}个错误，{}个警告", self.errors, self.warnings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Line and column of byte `byte`, counted character by character from
    /// the top: what both ways of placing below must agree with.
    fn counted(source: &str, byte: usize) -> (usize, usize) {
        let (mut line, mut column) = (1, 1);
        for c in source[..byte].chars() {
            if c == '\n' {
                (line, column) = (line + 1, 1);
            } else {
                column += 1;
            }
        }
        (line, column)
    }

    /// A place found from the top of the file, and one found from an
    /// earlier place by the text in between, are where counting puts them,
    /// for every pair of places of a text of several lines, CJK, blank
    /// lines and a CRLF included.
    #[test]
    fn a_span_after_text_is_where_the_text_ends() {
        let src = "甲：1\n  乙: 待填元，去年 待填\r\n\n丙 \"x\"\n尾";
        let places: Vec<usize> = src
            .char_indices()
            .map(|(i, _)| i)
            .chain([src.len()])
            .collect();
        let at = |byte: usize, width: usize| {
            let (line, column) = counted(src, byte);
            Span::new(line, column, width)
        };
        for (n, &start) in places.iter().enumerate() {
            assert_eq!(Span::from_offset(src, start, 2), at(start, 2), "{start}");
            for &end in &places[n..] {
                assert_eq!(
                    at(start, 2).after(&src[start..end], 3),
                    at(end, 3),
                    "{start}..{end}"
                );
            }
        }
    }

    #[derive(Debug)]
    struct Sample;
    impl Explain for Sample {
        fn message(&self) -> String {
            "示例".into()
        }
    }

    #[test]
    fn caret_counts_cjk_as_two_columns() {
        let src = "meta:\n  地区: 柳川县\n";
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("a.yaml"),
            src,
            Span::new(2, 7, 3),
            Sample,
        );
        assert_eq!(
            d.to_string(),
            "a.yaml:2:7: 错误: 示例\n  |\n2 |   地区: 柳川县\n  |         ^^^^^^\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_fault() {
        let src = format!("{}错{}", "甲".repeat(200), "乙".repeat(200));
        let d = Diagnostic::at(
            Severity::Error,
            Path::new("a"),
            &src,
            Span::new(1, 201, 1),
            Sample,
        );
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[2],
            format!("1 | …{}错{}…", "甲".repeat(60), "乙".repeat(60))
        );
        assert_eq!(lines[3], format!("  | {}^^", " ".repeat(121)));
    }

    #[test]
    fn a_finding_on_a_huge_line_holds_a_window_of_it() {
        // 10,000 findings on one 1 MB line: each holds the same small
        // window whatever the line's length, never a copy of the line.
        let line = "甲,乙".repeat(120_000);
        let mut excerpts = Excerpts::new(&line);
        let mut held = 0;
        for k in 0..10_000 {
            let span = Span::new(1, 3 * k * 12 + 2, 1);
            let excerpt = excerpts.excerpt(span);
            assert!(excerpt.text.chars().count() <= EXCERPT_BEFORE + EXCERPT_AFTER + 3);
            held += excerpt.text.len();
        }
        assert!(held <= 10_000 * 3 * 123, "{held}");
        // A fault wider than the window is shown by its start.
        let d = Diagnostic::at_line(
            Severity::Warning,
            Path::new("a"),
            &line,
            Span::new(1, 1, 300_000),
            Sample,
        );
        let shown = d.to_string();
        assert!(shown.len() < 2_000, "{}", shown.len());
        assert!(shown.contains(&format!(" | {}", "^".repeat(EXCERPT_AFTER))));
    }

    #[test]
    fn excerpts_cut_in_one_pass_match_those_cut_alone() {
        let src = "第一行\r\n\t甲乙丙丁，戊己庚辛。\r\n\n".to_string()
            + &"长".repeat(150)
            + "错"
            + &"文".repeat(150)
            + "\n短\r\r\n";
        let lines: Vec<&str> = src.lines().collect();
        let mut spans = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            let len = line.chars().count();
            for column in 1..=len + 2 {
                for width in [1, 2, 70, MAX_MARKED, 500] {
                    spans.push(Span::new(i + 1, column, width));
                }
            }
        }
        spans.push(Span::new(lines.len() + 2, 1, 1));
        let mut excerpts = Excerpts::new(&src);
        for &span in &spans {
            let alone = Excerpt::new(lines.get(span.line - 1).copied().unwrap_or(""), span);
            assert_eq!(excerpts.excerpt(span), alone, "{span:?}");
        }
        // The same window and carets as cutting from the whole line's
        // characters, as excerpts were made before they were cut early.
        for &span in &spans {
            let line = lines.get(span.line - 1).copied().unwrap_or("");
            let chars = line.trim_end_matches('\r').chars().count();
            // (A fault wider than `MAX_MARKED` is now shown by its start.)
            if span.column <= chars + 1 && span.width <= MAX_MARKED {
                assert_eq!(Excerpt::new(line, span), whole_line_excerpt(line, span));
            }
        }
        // Out of order only costs a new pass.
        for &span in spans.iter().rev().step_by(7) {
            let alone = Excerpt::new(lines.get(span.line - 1).copied().unwrap_or(""), span);
            assert_eq!(excerpts.excerpt(span), alone, "{span:?}");
        }
    }

    /// The excerpt as it was computed from the whole line's characters.
    fn whole_line_excerpt(text: &str, span: Span) -> Excerpt {
        let chars: Vec<char> = text.trim_end_matches('\r').chars().collect();
        let start = span.column - 1;
        let end = (start + span.width).min(chars.len());
        let from = start.saturating_sub(EXCERPT_BEFORE);
        let to = chars.len().min(end.max(start + 1) + EXCERPT_AFTER);
        let mut shown = String::new();
        if from > 0 {
            shown.push('…');
        }
        let before: String = chars[from..start.min(chars.len())].iter().collect();
        let marked: String = chars[start.min(chars.len())..end].iter().collect();
        shown.extend(&chars[from..to]);
        if to < chars.len() {
            shown.push('…');
        }
        Excerpt {
            text: printable(&shown).into(),
            indent: usize::from(from > 0) + display_width(&before),
            carets: display_width(&marked).clamp(1, EXCERPT_AFTER),
        }
    }

    #[test]
    fn span_from_byte_offset_counts_characters() {
        let src = "一二\n三四五";
        let byte = src.find('五').unwrap();
        assert_eq!(Span::from_offset(src, byte, 1), Span::new(2, 3, 1));
    }

    #[test]
    fn file_level_finding_has_no_excerpt() {
        let d = Diagnostic::file(Severity::Warning, Path::new("x.md"), Sample);
        assert_eq!(d.to_string(), "x.md: 警告: 示例\n");
    }
}
