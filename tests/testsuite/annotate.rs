//! `wengao build --annotate`: a Word comment on every number that came from
//! the data — its key, its value in the file, the formula of a computed one
//! — while the Markdown stays byte for byte the plain draft and the DOCX
//! reads the same. The comments part is checked against the schema
//! (`openxml-audit`) and read by LibreOffice (converted to ODT, where each
//! comment is an `office:annotation`). Deterministic.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use snapbox::cmd::cargo_bin;

use crate::common::{Package, files_under};

/// The example data in a fresh folder.
fn example_project() -> tempfile::TempDir {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for rel in files_under(&repo.join("data")) {
        let to = dir.path().join("data").join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo.join("data").join(&rel), to).unwrap();
    }
    dir
}

fn build(dir: &Path, out: &str, annotate: bool) {
    let mut cmd = Command::new(cargo_bin("wengao"));
    cmd.current_dir(dir)
        .args(["build", "data/liuchuan/2026-Q3.yaml", "--out", out]);
    if annotate {
        cmd.arg("--annotate");
    }
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{output:?}");
}

fn body_text(docx: &[u8]) -> Vec<String> {
    Package::open(docx)
        .paragraphs()
        .iter()
        .map(crate::common::Element::text)
        .collect()
}

/// The comments of a DOCX: their text, in order.
fn comments(docx: &[u8]) -> Vec<String> {
    let package = Package::open(docx);
    package
        .xml("word/comments.xml")
        .descendants("w:comment")
        .iter()
        .map(|c| c.text())
        .collect()
}

#[test]
fn every_number_from_the_data_gets_a_comment_and_the_draft_stays_clean() {
    let p = example_project();
    build(p.path(), "plain", false);
    build(p.path(), "out", true);
    let drafts = "liuchuan/2026-Q3";
    for genre in ["huibao", "jianghua", "diaoyan"] {
        let md = |root: &str| {
            std::fs::read(p.path().join(root).join(drafts).join(format!("{genre}.md"))).unwrap()
        };
        assert_eq!(md("out"), md("plain"), "{genre}.md has no marks");
        let docx = |root: &str| {
            std::fs::read(
                p.path()
                    .join(root)
                    .join(drafts)
                    .join(format!("{genre}.docx")),
            )
            .unwrap()
        };
        let (annotated, plain) = (docx("out"), docx("plain"));
        assert_eq!(
            body_text(&annotated),
            body_text(&plain),
            "{genre} reads the same"
        );
        assert!(
            !Package::open(&plain)
                .parts
                .contains_key("word/comments.xml")
        );
        // One comment per marked number, each anchored by a reference.
        let notes = comments(&annotated);
        let document = Package::open(&annotated)
            .text("word/document.xml")
            .to_owned();
        assert_eq!(
            document.matches("<w:commentReference").count(),
            notes.len(),
            "{genre}"
        );
        assert!(!document.contains('\u{E000}') && !document.contains('\u{E001}'));
    }
    let huibao = std::fs::read(p.path().join("out").join(drafts).join("huibao.docx")).unwrap();
    let notes = comments(&huibao);
    for expected in [
        "86个 = 86，branches（离退休干部党支部）",
        "72.1% = 62 ÷ 86，standard_branches / branches（标准化离退休干部党支部）",
        "比6月底增加5个 = 86 − 81，branches − branches.previous（离退休干部党支部）",
        "较上半年提高2.4个百分点 = 98.6 − 96.2，coverage − coverage.previous（离退休干部党组织覆盖率）",
    ] {
        assert!(
            notes.iter().any(|n| n == expected),
            "{expected} not in {notes:#?}"
        );
    }
    // The comment sits on the number itself.
    let document = Package::open(&huibao).text("word/document.xml").to_owned();
    assert!(
        document.contains(r#"<w:t xml:space="preserve">72.1%</w:t></w:r><w:commentRangeEnd"#),
        "{document}"
    );
    // Deterministic: the same run gives the same bytes.
    build(p.path(), "again", true);
    assert_eq!(
        std::fs::read(p.path().join("again").join(drafts).join("huibao.docx")).unwrap(),
        huibao
    );
}

#[test]
fn annotated_docx_is_schema_valid_and_libreoffice_shows_the_comments() {
    let p = example_project();
    build(p.path(), "out", true);
    let docx = p.path().join("out/liuchuan/2026-Q3/huibao.docx");
    let expected = comments(&std::fs::read(&docx).unwrap()).len();
    assert!(expected > 10, "{expected}");
    let on_path = |program: &str| {
        std::env::var_os("PATH").is_some_and(|paths| {
            std::env::split_paths(&paths).any(|dir| dir.join(program).is_file())
        })
    };
    let required = std::env::var_os("WENGAO_REQUIRE_LIBREOFFICE").is_some();
    if on_path("openxml-audit") {
        let out = Command::new("openxml-audit")
            .args(["--max-errors", "0"])
            .arg(&docx)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "schema violations:\n{report}");
        assert_eq!(report.matches("Errors: 0").count(), 1, "{report}");
    } else {
        assert!(!required, "openxml-audit is missing");
        eprintln!("跳过：未找到 openxml-audit");
    }
    if on_path("soffice") {
        let status = Command::new("soffice")
            .args(["--headless", "--convert-to", "odt", "--outdir"])
            .arg(p.path())
            .arg(&docx)
            .env("HOME", p.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let odt = std::fs::read(p.path().join("huibao.odt")).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(odt)).unwrap();
        let mut content = String::new();
        archive
            .by_name("content.xml")
            .unwrap()
            .read_to_string(&mut content)
            .unwrap();
        assert_eq!(
            content.matches("<office:annotation ").count()
                + content.matches("<office:annotation>").count(),
            expected
        );
        assert!(
            content.contains("standard_branches / branches"),
            "{content}"
        );
    } else {
        assert!(!required, "soffice is missing");
        eprintln!("跳过：未找到 soffice");
    }
}
