//! The genre templates: built into the binary so wengao works from any
//! folder, and overridden file by file by a user's `templates/` folder.
//!
//! Templates are compiled once per run, a built-in one only when a draft
//! first needs it (most data files use three of the five, and compiling
//! was a fifth of a cold build's CPU). Every value they print goes through
//! `escape_markdown`, so data can never change a draft's structure; what
//! the data leaves out, a template marks with `missing(what=…, key=…)`,
//! which prints a visible 【待补：…】 and is reported after rendering.
//!
//! A user's template is checked once, when it is loaded (syntax, unknown
//! filters, what `guard` refuses, and a trial render on example data); a
//! mistake is reported in Chinese against the template file, line and
//! column. The built-in ones are checked the same way by the test suite.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tera::{Kwargs, State, Tera, TeraResult};

use crate::diag::{Diagnostic, Severity, Span};
pub use crate::render::Missing;
pub use crate::render::Origin;
use crate::render::context::Context;
use crate::render::escape::escape_markdown;
use crate::render::genre::{self, Genre, Genres};
use crate::render::guard::{self, Prepared};

/// The built-in templates, by genre name, in the order drafts are built.
const BUILT_IN: [(&str, &str); 5] = [
    (genre::HUIBAO, include_str!("../../templates/huibao.md")),
    (genre::JIANGHUA, include_str!("../../templates/jianghua.md")),
    (genre::DIAOYAN, include_str!("../../templates/diaoyan.md")),
    (genre::JINGYAN, include_str!("../../templates/jingyan.md")),
    (genre::ZONGJIE, include_str!("../../templates/zongjie.md")),
];

/// The built-in genres' names, in the order drafts are built.
pub(crate) fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(name, _)| *name)
}

/// The built-in templates as `(file name, text)`, for `templates export`.
pub(crate) fn built_in_files() -> impl Iterator<Item = (String, &'static str)> {
    BUILT_IN
        .iter()
        .map(|(name, text)| (format!("{name}.md"), *text))
}

/// The `.md` entries of the template folder `dir` (whatever their type:
/// the caller says what is wrong with one that is not a file), hidden ones
/// left out, sorted by name.
pub(crate) fn template_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if !name.starts_with('.') && path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
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

/// A template that cannot be used, or a render that failed.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("无法读取模板 {}：{reason}", path.display())]
    /// A template file could not be read.
    Read {
        /// The template file.
        path: PathBuf,
        /// Why, in Chinese.
        reason: String,
    },
    #[error("{0}")]
    /// A template is wrong: at its file, line and column, in Chinese.
    Invalid(Box<TemplateIssue>),
    #[error("{0}")]
    /// A template's front matter is wrong, or does not name a new genre.
    Declared(Box<Diagnostic>),
}

impl crate::diag::Explain for TemplateError {
    fn message(&self) -> String {
        self.to_string()
    }
}

impl TemplateError {
    /// The error as a finding located in the template file, when it has a
    /// place there (a template checked at load); else the error itself.
    pub fn into_diagnostic(self) -> Result<Diagnostic, TemplateError> {
        match self {
            TemplateError::Declared(d) => Ok(*d),
            TemplateError::Invalid(p) if p.span.is_some() => {
                let TemplateIssue {
                    file,
                    span,
                    line,
                    message,
                    ..
                } = *p;
                let span = span.expect("checked above");
                Ok(Diagnostic::at_line(
                    Severity::Error,
                    &file,
                    &line,
                    span,
                    Message(message),
                ))
            }
            other => Err(other),
        }
    }
}

/// What is wrong in a template, and where.
#[derive(Debug)]
pub struct TemplateIssue {
    /// The template file, or `huibao.md` for a built-in one.
    pub file: PathBuf,
    /// Which template.
    pub origin: Origin,
    /// Where in it, when known.
    pub span: Option<Span>,
    /// The text of the line `span` points into.
    pub line: String,
    /// In Chinese: 模板语法错误：…, 变量“x”不存在.
    pub message: String,
}

impl TemplateIssue {
    /// Whether the problem is at a key of `metrics` (`metrics.my_key`),
    /// which depends on the data file.
    fn is_metric_lookup(&self) -> bool {
        self.span.is_some_and(|s| {
            let before: String = self.line.chars().take(s.column - 1).collect();
            before.trim_end_matches('.').ends_with("metrics")
                || before.ends_with("metrics[\"")
                || before.ends_with("metrics['")
        })
    }
}

impl std::fmt::Display for TemplateIssue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.origin {
            Origin::BuiltIn => format!("内置模板 {}", self.file.display()),
            Origin::File(p) => format!("模板 {}", p.display()),
        };
        match self.span {
            Some(s) => write!(f, "{name} 第{}行第{}列：{}", s.line, s.column, self.message),
            None => write!(f, "{name}：{}", self.message),
        }
    }
}

/// A message already in Chinese, as a finding.
#[derive(Debug)]
struct Message(String);

impl crate::diag::Explain for Message {
    fn message(&self) -> String {
        self.0.clone()
    }
}

/// A rendered draft's text and what its template found missing.
#[derive(Debug)]
pub struct Rendered {
    /// The rendered draft.
    pub markdown: String,
    /// What the template asked for and the data lacked.
    pub missing: Vec<Missing>,
}

/// One template as written and as compiled.
struct Source {
    /// The template's file name: `huibao.md`.
    name: String,
    origin: Origin,
    text: String,
    prepared: Prepared,
    /// The template compiled, alone in its `Tera` (templates do not include
    /// one another): a user's when it is loaded, so that a mistake is
    /// reported then; a built-in one when first rendered.
    compiled: OnceLock<Tera>,
}

/// The templates of one run.
pub struct Templates {
    sources: Vec<Source>,
    genres: Genres,
}

/// A `Tera` with wengao's escaping, filters and functions, and the
/// template `prepared` (see `guard::prepare`) as `name`.
fn compile(name: &str, prepared: &str) -> tera::TeraResult<Tera> {
    let mut tera = Tera::new();
    tera.set_escape_fn(escape_markdown);
    tera.autoescape_on([".md"]);
    crate::zh::filters::register(&mut tera);
    tera.register_function("missing", missing);
    guard::register(&mut tera);
    tera.add_raw_template(name, prepared)?;
    Ok(tera)
}

/// Example data every template is tried on once at load, so that a mistake
/// that does not depend on the data (an unknown variable or field, a wrong
/// type) is reported once, against the template, not once per data file.
/// It fills every section, so a template that prints a section only when
/// the data has it is still tried on that section.
const PROBE: &str = include_str!("../../data/liuchuan/2026-Q3.yaml");

impl Templates {
    /// The built-in templates, each replaced by `dir/<genre>.md` where such a
    /// file exists, and a new genre for every other `dir/NAME.md`. Every
    /// template's front matter and the constructs it may not use (see
    /// `guard`) are checked here; a user's template is also compiled and
    /// tried on example data (a built-in one is compiled when first
    /// rendered, and tried by the test suite).
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut templates = Templates {
            sources: Vec::new(),
            genres: Genres::default(),
        };
        let mut user: Vec<(String, PathBuf)> = Vec::new();
        if let Some(dir) = dir {
            let files = template_files(dir).map_err(|e| TemplateError::Read {
                path: dir.to_path_buf(),
                reason: crate::files::io_reason(&e, crate::files::Access::Read),
            })?;
            for path in files.into_iter().filter(|p| p.is_file()) {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                if !genre::is_genre_name(&stem) {
                    let message = "文件名不能用作文种名：只能由字母、数字、“-”和“_”组成，\
                                   请改名（不是模板的文件请移出模板文件夹）";
                    let origin = Origin::File(path.clone());
                    return Err(problem("", &origin, "", None, message.into()));
                }
                user.push((stem.into_owned(), path));
            }
        }
        for (name, text) in BUILT_IN {
            match user.iter().position(|(n, _)| n == name) {
                Some(i) => {
                    // What the user's file replaces, for its declarations.
                    let file = PathBuf::from(format!("{name}.md"));
                    let built_in = genre::split(&file, text)
                        .and_then(|s| genre::declare(name, s.front, Origin::BuiltIn, None, &file))
                        .map_err(TemplateError::Declared)?;
                    let (_, path) = user.remove(i);
                    templates.add(name, Some(&built_in), Some(path))?;
                }
                None => templates.add(name, None, None)?,
            }
        }
        for (name, path) in user {
            templates.add(&name, None, Some(path))?;
        }
        templates.probe()?;
        Ok(templates)
    }

    /// Adds the genre `name`: its built-in template when `path` is `None`,
    /// else the user's file, which replaces `built_in` if there is one.
    fn add(
        &mut self,
        name: &str,
        built_in: Option<&Genre>,
        path: Option<PathBuf>,
    ) -> Result<(), TemplateError> {
        let file_name = format!("{name}.md");
        let (text, origin) = if let Some(path) = path {
            let text = std::fs::read_to_string(&path).map_err(|e| TemplateError::Read {
                path: path.clone(),
                reason: crate::files::io_reason(&e, crate::files::Access::Read),
            })?;
            (text, Origin::File(path))
        } else {
            let text = BUILT_IN.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
            (text.expect("a built-in genre").to_owned(), Origin::BuiltIn)
        };
        let file = match &origin {
            Origin::BuiltIn => PathBuf::from(&file_name),
            Origin::File(p) => p.clone(),
        };
        let split = genre::split(&file, &text).map_err(TemplateError::Declared)?;
        let genre = genre::declare(name, split.front, origin.clone(), built_in, &file)
            .map_err(TemplateError::Declared)?;
        // The front matter is blanked in `split.body` byte for byte: the
        // positions guard and tera report are positions in `text`.
        let prepared = match guard::prepare(&split.body) {
            Ok(p) => p,
            Err(r) => {
                let span = Span::from_offset(
                    &text,
                    r.offset,
                    text[r.offset..r.offset + r.len].chars().count(),
                );
                return Err(problem(&file_name, &origin, &text, Some(span), r.message));
            }
        };
        let source = Source {
            name: file_name,
            origin,
            text,
            prepared,
            compiled: OnceLock::new(),
        };
        if matches!(source.origin, Origin::File(_)) {
            let compiled = compile(&source.name, &source.prepared.text)
                .map_err(|e| source.error(&e, None, "模板语法错误"))?;
            let _ = source.compiled.set(compiled);
        }
        self.sources.push(source);
        self.genres.push(genre);
        Ok(())
    }

    /// Every genre, with what its template declares.
    pub fn genres(&self) -> &Genres {
        &self.genres
    }

    /// Renders every custom template on the example data of [`PROBE`]. A metric
    /// the example does not have (`metrics.my_key`) is the user's data, not
    /// a mistake: that failure is left to the render of the real data.
    fn probe(&self) -> Result<(), TemplateError> {
        if self.sources.iter().all(|s| s.origin == Origin::BuiltIn) {
            return Ok(());
        }
        let loaded = crate::data::load::parse(Path::new("probe.yaml"), PROBE.to_owned())
            .expect("the probe data is valid");
        let context = Context::new(&loaded.data);
        // The built-in templates are tried by the test suite on every build.
        let custom = self
            .genres
            .all()
            .iter()
            .filter(|g| matches!(g.origin(), Origin::File(_)));
        for genre in custom {
            match self.render(genre, &context) {
                Err(TemplateError::Invalid(p)) if p.is_metric_lookup() => {}
                other => {
                    other?;
                }
            }
        }
        Ok(())
    }

    fn source(&self, genre: &Genre) -> &Source {
        let name = genre.template_name();
        self.sources
            .iter()
            .find(|s| s.name == name)
            .expect("every genre has a template")
    }

    /// Where the template of `genre` came from.
    pub fn origin(&self, genre: &Genre) -> &Origin {
        &self.source(genre).origin
    }

    /// Renders the draft of `genre` from `context`, within the bounds of
    /// `guard`.
    pub fn render(&self, genre: &Genre, context: &Context) -> Result<Rendered, TemplateError> {
        let source = self.source(genre);
        let ctx = context
            .tera()
            .map_err(|e| source.error(&e, None, "生成草稿时出错"))?;
        MISSING.with(|m| m.borrow_mut().clear());
        // The thread's buffer from the last render, emptied: a draft is
        // written into it without growing a new one from nothing.
        let mut out = RENDER_BUFFER.with(|b| std::mem::take(&mut *b.borrow_mut()));
        out.clear();
        let tera = source.compiled.get_or_init(|| {
            // The built-in templates are compiled by the test suite on
            // every build (`every_built_in_template_compiles`).
            compile(&source.name, &source.prepared.text).expect("a built-in template compiles")
        });
        guard::start();
        let result = tera.render_to(&source.name, ctx, guard::BoundedWriter(&mut out));
        let limit = guard::finish();
        let missing = MISSING.with(|m| std::mem::take(&mut *m.borrow_mut()));
        let rendered = match result {
            Err(e) => Err(source.error(&e, limit, "生成草稿时出错")),
            Ok(()) => simdutf8::basic::from_utf8(&out)
                .map(|markdown| Rendered {
                    markdown: tidy(markdown),
                    missing,
                })
                .map_err(|_| {
                    problem(
                        &source.name,
                        &source.origin,
                        &source.text,
                        None,
                        "生成的草稿不是有效的 UTF-8 文字".into(),
                    )
                }),
        };
        if out.capacity() <= MAX_KEPT_BUFFER {
            RENDER_BUFFER.with(|b| *b.borrow_mut() = out);
        }
        rendered
    }
}

/// A render buffer larger than this (a draft of a huge data file) is not
/// kept for the next render: each worker thread keeps at most this much.
const MAX_KEPT_BUFFER: usize = 1 << 20;

thread_local! {
    /// The buffer the last render on this thread wrote into (see
    /// [`Templates::render`]).
    static RENDER_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Source {
    /// `e` as a problem in this template, in Chinese, at its place in the
    /// file as written. `limit` is the bound the render ran into, if any:
    /// tera's own message for it (an I/O error) says nothing useful.
    fn error(&self, e: &tera::Error, limit: Option<guard::Limit>, stage: &str) -> TemplateError {
        let (offset, width, detail) = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                let range = r.span().range.clone();
                (Some(range.start), range.len(), r.message().to_owned())
            }
            tera::ErrorKind::Msg(text) => match report_position(text, &self.prepared.text) {
                Some((offset, message)) => {
                    let name = message.split('`').nth(1).map_or(1, str::len);
                    (Some(offset), name, message)
                }
                None => (None, 0, text.clone()),
            },
            _ => (None, 0, e.to_string()),
        };
        let message = match limit {
            Some(l) => l.message(),
            None => translate(&detail, stage),
        };
        let span = offset.map(|o| {
            let range = self.prepared.to_source(o);
            let text = &self.text;
            let floor = |i: usize| {
                (0..=i.min(text.len()))
                    .rev()
                    .find(|&i| text.is_char_boundary(i))
            };
            let at = floor(range.start).unwrap_or(0);
            let end = if range.is_empty() {
                at + width
            } else {
                range.end
            };
            let end = floor(end).unwrap_or(at).max(at);
            let chars = text[at..end].chars().take_while(|c| *c != '\n').count();
            Span::from_offset(text, at, chars)
        });
        problem(&self.name, &self.origin, &self.text, span, message)
    }
}

fn problem(
    name: &str,
    origin: &Origin,
    text: &str,
    span: Option<Span>,
    message: String,
) -> TemplateError {
    let file = match origin {
        Origin::BuiltIn => PathBuf::from(name),
        Origin::File(p) => p.clone(),
    };
    let line = span
        .and_then(|s| text.lines().nth(s.line - 1))
        .unwrap_or_default()
        .to_owned();
    TemplateError::Invalid(Box::new(TemplateIssue {
        file,
        origin: origin.clone(),
        span,
        line,
        message,
    }))
}

/// The byte offset in `compiled` and the message of the first report in a
/// message tera builds from several (`error: Unknown filter `x`\n --> t:2:10`).
fn report_position(text: &str, compiled: &str) -> Option<(usize, String)> {
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        let Some(message) = l.strip_prefix("error: ") else {
            continue;
        };
        let place = lines.next()?.trim().strip_prefix("--> ")?;
        let mut parts = place.rsplitn(3, ':');
        let column: usize = parts.next()?.parse().ok()?;
        let line: usize = parts.next()?.parse().ok()?;
        let line_start: usize = compiled
            .split_inclusive('\n')
            .take(line.checked_sub(1)?)
            .map(str::len)
            .sum();
        let line_text = compiled[line_start..].lines().next().unwrap_or("");
        let in_line: usize = line_text
            .chars()
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        return Some((line_start + in_line, message.to_owned()));
    }
    None
}

/// tera's English message in Chinese, keeping the names it quotes.
fn translate(detail: &str, stage: &str) -> String {
    let quoted: Vec<&str> = detail.split('`').skip(1).step_by(2).collect();
    let q = |i: usize| quoted.get(i).copied().unwrap_or("");
    let after = |marker: &str| {
        detail
            .split_once(marker)
            .map(|(_, r)| r.trim().trim_end_matches('.'))
    };
    if detail
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        return format!("{stage}：{detail}");
    }
    let said = if detail.starts_with("Variable `") && detail.contains("is not defined") {
        match after("Available variables:") {
            Some(list) => format!("变量“{}”不存在（可用的变量：{list}）", q(0)),
            None => format!("变量“{}”不存在", q(0)),
        }
    } else if detail.starts_with("Variable `") && detail.contains("undefined") {
        format!("变量“{}”没有值", q(0))
    } else if detail.starts_with("Field `") {
        match after("Available fields:") {
            Some(list) => format!("字段“{}”不存在（可用的字段：{list}）", q(0)),
            None => format!("字段“{}”不存在", q(0)),
        }
    } else if detail.starts_with("Unknown filter") {
        format!("没有名为“{}”的过滤器", q(0))
    } else if detail.starts_with("Unknown function") {
        format!("没有名为“{}”的函数", q(0))
    } else if detail.starts_with("Unknown test") {
        format!("没有名为“{}”的测试", q(0))
    } else if detail.starts_with("Cannot compare") {
        format!("无法比较 {} 和 {} 类型的值", q(0), q(1))
    } else if detail.starts_with("Iteration not possible") {
        format!("无法对 {} 类型的值做循环", q(0))
    } else if detail.starts_with("Invalid type for the value") {
        format!("值的类型不对：应为 {}，实际是 {}", q(0), q(1))
    } else if detail.starts_with("Missing keyword argument") {
        format!("缺少参数“{}”", q(0))
    } else if let Some((found, expected)) = detail
        .strip_prefix("Found ")
        .and_then(|r| r.trim_end_matches('.').split_once(" but expected "))
    {
        let expected = expected
            .replace("one of: ", "以下之一：")
            .replace(" or ", " 或 ");
        format!("这里写的是 {found}，应为 {expected}")
    } else if detail.starts_with("Unexpected character") {
        "这里有模板不认识的字符（变量名只能用英文字母、数字和下划线）".to_owned()
    } else if detail.starts_with("Unexpected end of input") {
        "模板在这里意外结束，可能缺少结束标签（如 {% endif %}、{% endfor %}）".to_owned()
    } else {
        format!("（原文：{detail}）")
    };
    format!("{stage}：{said}")
}

/// Normalises the whitespace a template leaves: no trailing spaces, at most
/// one blank line between blocks, exactly one newline at the end. Templates
/// can then be written readably without whitespace-control noise.
pub fn tidy(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut blank = true;
    // The line feeds found in one pass (`lines()` sets up a search for
    // each line). A last empty piece after a final line feed is a blank
    // line, which the end trims as it trims any other; a carriage return
    // before a line feed goes with the trailing space.
    let mut start = 0;
    let ends = memchr::memchr_iter(b'\n', markdown.as_bytes()).chain([markdown.len()]);
    for end in ends {
        let line = markdown[start..end].trim_end();
        start = end + 1;
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
    fn every_built_in_template_compiles() {
        for (name, text) in BUILT_IN {
            let file = PathBuf::from(format!("{name}.md"));
            let split = genre::split(&file, text).unwrap();
            let prepared = guard::prepare(&split.body).unwrap();
            assert!(
                compile(&format!("{name}.md"), &prepared.text).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn a_built_in_template_is_compiled_when_first_rendered_a_users_at_load() {
        let compiled = |t: &Templates| -> Vec<String> {
            let done = t.sources.iter().filter(|s| s.compiled.get().is_some());
            done.map(|s| s.name.clone()).collect()
        };
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("jianghua.md"), "# 自定义").unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        assert_eq!(compiled(&templates), ["jianghua.md"]);

        let loaded = crate::data::load::parse(Path::new("probe.yaml"), PROBE.to_owned()).unwrap();
        let context = Context::new(&loaded.data);
        let huibao = templates.genres().get("huibao").unwrap();
        let first = templates.render(huibao, &context).unwrap().markdown;
        assert_eq!(compiled(&templates), ["huibao.md", "jianghua.md"]);
        // Compiled once: the second render is the same draft.
        assert_eq!(templates.render(huibao, &context).unwrap().markdown, first);
    }

    #[test]
    fn tidy_collapses_blank_lines_and_trailing_space() {
        assert_eq!(tidy("\n\n# 标题  \n\n\n\n正文\n\n"), "# 标题\n\n正文\n");
    }

    /// What [`tidy`] promises, said another way: the blocks of non-blank
    /// lines (read by `lines()`, trailing space cut), one blank line
    /// between them, one line feed at the end.
    fn tidy_oracle(markdown: &str) -> String {
        let lines: Vec<&str> = markdown.lines().map(str::trim_end).collect();
        let blocks: Vec<String> = lines
            .split(|line| line.is_empty())
            .filter(|block| !block.is_empty())
            .map(|block| block.join("\n"))
            .collect();
        if blocks.is_empty() {
            String::new()
        } else {
            blocks.join("\n\n") + "\n"
        }
    }

    proptest::proptest! {
        #[test]
        fn tidy_agrees_with_reading_lines(
            pieces in proptest::collection::vec(
                proptest::sample::select(&["\n", "\r", "\r\n", " ", "　", "甲", "a", "# 乙"][..]),
                0..24,
            )
        ) {
            let text = pieces.concat();
            proptest::prop_assert_eq!(tidy(&text), tidy_oracle(&text));
        }
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
        let genre = |name| t.genres().get(name).unwrap();
        assert_eq!(
            t.origin(genre("huibao")),
            &Origin::File(dir.path().join("huibao.md"))
        );
        assert_eq!(t.origin(genre("jianghua")), &Origin::BuiltIn);
        assert_eq!(genre("huibao").label(), "工作汇报");
    }

    /// The render buffer a thread keeps: a draft rendered after a failed
    /// render and after another genre is the draft a fresh thread renders.
    #[test]
    fn a_reused_render_buffer_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // Writes some text, then fails on a value that is not there.
        std::fs::write(
            dir.path().join("huibao.md"),
            "# 前文\n{{ metrics.no_such_metric.name }}",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let data = crate::data::load::parse(
            Path::new("2026-Q3.yaml"),
            "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
             period: 2026-Q3\n  date: 2026-10-12\nmetrics:\n  branches:\n    name: 党支部\n    \
             value: 86\n    unit: 个\n"
                .to_owned(),
        )
        .unwrap();
        let context = crate::render::context::Context::new(&data.data);
        let genre = |name| t.genres().get(name).unwrap();
        let fresh = std::thread::scope(|s| {
            s.spawn(|| {
                let context = crate::render::context::Context::new(&data.data);
                t.render(genre("jianghua"), &context).unwrap().markdown
            })
            .join()
            .unwrap()
        });
        assert!(t.render(genre("huibao"), &context).is_err());
        let after_error = t.render(genre("jianghua"), &context).unwrap().markdown;
        let diaoyan = t.render(genre("diaoyan"), &context).unwrap().markdown;
        let again = t.render(genre("jianghua"), &context).unwrap().markdown;
        assert_eq!(after_error, fresh);
        assert_eq!(again, fresh);
        assert_ne!(diaoyan, fresh);
    }

    #[test]
    fn a_file_name_that_cannot_name_a_genre_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("my notes.md");
        std::fs::write(&path, "---\nname: 笔记\n---\n").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap();
        assert_eq!(
            err.to_string(),
            format!(
                "模板 {}：文件名不能用作文种名：只能由字母、数字、“-”和“_”组成，\
                 请改名（不是模板的文件请移出模板文件夹）",
                path.display()
            )
        );
    }

    #[test]
    fn a_new_genre_follows_the_built_in_ones_with_its_declarations() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("jianbao.md"),
            "---\nname: 简报\ndescription: 工作简报\n---\n# {{ meta.region }}简报\n",
        )
        .unwrap();
        let t = Templates::load(Some(dir.path())).unwrap();
        let names: Vec<&str> = t.genres().all().iter().map(Genre::name).collect();
        assert_eq!(
            names,
            [
                "huibao", "jianghua", "diaoyan", "jingyan", "zongjie", "jianbao"
            ]
        );
        let g = t.genres().get("jianbao").unwrap();
        assert_eq!(
            (g.label(), g.description(), g.by_default()),
            ("简报", "工作简报", true)
        );
    }

    #[test]
    fn a_broken_user_template_is_reported_at_its_line_in_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jianghua.md");
        std::fs::write(&path, "# 标题\n\n{% if %}").unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap();
        let d = err.into_diagnostic().unwrap();
        assert_eq!(
            d.to_string(),
            format!(
                "{}:3:7: 错误: 模板语法错误：这里写的是 `%}}`，应为 以下之一：integer, float, \
                 string, bool, ident, `-`, `not`, `<`, `{{`, `[` 或 `(`\n  |\n3 | {{% if %}}\n  |       ^^\n",
                path.display()
            )
        );
    }

    #[test]
    fn a_mistake_found_at_render_is_caught_once_at_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huibao.md");
        std::fs::write(
            &path,
            "# 标题\n\n{% for p in practices %}{{ p.leed }}{% endfor %}",
        )
        .unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap();
        let d = err.into_diagnostic().unwrap();
        assert_eq!(d.span.map(|s| (s.line, s.column)), Some((3, 30)));
        assert!(
            d.issue
                .message()
                .starts_with("生成草稿时出错：字段“leed”不存在（可用的字段："),
            "{}",
            d.issue.message()
        );
    }

    #[test]
    fn a_metric_of_the_users_own_data_is_not_a_mistake_at_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("huibao.md"),
            "# {{ meta.region }}\n\n床位{{ metrics.beds.text }}。",
        )
        .unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        let yaml = "meta:\n  region: 青石区\n  organization: 青石区民政局\n  topic: 养老服务\n  \
                    period: 2026-H1\n  date: 2026-07-10\n\
                    metrics:\n  beds:\n    name: 床位\n    value: 320\n    unit: 张\n";
        let loaded = crate::data::load::parse(Path::new("t.yaml"), yaml.into()).unwrap();
        let r = templates
            .render(
                templates.genres().get("huibao").unwrap(),
                &Context::new(&loaded.data),
            )
            .unwrap();
        assert_eq!(r.markdown, "# 青石区\n\n床位320张。\n");
    }

    #[test]
    fn one_context_serves_every_genre_converted_once() {
        let templates = Templates::load(None).unwrap();
        let yaml = include_str!("../../data/liuchuan/2026-Q3.yaml");
        let loaded = crate::data::load::parse(Path::new("t.yaml"), yaml.into()).unwrap();
        let shared = Context::new(&loaded.data);
        for genre in templates.genres().all() {
            let fresh = templates
                .render(genre, &Context::new(&loaded.data))
                .unwrap();
            let reused = templates.render(genre, &shared).unwrap();
            assert_eq!(reused.markdown, fresh.markdown, "{genre}");
            assert_eq!(reused.missing, fresh.missing, "{genre}");
        }
        let first: *const tera::Context = shared.tera().unwrap();
        assert!(std::ptr::eq(first, shared.tera().unwrap()));
    }

    #[test]
    fn teras_messages_are_said_in_chinese() {
        let t = |m: &str| translate(m, "生成草稿时出错");
        assert_eq!(
            t("Variable `x` is not defined. Available variables: meta, metrics"),
            "生成草稿时出错：变量“x”不存在（可用的变量：meta, metrics）"
        );
        assert_eq!(
            t("Field `y` is not defined."),
            "生成草稿时出错：字段“y”不存在"
        );
        assert_eq!(
            t("Unknown filter `f`"),
            "生成草稿时出错：没有名为“f”的过滤器"
        );
        assert_eq!(
            t("Cannot compare `i64` with `string`"),
            "生成草稿时出错：无法比较 i64 和 string 类型的值"
        );
        assert_eq!(
            t("Iteration not possible on type `i64`"),
            "生成草稿时出错：无法对 i64 类型的值做循环"
        );
        assert_eq!(
            t("Invalid type for the value, expected `usize` but got `string`"),
            "生成草稿时出错：值的类型不对：应为 usize，实际是 string"
        );
        assert_eq!(
            t("Missing keyword argument `measure`"),
            "生成草稿时出错：缺少参数“measure”"
        );
        assert_eq!(
            t("Something new"),
            "生成草稿时出错：（原文：Something new）"
        );
    }

    #[test]
    fn a_combined_report_gives_its_first_position() {
        let compiled = "# 标题\n  {{ x | nofilter }}";
        let text = "error: Unknown filter `nofilter`\n --> t:2:10\n  |\n";
        let (offset, message) = report_position(text, compiled).unwrap();
        assert_eq!(&compiled[offset..offset + 8], "nofilter");
        assert_eq!(message, "Unknown filter `nofilter`");
    }

    #[test]
    fn runaway_templates_stop_at_a_bound() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("huibao.md"),
            "{% set_global s = meta.region %}\n\
             {% for i in range(end=40) %}{% set_global s = s ~ s %}{% endfor %}{{ s }}",
        )
        .unwrap();
        let err = Templates::load(Some(dir.path())).err().unwrap();
        let d = err.into_diagnostic().unwrap();
        assert_eq!(d.span.map(|s| (s.line, s.column)), Some((2, 29)));
        assert_eq!(d.issue.message(), guard::Limit::Value.message());
    }
}
