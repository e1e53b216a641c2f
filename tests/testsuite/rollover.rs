//! The quarterly cycle end to end, through the real binary: `wengao next`
//! rolls `2026-Q3.yaml` to `2026-Q4.yaml` (taking last year's figures from
//! `2025-Q4.yaml`), `check` fails until every marker is filled, and the
//! filled file checks clean; a next-period file carrying the seven mistakes
//! of issue 10 gets each reported at its line.
//!
//! The files are in `tests/fixtures/rollover/`; `2026-Q4.yaml` there is the
//! file with the mistakes and `2026-Q4.stderr` what `check` prints for it
//! (refresh with `SNAPSHOTS=overwrite`).

use std::path::{Path, PathBuf};
use std::process::Output;

use snapbox::cmd::{Command, cargo_bin};
use snapbox::{Assert, Data};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rollover")
}

fn wengao(dir: &Path, args: &[&str]) -> Output {
    Command::new(cargo_bin("wengao"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// A folder holding the earlier files of the series.
fn series() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["2026-Q3.yaml", "2025-Q4.yaml"] {
        std::fs::copy(fixtures().join(name), dir.path().join(name)).unwrap();
    }
    dir
}

/// What a writer types over each `待填`: a date, or last period's value
/// moved on a little (rates by 0.3, counts by 2 below 100, else by 20, so
/// round values stay round and no target is reached).
fn fill(rolled: &str) -> String {
    let mut out = String::new();
    for line in rolled.split_inclusive('\n') {
        let Some((head, comment)) = line.split_once("待填  # ") else {
            out.push_str(line);
            continue;
        };
        let old = comment.trim_end().rsplit('：').next().unwrap();
        let new = if old.contains('-') {
            "2026-12-31".to_owned()
        } else if let Some((int, frac)) = old.split_once('.') {
            let tenths: i64 = format!("{int}{frac}").parse().unwrap();
            let v = tenths + 3;
            format!("{}.{}", v / 10, v % 10)
        } else {
            let v: i64 = old.parse().unwrap();
            (v + if v < 100 { 2 } else { 20 }).to_string()
        };
        out.push_str(&format!("{head}{new}\n"));
    }
    out.replace("【待核】", "")
}

#[test]
fn next_then_filling_the_values_checks_clean() {
    let dir = series();
    let run = wengao(dir.path(), &["next", "2026-Q3.yaml"]);
    assert_eq!(text(&run.stdout), "2026-Q4.yaml\n");
    assert_eq!(
        text(&run.stderr),
        "已生成 2026 年报告期 2026-Q4 的数据文件：16个指标待填，13个手填的上期数、去年同期数已删去\
         （改由 2026-Q3.yaml 等文件提供），4处文字待核对；\
         填写“待填”、核对“【待核】”后再运行 wengao check\n"
    );
    assert_eq!(run.status.code(), Some(0));
    let rolled = std::fs::read_to_string(dir.path().join("2026-Q4.yaml")).unwrap();
    // The writer's comments and layout are kept: only values changed, and
    // the 13 hand-typed bases the series now supplies are gone.
    let q3 = std::fs::read_to_string(dir.path().join("2026-Q3.yaml")).unwrap();
    assert_eq!(rolled.lines().count(), q3.lines().count() - 13);
    assert_eq!(rolled.lines().next(), q3.lines().next());
    assert!(rolled.contains("  period: 2026-Q4\n  date: 待填  # 上期：2026-10-12\n"));
    assert!(rolled.contains("    value: 待填  # 上期：3268\n    unit: 人\n  retired_members:\n"));
    assert!(!rolled.contains("previous:") && !rolled.contains("last_year:"));
    assert!(rolled.contains("      - 【待核】力争年底前离退休干部党支部达到{branches:目标}\n"));

    // Every marker is an error at its line until filled, and so is a build.
    let check = wengao(dir.path(), &["check", "2026-Q4.yaml"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = text(&check.stderr);
    let markers: Vec<&str> = stderr.lines().filter(|l| l.contains("[to-fill]")).collect();
    assert_eq!(markers.len(), 18, "{stderr}");
    assert_eq!(
        markers[0],
        "2026-Q4.yaml:9:9: 错误: meta.date：还没有填写，请把“待填”换成日期 [to-fill]"
    );
    assert_eq!(
        markers[1],
        "2026-Q4.yaml:16:12: 错误: metrics.retirees.value：还没有填写，请把“待填”换成本期的数 [to-fill]"
    );
    assert!(
        stderr.ends_with("已检查1个文件；18个错误，0个警告\n"),
        "{stderr}"
    );
    let build = wengao(dir.path(), &["build", "--out", "out", "2026-Q4.yaml"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(text(&build.stderr).contains("[to-fill]"));

    let filled = fill(&rolled);
    std::fs::write(dir.path().join("2026-Q4.yaml"), &filled).unwrap();
    let check = wengao(dir.path(), &["check", "2026-Q4.yaml"]);
    assert_eq!(
        text(&check.stderr),
        "已检查1个文件；0个错误，0个警告\n",
        "{filled}"
    );
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn next_never_overwrites_the_next_file() {
    let dir = series();
    let existing = "# 已经写好的下一期\n";
    std::fs::write(dir.path().join("2026-Q4.yaml"), existing).unwrap();
    let run = wengao(dir.path(), &["next", "2026-Q3.yaml"]);
    assert_eq!(
        text(&run.stderr),
        "2026-Q4.yaml: 错误: 下一期的文件“2026-Q4.yaml”已经存在，wengao next 不会覆盖它；\
         如要重新生成，请先把它删除或改名\n没有生成下一期文件\n"
    );
    assert_eq!(text(&run.stdout), "");
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("2026-Q4.yaml")).unwrap(),
        existing
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2025-Q4.yaml", "2026-Q3.yaml", "2026-Q4.yaml"]);
}

#[test]
fn a_file_still_to_fill_is_not_rolled_again() {
    let dir = series();
    assert_eq!(
        wengao(dir.path(), &["next", "2026-Q3.yaml"]).status.code(),
        Some(0)
    );
    let run = wengao(dir.path(), &["next", "2026-Q4.yaml"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(!dir.path().join("2027-Q1.yaml").exists());
    assert!(text(&run.stderr).ends_with("没有生成下一期文件\n"));
}

#[test]
fn the_seven_mistakes_of_a_tired_writer_are_each_reported_at_their_line() {
    let run = wengao(&fixtures(), &["check", "2026-Q4.yaml"]);
    let stderr = text(&run.stderr);
    Assert::new()
        .action_env("SNAPSHOTS")
        .normalize_paths(false)
        .eq(
            Data::text(stderr),
            Data::read_from(&fixtures().join("2026-Q4.stderr"), None),
        );
    assert_eq!(run.status.code(), Some(1));
}
