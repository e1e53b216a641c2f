//! The steps every command shares, as small functions over plain data:
//! load a data file → validate it → render the genre drafts as Markdown →
//! lint the drafts. `build` then turns drafts into files; `check` only
//! reports.

use std::path::{Path, PathBuf};

use crate::data::load::{Loaded, load};
use crate::data::validate::{check_draft_syntax, validate};
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
}

impl Explain for MissingIssue {
    fn message(&self) -> String {
        let key = match &self.missing.key {
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
    /// Takes the data file at `path` through every step. `draft_dir` is
    /// where its drafts go (or would go): findings in a draft name that path.
    pub(crate) fn run(&self, path: &Path, draft_dir: &Path) -> Result<Drafted, TemplateError> {
        let (loaded, mut findings) = load(path);
        let Some(loaded) = loaded else {
            return Ok(Drafted {
                findings,
                drafts: Vec::new(),
                loaded: None,
            });
        };
        findings.extend(validate(&loaded));
        findings.extend(crate::data::rollover::check(&loaded));
        findings.extend(check_draft_syntax(&loaded));
        if findings.iter().any(Diagnostic::is_error) {
            return Ok(Drafted {
                findings,
                drafts: Vec::new(),
                loaded: Some(loaded),
            });
        }
        let context = Context::new(&loaded.data);
        let mut drafts = Vec::new();
        for genre in self.genres {
            let rendered = self.templates.render(genre, &context)?;
            let md_path = draft_dir.join(format!("{genre}.md"));
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
            self.genres
                .iter()
                .map(|genre| Some(self.templates.render(genre, &context).ok()?.markdown))
                .collect::<Option<Vec<String>>>()
        });
        Some((rendered?, notes))
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
                };
                let key = m.key.as_deref().unwrap_or("");
                loaded.finding(self.missing_severity(), key, issue)
            })
            .collect()
    }

    /// The lint findings of a rendered draft. Markers the template already
    /// reported through `missing()` are not reported twice.
    pub(crate) fn lint_draft(
        &self,
        md_path: &Path,
        markdown: &str,
        reported: &[Missing],
    ) -> Vec<Diagnostic> {
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

/// `p` with its symlinks resolved, or as it is when it cannot be.
pub(crate) fn real_path(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

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
