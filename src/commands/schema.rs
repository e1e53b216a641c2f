//! `wengao schema`: prints the data file's JSON Schema (draft-07, with a
//! Chinese description for every key) on stdout, for an editor to complete
//! and check data files with. The schema itself is made in `data::schema`.

use std::io::Write;

use crate::commands::Report;
use crate::data::schema::data_schema_text;

/// Prints the schema. A closed stdout (`wengao schema | head`) is not an
/// error worth a message.
pub(crate) fn schema() -> Report {
    let _ = std::io::stdout()
        .lock()
        .write_all(data_schema_text().as_bytes());
    Report::default()
}
