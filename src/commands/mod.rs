//! The subcommands, one module each, and what they share: finding the data
//! files, loading the project's settings, and the report a run ends with.

pub mod build;
pub mod check;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diag::{Diagnostic, Explain, Tally};
use crate::docx::StyleProfile;
use crate::pipeline::Pipeline;
use crate::render::Genre;
use crate::render::templates::{TemplateError, Templates};

/// The folder of data files used when none are named.
pub const DATA_DIR: &str = "data";
/// The output folder used when none is named.
pub const OUT_DIR: &str = "out";

/// A run could not start or could not go on at all (as opposed to findings
/// about single files, which are reported and the run continues).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("找不到数据文件夹“{}”：请在含有 data 文件夹的目录下运行，或指明数据文件", .0.display())]
    NoDataDir(PathBuf),
    #[error("“{}”中没有 .yaml 数据文件", .0.display())]
    NoDataFiles(PathBuf),
    #[error("找不到“{}”", .0.display())]
    NotFound(PathBuf),
    #[error("无法读取文件夹“{}”：{reason}", path.display())]
    ReadDir { path: PathBuf, reason: String },
    #[error("{0}")]
    Settings(Box<Diagnostic>),
    #[error(transparent)]
    Template(#[from] TemplateError),
    #[error("无法打开输出文件夹“{}”：{reason}", path.display())]
    Output { path: PathBuf, reason: String },
}

impl Explain for TemplateError {
    fn message(&self) -> String {
        self.to_string()
    }
}

/// What a run found and did.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Diagnostic>,
    /// Files written (or kept because they were already up to date).
    pub written: Vec<PathBuf>,
    /// Data files that got drafts.
    pub drafted: usize,
    pub inputs: usize,
}

impl Report {
    pub fn tally(&self) -> Tally {
        let mut t = Tally::default();
        for f in &self.findings {
            t.add(f);
        }
        t
    }

    /// 0 when nothing is wrong (warnings allowed), 1 when anything is.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.tally().errors > 0)
    }
}

/// The settings of a run: the project file, then command-line overrides.
pub struct Setup {
    pub config: Config,
    pub templates: Templates,
    pub style: StyleProfile,
}

impl Setup {
    pub fn new(
        config: Option<&Path>,
        templates: Option<&Path>,
        style: Option<&Path>,
    ) -> Result<Setup, Error> {
        let config = Config::load(config).map_err(Error::Settings)?;
        let templates_dir = templates
            .map(Path::to_path_buf)
            .or_else(|| config.templates.clone())
            .or_else(|| Some(PathBuf::from("templates")));
        let templates = Templates::load(templates_dir.as_deref())?;
        let style = match style
            .map(Path::to_path_buf)
            .or_else(|| config.style.clone())
        {
            Some(path) => StyleProfile::load(&path).map_err(Error::Settings)?,
            None => StyleProfile::default(),
        };
        Ok(Setup {
            config,
            templates,
            style,
        })
    }
}

impl Setup {
    /// The pipeline every data file of the run goes through.
    pub fn pipeline<'a>(&'a self, genres: &'a [Genre], strict: bool) -> Pipeline<'a> {
        Pipeline {
            templates: &self.templates,
            lint: &self.config.lint,
            genres,
            strict,
        }
    }
}

/// The genres asked for, in a fixed order, each once; all when none.
pub fn genres(asked: &[Genre]) -> Vec<Genre> {
    if asked.is_empty() {
        return Genre::ALL.to_vec();
    }
    let mut g = asked.to_vec();
    g.sort();
    g.dedup();
    g
}

/// The files named on the command line, folders searched for data files;
/// `data/` when nothing is named. Sorted, so runs are reproducible.
pub fn input_files(named: &[PathBuf], extensions: &[&str]) -> Result<Vec<PathBuf>, Error> {
    if named.is_empty() {
        let root = Path::new(DATA_DIR);
        if !root.is_dir() {
            return Err(Error::NoDataDir(root.to_path_buf()));
        }
        let files = files_under(root, extensions)?;
        if files.is_empty() {
            return Err(Error::NoDataFiles(root.to_path_buf()));
        }
        return Ok(files);
    }
    let mut files = Vec::new();
    for path in named {
        if path.is_dir() {
            let found = files_under(path, extensions)?;
            if found.is_empty() {
                return Err(Error::NoDataFiles(path.clone()));
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(Error::NotFound(path.clone()));
        }
    }
    Ok(files)
}

fn files_under(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::ReadDir {
            path: d.clone(),
            reason: crate::files::io_reason(&e, crate::files::Access::Read),
        })?;
        for entry in entries.flatten() {
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
            {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}
