//! ECMA-376 schema validation of every DOCX wengao makes: each fixture (with
//! the standard profile and with centred page numbers) and every example
//! `wengao build` writes from `data/`, checked by `openxml-audit` (PyPI),
//! which validates parts against the Open XML schemas and semantic rules
//! the way the Open XML SDK does.
//!
//! Needs `openxml-audit` on the PATH (`pip install openxml-audit`; `.ci/run`
//! installs it). Without it the test is skipped with a note, unless
//! `WENGAO_REQUIRE_LIBREOFFICE` is set (as in CI), when it fails.

mod common;

use std::path::Path;
use std::process::Command;

use common::{FIXTURES, build, build_with, files_under, fixture};
use wengao::docx::{PageNumberPosition, StyleProfile};

const VALIDATOR: &str = "openxml-audit";

fn validator_present() -> bool {
    let present = std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| dir.join(VALIDATOR).is_file())
    });
    if !present {
        assert!(
            std::env::var_os("WENGAO_REQUIRE_LIBREOFFICE").is_none(),
            "WENGAO_REQUIRE_LIBREOFFICE is set but {VALIDATOR} is missing"
        );
        eprintln!("跳过：未找到 {VALIDATOR}（DOCX 架构校验，pip install openxml-audit）");
    }
    present
}

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
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = dir.join("examples");
    let status = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(repo)
        .arg("build")
        .arg(repo.join("data"))
        .arg("--out")
        .arg(&out)
        .output()
        .expect("wengao runs");
    assert!(status.status.success(), "wengao build failed: {status:?}");
    let examples: Vec<_> = files_under(&out)
        .into_iter()
        .filter(|rel| rel.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert_eq!(
        examples.len(),
        12,
        "four example data files, three genres each"
    );
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
    if !validator_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let count = write_documents(dir.path());
    let out = Command::new(VALIDATOR)
        .args(["--recursive", "--max-errors", "0"])
        .arg(dir.path())
        .output()
        .expect("openxml-audit runs");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schema violations:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every file was looked at, and none has a finding.
    assert_eq!(report.matches("Errors: 0").count(), count, "{report}");
}
