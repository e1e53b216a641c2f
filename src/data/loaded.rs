//! A data file as read: the model, its source text and the map from key
//! paths to positions, so every finding can point into the file.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::data::Data;
use crate::diag::{Diagnostic, Explain, Severity, Span};
use crate::yaml::SourceMap;

/// A data file read and parsed, with what is needed to point into it.
#[derive(Debug)]
pub struct Loaded {
    pub(crate) path: PathBuf,
    pub(crate) source: String,
    /// The facts of the file, as the model reads them.
    pub data: Data,
    pub(crate) map: SourceMap,
    /// Where each line of `source` starts, made when the first finding
    /// needs its line: a file with many findings is not rescanned for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl Loaded {
    /// The file at `path` as read: its text, the model and the positions.
    pub(crate) fn new(path: PathBuf, source: String, data: Data, map: SourceMap) -> Loaded {
        Loaded {
            path,
            source,
            data,
            map,
            line_starts: OnceLock::new(),
        }
    }

    /// The position of the key at `path` (or its nearest written ancestor).
    pub fn span_of(&self, path: &str) -> Option<Span> {
        self.map.nearest(path)
    }

    /// A finding at the key `path`, or about the whole file if it has no place.
    pub fn finding(
        &self,
        severity: Severity,
        path: &str,
        issue: impl Explain + 'static,
    ) -> Diagnostic {
        match self.span_of(path) {
            Some(span) => self.at(severity, span, issue),
            None => Diagnostic::file(severity, &self.path, issue),
        }
    }

    /// A finding at `span` of this file.
    pub(crate) fn at(
        &self,
        severity: Severity,
        span: Span,
        issue: impl Explain + 'static,
    ) -> Diagnostic {
        let line = self.line(span.line);
        Diagnostic::at_line(severity, &self.path, line, span, issue)
    }

    /// The text of 1-based line `n` (empty past the end).
    fn line(&self, n: usize) -> &str {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.source.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        n.checked_sub(1)
            .and_then(|i| starts.get(i))
            .map_or("", |&start| {
                let rest = &self.source[start..];
                let line = rest.split('\n').next().unwrap_or("");
                line.strip_suffix('\r').unwrap_or(line)
            })
    }

    /// The canonical `path` as this file writes its keys, for messages:
    /// `做法[0].要点[1]` where the file wrote 做法 and 要点.
    pub(crate) fn written_path(&self, path: &str) -> String {
        crate::data::keys::as_written(path, |prefix| {
            let span = self.map.key(prefix)?;
            Some(crate::data::keys::key_at(self.line(span.line), span))
        })
    }
}
