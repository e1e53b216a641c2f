//! `wengao genres`: every genre the run would know — the built-in ones and
//! a new one for each template file in the templates folder — with its
//! Chinese name, where its template comes from and what it drafts.

use std::fmt::Write;
use std::path::PathBuf;

use unicode_width::UnicodeWidthStr;

use crate::commands::{Error, Setup};
use crate::render::Genre;

/// What `genres` was asked to do.
#[derive(Clone, Debug, Default)]
pub(crate) struct GenresOptions {
    pub templates: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// The list `wengao genres` prints: one line per genre, in the order
/// drafts are built, columns aligned for a terminal.
pub(crate) fn list(opts: &GenresOptions) -> Result<String, Error> {
    let setup = Setup::new(opts.config.as_deref(), opts.templates.as_deref(), None)?;
    Ok(table(setup.templates.genres().all()))
}

/// `genres` as aligned columns: name, Chinese name, origin, description.
fn table(genres: &[Genre]) -> String {
    let rows: Vec<[String; 4]> = genres
        .iter()
        .map(|g| {
            let mut about = g.description().to_owned();
            if !g.by_default() {
                about.push_str("（默认不生成：用 --genre 或数据文件的“文种”指定）");
            }
            [
                g.name().to_owned(),
                g.label().to_owned(),
                g.origin().to_string(),
                about,
            ]
        })
        .collect();
    let width = |col: usize| rows.iter().map(|r| r[col].width()).max().unwrap_or(0);
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    for row in &rows {
        for (cell, w) in row.iter().zip(widths) {
            let pad = w - cell.width();
            let _ = write!(out, "{cell}{:pad$}  ", "");
        }
        let _ = writeln!(out, "{}", row[3]);
    }
    out
}
