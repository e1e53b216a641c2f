//! Reading a data file as a run uses it: the file on its own
//! (`data::read`), then the comparison bases from the earlier files of
//! its series ([`super::series`]); a file that fails for a value still to
//! fill says so (`data::rollover`).

use std::path::Path;

use crate::diag::Diagnostic;

pub use crate::data::loaded::Loaded;

/// Reads and parses `path`. Returns the loaded data (if it could be parsed)
/// and every finding on the way; a finding with severity error means `None`.
pub fn load(path: &Path) -> (Option<Loaded>, Vec<Diagnostic>) {
    match crate::data::read::read(path) {
        Ok((mut loaded, mut findings)) => {
            // The comparison bases from the earlier files of its series.
            findings.extend(crate::data::series::attach(&mut loaded));
            (Some(loaded), findings)
        }
        Err(findings) => (None, crate::data::rollover::with_unfilled(path, findings)),
    }
}

/// Parses text already read (used by tests), as the file at `path`: a
/// path named by a period takes its bases from the files beside it, as
/// [`load`] does (their findings are dropped).
pub fn parse(path: &Path, source: String) -> Result<Loaded, Box<Diagnostic>> {
    let mut loaded = crate::data::read::read_text(path, source)?;
    crate::data::series::attach(&mut loaded);
    Ok(loaded)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;

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
