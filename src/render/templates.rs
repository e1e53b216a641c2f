//! The genre templates: built into the binary so wengao works from any
//! folder, and overridden file by file by a user's `templates/` folder.
//!
//! Templates are compiled once per run. Every value they print goes through
//! [`escape_markdown`], so data can never change a draft's structure; what
//! the data leaves out, a template marks with `missing(what=…, key=…)`,
//! which prints a visible 【待补：…】 and is reported after rendering.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use tera::{Kwargs, State, Tera, TeraResult};

use crate::render::Genre;
use crate::render::context::Context;
use crate::render::escape::escape_markdown;

/// The built-in templates, by file name.
const BUILT_IN: [(&str, &str); 3] = [
    ("huibao.md", include_str!("../../templates/huibao.md")),
    ("jianghua.md", include_str!("../../templates/jianghua.md")),
    ("diaoyan.md", include_str!("../../templates/diaoyan.md")),
];

/// Where a template came from, for error messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    File(PathBuf),
}

/// Something a template needed that the data does not have.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Missing {
    /// What is missing, in Chinese: 会议名称.
    pub what: String,
    /// The data key that would supply it: speech.meeting.
    pub key: Option<String>,
}

impl Missing {
    pub fn marker(what: &str) -> String {
        format!("【待补：{what}】")
    }
}

thread_local! {
    /// What `missing()` was called for during the current render on this
    /// thread; a render runs on one thread from start to end.
    static MISSING: RefCell<Vec<Missing>> = const { RefCell::new(Vec::new()) };
}

/// The template function `missing(what="会议名称", key="speech.meeting")`.
fn missing(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    let what: String = kwargs.must_get("what")?;
    let key: Option<String> = kwargs.get("key")?;
    let marker = Missing::marker(&what);
    MISSING.with(|m| {
        let mut list = m.borrow_mut();
        let item = Missing { what, key };
        if !list.contains(&item) {
            list.push(item);
        }
    });
    Ok(marker)
}

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("无法读取模板 {}：{reason}", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("模板 {name} 有误（{origin}）：\n{detail}")]
    Compile {
        name: String,
        origin: String,
        detail: String,
    },
    #[error("按模板 {name} 生成草稿失败（{origin}）：\n{detail}")]
    Render {
        name: String,
        origin: String,
        detail: String,
    },
}

/// A rendered draft's text and what its template found missing.
#[derive(Debug)]
pub struct Rendered {
    pub markdown: String,
    pub missing: Vec<Missing>,
}

/// The compiled templates of one run.
pub struct Templates {
    tera: Tera,
    origins: Vec<(String, Origin)>,
}

impl Templates {
    /// The built-in templates, each replaced by `dir/<genre>.md` where such a
    /// file exists.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_markdown);
        tera.autoescape_on([".md"]);
        crate::zh::filters::register(&mut tera);
        tera.register_function("missing", missing);
        let mut origins = Vec::new();
        for (name, built_in) in BUILT_IN {
            let user = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            let (text, origin) = match user {
                Some(path) => {
                    let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read {
                        path: path.clone(),
                        reason: crate::files::io_reason(&e, crate::files::Access::Read),
                    })?;
                    (text, Origin::File(path))
                }
                None => (built_in.to_owned(), Origin::BuiltIn),
            };
            tera.add_raw_template(name, &text)
                .map_err(|e| TemplateError::Compile {
                    name: name.to_owned(),
                    origin: describe(&origin),
                    detail: e.to_string(),
                })?;
            origins.push((name.to_owned(), origin));
        }
        Ok(Templates { tera, origins })
    }

    /// Where the template of `genre` came from.
    pub fn origin(&self, genre: Genre) -> &Origin {
        let name = genre.template_name();
        &self
            .origins
            .iter()
            .find(|(n, _)| *n == name)
            .expect("every genre has a template")
            .1
    }

    /// Renders the draft of `genre` from `context`.
    pub fn render(&self, genre: Genre, context: &Context) -> Result<Rendered, TemplateError> {
        let name = genre.template_name();
        let error = |e: tera::Error| TemplateError::Render {
            name: name.clone(),
            origin: describe(self.origin(genre)),
            detail: error_chain(&e),
        };
        let ctx = tera::Context::from_serialize(context).map_err(error)?;
        MISSING.with(|m| m.borrow_mut().clear());
        let result = self.tera.render(&name, &ctx);
        let missing = MISSING.with(|m| std::mem::take(&mut *m.borrow_mut()));
        let markdown = tidy(&result.map_err(error)?);
        Ok(Rendered { markdown, missing })
    }
}

fn describe(origin: &Origin) -> String {
    match origin {
        Origin::BuiltIn => "内置模板".into(),
        Origin::File(p) => p.display().to_string(),
    }
}

fn error_chain(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(&format!("\n{s}"));
        source = s.source();
    }
    text
}

/// Normalises the whitespace a template leaves: no trailing spaces, at most
/// one blank line between blocks, exactly one newline at the end. Templates
/// can then be written readably without whitespace-control noise.
pub fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = true;
    for line in markdown.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            if !blank {
                out.push('\n');
            }
            blank = true;
        } else {
            out.push_str(line);
            out.push('\n');
            blank = false;
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_collapses_blank_lines_and_trailing_space() {
        assert_eq!(tidy("\n\n# 标题  \n\n\n\n正文\n\n"), "# 标题\n\n正文\n");
    }

    #[test]
    fn missing_prints_a_marker_and_records_it() {
        let mut tera = Tera::new();
        tera.register_function("missing", missing);
        tera.add_raw_template(
            "t",
            r#"在{{ missing(what="会议名称", key="speech.meeting") }}上"#,
        )
        .unwrap();
        MISSING.with(|m| m.borrow_mut().clear());
        let out = tera.render("t", &tera::Context::new()).unwrap();
        assert_eq!(out, "在【待补：会议名称】上");
        let recorded = MISSING.with(|m| m.borrow().clone());
        assert_eq!(
            recorded,
            vec![Missing {
                what: "会议名称".into(),
                key: Some("speech.meeting".into())
            }]
        );
    }

    #[test]
    fn a_user_template_overrides_only_its_genre() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("huibao.md"), "# 自定义").unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(
            t.origin(Genre::Huibao),
            &Origin::File(dir.path().join("huibao.md"))
        );
        assert_eq!(t.origin(Genre::Jianghua), &Origin::BuiltIn);
    }

    #[test]
    fn a_broken_user_template_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jianghua.md"), "{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap();
        assert!(
            err.to_string().starts_with(&format!(
                "模板 jianghua.md 有误（{}）",
                dir.path().join("jianghua.md").display()
            )),
            "{err}"
        );
    }
}
