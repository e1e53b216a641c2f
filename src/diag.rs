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
    Error,
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
    pub line: usize,
    pub column: usize,
    pub width: usize,
}

impl Span {
    pub fn new(line: usize, column: usize, width: usize) -> Self {
        Span {
            line,
            column,
            width: width.max(1),
        }
    }

    /// The span of `len` characters starting at byte offset `byte` of `source`.
    pub fn from_offset(source: &str, byte: usize, len: usize) -> Self {
        let before = &source[..byte];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = source[line_start..byte].chars().count() + 1;
        Span::new(line, column, len)
    }
}

/// Anything that can explain itself to a user in Chinese.
///
/// Each stage keeps its findings as an enum with fields (see `data::Issue`,
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
    pub severity: Severity,
    pub file: PathBuf,
    pub span: Option<Span>,
    /// The text of the line the span points into, for the excerpt.
    pub source_line: Option<String>,
    pub issue: Box<dyn Explain>,
}

impl Diagnostic {
    /// A finding about a whole file, with no position in it.
    pub fn file(severity: Severity, file: &Path, issue: impl Explain + 'static) -> Self {
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            span: None,
            source_line: None,
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
        Diagnostic {
            severity,
            file: file.to_path_buf(),
            span: Some(span),
            source_line: Some(line.to_owned()),
            issue: Box::new(issue),
        }
    }

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
        let (Some(span), Some(text)) = (self.span, &self.source_line) else {
            return Ok(());
        };
        let gutter = span.line.to_string();
        let pad = " ".repeat(gutter.len());
        let text = text.trim_end_matches('\r');
        let chars: Vec<char> = text.chars().collect();
        let start = span.column - 1;
        let end = (start + span.width).min(chars.len());
        // A very long line (minified or pasted text) is shown as a window
        // around the fault.
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
        // The caret sits under display columns: CJK characters are two wide.
        let lead = if from > 0 { 1 } else { 0 };
        let indent = " ".repeat(lead + display_width(&before));
        let carets = "^".repeat(display_width(&marked).clamp(1, EXCERPT_AFTER));
        writeln!(f, "{pad} |")?;
        writeln!(f, "{gutter} | {}", printable(&shown))?;
        writeln!(f, "{pad} | {indent}{carets}")
    }
}

/// How many characters of a line an excerpt shows before and after the fault.
const EXCERPT_BEFORE: usize = 60;
const EXCERPT_AFTER: usize = 60;

fn display_width(s: &str) -> usize {
    printable(s).width()
}

/// Control characters would garble the terminal; show them as visible marks.
fn printable(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() || crate::files::forbidden(c).is_some() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// How many errors and warnings a run produced, for the closing summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
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
