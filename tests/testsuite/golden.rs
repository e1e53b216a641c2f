//! Golden drafts: the Markdown rendered from the bundled example data must
//! equal `tests/expected/`, file by file. After an intended change, refresh
//! them with `SNAPSHOTS=overwrite cargo test --test golden` and review the diff.

use std::path::{Path, PathBuf};

use crate::common::files_under;

use snapbox::cmd::{Command, cargo_bin};
use snapbox::{Assert, Data};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files under `root` a reviewer sees (not the manifest).
fn files(root: &Path) -> Vec<PathBuf> {
    files_under(root)
        .into_iter()
        .filter(|p| !p.to_string_lossy().starts_with('.'))
        .collect()
}

/// Copies the example data into a fresh folder, so the test never writes
/// into the repository and never sees a developer's own `templates/`.
fn example_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for rel in files(&repo().join("data")) {
        let to = dir.path().join("data").join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("data").join(&rel), to).unwrap();
    }
    dir
}

/// Builds the Markdown of every genre, those built only on request too.
fn build_md(project: &Path) {
    let templates = wengao::render::templates::Templates::load(None).unwrap();
    let genres = templates.genres().all();
    Command::new(cargo_bin("wengao"))
        .current_dir(project)
        .args(["build", "--format", "md"])
        .args(genres.iter().flat_map(|g| ["--genre", g.name()]))
        .assert()
        .success();
}

#[test]
fn example_drafts_match_the_expected_markdown() {
    let project = example_project();
    build_md(project.path());
    let actual_root = project.path().join("out");
    let expected_root = repo().join("tests/expected/drafts");
    let actual = files(&actual_root);
    let assert = Assert::new().action_env("SNAPSHOTS").normalize_paths(false);
    for rel in &actual {
        assert.eq(
            Data::text(std::fs::read_to_string(actual_root.join(rel)).unwrap()),
            Data::read_from(&expected_root.join(rel), None),
        );
    }
    if std::env::var("SNAPSHOTS").as_deref() != Ok("overwrite") {
        assert_eq!(actual, files(&expected_root), "the set of drafts changed");
    }
}

#[test]
fn two_runs_give_byte_identical_files() {
    let first = example_project();
    let second = example_project();
    for p in [first.path(), second.path()] {
        Command::new(cargo_bin("wengao"))
            .current_dir(p)
            .arg("build")
            .assert()
            .success();
    }
    let a = files(&first.path().join("out"));
    assert_eq!(a, files(&second.path().join("out")));
    assert!(a.iter().any(|f| f.extension().is_some_and(|e| e == "docx")));
    for rel in &a {
        let x = std::fs::read(first.path().join("out").join(rel)).unwrap();
        let y = std::fs::read(second.path().join("out").join(rel)).unwrap();
        assert!(x == y, "{} differs between runs", rel.display());
    }
}

#[test]
fn example_data_checks_clean() {
    let project = example_project();
    Command::new(cargo_bin("wengao"))
        .current_dir(project.path())
        .args(["check", "--strict"])
        .assert()
        .success()
        .stderr_eq("已检查11个文件；0个错误，0个警告\n");
}
