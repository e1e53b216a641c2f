//! The redline DOCX of `wengao diff --docx`, checked by a real client:
//! LibreOffice reads it, accepts every tracked change — the text must then
//! be the new draft's exactly — or rejects every one — the old draft's. The
//! text compared is what LibreOffice reads from the plain DOCX `wengao
//! build` writes for each draft, paragraph by paragraph, so the layout is
//! the same 公文's. Changes of numbers only are by 数据更新, the others by
//! 文字修改; the file validates against the schema (`openxml-audit`).
//!
//! Needs `soffice` and a Python with LibreOffice's `uno` module (Debian:
//! python3-uno; `tests/uno/paragraphs.py` drives it). Without them the test
//! is skipped, unless `WENGAO_REQUIRE_LIBREOFFICE` is set, when it fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{Element, Node, Package, build_examples, client_present, on_path};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A Python that can `import uno`.
fn uno_python() -> Option<&'static str> {
    let found = ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let present = found.is_some() && on_path("soffice");
    client_present(
        present,
        "soffice 或 python3-uno（修订稿的 LibreOffice 测试）",
    )
    .then_some(found)
    .flatten()
}

/// One reading of a file by LibreOffice: whether tracked changes are left,
/// and its paragraphs without whitespace (a title's line breaks are
/// whitespace), empty ones dropped.
#[derive(Debug, Default)]
struct Reading {
    redlines: bool,
    paragraphs: Vec<String>,
}

/// The script's answer: (file, mode) → reading.
fn readings(output: &str) -> HashMap<(String, String), Reading> {
    let mut all = HashMap::new();
    let mut current: Option<(String, String)> = None;
    for line in output.lines() {
        if let Some(head) = line.strip_prefix("@@ ") {
            let mut fields = head.split('\t');
            let (file, mode, left) = (fields.next(), fields.next(), fields.next());
            let key = (file.unwrap().to_owned(), mode.unwrap().to_owned());
            all.insert(
                key.clone(),
                Reading {
                    redlines: left == Some("1"),
                    paragraphs: Vec::new(),
                },
            );
            current = Some(key);
            continue;
        }
        let squeezed: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        if let (Some(key), false) = (&current, squeezed.is_empty()) {
            all.get_mut(key).unwrap().paragraphs.push(squeezed);
        }
    }
    all
}

/// `wengao diff` of the example series Q2 → Q3 for `genre`, its redline
/// written to `docx`; the drafts differ, so it exits 1.
fn diff_series(genre: &str, docx: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(repo())
        .args([
            "diff",
            "data/liuchuan/2026-Q2.yaml",
            "data/liuchuan/2026-Q3.yaml",
            "--color",
            "never",
            "--genre",
            genre,
            "--docx",
        ])
        .arg(docx)
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "{status:?}");
}

#[test]
fn accepting_all_gives_the_new_draft_and_rejecting_all_the_old() {
    let Some(python) = uno_python() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    build_examples(&out);
    let mut files: Vec<PathBuf> = Vec::new();
    for genre in ["huibao", "jianghua", "diaoyan"] {
        let redline = dir.path().join(format!("{genre}-修订.docx"));
        diff_series(genre, &redline);
        files.push(redline);
        files.push(out.join(format!("liuchuan/2026-Q2/{genre}.docx")));
        files.push(out.join(format!("liuchuan/2026-Q3/{genre}.docx")));
    }
    let script = repo().join("tests/uno/paragraphs.py");
    let read = Command::new(python)
        .arg(script)
        .arg(dir.path().join("profile"))
        .args(&files)
        .output()
        .expect("python runs");
    assert!(read.status.success(), "LibreOffice failed: {read:?}");
    let texts = readings(&String::from_utf8(read.stdout).unwrap());
    let reading = |file: &PathBuf, mode: &str| {
        texts
            .get(&(file.display().to_string(), mode.to_owned()))
            .unwrap_or_else(|| panic!("{} {mode} not read", file.display()))
    };
    for triple in files.chunks(3) {
        let (redline, old, new) = (&triple[0], &triple[1], &triple[2]);
        let name = redline.display();
        assert!(
            reading(redline, "as_is").redlines,
            "{name}: no tracked changes"
        );
        assert!(!reading(redline, "accept").redlines, "{name}: changes left");
        assert!(!reading(redline, "reject").redlines, "{name}: changes left");
        assert_eq!(
            reading(redline, "accept").paragraphs,
            reading(new, "as_is").paragraphs,
            "{name}: accept all"
        );
        assert_eq!(
            reading(redline, "reject").paragraphs,
            reading(old, "as_is").paragraphs,
            "{name}: reject all"
        );
    }
}

/// The text a `w:ins` inserts or a `w:del` deletes.
fn change_text(change: &Element) -> String {
    if change.name == "w:ins" {
        return change.text();
    }
    let mut out = String::new();
    for deleted in change.descendants("w:delText") {
        for node in &deleted.children {
            if let Node::Text(t) = node {
                out.push_str(t);
            }
        }
    }
    out
}

#[test]
fn number_updates_and_wording_changes_have_their_own_authors() {
    let dir = tempfile::tempdir().unwrap();
    let redline = dir.path().join("r.docx");
    diff_series("huibao", &redline);
    let bytes = std::fs::read(&redline).unwrap();
    let package = Package::open(&bytes);
    let document = package.xml("word/document.xml");
    let mut data = Vec::new();
    let mut wording = 0;
    let in_order = document
        .all()
        .into_iter()
        .filter(|e| e.name == "w:ins" || e.name == "w:del");
    for change in in_order {
        // The date is the new draft's: the same inputs, the same file.
        assert_eq!(change.attr("w:date"), Some("2026-10-12T00:00:00Z"));
        // A paragraph mark's revision (inside `w:rPr`) holds no text.
        let text = change_text(change);
        match change.attr("w:author") {
            _ if text.is_empty() => {}
            Some("数据更新") => data.push(text),
            Some("文字修改") => wording += 1,
            other => panic!("author {other:?}"),
        }
    }
    assert!(wording > 0);
    // Numbers replaced whole: each data change is one whole number.
    assert!(data.len() >= 20, "{data:?}");
    for number in &data {
        let digits = number.trim_end_matches(['%', '余', '多', '万']);
        let arabic = digits.chars().all(|c| c.is_ascii_digit() || c == '.');
        let chinese = digits.chars().all(|c| "一二两三四五六七八九十".contains(c));
        assert!(
            !digits.is_empty() && (arabic || chinese),
            "{number:?} is not a whole number"
        );
    }
    for pair in [("81", "86"), ("3245", "3268"), ("2.15万", "3.6万")] {
        let at = data.iter().position(|n| n == pair.0);
        assert!(
            at.is_some_and(|i| data.get(i + 1).is_some_and(|n| n == pair.1)),
            "{pair:?} not replaced whole: {data:?}"
        );
    }
    // The same inputs give the same bytes.
    let again = dir.path().join("again.docx");
    diff_series("huibao", &again);
    assert_eq!(std::fs::read(&again).unwrap(), bytes);

    // Schema-valid, when the validator is there.
    if !crate::common::validator_present("修订稿的架构校验") {
        return;
    }
    let report = crate::common::assert_schema_valid(&redline);
    assert!(report.contains("Errors: 0"), "{report}");
}

#[test]
fn build_redline_writes_each_draft_against_the_period_before() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let built = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(repo())
        .args(["build", "data/liuchuan", "--redline", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    assert_eq!(
        String::from_utf8_lossy(&built.stderr),
        "data/liuchuan/2025-Q3.yaml: 警告: 没有上一期的数据文件“data/liuchuan/2025-Q2.yaml”，未生成修订稿\n\
         data/liuchuan/2026-Q1.yaml: 警告: 没有上一期的数据文件“data/liuchuan/2025-Q4.yaml”，未生成修订稿\n\
         已为4个数据文件中的4个生成草稿，共30个文件；0个错误，2个警告\n"
    );
    // Beside each draft of Q3, the same redline `wengao diff` writes.
    for genre in ["huibao", "jianghua", "diaoyan"] {
        let beside = out.join(format!("liuchuan/2026-Q3/{genre}-修订.docx"));
        let diffed = dir.path().join(format!("{genre}.docx"));
        diff_series(genre, &diffed);
        assert_eq!(
            std::fs::read(&beside).unwrap(),
            std::fs::read(&diffed).unwrap(),
            "{genre}"
        );
    }
    assert!(!out.join("liuchuan/2026-Q1/huibao-修订.docx").exists());
    assert!(out.join("liuchuan/2026-Q2/huibao-修订.docx").exists());
}

/// A draft sent as a 公文 (版头, 版记 from the data) keeps its frame in the
/// redline, and the file validates.
#[test]
fn a_redline_of_a_gongwen_keeps_its_frame_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let q3 = std::fs::read_to_string(repo().join("data/gongwen/2026-Q3.yaml")).unwrap();
    let q4 = q3
        .replace("报告期: 2026-Q3", "报告期: 2026-Q4")
        .replace("成文日期: 2026-10-12", "成文日期: 2027-01-12")
        .replace("党支部 86个", "党支部 91个");
    assert_ne!(q3, q4);
    std::fs::write(data.join("2026-Q3.yaml"), &q3).unwrap();
    std::fs::write(data.join("2026-Q4.yaml"), &q4).unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .current_dir(dir.path())
        .args(["build", "--redline", "--genre", "huibao"])
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    let redline = dir.path().join("out/2026-Q4/huibao-修订.docx");
    let plain = dir.path().join("out/2026-Q4/huibao.docx");
    let redline_xml = Package::open(&std::fs::read(&redline).unwrap())
        .text("word/document.xml")
        .to_owned();
    let plain_xml = Package::open(&std::fs::read(&plain).unwrap())
        .text("word/document.xml")
        .to_owned();
    assert!(redline_xml.contains(r#"w:author="数据更新""#));
    // The 版头 (red issuer mark) is there as in the plain DOCX.
    assert!(plain_xml.contains("FF0000"));
    assert!(redline_xml.contains("FF0000"));
    if !crate::common::validator_present("修订稿的架构校验") {
        return;
    }
    let report = crate::common::assert_schema_valid(&redline);
    assert!(report.contains("Errors: 0"), "{report}");
}
