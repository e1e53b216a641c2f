//! A real client: LibreOffice converts each fixture's DOCX and every DOCX
//! `wengao build` makes from the example data to PDF, and the text poppler
//! extracts must show the title, every heading and the page numbers, odd
//! ones at the right and even ones at the left, with full pages of 22 lines
//! of at most 28 Chinese characters.
//!
//! Needs `soffice` and `pdftotext` (`apt-get install libreoffice-writer-nogui
//! fonts-noto-cjk poppler-utils`). Without them the test is skipped, unless
//! `WENGAO_REQUIRE_LIBREOFFICE` is set, when it fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{FIXTURES, build, build_examples, fixture};

/// The example drafts, as `wengao build` writes them: (name, Markdown, DOCX).
fn example_drafts(dir: &Path) -> Vec<(String, String, PathBuf)> {
    let out = dir.join("out");
    let mut drafts = Vec::new();
    for rel in build_examples(&out) {
        let name = rel.display().to_string();
        let md = std::fs::read_to_string(out.join(&rel).with_extension("md")).unwrap();
        // Flat names: LibreOffice writes every PDF into one folder.
        let flat = dir.join(name.replace('/', "_"));
        std::fs::copy(out.join(&rel), &flat).unwrap();
        drafts.push((name, md, flat));
    }
    drafts
}

/// Converts every DOCX in one LibreOffice run (start-up dominates).
fn convert_all(dir: &Path, docx: &[PathBuf]) -> Vec<PathBuf> {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let status = Command::new("soffice")
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(docx)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "soffice failed: {status:?}");
    docx.iter().map(|d| d.with_extension("pdf")).collect()
}

/// The pages of a PDF as `pdftotext -layout` prints them.
fn pages(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let text = String::from_utf8(out.stdout).unwrap();
    text.split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// LibreOffice spaces Chinese from digits and pdftotext keeps the gaps:
/// compare without any whitespace.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Title and heading texts of a fixture, straight from its source lines.
fn headings(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| squeeze(l.trim_start_matches('#')))
        .collect()
}

/// Where each page's lowest line starts, in points from the left edge:
/// for every page but a blank one, its page number.
fn footer_starts(pdf: &Path) -> Vec<f64> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    let mut starts = Vec::new();
    for page in html.split("<page ").skip(1) {
        let words: Vec<(f64, f64)> = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let number = |name: &str| -> f64 {
                    let at = w.split(&format!("{name}=\"")).nth(1).unwrap();
                    at[..at.find('"').unwrap()].parse().unwrap()
                };
                (number("xMin"), number("yMax"))
            })
            .collect();
        if words.is_empty() {
            continue;
        }
        let bottom = words.iter().map(|w| w.1).fold(f64::MIN, f64::max);
        let start = words
            .iter()
            .filter(|w| (w.1 - bottom).abs() < 1.0)
            .map(|w| w.0)
            .fold(f64::MAX, f64::min);
        starts.push(start);
    }
    starts
}

/// The title and every heading of `markdown` are on the pages, and every
/// page carries its number at the side the standard puts it: odd pages
/// right, even pages left (A4 is 595 points wide).
fn assert_rendered(name: &str, markdown: &str, pdf: &Path) {
    let pages = pages(pdf);
    assert!(!pages.is_empty(), "{name}: no pages");
    let all = squeeze(&pages.concat());
    for heading in headings(markdown) {
        // Escapes are Markdown syntax, not text.
        let heading = heading.replace('\\', "");
        assert!(all.contains(&heading), "{name}: {heading:?} not rendered");
    }
    let starts = footer_starts(pdf);
    assert_eq!(starts.len(), pages.len(), "{name}");
    for (i, (page, start)) in pages.iter().zip(starts).enumerate() {
        let number = format!("—{}—", i + 1);
        let footer = page
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        assert_eq!(squeeze(footer), number, "{name} page {}", i + 1);
        if i % 2 == 0 {
            assert!(
                start > 400.0,
                "{name}: odd page number not at the right: {start} pt"
            );
        } else {
            assert!(
                start < 150.0,
                "{name}: even page number not at the left: {start} pt"
            );
        }
    }
}

#[test]
fn libreoffice_renders_every_draft_as_a_gongwen() {
    if !crate::common::office_present() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wengao-libreoffice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut docx = Vec::new();
    for name in FIXTURES {
        let path = dir.join(name.replace(".md", ".docx"));
        std::fs::write(&path, build(&fixture(name))).unwrap();
        docx.push(path);
    }
    let examples = example_drafts(&dir);
    docx.extend(examples.iter().map(|(_, _, path)| path.clone()));
    let pdfs = convert_all(&dir, &docx);
    for (name, pdf) in FIXTURES.iter().zip(&pdfs) {
        assert!(
            pages(pdf).len() >= 2,
            "{name}: {} page(s)",
            pages(pdf).len()
        );
        assert_rendered(name, &fixture(name), pdf);
    }
    for ((name, markdown, _), pdf) in examples.iter().zip(&pdfs[FIXTURES.len()..]) {
        // A 公文 with a 版记 may have a blank page before it, which this
        // export leaves out: tests/gongwen.rs renders those page by page.
        if name.starts_with("gongwen/") {
            continue;
        }
        assert_rendered(name, markdown, pdf);
    }
    // Page 2 of the report is plain body text: 22 lines, 28 characters at most.
    let page = &pages(&pdfs[0])[1];
    let lines: Vec<&str> = page.lines().filter(|l| !l.trim().is_empty()).collect();
    let body = &lines[..lines.len() - 1];
    assert_eq!(body.len(), 22, "{body:#?}");
    let widest = body
        .iter()
        .filter(|l| l.trim().chars().all(|c| !c.is_ascii()))
        .map(|l| l.trim().chars().count())
        .max()
        .unwrap();
    assert_eq!(widest, 28, "{body:#?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A draft whose body exactly fills page 1 (title and blank line, then four
/// paragraphs of five lines): its 落款 goes to page 2.
fn full_first_page_then_signature() -> String {
    let mut markdown = String::from("# 关于柳川县老干部工作的情况报告\n\n");
    let text = "全县离退休干部党支部建设稳步推进活动阵地持续完善服务保障";
    for i in 0..4 {
        // 130 characters: 26 on the indented first line, three full
        // lines of 28, 20 on the fifth.
        let body: String = text.chars().cycle().skip(i).take(129).collect();
        markdown.push_str(&format!("{body}。\n\n"));
    }
    markdown.push_str("柳川县委老干部局\n2026年10月8日\n");
    markdown
}

#[test]
fn libreoffice_never_leaves_the_signature_alone_on_a_page() {
    if !crate::common::office_present() {
        return;
    }
    let dir = std::env::temp_dir().join(format!("wengao-lo-sign-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("signature.docx");
    std::fs::write(&path, build(&full_first_page_then_signature())).unwrap();
    let pdfs = convert_all(&dir, &[path]);
    let pages = pages(&pdfs[0]);
    assert_eq!(pages.len(), 2, "{pages:#?}");
    let last: Vec<String> = pages[1]
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect();
    // GB/T 9704 7.3.5: body text on the page of the 落款 (at least the
    // last two lines of the last paragraph), then the 落款 and the number.
    let n = last.len();
    assert!(n >= 5, "{last:#?}");
    assert_eq!(
        last[n - 3..],
        ["柳川县委老干部局", "2026年10月8日", "—2—"],
        "{last:#?}"
    );
    assert!(last[n - 4].ends_with('。'), "{last:#?}");
    std::fs::remove_dir_all(&dir).ok();
}

/// The y (top, in points) of the first word on page 1 that starts with
/// `prefix`, from `pdftotext -bbox`.
fn word_top(pdf: &Path, prefix: &str) -> f64 {
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .find(|l| {
            l.split('>')
                .nth(1)
                .is_some_and(|text| text.starts_with(prefix))
        })
        .and_then(|l| l.split("yMin=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .and_then(|y| y.parse().ok())
        .unwrap_or_else(|| panic!("no word {prefix:?} on page 1:\n{html}"))
}

#[test]
fn libreoffice_shows_title_lines_as_broken_and_body_lines_on_the_grid_after_a_table() {
    if !crate::common::office_present() {
        return;
    }
    // A 44-character title, and a table with rows of one, two and three
    // lines between two body paragraphs.
    let title = "柳川县委老干部局关于2026年前三季度全县老年大学办学情况和离退休干部居家养老服务工作的调研报告";
    let markdown = format!(
        "# {title}\n\n表前正文全县离退休干部党支部建设稳步推进活动阵地持续完善服务保障水平不断提高。\n\n\
         | 项目 | 数量 | 占全县离退休干部比例 |\n| --- | ---: | ---: |\n\
         | 离退休干部党员 | 1842名 | 56.4% |\n\
         | 其中：退休干部党员退休干部党员退休干部党员退休干部党员退休干部党员退休干部党员退休干部党员 | 1603名 | 49.1% |\n\
         | 离休干部党员 | 27名 | 0.8% |\n\n\
         表后第一段正文全县离退休干部党支部建设稳步推进活动阵地持续完善服务保障水平不断提高。\n\n表后第二段正文。\n"
    );
    let dir = std::env::temp_dir().join(format!("wengao-lo-grid-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("grid.docx");
    std::fs::write(&path, build(&markdown)).unwrap();
    // A title exactly one line wide (20 characters of 二号): kept on one
    // line, LibreOffice wrapped its last character alone.
    let full = dir.join("full.docx");
    std::fs::write(
        &full,
        build("# 关于桐溪区村级集体经济发展情况的调研报告\n\n正文。\n"),
    )
    .unwrap();
    let pdfs = convert_all(&dir, &[path, full]);
    let pdf = &pdfs[0];
    let full_title: Vec<String> = pages(&pdfs[1])[0]
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .take(2)
        .collect();
    assert_eq!(full_title, ["关于桐溪区村级集体经济", "发展情况的调研报告"]);

    // The title's lines are the ones the converter chose, none wrapped again.
    let page = &pages(pdf)[0];
    let lines: Vec<String> = page
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .take(4)
        .collect();
    assert_eq!(
        lines[..3],
        [
            "柳川县委老干部局关于2026年",
            "前三季度全县老年大学办学情况和",
            "离退休干部居家养老服务工作的调研报告",
        ],
        "{page}"
    );
    assert!(lines[3].starts_with("表前正文"), "{page}");

    // Body lines after the table sit on the 28 pt grid of those before it
    // (LibreOffice draws the table's outer border half a point lower).
    let grid = word_top(pdf, "表前正文");
    for prefix in ["表后第一段", "表后第二段"] {
        let offset = (word_top(pdf, prefix) - grid) % 28.0;
        let off_grid = offset.min(28.0 - offset);
        assert!(off_grid <= 0.6, "{prefix}: {off_grid} pt off the grid");
    }
    std::fs::remove_dir_all(&dir).ok();
}
