//! The steps every command shares, as small functions over plain data:
//! load a data file → validate it → render the genre drafts as Markdown →
//! lint the drafts. `build` then turns drafts into files; `check` only
//! reports.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, PoisonError};

use crate::data::load::{Loaded, load};
use crate::data::refs::Printed;
use crate::data::validate::{check_draft_syntax, validate_sharing};
use crate::diag::{Diagnostic, Excerpts, Explain, Severity};
use crate::docx::DocProps;
use crate::lint::{self, LintConfig, Rule};
use crate::render::context::Context;
use crate::render::templates::{Missing, TemplateError, Templates};
use crate::render::{Draft, Genre};

/// What every data file of a run is drafted with.
pub(crate) struct Pipeline<'a> {
    pub templates: &'a Templates,
    pub lint: &'a LintConfig,
    pub genres: &'a [Genre],
    /// Whether `--genre` named `genres`: then a file's own `文种` is
    /// narrowed to them, else it replaces them (see
    /// [`crate::render::Genres::for_file`]).
    pub asked: bool,
    /// Missing values are errors (for final drafts), not warnings.
    pub strict: bool,
}

/// One data file taken through the pipeline.
#[derive(Debug)]
pub(crate) struct Drafted {
    pub findings: Vec<Diagnostic>,
    /// Empty when the data had errors: nothing is drafted from bad data.
    pub drafts: Vec<Draft>,
    /// The data file as read, when it could be (for what else a command
    /// makes of it: the metric table of `diff`, `--annotate`).
    pub loaded: Option<Loaded>,
}

/// A template asked for something the data does not have.
#[derive(Debug)]
pub(crate) struct MissingIssue {
    pub genre: Genre,
    pub missing: Missing,
    /// Its key as the file would write it (`讲话.会议` in a file of
    /// Chinese keys).
    pub shown_key: Option<String>,
}

impl Explain for MissingIssue {
    fn message(&self) -> String {
        let key = match self.shown_key.as_ref().or(self.missing.key.as_ref()) {
            Some(k) => format!("，请在数据中填写 {k}"),
            None => String::new(),
        };
        format!(
            "{}缺少“{}”，草稿中已标注{}{key}",
            self.genre.label(),
            self.missing.what,
            Missing::marker(&self.missing.what)
        )
    }
}

impl Pipeline<'_> {
    /// Takes the data file at `path` through every step. `draft_dir` gives
    /// where its drafts go (or would go): findings in a draft name that
    /// path. It is asked only when a draft has a finding (`check` resolves
    /// the data file's real path for it).
    pub(crate) fn run(
        &self,
        path: &Path,
        draft_dir: &dyn Fn() -> PathBuf,
    ) -> Result<Drafted, TemplateError> {
        let (loaded, mut findings) = load(path);
        let Some(mut loaded) = loaded else {
            return Ok(Drafted {
                findings,
                drafts: Vec::new(),
                loaded: None,
            });
        };
        // The figures validate prints, taken again by the context: the
        // steps in between change only the file's `document` and
        // `outlines`, not the metrics, period, bases or 序时进度 they
        // come from.
        let printed = Printed::default();
        findings.extend(validate_sharing(&loaded, &printed));
        let genres = self.templates.genres().all();
        findings.extend(crate::data::document::resolve_genres(&mut loaded, genres));
        findings.extend(crate::data::rollover::check(&loaded));
        findings.extend(check_draft_syntax(&loaded));
        let genres = self.genres_for(&loaded, &mut findings);
        if findings.iter().any(Diagnostic::is_error) {
            return Ok(Drafted {
                findings,
                drafts: Vec::new(),
                loaded: Some(loaded),
            });
        }
        findings.extend(name_outlines_by_genre(&mut loaded, self.templates.genres()));
        let context = Context::sharing(&loaded.data, &printed);
        let mut drafts = Vec::new();
        let dir = OnceCell::new();
        for genre in &genres {
            let rendered = self.templates.render(genre, &context)?;
            let md_path = || dir.get_or_init(draft_dir).join(format!("{genre}.md"));
            findings.extend(self.missing_findings(&loaded, genre, &rendered.missing));
            findings.extend(self.lint_draft(&md_path, &rendered.markdown, &rendered.missing));
            drafts.push(Draft {
                genre: genre.clone(),
                props: props(&loaded, &rendered.markdown),
                frame: crate::render::context::frame(&loaded.data, genre),
                markdown: rendered.markdown,
            });
        }
        Ok(Drafted {
            findings,
            drafts,
            loaded: Some(loaded),
        })
    }

    /// The drafts of the data file `loaded` once more, each number marked
    /// for a Word comment, with the notes the marks point to (see
    /// [`crate::data::refs::with_notes`]): what `build --annotate` lays out
    /// as DOCX. In the order of `genres`; `None` when the data cannot be
    /// drafted (the plain run has said why).
    pub(crate) fn annotated(&self, loaded: &Loaded) -> Option<(Vec<String>, Vec<String>)> {
        let (rendered, notes) = crate::data::refs::with_notes(|| {
            let context = Context::new(&loaded.data);
            self.genres_for(loaded, &mut Vec::new())
                .iter()
                .map(|genre| Some(self.templates.render(genre, &context).ok()?.markdown))
                .collect::<Option<Vec<String>>>()
        });
        Some((rendered?, notes))
    }

    /// The genres the data file `loaded` is drafted in: its own `文种`
    /// within the run's (see [`crate::render::Genres::for_file`]). A name
    /// that is no genre is an error at that name; a file none of whose
    /// genres `--genre` asked for gets a warning and is drafted in none.
    fn genres_for(&self, loaded: &Loaded, findings: &mut Vec<Diagnostic>) -> Vec<Genre> {
        let registry = self.templates.genres();
        let declared = match registry.declared(&loaded.data.genres) {
            Ok(declared) => declared,
            Err(unknown) => {
                for (i, issue) in unknown {
                    // `文种: 经验` (one name) has no item to point at.
                    let span = loaded
                        .map
                        .value(&format!("genres[{i}]"))
                        .or_else(|| loaded.map.value("genres"));
                    findings.push(match span {
                        Some(span) => loaded.at(Severity::Error, span, issue),
                        None => loaded.finding(Severity::Error, "genres", issue),
                    });
                }
                return Vec::new();
            }
        };
        let chosen = registry.for_file(self.genres, self.asked, &declared);
        if chosen.is_empty() && !declared.is_empty() {
            let labels = |genres: &[Genre]| genres.iter().map(|g| g.label().to_owned()).collect();
            let issue = crate::render::genre::NoneAsked {
                declared: labels(&declared),
                asked: labels(self.genres),
            };
            findings.push(loaded.finding(Severity::Warning, "genres", issue));
        }
        chosen
    }

    fn missing_severity(&self) -> Severity {
        if self.strict {
            Severity::Error
        } else {
            Severity::Warning
        }
    }

    /// A finding in the data file for each thing a template found missing,
    /// at the nearest key that is there.
    fn missing_findings(
        &self,
        loaded: &Loaded,
        genre: &Genre,
        missing: &[Missing],
    ) -> Vec<Diagnostic> {
        missing
            .iter()
            .map(|m| {
                let issue = MissingIssue {
                    genre: genre.clone(),
                    missing: m.clone(),
                    shown_key: m.key.as_deref().map(|k| loaded.written_path(k)),
                };
                let key = m.key.as_deref().unwrap_or("");
                loaded.finding(self.missing_severity(), key, issue)
            })
            .collect()
    }

    /// The lint findings of a rendered draft. Markers the template already
    /// reported through `missing()` are not reported twice.
    /// `md_path` gives the draft's path, asked at the first finding: most
    /// drafts have none.
    pub(crate) fn lint_draft(
        &self,
        md_path: &dyn Fn() -> PathBuf,
        markdown: &str,
        reported: &[Missing],
    ) -> Vec<Diagnostic> {
        let mut path = None;
        // Findings come sorted by place: their excerpts are cut in one pass
        // over the draft, and none holds a copy of its line.
        let mut excerpts = Excerpts::new(markdown);
        let mut findings = Vec::new();
        for f in lint::lint(markdown, self.lint) {
            if f.rule == Rule::MissingValue {
                let line = excerpts.line(f.span);
                if reported
                    .iter()
                    .any(|m| line.contains(&Missing::marker(&m.what)))
                {
                    continue;
                }
            }
            let severity = if f.rule == Rule::MissingValue {
                self.missing_severity()
            } else {
                f.rule.severity()
            };
            let span = f.span;
            let excerpt = excerpts.excerpt(span);
            let md_path = path.get_or_insert_with(md_path);
            findings.push(Diagnostic::with_excerpt(
                severity, md_path, span, excerpt, f,
            ));
        }
        findings
    }
}

/// The document properties of a draft: its title, author and date.
fn props(loaded: &Loaded, markdown: &str) -> DocProps {
    let meta = &loaded.data.meta;
    DocProps {
        title: Draft::title_of(markdown),
        author: Some(
            meta.author
                .clone()
                .unwrap_or_else(|| meta.organization.clone()),
        ),
        date: meta.date,
    }
}

/// Where the drafts of the data file `path` go inside the output folder:
/// its path under the data folder (whose real path, see [`real_path`], is
/// `real_data_root`: a batch finds it once, not once a file) without
/// `.yaml`, or just its name when it lives elsewhere.
pub(crate) fn draft_dir_in(path: &Path, real_data_root: &Path) -> PathBuf {
    let rel = real_path(path).strip_prefix(real_data_root).map_or_else(
        |_| PathBuf::from(path.file_name().unwrap_or_default()),
        Path::to_path_buf,
    );
    rel.with_extension("")
}

/// `p` with its symlinks resolved, or as it is when it cannot be. A path
/// the listing of the inputs resolved (see [`remember_real_path`]) is not
/// asked of the system again.
pub(crate) fn real_path(p: &Path) -> PathBuf {
    let known = REAL_PATHS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(p)
        .cloned();
    known.unwrap_or_else(|| p.canonicalize().unwrap_or_else(|_| p.to_path_buf()))
}

/// Real paths found while listing the inputs, by the path as listed. A
/// path moved or relinked during the run keeps the real path it had when
/// the run listed it (as it keeps its place in the batch).
static REAL_PATHS: LazyLock<Mutex<HashMap<PathBuf, PathBuf>>> = LazyLock::new(Mutex::default);

/// Records that `path`, an input of this run, resolves to `real`.
pub(crate) fn remember_real_path(path: &Path, real: &Path) {
    REAL_PATHS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(path.to_path_buf(), real.to_path_buf());
}

/// Two keys of `各文种提纲` naming one genre (`jianghua` and `讲话`).
#[derive(Debug)]
struct OutlineTwice {
    key: String,
    first: String,
}

impl Explain for OutlineTwice {
    fn message(&self) -> String {
        format!(
            "各文种提纲中的“{}”与“{}”是同一个文种，只用前面的“{}”",
            self.key, self.first, self.first
        )
    }
}

/// The outlines of `各文种提纲` may be keyed by a genre's Chinese name
/// (`讲话`, `工作总结`, a template's declared name), like `文种`; templates
/// read them by the genre's name (`outlines.jianghua`), so each key that
/// names a genre ([`crate::render::Genres::find`]) is renamed to it. Runs
/// after every check, which place their findings by the keys as written;
/// a genre keyed twice keeps its first outline, with a warning.
fn name_outlines_by_genre(loaded: &mut Loaded, genres: &crate::render::Genres) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    if loaded.data.outlines.keys().all(|k| genres.get(k).is_some()) {
        return findings;
    }
    let outlines = std::mem::take(&mut loaded.data.outlines);
    let mut written: Vec<(String, String)> = Vec::new();
    for (key, outline) in outlines {
        let name = genres
            .find(&key)
            .map_or_else(|| key.clone(), |g| g.name().to_owned());
        if let Some((first, _)) = written.iter().find(|(_, n)| *n == name) {
            let issue = OutlineTwice {
                key: key.clone(),
                first: first.clone(),
            };
            findings.push(loaded.finding(Severity::Warning, &format!("outlines.{key}"), issue));
            continue;
        }
        written.push((key, name.clone()));
        loaded.data.outlines.insert(name, outline);
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context that takes the figures validate printed drafts what a
    /// context of its own drafts, after the steps the pipeline runs in
    /// between, for every data file of the project that validates.
    #[test]
    fn figures_printed_by_validate_draft_as_the_contexts_own() {
        let templates = Templates::load(None).unwrap();
        let mut compared = 0;
        for dir in ["data", "tests/corpus", "tests/fixtures", "init"] {
            for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
                let path = entry.unwrap().into_path();
                if path.extension().is_none_or(|e| e != "yaml") {
                    continue;
                }
                let Some(mut loaded) = load(&path).0 else {
                    continue;
                };
                let printed = Printed::default();
                if validate_sharing(&loaded, &printed)
                    .iter()
                    .any(Diagnostic::is_error)
                {
                    continue;
                }
                let _ =
                    crate::data::document::resolve_genres(&mut loaded, templates.genres().all());
                let _ = name_outlines_by_genre(&mut loaded, templates.genres());
                let held = printed.len();
                let shared = Context::sharing(&loaded.data, &printed);
                let own = Context::new(&loaded.data);
                for genre in templates.genres().all() {
                    let (Ok(shared), Ok(own)) = (
                        templates.render(genre, &shared),
                        templates.render(genre, &own),
                    ) else {
                        continue;
                    };
                    assert_eq!(shared.markdown, own.markdown, "{} {genre}", path.display());
                }
                if held > 0 {
                    compared += 1;
                }
            }
        }
        assert!(
            compared >= 10,
            "{compared} files drafted from figures validate printed"
        );
    }

    #[test]
    fn drafts_mirror_the_data_folder() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        std::fs::create_dir_all(data.join("liuchuan")).unwrap();
        let file = data.join("liuchuan/2026-Q3.yaml");
        std::fs::write(&file, "").unwrap();
        assert_eq!(
            draft_dir_in(&file, &real_path(&data)),
            PathBuf::from("liuchuan/2026-Q3")
        );
        let elsewhere = dir.path().join("x.yaml");
        std::fs::write(&elsewhere, "").unwrap();
        assert_eq!(
            draft_dir_in(&elsewhere, &real_path(&data)),
            PathBuf::from("x")
        );
    }
}
