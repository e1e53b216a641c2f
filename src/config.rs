//! The optional project file `wengao.yaml`: lint rules to switch off, the
//! DOCX style profile and the templates folder. Paths in it are relative to
//! the file itself.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::data::load::{ReadIssue, decode, io_reason};
use crate::diag::{Diagnostic, Severity};
use crate::lint::LintConfig;
use crate::yaml;

/// The file looked for in the current folder when `--config` is not given.
pub const DEFAULT_CONFIG: &str = "wengao.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub lint: LintConfig,
    /// A DOCX style profile (see `templates/style.yaml`).
    #[serde(default)]
    pub style: Option<PathBuf>,
    /// A folder whose `huibao.md`, `jianghua.md`, `diaoyan.md` replace the
    /// built-in templates.
    #[serde(default)]
    pub templates: Option<PathBuf>,
}

impl Config {
    /// Reads `explicit`, or `wengao.yaml` in the current folder if it exists,
    /// or gives the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, Box<Diagnostic>> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None if Path::new(DEFAULT_CONFIG).is_file() => PathBuf::from(DEFAULT_CONFIG),
            None => return Ok(Config::default()),
        };
        let mut config: Config = read_yaml(&path)?;
        let base = path.parent().unwrap_or(Path::new(""));
        config.style = config.style.map(|p| base.join(p));
        config.templates = config.templates.map(|p| base.join(p));
        Ok(config)
    }
}

/// Reads a small YAML settings file with the same care as data files:
/// encoding, then YAML with Chinese errors at their position.
pub fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(Diagnostic::file(
            Severity::Error,
            path,
            ReadIssue::Io {
                reason: io_reason(&e),
            },
        ))
    })?;
    let (text, _) = decode(path, bytes).map_err(Box::new)?;
    yaml::parse::<T>(&text)
        .map(|(value, _)| value)
        .map_err(|e| {
            Box::new(match e.span {
                Some(span) => Diagnostic::at(Severity::Error, path, &text, span, e),
                None => Diagnostic::file(Severity::Error, path, e),
            })
        })
}
