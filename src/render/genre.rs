//! Genres: a genre is a template. Every `NAME.md` among the built-in
//! templates and in the user's template folder is the genre `NAME`, and
//! the template says what it is in a front matter at its very top:
//!
//! ```text
//! ---
//! name: 经验材料
//! description: 典型经验材料：每部分一句标语式小标题，不编序号
//! default: false
//! ---
//! ```
//!
//! `name` (名称) is the Chinese name, `description` (说明) one line for
//! `wengao genres`, `default` (默认生成) whether a build without `--genre`
//! drafts it (true when left out). A user's template that replaces a
//! built-in one may leave out the front matter or any key: the built-in's
//! values apply. A new genre must give `name`.
//!
//! The front matter is YAML, read by the one YAML reader of the crate
//! (strict: unknown keys, wrong types and duplicates are errors, in Chinese,
//! at the template's line). Before tera compiles the template, the front
//! matter is blanked byte for byte, so every later position (tera's errors,
//! `guard`'s refusals) is still a position in the file as written.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::{Diagnostic, Explain, Severity};

/// The built-in 工作汇报 genre; the names below are the only places the
/// built-in genres are spelt.
pub const HUIBAO: &str = "huibao";
/// The built-in 讲话稿 genre.
pub const JIANGHUA: &str = "jianghua";
/// The built-in 调研报告 genre.
pub const DIAOYAN: &str = "diaoyan";
/// The built-in 经验材料 genre.
pub const JINGYAN: &str = "jingyan";
/// The built-in 工作总结 genre.
pub const ZONGJIE: &str = "zongjie";
/// Every built-in genre.
pub(crate) const BUILT_IN: [&str; 5] = [HUIBAO, JIANGHUA, DIAOYAN, JINGYAN, ZONGJIE];

/// Where a template came from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A template built into wengao.
    BuiltIn,
    /// A template file of the user's.
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::BuiltIn => f.write_str("内置"),
            Origin::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// One genre: what its template's front matter declares and where the
/// template came from. Cheap to clone; compared by name.
#[derive(Clone, Debug)]
pub struct Genre(Arc<Spec>);

#[derive(Debug)]
struct Spec {
    name: String,
    label: String,
    description: String,
    origin: Origin,
    by_default: bool,
}

impl Genre {
    /// The file stem of its template and outputs: `huibao`.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Its Chinese name, for messages: 工作汇报.
    pub fn label(&self) -> &str {
        &self.0.label
    }

    /// One line saying what it drafts.
    pub fn description(&self) -> &str {
        &self.0.description
    }

    /// Where its template came from.
    pub fn origin(&self) -> &Origin {
        &self.0.origin
    }

    /// Whether a build that names no genre drafts it.
    pub fn by_default(&self) -> bool {
        self.0.by_default
    }

    /// The file name of its template: `huibao.md`.
    pub fn template_name(&self) -> String {
        format!("{}.md", self.name())
    }
}

impl PartialEq for Genre {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Genre {}

impl fmt::Display for Genre {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Every genre of a run, built-in ones first in their fixed order, then the
/// user's new ones by name.
#[derive(Clone, Debug, Default)]
pub struct Genres(Vec<Genre>);

impl Genres {
    /// Every genre, in the order drafts are built.
    pub fn all(&self) -> &[Genre] {
        &self.0
    }

    /// The genre called `name`.
    pub fn get(&self, name: &str) -> Option<&Genre> {
        self.0.iter().find(|g| g.name() == name)
    }

    /// The genres named in `asked`, in registry order, each once; when
    /// `asked` is empty, those built by default.
    pub fn select(&self, asked: &[String]) -> Result<Vec<Genre>, UnknownGenre> {
        if let Some(unknown) = asked.iter().find(|a| self.get(a).is_none()) {
            let names: Vec<String> = self.0.iter().map(|g| g.name().to_owned()).collect();
            return Err(UnknownGenre {
                suggestion: crate::suggest::suggest(unknown, &names).map(str::to_owned),
                name: unknown.clone(),
                known: names,
            });
        }
        Ok(self
            .0
            .iter()
            .filter(|g| {
                if asked.is_empty() {
                    g.by_default()
                } else {
                    asked.iter().any(|a| a == g.name())
                }
            })
            .cloned()
            .collect())
    }

    /// The genre a data file's `文种` names: by its name (`jingyan`), its
    /// Chinese name (`经验材料`) or that name's short form — without a
    /// leading 工作 or a trailing 稿 (`汇报` for 工作汇报, `讲话` for 讲话稿,
    /// `总结` for 工作总结).
    pub fn find(&self, word: &str) -> Option<&Genre> {
        let word = word.trim();
        self.get(word)
            .or_else(|| self.0.iter().find(|g| g.is_called(word)))
    }

    /// The genres a data file is drafted in. `run` are the genres of the
    /// run (those named by `--genre`, else the default ones), `asked`
    /// whether `--genre` named them, `declared` the file's own `文种`
    /// (looked up by [`Genres::find`]). A file that declares none is
    /// drafted in `run`; one that does, in its own genres — narrowed to
    /// `run` when `--genre` was given, so `--genre huibao` never drafts a
    /// 汇报 from a file kept for an 经验材料 (it is drafted in nothing).
    /// In registry order, each once.
    pub fn for_file(&self, run: &[Genre], asked: bool, declared: &[Genre]) -> Vec<Genre> {
        if declared.is_empty() {
            return run.to_vec();
        }
        self.0
            .iter()
            .filter(|g| declared.contains(g) && (!asked || run.contains(g)))
            .cloned()
            .collect()
    }

    /// Every genre as a data file may name it: `工作汇报（huibao）`.
    pub(crate) fn known_labels(&self) -> Vec<String> {
        self.0
            .iter()
            .map(|g| format!("{}（{}）", g.label(), g.name()))
            .collect()
    }

    pub(crate) fn push(&mut self, genre: Genre) {
        self.0.push(genre);
    }
}

/// `--genre` named a genre that has no template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownGenre {
    /// The name asked for.
    pub name: String,
    /// The known name closest to it.
    pub suggestion: Option<String>,
    /// Every known name.
    pub known: Vec<String>,
}

impl fmt::Display for UnknownGenre {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "没有名为“{}”的文种", self.name)?;
        if let Some(s) = &self.suggestion {
            write!(f, "，是否想写“{s}”？")?;
        } else {
            f.write_str("。")?;
        }
        write!(
            f,
            "可用的文种有：{}（用 wengao genres 查看各文种的说明）",
            self.known.join("、")
        )
    }
}

impl std::error::Error for UnknownGenre {}

/// A Chinese genre name without a leading 工作 or a trailing 稿: 汇报 for
/// 工作汇报, 讲话 for 讲话稿.
impl Genre {
    /// Whether a writer's `word` names this genre: its name, its Chinese
    /// name, or that without a leading 工作 or a trailing 稿 (汇报, 讲话,
    /// 总结). The one rule for `文种`, `各文种提纲` and the `公文` block.
    pub(crate) fn is_called(&self, word: &str) -> bool {
        word == self.name()
            || word == self.label()
            || (!word.is_empty() && short_label(self.label()) == word)
    }
}

fn short_label(label: &str) -> &str {
    let label = label.strip_prefix("工作").unwrap_or(label);
    label.strip_suffix('稿').unwrap_or(label)
}

/// A genre named in a data file's `文种` that no template has.
#[derive(Debug)]
pub(crate) struct UnknownDeclared {
    /// The name as written.
    pub name: String,
    /// The known name closest to it.
    pub suggestion: Option<String>,
    /// Every genre, as [`Genres::known_labels`] lists them.
    pub known: Vec<String>,
}

impl Explain for UnknownDeclared {
    fn message(&self) -> String {
        let near = self
            .suggestion
            .as_ref()
            .map_or_else(String::new, |s| format!("，是否想写“{s}”？"));
        let stop = if near.is_empty() { "。" } else { "" };
        format!(
            "文种中没有“{}”{near}{stop}可用的文种有：{}（也可写简称：汇报、讲话、总结；wengao genres 列出全部文种）",
            self.name,
            self.known.join("、")
        )
    }
}

/// A data file none of whose own genres `--genre` asked for.
#[derive(Debug)]
pub(crate) struct NoneAsked {
    /// The Chinese names of the file's own genres.
    pub declared: Vec<String>,
    /// The Chinese names of the genres `--genre` asked for.
    pub asked: Vec<String>,
}

impl Explain for NoneAsked {
    fn message(&self) -> String {
        format!(
            "本文件的文种是{}，不含 --genre 所选的{}，已跳过，没有生成草稿",
            self.declared.join("、"),
            self.asked.join("、")
        )
    }
}

impl Genres {
    /// The genres a data file's `文种` lists (`declared`), each looked up
    /// by [`Genres::find`], in registry order, each once; or, for each
    /// name that is no genre, its index in `declared` and why.
    pub(crate) fn declared(
        &self,
        declared: &[String],
    ) -> Result<Vec<Genre>, Vec<(usize, UnknownDeclared)>> {
        let mut found = Vec::new();
        let mut unknown = Vec::new();
        for (i, word) in declared.iter().enumerate() {
            if let Some(g) = self.find(word) {
                found.push(g.clone());
            } else {
                unknown.push((i, self.unknown(word.trim())));
            }
        }
        if !unknown.is_empty() {
            return Err(unknown);
        }
        Ok(self
            .0
            .iter()
            .filter(|g| found.contains(g))
            .cloned()
            .collect())
    }
}

impl Genres {
    /// Why `word` names no genre, with the genre it is closest to.
    fn unknown(&self, word: &str) -> UnknownDeclared {
        let mut words: Vec<String> = Vec::new();
        for g in &self.0 {
            words.push(g.name().to_owned());
            words.push(g.label().to_owned());
            words.push(short_label(g.label()).to_owned());
        }
        // A name cut short (`经验` for 经验材料) is near too.
        let suggestion = crate::suggest::suggest(word, &words)
            .and_then(|near| self.find(near))
            .or_else(|| {
                self.0
                    .iter()
                    .find(|g| !word.is_empty() && g.label().contains(word))
            })
            .map(|g| g.label().to_owned());
        UnknownDeclared {
            name: word.to_owned(),
            suggestion,
            known: self.known_labels(),
        }
    }
}

/// What a front matter declares; every key optional here, required ones
/// are checked by [`declare`].
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    #[serde(default, alias = "名称")]
    name: Option<String>,
    #[serde(default, alias = "说明")]
    description: Option<String>,
    #[serde(default, alias = "默认生成")]
    default: Option<bool>,
}

/// A template's text split at its front matter.
#[derive(Debug)]
pub(crate) struct Split {
    /// The declarations, empty when the template has none.
    pub front: FrontMatter,
    /// The template with its front matter replaced by spaces (newlines
    /// kept), so byte offsets are those of the file as written.
    pub body: String,
}

/// The front matter's opening and closing line.
const FENCE: &str = "---";

/// Something wrong with a template's front matter, in Chinese.
#[derive(Debug)]
struct FrontMatterIssue(String);

impl Explain for FrontMatterIssue {
    fn message(&self) -> String {
        format!("模板开头的说明（--- 之间）有误：{}", self.0)
    }
}

/// Splits `text`, the template `file`, at its front matter. The front
/// matter starts at the first byte with a line `---` and ends at the next
/// line `---`.
pub(crate) fn split(file: &Path, text: &str) -> Result<Split, Box<Diagnostic>> {
    let first_line = text.split_inclusive('\n').next().unwrap_or("");
    // Windows editors may save with a byte order mark, and CRLF lines.
    if first_line.trim_start_matches('\u{feff}').trim_end() != FENCE {
        return Ok(Split {
            front: FrontMatter::default(),
            body: text.to_owned(),
        });
    }
    let mut end = None;
    let mut at = first_line.len();
    for line in text[at..].split_inclusive('\n') {
        if line.trim_end() == FENCE {
            end = Some((at, at + line.len()));
            break;
        }
        at += line.len();
    }
    let Some((yaml_end, front_end)) = end else {
        let span = crate::diag::Span::from_offset(text, 0, FENCE.len());
        return Err(Box::new(Diagnostic::at(
            Severity::Error,
            file,
            text,
            span,
            FrontMatterIssue("第1行的“---”没有对应的结束行“---”".into()),
        )));
    };
    // The YAML reader sees the opening `---` as a document start, so its
    // line numbers are the template's.
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let yaml = &text[bom..yaml_end];
    let blank_inside = yaml.lines().skip(1).all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#')
    });
    let front = if blank_inside {
        FrontMatter::default()
    } else {
        let (front, _) = crate::yaml::parse::<FrontMatter>(yaml).map_err(|e| {
            let message = e.to_string();
            Box::new(match e.span {
                Some(span) => {
                    Diagnostic::at(Severity::Error, file, text, span, FrontMatterIssue(message))
                }
                None => Diagnostic::file(Severity::Error, file, FrontMatterIssue(message)),
            })
        })?;
        front
    };
    let blanked: String = text[..front_end]
        .bytes()
        .map(|b| if b == b'\n' { '\n' } else { ' ' })
        .collect();
    Ok(Split {
        front,
        body: blanked + &text[front_end..],
    })
}

/// A key a front matter must give and does not.
#[derive(Debug)]
struct NoName;

impl Explain for NoName {
    fn message(&self) -> String {
        "新的文种须在模板开头写明中文名称，例如：\n---\nname: 经验材料\ndescription: 一句话说明\n---"
            .into()
    }
}

/// The genre `name` that `front` declares, from the template at `origin`;
/// `inherited` is the built-in genre it replaces, whose declarations fill
/// in what `front` leaves out.
pub(crate) fn declare(
    name: &str,
    front: FrontMatter,
    origin: Origin,
    inherited: Option<&Genre>,
    file: &Path,
) -> Result<Genre, Box<Diagnostic>> {
    let label = front
        .name
        .or_else(|| inherited.map(|g| g.label().to_owned()))
        .ok_or_else(|| Box::new(Diagnostic::file(Severity::Error, file, NoName)))?;
    let description = front
        .description
        .or_else(|| inherited.map(|g| g.description().to_owned()))
        .unwrap_or_default();
    let by_default = front
        .default
        .or_else(|| inherited.map(Genre::by_default))
        .unwrap_or(true);
    Ok(Genre(Arc::new(Spec {
        name: name.to_owned(),
        label: label.trim().to_owned(),
        description: description.split_whitespace().collect::<Vec<_>>().join(" "),
        origin,
        by_default,
    })))
}

/// Whether `stem` can name a genre (and so a `--genre` value and an
/// output file): letters, digits, `-` and `_`, not starting with `-`.
pub(crate) fn is_genre_name(stem: &str) -> bool {
    !stem.is_empty()
        && !stem.starts_with('-')
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_ok(text: &str) -> Split {
        split(Path::new("t.md"), text).unwrap()
    }

    fn split_err(text: &str) -> String {
        split(Path::new("t.md"), text).unwrap_err().to_string()
    }

    #[test]
    fn front_matter_is_read_and_blanked_in_place() {
        let text = "---\nname: 经验材料\ndescription: 说明\ndefault: false\n---\n# {{ x }}\n";
        let s = split_ok(text);
        assert_eq!(s.front.name.as_deref(), Some("经验材料"));
        assert_eq!(s.front.default, Some(false));
        assert_eq!(s.body.len(), text.len());
        assert_eq!(s.body.lines().nth(5), Some("# {{ x }}"));
        assert!(s.body.lines().take(5).all(|l| l.trim().is_empty()));
    }

    #[test]
    fn a_byte_order_mark_and_crlf_lines_are_accepted() {
        let text = "\u{feff}---\r\nname: 总结\r\n---\r\n# 标题\r\n";
        let s = split_ok(text);
        assert_eq!(s.front.name.as_deref(), Some("总结"));
        assert_eq!(s.body.len(), text.len());
        assert!(s.body.ends_with("# 标题\r\n"));
    }

    #[test]
    fn chinese_keys_are_accepted() {
        let s = split_ok("---\n名称: 工作总结\n默认生成: true\n---\n正文");
        assert_eq!(s.front.name.as_deref(), Some("工作总结"));
        assert_eq!(s.front.default, Some(true));
    }

    #[test]
    fn a_template_without_front_matter_is_unchanged() {
        let s = split_ok("# 标题\n---\n");
        assert_eq!(s.body, "# 标题\n---\n");
        assert!(s.front.name.is_none());
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_line() {
        assert_eq!(
            split_err("---\nname: 总结\nnmae: x\n---\n"),
            "t.md:3:1: 错误: 模板开头的说明（--- 之间）有误：顶层下没有“nmae”这个键，\
             是否想写“name”？\n  |\n3 | nmae: x\n  | ^^^^\n"
        );
    }

    #[test]
    fn a_wrong_type_is_an_error_at_its_line() {
        let e = split_err("---\nname: 总结\ndefault: 是\n---\n");
        assert!(
            e.starts_with("t.md:3:10: 错误: 模板开头的说明（--- 之间）有误："),
            "{e}"
        );
    }

    #[test]
    fn an_unclosed_front_matter_is_an_error() {
        assert_eq!(
            split_err("---\nname: 总结\n# 标题\n"),
            "t.md:1:1: 错误: 模板开头的说明（--- 之间）有误：第1行的“---”没有对应的结束行“---”\
             \n  |\n1 | ---\n  | ^^^\n"
        );
    }

    #[test]
    fn a_new_genre_needs_a_name_and_a_replacement_inherits() {
        let file = Path::new("t.md");
        let e = declare("x", FrontMatter::default(), Origin::BuiltIn, None, file).unwrap_err();
        assert!(e.to_string().contains("新的文种须在模板开头写明中文名称"));
        let base = declare(
            "huibao",
            FrontMatter {
                name: Some("工作汇报".into()),
                description: Some("向上级报告".into()),
                default: None,
            },
            Origin::BuiltIn,
            None,
            file,
        )
        .unwrap();
        let user = Origin::File(file.to_path_buf());
        let g = declare("huibao", FrontMatter::default(), user, Some(&base), file).unwrap();
        assert_eq!(
            (g.label(), g.description(), g.by_default()),
            ("工作汇报", "向上级报告", true)
        );
    }

    #[test]
    fn unknown_genres_get_a_suggestion() {
        let mut genres = Genres::default();
        for n in ["huibao", "jingyan"] {
            let front = FrontMatter {
                name: Some(n.into()),
                ..FrontMatter::default()
            };
            genres.push(declare(n, front, Origin::BuiltIn, None, Path::new("t")).unwrap());
        }
        let e = genres.select(&["jinyan".into()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "没有名为“jinyan”的文种，是否想写“jingyan”？可用的文种有：huibao、jingyan\
             （用 wengao genres 查看各文种的说明）"
        );
        let picked = genres.select(&["jingyan".into(), "huibao".into()]).unwrap();
        let names: Vec<&str> = picked.iter().map(Genre::name).collect();
        assert_eq!(names, ["huibao", "jingyan"]);
    }

    /// The five built-in genres, as the templates declare them.
    fn built_ins() -> Genres {
        crate::render::templates::Templates::load(None)
            .unwrap()
            .genres()
            .clone()
    }

    fn names(genres: &[Genre]) -> Vec<&str> {
        genres.iter().map(Genre::name).collect()
    }

    #[test]
    fn a_data_file_names_a_genre_by_name_chinese_name_or_short_form() {
        let genres = built_ins();
        for (word, name) in [
            ("huibao", "huibao"),
            ("工作汇报", "huibao"),
            ("汇报", "huibao"),
            ("讲话", "jianghua"),
            ("讲话稿", "jianghua"),
            ("调研报告", "diaoyan"),
            (" 经验材料 ", "jingyan"),
            ("工作总结", "zongjie"),
            ("总结", "zongjie"),
        ] {
            assert_eq!(genres.find(word).map(Genre::name), Some(name), "{word}");
        }
        for word in ["", "工作", "报告", "经验"] {
            assert!(genres.find(word).is_none(), "{word}");
        }
    }

    #[test]
    fn declared_genres_come_in_registry_order_once_or_name_the_unknown() {
        let genres = built_ins();
        let words = |w: &[&str]| w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let found = genres
            .declared(&words(&["经验材料", "汇报", "huibao"]))
            .unwrap();
        assert_eq!(names(&found), ["huibao", "jingyan"]);
        let unknown = genres
            .declared(&words(&["汇报", "总节", "经验"]))
            .unwrap_err();
        let said: Vec<(usize, Option<&str>)> = unknown
            .iter()
            .map(|(i, u)| (*i, u.suggestion.as_deref()))
            .collect();
        assert_eq!(said, [(1, Some("工作总结")), (2, Some("经验材料"))]);
        assert_eq!(
            unknown[0].1.message(),
            "文种中没有“总节”，是否想写“工作总结”？可用的文种有：工作汇报（huibao）、讲话稿（jianghua）、\
             调研报告（diaoyan）、经验材料（jingyan）、工作总结（zongjie）\
             （也可写简称：汇报、讲话、总结；wengao genres 列出全部文种）"
        );
    }

    #[test]
    fn a_files_own_genres_replace_the_default_and_narrow_the_asked() {
        let genres = built_ins();
        let pick = |w: &[&str]| {
            genres
                .select(&w.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>())
                .unwrap()
        };
        let defaults = pick(&[]);
        let jingyan = pick(&["jingyan"]);
        let own = pick(&["jingyan", "huibao"]);
        // No 文种: the run's genres, asked or not.
        assert_eq!(
            names(&genres.for_file(&defaults, false, &[])),
            ["huibao", "jianghua", "diaoyan"]
        );
        assert_eq!(names(&genres.for_file(&jingyan, true, &[])), ["jingyan"]);
        // 文种 without --genre: the file's own, not-by-default ones too.
        assert_eq!(
            names(&genres.for_file(&defaults, false, &own)),
            ["huibao", "jingyan"]
        );
        // 文种 with --genre: what both name; nothing when they share none.
        assert_eq!(names(&genres.for_file(&jingyan, true, &own)), ["jingyan"]);
        assert!(genres.for_file(&pick(&["jianghua"]), true, &own).is_empty());
    }

    #[test]
    fn genre_names_are_words() {
        assert!(is_genre_name("jingyan"));
        assert!(is_genre_name("经验"));
        assert!(!is_genre_name("my notes"));
        assert!(!is_genre_name("-x"));
        assert!(!is_genre_name(""));
    }
}
