//! The bad-input corpus: each `tests/corpus/<case>.yaml` (or `.md`) is run
//! through the real binary as `wengao check <case>` from inside
//! `tests/corpus/`, and what it prints on stderr must equal
//! `<case>.stderr` exactly — the Chinese message, the location, the caret.
//! The exit code must be 2 when the run could not start (no summary line),
//! 1 when it reported an error, else 0.
//! A `<case>.args` file replaces the arguments (one per line, `{}` for the
//! case file). Refresh with `SNAPSHOTS=overwrite cargo test --test corpus`.

use std::path::{Path, PathBuf};

use snapbox::cmd::{Command, cargo_bin};
use snapbox::{Assert, Data};

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

/// The cases: every `.yaml` and `.md` file, and every `.args` file without
/// one (a command-line case that needs no input file).
fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| match p.extension().and_then(|e| e.to_str()) {
            Some("yaml" | "md") => true,
            Some("args") => !["yaml", "md"]
                .iter()
                .any(|ext| p.with_extension(ext).exists()),
            _ => false,
        })
        .collect();
    cases.sort();
    cases
}

fn args(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    match std::fs::read_to_string(case.with_extension("args")) {
        Ok(text) => text
            .lines()
            .filter(|l| !l.is_empty())
            .map(|l| l.replace("{}", &name))
            .collect(),
        Err(_) => vec!["check".into(), name],
    }
}

#[test]
fn every_case_prints_exactly_its_expected_findings() {
    let cases = cases();
    assert!(cases.len() >= 20, "the corpus lost cases: {}", cases.len());
    let assert = Assert::new().action_env("SNAPSHOTS").normalize_paths(false);
    let mut failures = Vec::new();
    for case in &cases {
        let output = Command::new(cargo_bin("wengao"))
            .current_dir(corpus())
            .args(args(case))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        let expected = case.with_extension("stderr");
        if let Err(e) = assert.try_eq(
            None,
            Data::text(stderr.clone()),
            Data::read_from(&expected, None),
        ) {
            failures.push(format!("{}:\n{e}", case.display()));
            continue;
        }
        // A run that could not start prints no summary line and exits 2;
        // otherwise 1 when it reported an error, else 0.
        let finished = stderr
            .lines()
            .last()
            .is_some_and(|l| l.starts_with("已检查"));
        let code = output.status.code();
        let expected_code = if finished {
            i32::from(stderr.contains(": 错误: "))
        } else {
            2
        };
        if code != Some(expected_code) {
            failures.push(format!(
                "{}: exit code {code:?}, expected {expected_code}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
