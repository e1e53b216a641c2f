//! Reading one data file into the model, on its own: the file through
//! `yaml::load_file` (size limit, regular file, encoding, forbidden
//! characters, YAML), compact metrics read into their fields, then the
//! checks that need both the model and the source map (required text must
//! be written out). [`super::load`] adds what a file takes from the files
//! beside it; an earlier file of a series is read with this alone.

use std::path::Path;

use crate::data::Data;
use crate::data::keys::DataKeys;
use crate::data::loaded::Loaded;
use crate::diag::{Diagnostic, Explain, Severity};
use crate::yaml::{self, YamlFile};

/// Reads `path` on its own: the loaded data and the warnings on the way,
/// or every finding that stopped it.
pub(crate) fn read(path: &Path) -> Result<(Loaded, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut file = yaml::load_file_keyed::<Data>(path, &DataKeys)?;
    let mut warnings = std::mem::take(&mut file.warnings);
    match finish(file) {
        Ok(loaded) => Ok((loaded, warnings)),
        Err(d) => {
            warnings.push(*d);
            Err(warnings)
        }
    }
}

/// Reads text already read, as the file at `path`.
pub(crate) fn read_text(path: &Path, source: String) -> Result<Loaded, Box<Diagnostic>> {
    finish(yaml::parse_file_keyed::<Data>(path, source, &DataKeys)?)
}

fn finish(file: YamlFile<Data>) -> Result<Loaded, Box<Diagnostic>> {
    let YamlFile {
        path,
        source,
        value: data,
        map,
        ..
    } = file;
    let mut loaded = Loaded::new(path, source, data, map);
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
                    path: loaded.written_path(&path),
                    written,
                },
            ));
        }
    }
    for (path, text) in required_names(&loaded.data) {
        if text.trim().is_empty() {
            return Some(at(
                &path,
                TextIssue::Empty {
                    path: loaded.written_path(&path),
                },
            ));
        }
    }
    None
}
