//! `wengao build --annotate`: a Word comment on every number that came from
//! the data — its key, its value in the file, the formula of a computed one
//! — while the Markdown stays byte for byte the plain draft and the DOCX
//! reads the same. The comments part is checked against the schema
//! (`openxml-audit`) and read by LibreOffice (converted to ODT, where each
//! comment is an `office:annotation`). Deterministic.

use std::collections::BTreeSet;
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
    build_file(dir, "data/liuchuan/2026-Q3.yaml", out, annotate);
}

fn build_file(dir: &Path, data: &str, out: &str, annotate: bool) {
    let mut cmd = Command::new(cargo_bin("wengao"));
    cmd.current_dir(dir).args(["build", data, "--out", out]);
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
    if !package.parts.contains_key("word/comments.xml") {
        return Vec::new();
    }
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
        "86个 = 86，支部（离退休干部党支部）",
        "72.1% = 62 ÷ 86，标准化支部 / 支部（标准化离退休干部党支部）",
        "比6月底增加5个 = 86 − 81，支部 − 支部.上期（离退休干部党支部）",
        "较上半年提高2.4个百分点 = 98.6 − 96.2，覆盖率 − 覆盖率.上期（离退休干部党组织覆盖率）",
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
    if crate::common::validator_present("批注的架构校验") {
        // The research report too: its comments open inside the method's
        // paragraph and the 基本情况 table.
        for genre in ["huibao", "diaoyan"] {
            let docx = p.path().join(format!("out/liuchuan/2026-Q3/{genre}.docx"));
            let report = crate::common::assert_schema_valid(&docx);
            assert_eq!(report.matches("Errors: 0").count(), 1, "{report}");
        }
    }
    let required = std::env::var_os("WENGAO_REQUIRE_LIBREOFFICE").is_some();
    if crate::common::on_path("soffice") {
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
        assert!(content.contains("标准化支部 / 支部"), "{content}");
    } else {
        assert!(!required, "soffice is missing");
        eprintln!("跳过：未找到 soffice");
    }
}

/// A paragraph of the body (`w:body`, table cells included): its text,
/// whether a comment range covers each of its characters, and whether it
/// stands in a table.
struct BodyParagraph {
    text: Vec<char>,
    covered: Vec<bool>,
    in_table: bool,
}

fn covered_paragraphs(docx: &[u8]) -> Vec<BodyParagraph> {
    let document = Package::open(docx).xml("word/document.xml");
    let body = document
        .descendants("w:body")
        .into_iter()
        .next()
        .expect("w:body");
    let in_tables: BTreeSet<*const crate::common::Element> = body
        .descendants("w:tbl")
        .iter()
        .flat_map(|t| t.descendants("w:p"))
        .map(std::ptr::from_ref)
        .collect();
    // Comment ranges may span paragraphs: the open ones carry over.
    let mut open = BTreeSet::new();
    let mut out = Vec::new();
    for p in body.descendants("w:p") {
        let mut paragraph = BodyParagraph {
            text: Vec::new(),
            covered: Vec::new(),
            in_table: in_tables.contains(&std::ptr::from_ref(p)),
        };
        for e in p.all() {
            match e.name.as_str() {
                "w:commentRangeStart" => {
                    open.insert(e.attr("w:id").unwrap().to_owned());
                }
                "w:commentRangeEnd" => {
                    open.remove(e.attr("w:id").unwrap());
                }
                "w:t" => {
                    for c in e.text().chars() {
                        paragraph.text.push(c);
                        paragraph.covered.push(!open.is_empty());
                    }
                }
                _ => {}
            }
        }
        out.push(paragraph);
    }
    out
}

/// Whether `rest` opens with digits ending a date part: the other end of a
/// range (1—3月).
fn date_after(rest: &[char]) -> bool {
    let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && matches!(rest.get(digits), Some('年' | '月' | '日'))
}

/// Metric names of the examples with a number in them: the text before
/// the number, and the number.
const NAMES_WITH_NUMBERS: &[(&str, &str)] = &[("集体经营性收入超过", "10")];

/// The Arabic numbers of the body that came from the data and carry no
/// comment, each with the text around it.
///
/// A number is a run of ASCII digits, with `.` between digits. Every one
/// in the body text counts (tables included; headers and footers, where
/// the page number field is, are not the body), except those that are not
/// figures from the data:
/// - parts of a date: digits followed by 年, 月 or 日 (成文日期, 截至2026年9月30日,
///   调研时间 8月至9月, 2026年前三季度, 保密期限 1年), or by a range sign whose
///   other end is one (1—3月);
/// - the 发文字号: digits after 〔 or before 号 (柳老干〔2026〕12号);
/// - the 份号: a paragraph of digits only (000006);
/// - a telephone number after 电话： (in the 附注);
/// - heading numbers: digits opening a paragraph before `.`, or in （n） there;
/// - a number inside a metric's name, which is no figure: the examples have
///   one, 集体经营性收入超过10万元的村 ([`NAMES_WITH_NUMBERS`]).
fn uncommented_numbers(docx: &[u8]) -> Vec<String> {
    let in_name = |text: &[char], start: usize| {
        NAMES_WITH_NUMBERS.iter().any(|name| {
            let (before, number) = name;
            let from = start.saturating_sub(before.chars().count());
            text[from..]
                .iter()
                .collect::<String>()
                .starts_with(&format!("{before}{number}"))
        })
    };
    let mut found = Vec::new();
    for p in covered_paragraphs(docx) {
        let text = &p.text;
        let all_digits = text.iter().all(char::is_ascii_digit);
        let mut i = 0;
        while i < text.len() {
            if !text[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < text.len()
                && (text[i].is_ascii_digit()
                    || (text[i] == '.' && i + 1 < text.len() && text[i + 1].is_ascii_digit()))
            {
                i += 1;
            }
            let before: String = text[..start].iter().collect();
            let after = text.get(i).copied();
            let exempt = all_digits
                || matches!(after, Some('年' | '月' | '日' | '号'))
                || (matches!(after, Some('—' | '-' | '~' | '～' | '至'))
                    && date_after(&text[i + 1..]))
                || before.ends_with('〔')
                || before
                    .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
                    .ends_with("电话：")
                || (start == 0 && matches!(after, Some('.' | '．')))
                || (before == "（" && after == Some('）'))
                || in_name(text, start);
            if !exempt && !p.covered[start..i].iter().all(|c| *c) {
                let from = start.saturating_sub(10);
                let to = (i + 6).min(text.len());
                found.push(text[from..to].iter().collect());
            }
        }
    }
    found
}

#[test]
fn the_research_method_the_basics_table_and_attachment_tables_are_annotated() {
    let p = example_project();
    build(p.path(), "out", true);
    let diaoyan = std::fs::read(p.path().join("out/liuchuan/2026-Q3/diaoyan.docx")).unwrap();
    let notes = comments(&diaoyan);
    for expected in [
        "18个 = 18，research.method.visits（实地走访基层单位）",
        "6场 = 6，research.method.forums（召开座谈会）",
        "42人次 = 42，research.method.interviews（个别访谈）",
        "500份 = 500，research.method.questionnaires（发放问卷）",
        "468份 = 468，research.method.questionnaires_valid（回收有效问卷）",
        "93.6% = 468 ÷ 500，research.method.questionnaires_valid / research.method.questionnaires（有效回收率）",
        "3268人 = 3268，老干部（离退休干部）",
        "56.4% = 1842 ÷ 3268，党员 / 老干部（离退休干部党员）",
    ] {
        assert!(
            notes.iter().any(|n| n == expected),
            "{expected} not in {notes:#?}"
        );
    }
    // The comments sit on the counts themselves.
    let document = Package::open(&diaoyan).text("word/document.xml").to_owned();
    for number in ["18个", "42人次", "468份", "93.6%"] {
        assert!(
            document.contains(&format!(
                r#"<w:t xml:space="preserve">{number}</w:t></w:r><w:commentRangeEnd"#
            )),
            "{number}"
        );
    }
    // Every figure of the 基本情况 table has its comment.
    let table_figures = |docx: &[u8]| {
        covered_paragraphs(docx)
            .into_iter()
            .filter(|p| p.in_table && p.text.iter().any(char::is_ascii_digit))
            .map(|p| {
                let text: String = p.text.iter().collect();
                (text, p.covered.iter().all(|c| *c))
            })
            .collect::<Vec<_>>()
    };
    let figures = table_figures(&diaoyan);
    assert!(figures.len() >= 6, "{figures:?}");
    assert!(figures.iter().all(|(_, covered)| *covered), "{figures:?}");
    assert!(figures.iter().any(|(t, _)| t == "3268人"), "{figures:?}");

    // A 公文's attachment table (document.报告.附件[].指标).
    build_file(p.path(), "data/gongwen/2026-Q3.yaml", "sent", true);
    let huibao = std::fs::read(p.path().join("sent/gongwen/2026-Q3/huibao.docx")).unwrap();
    let figures = table_figures(&huibao);
    assert!(figures.iter().any(|(t, _)| t == "1842名"), "{figures:?}");
    assert!(figures.iter().all(|(_, covered)| *covered), "{figures:?}");
    assert!(
        comments(&huibao)
            .iter()
            .any(|n| n == "1842名 = 1842，党员（离退休干部党员）")
    );
}

#[test]
fn no_number_from_the_data_is_left_without_a_comment() {
    let p = example_project();
    let mut drafts = 0;
    let mut notes = 0;
    for data in files_under(&p.path().join("data")) {
        if data.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let rel = Path::new("data").join(&data);
        build_file(p.path(), rel.to_str().unwrap(), "out", true);
    }
    for docx in files_under(&p.path().join("out")) {
        if docx.extension().is_none_or(|e| e != "docx") {
            continue;
        }
        let bytes = std::fs::read(p.path().join("out").join(&docx)).unwrap();
        assert_eq!(
            uncommented_numbers(&bytes),
            Vec::<String>::new(),
            "{}",
            docx.display()
        );
        drafts += 1;
        notes += comments(&bytes).len();
    }
    assert!(
        drafts >= 30 && notes > 300,
        "{drafts} drafts, {notes} notes"
    );
    // A number typed into the prose says where it is written.
    let tongxi = std::fs::read(p.path().join("out/tongxi/2026-Q3/huibao.docx")).unwrap();
    let notes = comments(&tongxi);
    let typed = "12：数据中直接写出（practices[2].points[1]），不是指标引用，请核对";
    assert!(notes.iter().any(|n| n == typed), "{notes:#?}");
}

#[test]
fn the_walk_counts_what_it_should() {
    // The walk itself, on a body of known runs: a plain figure counts; a
    // date, a 发文字号, a 份号, a telephone number and heading numbers don't.
    let body = |paragraphs: &[&str]| {
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
        );
        for p in paragraphs {
            xml.push_str(&format!(
                r#"<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>"#
            ));
        }
        xml.push_str("</w:body></w:document>");
        let mut bytes = Vec::new();
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        zip.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        bytes
    };
    let exempt = body(&[
        "000006",
        "柳老干〔2026〕12号",
        "截至2026年9月30日，2026年8月至9月",
        "（联系人：李静，电话：0000-6612345）",
        "1.社会救助",
        "（2）临时救助",
    ]);
    assert_eq!(uncommented_numbers(&exempt), Vec::<String>::new());
    let figure = body(&["全县共有党支部86个，占72.1%。"]);
    let found = uncommented_numbers(&figure);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].contains("86个") && found[1].ends_with("72.1%。"),
        "{found:?}"
    );
}
