//! Reading a data file into the model: the file through `yaml::load_file`
//! (size limit, regular file, encoding, forbidden characters, YAML), then
//! the checks that need both the model and the source map: required text
//! must be written out.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::data::{Data, SECTION_ALIASES};
use crate::diag::{Diagnostic, Explain, Severity, Span};
use crate::yaml::{self, SourceMap, YamlFile};

/// A data file read and parsed, with what is needed to point into it.
#[derive(Debug)]
pub struct Loaded {
    pub(crate) path: PathBuf,
    pub(crate) source: String,
    /// The facts of the file, as the model reads them.
    pub data: Data,
    pub(crate) map: SourceMap,
    /// Where each line of `source` starts, made when the first finding
    /// needs its line: a file with many findings is not rescanned for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl Loaded {
    /// The position of the key at `path` (or its nearest written ancestor).
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.map.nearest(path)
    }

    /// A finding at the key `path`, or about the whole file if it has no place.
    pub fn finding(
        &self,
        severity: Severity,
        path: &str,
        issue: impl Explain + 'static,
    ) -> Diagnostic {
        match self.span_of(path) {
            Some(span) => self.at(severity, span, issue),
            None => Diagnostic::file(severity, &self.path, issue),
        }
    }

    /// A finding at `span` of this file.
    pub(crate) fn at(
        &self,
        severity: Severity,
        span: Span,
        issue: impl Explain + 'static,
    ) -> Diagnostic {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.source.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = span
            .line
            .checked_sub(1)
            .and_then(|i| starts.get(i))
            .map_or("", |&start| {
                let rest = &self.source[start..];
                let line = rest.split('\n').next().unwrap_or("");
                line.strip_suffix('\r').unwrap_or(line)
            });
        Diagnostic::at_line(severity, &self.path, line, span, issue)
    }
}

/// Reads and parses `path`. Returns the loaded data (if it could be parsed)
/// and every finding on the way; a finding with severity error means `None`.
pub fn load(path: &Path) -> (Option<Loaded>, Vec<Diagnostic>) {
    let mut file = match yaml::load_file::<Data>(path, &SECTION_ALIASES) {
        Ok(file) => file,
        Err(findings) => return (None, crate::data::rollover::with_unfilled(path, findings)),
    };
    let mut findings = std::mem::take(&mut file.warnings);
    match finish(file) {
        Ok(mut loaded) => {
            // The comparison bases from the earlier files of its series.
            findings.extend(crate::data::series::attach(&mut loaded));
            (Some(loaded), findings)
        }
        Err(d) => {
            findings.push(*d);
            (None, findings)
        }
    }
}

/// Parses text already read (used by tests), as the file at `path`: a
/// path named by a period takes its bases from the files beside it, as
/// [`load`] does (their findings are dropped).
pub fn parse(path: &Path, source: String) -> Result<Loaded, Box<Diagnostic>> {
    let mut loaded = finish(yaml::parse_file::<Data>(path, source, &SECTION_ALIASES)?)?;
    crate::data::series::attach(&mut loaded);
    Ok(loaded)
}

fn finish(file: YamlFile<Data>) -> Result<Loaded, Box<Diagnostic>> {
    let YamlFile {
        path,
        source,
        value: data,
        mut map,
        ..
    } = file;
    map.rename_keys_under(
        &crate::data::outline::OUTLINE_ROOTS,
        &crate::data::outline::FIELD_ALIASES,
    );
    let mut loaded = Loaded {
        path,
        source,
        data,
        map,
        line_starts: OnceLock::new(),
    };
    crate::data::compact::expand(&mut loaded)?;
    match empty_text(&loaded) {
        Some(d) => Err(Box::new(d)),
        None => Ok(loaded),
    }
}

/// Required names a document cannot do without: the title is built from
/// them. (Blank prose — leads, summaries — is refused by `validate`.)
fn required_names(data: &Data) -> Vec<(String, &str)> {
    let mut out = vec![
        ("meta.region".to_owned(), data.meta.region.as_str()),
        (
            "meta.organization".to_owned(),
            data.meta.organization.as_str(),
        ),
        ("meta.topic".to_owned(), data.meta.topic.as_str()),
    ];
    for (key, metric) in &data.metrics {
        out.push((format!("metrics.{key}.name"), metric.name.as_str()));
    }
    out
}

/// Why a text of the data file cannot be used as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TextIssue {
    /// A required text is empty or only spaces.
    /// A required text field that is empty or blank.
    Empty { path: String },
    /// A text written as YAML's null (`~`, `null` or nothing), which would
    /// print literally as "~" or drop the value.
    /// A text field written as YAML null (`~`, `null` or nothing).
    Null { path: String, written: String },
}

impl Explain for TextIssue {
    fn message(&self) -> String {
        match self {
            TextIssue::Empty { path } => format!("“{path}”是必填项，不能为空，请填写内容"),
            TextIssue::Null { path, written } if written.is_empty() => {
                format!("“{path}”没有填写内容，请在冒号后填写；不需要的可选项请整行删去")
            }
            TextIssue::Null { path, written } => {
                format!("“{path}”的值是空值“{written}”，请填写实际内容；不需要的可选项请整行删去")
            }
        }
    }
}

/// The first text that is written as null, or a required name that is
/// blank, located at its key.
fn empty_text(loaded: &Loaded) -> Option<Diagnostic> {
    let at = |path: &str, issue: TextIssue| loaded.finding(Severity::Error, path, issue);
    // Most files write no null: then the texts need no second look.
    let texts = if loaded.map.has_nulls() {
        loaded.data.texts()
    } else {
        Vec::new()
    };
    for (path, text) in texts {
        if loaded.map.is_null(&path) {
            let written = text.text.to_owned();
            return Some(at(
                &path,
                TextIssue::Null {
                    path: path.clone(),
                    written,
                },
            ));
        }
    }
    for (path, text) in required_names(&loaded.data) {
        if text.trim().is_empty() {
            return Some(at(&path, TextIssue::Empty { path: path.clone() }));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("d.yaml")
    }

    const META: &str = "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  period: 2026-Q3\n  date: 2026-10-12\n";

    #[test]
    fn non_characters_are_refused_like_control_characters() {
        let err = parse(p(), "a: 柳\u{FFFF}\n".into()).unwrap_err();
        assert_eq!(err.span, Some(Span::new(1, 5, 1)));
        assert!(err.issue.message().contains("U+FFFF"));
    }

    #[test]
    fn control_characters_are_located() {
        let err = parse(p(), "meta:\n  region: 柳\u{7}川\n".into()).unwrap_err();
        assert_eq!(err.span, Some(Span::new(2, 12, 1)));
        assert!(err.issue.message().contains("U+0007"));
    }

    #[test]
    fn escaped_control_characters_are_refused_at_their_scalar() {
        for (escape, code) in [
            ("\\0", "U+0000"),
            ("\\e", "U+001B"),
            ("\\a", "U+0007"),
            ("\\x7f", "U+007F"),
            ("\\uFFFF", "U+FFFF"),
            ("\\N", "U+0085"),
            ("\\x9b", "U+009B"),
        ] {
            let src = META.replace("region: 柳川县", &format!("region: \"柳川{escape}县\""));
            let err = parse(p(), src).unwrap_err();
            assert_eq!(
                err.span,
                Some(Span::new(2, 11, 5 + escape.len())),
                "{escape}"
            );
            assert_eq!(
                err.issue.message(),
                format!(
                    "“meta.region”的值含有不可见的控制字符（{code}，来自“\\”转义写法），公文中不能有这类字符，请删除"
                )
            );
        }
    }

    #[test]
    fn bidi_controls_are_refused_raw_and_escaped() {
        let src = META.replace("柳川县", "柳川\u{202E}县");
        let err = parse(p(), src).unwrap_err();
        assert_eq!(err.span, Some(Span::new(2, 13, 1)));
        assert_eq!(
            err.issue.message(),
            "此处有不可见的双向文字控制符（U+202E），它会让文字倒序或错位显示，请删除"
        );
        for escape in ["\\u202A", "\\u202E", "\\u2066", "\\u2069"] {
            let src = format!("{META}practices:\n  - lead: \"做法{escape}\"\n");
            let err = parse(p(), src).unwrap_err();
            assert_eq!(err.span.map(|s| (s.line, s.column)), Some((8, 11)));
            assert!(
                err.issue
                    .message()
                    .starts_with("“practices[0].lead”的值含有不可见的双向文字控制符（U+20"),
                "{}",
                err.issue.message()
            );
        }
    }

    #[test]
    fn escaped_line_ends_and_tabs_pass() {
        let src = META.replace("region: 柳川县", "region: \"柳川\\t县\\n\\r\"");
        assert!(parse(p(), src).is_ok());
    }

    #[test]
    fn required_text_may_not_be_null_or_blank() {
        for (written, message) in [
            (
                "~",
                "“meta.region”的值是空值“~”，请填写实际内容；不需要的可选项请整行删去",
            ),
            (
                "null",
                "“meta.region”的值是空值“null”，请填写实际内容；不需要的可选项请整行删去",
            ),
            (
                "",
                "“meta.region”没有填写内容，请在冒号后填写；不需要的可选项请整行删去",
            ),
            ("\"\"", "“meta.region”是必填项，不能为空，请填写内容"),
            ("\"  \"", "“meta.region”是必填项，不能为空，请填写内容"),
        ] {
            let src = META.replace("region: 柳川县", &format!("region: {written}"));
            let err = parse(p(), src).unwrap_err();
            assert_eq!(err.span, Some(Span::new(2, 3, 6)), "{written}");
            assert_eq!(err.issue.message(), message);
        }
    }

    #[test]
    fn a_null_list_item_is_refused() {
        let src = format!("{META}practices:\n  - lead: 做法\n    points:\n      - ~\n");
        let err = parse(p(), src).unwrap_err();
        assert_eq!(err.span, Some(Span::new(10, 9, 1)));
        assert!(
            err.issue
                .message()
                .starts_with("“practices[0].points[0]”的值是空值")
        );
    }

    #[test]
    fn a_quoted_tilde_is_text() {
        let src = META.replace("region: 柳川县", "region: \"~\"");
        assert!(parse(p(), src).is_ok());
    }

    /// An ordinary file of `n` practices, with no aliases.
    fn practices(n: usize) -> String {
        let mut src = String::from(META);
        src.push_str("practices:\n");
        for i in 0..n {
            src.push_str(&format!(
                "  - lead: 第{i}项做法\n    narrative: 坚持把政治建设摆在首位，研究解决重点问题。\n    points:\n      - 建立制度，组织集中学习\n      - 举办形势报告会\n"
            ));
        }
        src
    }

    #[test]
    fn many_nodes_without_aliases_are_not_an_alias_bomb() {
        // 2,000 practices were refused as an "alias bomb" before.
        let src = practices(2_000);
        let loaded = parse(p(), src).unwrap();
        assert_eq!(loaded.data.practices.len(), 2_000);
    }

    #[test]
    fn a_data_file_near_the_size_limit_loads() {
        let mut n = 0;
        while practices(n + 500).len() < 1_000_000 {
            n += 500;
        }
        let src = practices(n);
        assert!(src.len() > 900_000, "{}", src.len());
        let loaded = parse(p(), src).unwrap();
        assert_eq!(loaded.data.practices.len(), n);
        assert_eq!(
            loaded
                .map
                .key(&format!("practices[{}].lead", n - 1))
                .map(|s| s.column),
            Some(5)
        );
    }
}
