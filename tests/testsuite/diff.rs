//! `wengao diff` end to end, through the real binary: exit codes like
//! `diff`, plain text in a pipe with numbers changed whole, the example
//! series Q2→Q3 with its metric table, Chinese errors naming the file, and
//! the `--html` page looked at in headless Chromium (a screenshot whose two
//! halves must show the highlight colours, and the DOM).
//!
//! The browser test needs `chromium` (Debian's package; `.ci/run` installs
//! it). Without it the test is skipped, unless `WENGAO_REQUIRE_LIBREOFFICE`
//! is set (as in CI), when it fails.

use std::path::{Path, PathBuf};

use crate::common::{client_present, on_path};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

use crate::common::wengao_in as wengao;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const OLD: &str = "# 柳川县老干部工作情况汇报\n\n全县共有党支部86个，环比增长6.2%。工作稳步推进。服务时长3.6万小时。\n\n坚持学习。\n";
const NEW: &str = "# 柳川县老干部工作情况汇报\n\n全县共有党支部90个，环比增长4.7%。工作扎实推进。服务时长3.6万小时。\n\n坚持学习。\n";

#[test]
fn equal_drafts_exit_0_different_ones_exit_1_with_numbers_whole() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "new.md", NEW);
    write(dir.path(), "same.md", OLD);
    wengao(dir.path())
        .args(["diff", "old.md", "same.md"])
        .assert()
        .code(0)
        .stdout_eq("== old.md → same.md ==\n无改动\n未改动但含数字、日期或时期的句子（请复核）：\n  第2段：全县共有党支部86个，环比增长6.2%。\n  第2段：服务时长3.6万小时。\n\n")
        .stderr_eq("");
    // Not a terminal: no colour, the plain marks.
    wengao(dir.path())
        .args(["diff", "old.md", "new.md"])
        .assert()
        .code(1)
        .stdout_eq("== old.md → new.md ==\n改动3处\n第2段：全县共有党支部86→90个，环比增长6.2%→4.7%。工作稳步→扎实推进。服务时长3.6万小时。\n未改动但含数字、日期或时期的句子（请复核）：\n  第2段：服务时长3.6万小时。\n\n")
        .stderr_eq("");
    // Colour when asked for, even in a pipe.
    let coloured = wengao(dir.path())
        .args(["diff", "--color", "always", "old.md", "new.md"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let coloured = String::from_utf8(coloured).unwrap();
    assert!(
        coloured.contains("\x1b[31m86\x1b[0m→\x1b[32m90\x1b[0m"),
        "{coloured}"
    );
}

#[test]
fn errors_are_chinese_name_the_file_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "data.yaml", "meta: {}\n");
    wengao(dir.path())
        .args(["diff", "old.md", "missing.md"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq("错误：找不到“missing.md”\n");
    wengao(dir.path())
        .args(["diff", "old.md", "data.yaml"])
        .assert()
        .code(2)
        .stderr_eq("错误：“old.md”和“data.yaml”不是同一类文件：请比较两份草稿（.md）或两个数据文件（.yaml）\n");
    wengao(dir.path())
        .args(["diff", "old.md", "notes.txt"])
        .assert()
        .code(2)
        .stderr_eq("错误：“notes.txt”既不是 Markdown 草稿（.md）也不是数据文件（.yaml）\n");
}

#[test]
fn a_data_file_with_errors_is_reported_and_nothing_is_compared() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "bad.yaml", "meta:\n  region: 柳川县\n");
    std::fs::copy(
        repo().join("data/liuchuan/2026-Q3.yaml"),
        dir.path().join("good.yaml"),
    )
    .unwrap();
    wengao(dir.path())
        .args(["diff", "bad.yaml", "good.yaml"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "bad.yaml:1:1: 错误: “meta”缺少必填的键“organization”\n  |\n1 | meta:\n  | ^^^^\n",
        );
    // A redline is of one draft: asked for several, nothing is done.
    wengao(dir.path())
        .args(["diff", "good.yaml", "good.yaml", "--docx", "r.docx"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq("错误：--docx 只能用于两份草稿或只比较一种文稿（用 --genre 指定）\n");
    assert!(!dir.path().join("r.docx").exists());
}

/// The output of `wengao diff` on the example series, plain.
fn example_series(extra: &[&str]) -> String {
    let output = wengao(repo())
        .args([
            "diff",
            "data/liuchuan/2026-Q2.yaml",
            "data/liuchuan/2026-Q3.yaml",
            "--color",
            "never",
        ])
        .args(extra)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

#[test]
fn the_example_series_diffs_with_whole_numbers_and_a_metric_table() {
    let out = example_series(&[]);
    for genre in [
        "== 工作汇报（huibao） ==",
        "== 讲话稿（jianghua） ==",
        "== 调研报告（diaoyan） ==",
    ] {
        assert!(out.contains(genre), "{genre} missing:\n{out}");
    }
    // One mark per change, each number whole.
    for change in [
        "离退休干部3245→3268人",
        "离退休干部党员1830→1842名",
        "党支部81→86个，比3→6月底增加4→5个",
        "慰问老同志820余→1250余人次",
        "活动经费86万→126.5万元",
        "志愿服务时长2.15万→3.6万小时",
        "2026年7→10月8→12日",
    ] {
        assert!(out.contains(change), "{change} missing:\n{out}");
    }
    // The metric table: value, change, comparisons typed or computed.
    assert!(
        out.contains("  支部 离退休干部党支部：81个→86个（+5个）\n"),
        "{out}"
    );
    assert!(
        out.contains("    环比（计算）：环比增长5.2%→环比增长6.2%\n"),
        "{out}"
    );
    assert!(out.contains("    上期（录入）：77个→81个\n"), "{out}");
    assert!(
        out.contains("  纠纷 协助化解矛盾纠纷：{+210起+}\n"),
        "{out}"
    );
}

fn chromium_present() -> bool {
    let present = Path::new("/usr/bin/chromium").is_file() || on_path("chromium");
    client_present(present, "chromium（网页比较的浏览器测试）")
}

fn chromium(dir: &Path) -> std::process::Command {
    let mut command = std::process::Command::new("chromium");
    command
        .current_dir(dir)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()));
    command
}

/// Pixels of `rgb` (±8 per channel) in the left and the right half.
fn pixels_of(png_bytes: &[u8], rgb: (u8, u8, u8)) -> (usize, usize) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let (width, height) = (info.width as usize, info.height as usize);
    let near = |a: u8, b: u8| a.abs_diff(b) <= 8;
    let (mut left, mut right) = (0, 0);
    for y in 0..height {
        for x in 0..width {
            let at = (y * width + x) * channels;
            let p = &buf[at..at + 3];
            if near(p[0], rgb.0) && near(p[1], rgb.1) && near(p[2], rgb.2) {
                if x < width / 2 {
                    left += 1;
                } else {
                    right += 1;
                }
            }
        }
    }
    (left, right)
}

#[test]
fn the_html_page_shows_both_versions_side_by_side_in_a_browser() {
    if !chromium_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("比较.html");
    example_series(&["--genre", "huibao", "--html", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: nothing fetched.
    for remote in ["http://", "https://", "<script", "<link", "@import"] {
        assert!(!html.contains(remote), "{remote} in the page");
    }
    let url = format!("file://{}", page.display());
    let dom = chromium(dir.path())
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(dom.status.success(), "chromium failed: {dom:?}");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<del>81</del>"), "{dom}");
    assert!(dom.contains("<ins>86</ins>"), "{dom}");
    assert!(dom.contains("<th>原稿</th><th>新稿</th>"), "{dom}");
    assert!(dom.contains("<h2>指标变化</h2>"), "{dom}");

    let shot = dir.path().join("shot.png");
    let status = chromium(dir.path())
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1280,1600")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(status.status.success(), "chromium failed: {status:?}");
    let png_bytes = std::fs::read(&shot).unwrap();
    // Deleted text is highlighted on the left (the old draft) only, inserted
    // text on the right (the new one) only.
    let (red_left, red_right) = pixels_of(&png_bytes, (0xff, 0xa8, 0xa8));
    let (green_left, green_right) = pixels_of(&png_bytes, (0x9c, 0xe8, 0x9c));
    assert!(red_left > 500, "no deletions shown on the left: {red_left}");
    assert!(
        green_right > 500,
        "no insertions shown on the right: {green_right}"
    );
    assert!(
        red_right < red_left / 10,
        "deletions on the right: {red_right}"
    );
    assert!(
        green_left < green_right / 10,
        "insertions on the left: {green_left}"
    );
}

/// Ctrl-C while the page waits in its temporary file: the temporary file
/// is removed and no page is left, the run ends with 130, and it says what
/// is true of single files (there is no manifest to speak of).
#[cfg(unix)]
#[test]
fn an_interrupted_diff_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.md", OLD);
    write(dir.path(), "new.md", NEW);
    let args = ["diff", "--html", "page.html", "old.md", "new.md"];
    let mut run = crate::common::spawn_paused(dir.path(), &args, "temp-written");
    assert_eq!(crate::common::temp_files(dir.path()).len(), 1);
    let single_files = "已中断：写到一半的临时文件已删除，已写好的文件都是完整的\n";
    assert_eq!(run.signal("-INT"), (Some(130), single_files.to_owned()));
    assert_eq!(crate::common::temp_files(dir.path()), Vec::<PathBuf>::new());
    assert!(!dir.path().join("page.html").exists());
}
