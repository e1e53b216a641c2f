//! ECMA-376 schema validation of every DOCX wengao makes: each fixture (with
//! the standard profile and with centred page numbers) and every example
//! `wengao build` writes from `data/`, checked by `openxml-audit` (PyPI),
//! which validates parts against the Open XML schemas and semantic rules
//! the way the Open XML SDK does.
//!
//! Needs `openxml-audit` on the PATH (`pip install openxml-audit`; `.ci/run`
//! installs it). Without it the test is skipped with a note, unless
//! `WENGAO_REQUIRE_LIBREOFFICE` is set (as in CI), when it fails.

use std::path::Path;

use crate::common::{FIXTURES, build, build_examples, build_with, fixture};
use wengao::docx::{PageNumberPosition, StyleProfile};

/// Writes every DOCX to check into `dir`, flat, and returns how many.
fn write_documents(dir: &Path) -> usize {
    let centred = StyleProfile {
        page_number: PageNumberPosition::Center,
        ..StyleProfile::default()
    };
    let mut count = 0;
    for name in FIXTURES {
        let stem = name.trim_end_matches(".md");
        let markdown = fixture(name);
        std::fs::write(dir.join(format!("{stem}.docx")), build(&markdown)).unwrap();
        std::fs::write(
            dir.join(format!("{stem}-center.docx")),
            build_with(&markdown, &centred),
        )
        .unwrap();
        count += 2;
    }
    let out = dir.join("examples");
    let examples = build_examples(&out);
    for rel in examples {
        let flat = rel.display().to_string().replace('/', "_");
        std::fs::rename(out.join(&rel), dir.join(flat)).unwrap();
        count += 1;
    }
    std::fs::remove_dir_all(&out).unwrap();
    count
}

#[test]
fn every_docx_is_schema_valid() {
    if !crate::common::validator_present("DOCX 架构校验，pip install openxml-audit") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let count = write_documents(dir.path());
    let report = crate::common::assert_schema_valid(dir.path());
    // Every file was looked at, and none has a finding.
    assert_eq!(report.matches("Errors: 0").count(), count, "{report}");
}
