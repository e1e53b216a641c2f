//! Where the 版记 goes (GB/T 9704 §7.4, §7.5), as LibreOffice lays it
//! out: at the bottom of an even last page, on the body's last page when
//! that is even and has room, after a blank page only when it must; the
//! blank page and the 版记 page without a page number, every other page
//! with its own. And the line-count estimate that decides it, held against
//! LibreOffice's pages for the example drafts.

use std::path::{Path, PathBuf};
use std::process::Command;

use wengao::docx::{Frame, StyleProfile, markdown_to_gongwen, readback};

use crate::common::{Package, props};
use crate::gongwen::words as pages;

/// A 报告 whose body is `paragraphs` paragraphs of exactly one line each,
/// under a one-line title and the 主送机关.
fn report(paragraphs: usize) -> String {
    let mut md = String::from("# 关于老干部工作情况的报告\n\n中共柳川县委：\n\n");
    for _ in 0..paragraphs {
        // 25 characters and a 句号 after the two-character indent: a line.
        md.push_str(&"字".repeat(25));
        md.push_str("。\n\n");
    }
    md
}

fn frame() -> Frame {
    Frame {
        addressee: Some("中共柳川县委：".into()),
        signature: "柳川县委老干部局".into(),
        date: "2026年10月12日".into(),
        seal: true,
        copy_to: Some("市委老干部局".into()),
        printer: Some("柳川县委老干部局办公室".into()),
        print_date: Some("2026年10月12日".into()),
        ..Frame::default()
    }
}

/// Lines before the body paragraphs (title, the line after it, the
/// 主送机关) and after them (two blank lines, 署名, 成文日期).
const HEAD: usize = 3;
const CLOSING: usize = 4;

/// The cases: name, body paragraphs, the page the body ends on, whether a
/// blank page comes before the 版记, the pages in all.
const CASES: [(&str, usize, u32, bool, usize); 4] = [
    // 12 lines: the body ends on page 1; the 版记 alone on page 2.
    ("page1", 5, 1, false, 2),
    // 30 lines: page 2 at line 8, room below for the 版记.
    ("page2-room", 30 - HEAD - CLOSING, 2, false, 2),
    // 42 lines: page 2 at line 20, no room: a blank page 3, the 版记 on 4.
    ("page2-full", 42 - HEAD - CLOSING, 2, true, 4),
    // 52 lines: page 3; the 版记 alone on page 4.
    ("page3", 52 - HEAD - CLOSING, 3, false, 4),
];

/// Renders every DOCX in `docx` to PDF in `dir` in one LibreOffice run,
/// blank pages it inserts included.
pub(crate) fn render_all(dir: &Path, docx: &[PathBuf]) {
    let status = Command::new("soffice")
        .args(["--headless", "--convert-to"])
        .arg(r#"pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}"#)
        .arg("--outdir")
        .arg(dir)
        .args(docx)
        .env("HOME", dir)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
}

/// The text of a page, without spaces: `— 2 —` reads `—2—`.
fn squeezed(page: &[(String, f64)]) -> String {
    page.iter().map(|(w, _)| w.as_str()).collect()
}

/// The bottom of the text area: 37 mm + 225 mm, in points.
const TEXT_BOTTOM: f64 = (2098.0 + 12756.0) / 20.0;

#[test]
fn the_estimate_counts_the_fixtures_lines() {
    let style = StyleProfile::default();
    for (name, paragraphs, page, _, _) in CASES {
        let docx =
            markdown_to_gongwen(&report(paragraphs), &props(), Some(&frame()), &style).unwrap();
        let (end_page, _) = readback::estimated_body_end(&docx, &style).unwrap();
        assert_eq!(end_page, page, "{name}");
    }
}

#[test]
fn the_imprint_shares_an_even_last_page_with_room_and_no_section_starts() {
    let style = StyleProfile::default();
    let docx = |paragraphs| {
        let bytes =
            markdown_to_gongwen(&report(paragraphs), &props(), Some(&frame()), &style).unwrap();
        Package::open(&bytes).text("word/document.xml").to_owned()
    };
    let room = docx(CASES[1].1);
    assert!(!room.contains("evenPage"), "{room}");
    assert_eq!(room.matches("<w:sectPr>").count(), 1);
    for case in [CASES[0], CASES[2], CASES[3]] {
        let document = docx(case.1);
        assert!(document.contains("evenPage"), "{}", case.0);
    }
}

#[test]
fn libreoffice_puts_the_imprint_on_an_even_page_with_a_blank_page_only_when_needed() {
    if !crate::common::office_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let style = StyleProfile::default();
    let mut files = Vec::new();
    for (name, paragraphs, ..) in CASES {
        let bytes =
            markdown_to_gongwen(&report(paragraphs), &props(), Some(&frame()), &style).unwrap();
        let path = dir.path().join(format!("{name}.docx"));
        std::fs::write(&path, bytes).unwrap();
        files.push(path);
    }
    if crate::common::validator_present("版记位置") {
        crate::common::assert_schema_valid(dir.path());
    }
    render_all(dir.path(), &files);
    for (name, _, end_page, blank, total) in CASES {
        let pages = pages(&dir.path().join(format!("{name}.pdf")));
        let texts: Vec<String> = pages.iter().map(|p| squeezed(p)).collect();
        assert_eq!(pages.len(), total, "{name}: {texts:#?}");
        let last = pages.last().unwrap();
        let printed = last
            .iter()
            .find(|(w, _)| w.ends_with("印发"))
            .unwrap_or_else(|| panic!("{name}: no 版记 on the last page: {texts:#?}"));
        assert!(
            (TEXT_BOTTOM - printed.1).abs() < 10.0,
            "{name}: 印发 line ends at {} pt, the text area at {TEXT_BOTTOM} pt",
            printed.1
        );
        // The body ends where the case says: its 成文日期 is on that page.
        let date_page = texts
            .iter()
            .position(|t| t.contains("2026年10月12日") && !t.contains("印发"))
            .or_else(|| {
                texts
                    .iter()
                    .position(|t| t.contains("老干部局2026年10月12日"))
            })
            .map(|i| i as u32 + 1);
        assert_eq!(date_page, Some(end_page), "{name}: {texts:#?}");
        for (i, text) in texts.iter().enumerate() {
            let n = i + 1;
            let number = format!("—{n}—");
            let is_blank = blank && n + 1 == total;
            let is_imprint_alone = n == total && end_page as usize != total;
            if is_blank {
                assert!(text.is_empty(), "{name}: page {n} is not blank: {text}");
            } else if n == total && blank {
                // §7.5: after a blank page, the 版记 page has no number.
                assert!(!text.contains('—'), "{name}: page {n} numbered: {text}");
            } else {
                assert!(
                    text.contains(&number),
                    "{name}: page {n} lacks {number}: {text}"
                );
            }
            if is_imprint_alone {
                assert!(text.starts_with("抄送："), "{name}: page {n}: {text}");
            }
        }
    }
}

/// The estimate against LibreOffice for the example drafts sent as a 公文
/// (the 工作总结's 版记 shares its last page, the others' stand alone):
/// the page the body ends on must agree, and the line within two. Prints
/// the table it checks (`--nocapture`).
#[test]
fn the_estimate_agrees_with_libreoffice_on_the_example_drafts() {
    if !crate::common::office_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let status = Command::new(snapbox::cmd::cargo_bin("wengao"))
        .current_dir(dir.path())
        .arg("build")
        .args(["--genre", "huibao", "--genre", "jianghua"])
        .args(["--genre", "diaoyan", "--genre", "zongjie"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/gongwen/2026-Q3.yaml"))
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let files = crate::common::files_under(&out)
        .into_iter()
        .map(|p| out.join(p))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect::<Vec<_>>();
    assert_eq!(files.len(), 4);
    render_all(dir.path(), &files);
    let style = StyleProfile::default();
    let line_pt = f64::from(style.line_spacing.0) / 20.0;
    let top = 2098.0 / 20.0;
    let mut report = String::new();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let (page, line) =
            readback::estimated_body_end(&std::fs::read(path).unwrap(), &style).unwrap();
        let pages = pages(&dir.path().join(format!("{name}.pdf")));
        // The body's end: the last word above the page number, and on the
        // last page above the 版记 (its two lines and rules at the bottom).
        let imprint_top = TEXT_BOTTOM - 2.0 * line_pt - 9.0;
        let (real_page, bottom) = pages
            .iter()
            .enumerate()
            .filter_map(|(i, p)| {
                let limit = if i + 1 == pages.len() {
                    imprint_top
                } else {
                    TEXT_BOTTOM + 2.0
                };
                p.iter()
                    .map(|(_, y)| *y)
                    .filter(|y| *y < limit)
                    .reduce(f64::max)
                    .map(|y| (i as u32 + 1, y))
            })
            .next_back()
            .unwrap();
        let real_line = ((bottom - top) / line_pt).ceil() as u32;
        report.push_str(&format!(
            "{name}: estimated page {page} line {line}, LibreOffice page {real_page} line {real_line}\n"
        ));
        assert_eq!(page, real_page, "{report}");
        assert!(line.abs_diff(real_line) <= 2, "{report}");
    }
    eprintln!("{report}");
}
