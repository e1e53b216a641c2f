//! The optional project file `wengao.yaml`: lint rules to switch off, the
//! DOCX style profile and the templates folder. Paths in it are relative to
//! the file itself.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::lint::LintConfig;
use crate::yaml;

/// The file looked for in the current folder when `--config` is not given.
pub(crate) const DEFAULT_CONFIG: &str = "wengao.yaml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Config {
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
    pub(crate) fn load(explicit: Option<&Path>) -> Result<Config, Box<Diagnostic>> {
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
/// through [`yaml::load_file`], with its limits and Chinese errors.
pub(crate) fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, Box<Diagnostic>> {
    yaml::load_file::<T>(path, &[])
        .map(|file| file.value)
        .map_err(yaml::last_error)
}
