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

/// What `check` says of the rolled `2026-Q4.yaml` in `dir`, which fails,
/// and its `to-fill` lines.
fn to_fill_markers(dir: &Path) -> (String, Vec<String>) {
    let check = wengao(dir, &["check", "2026-Q4.yaml"]);
    assert_eq!(check.status.code(), Some(1));
    let stderr = text(&check.stderr);
    let markers = stderr
        .lines()
        .filter(|l| l.contains("[to-fill]"))
        .map(str::to_owned)
        .collect();
    (stderr, markers)
}

/// `filled` written as `2026-Q4.yaml` in `dir` checks clean.
fn assert_checks_clean(dir: &Path, filled: &str) {
    std::fs::write(dir.join("2026-Q4.yaml"), filled).unwrap();
    let check = wengao(dir, &["check", "2026-Q4.yaml"]);
    assert_eq!(
        text(&check.stderr),
        "已检查1个文件；0个错误，0个警告\n",
        "{filled}"
    );
    assert_eq!(check.status.code(), Some(0));
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
    let (stderr, markers) = to_fill_markers(dir.path());
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
    assert_checks_clean(dir.path(), &filled);
}

/// The metrics of the `2026-Q3.yaml` fixture written on one line each.
const ONE_LINE_METRICS: &str = "\
metrics:
  retirees: 离退休干部 3268人, 上期 3245, 去年 3190
  retired_members: 离退休干部党员 1842名, 属于 retirees, 上期 1830, 去年 1796
  branches: 离退休干部党支部 86个, 上期 81, 去年 74, 目标 90
  standard_branches: 标准化离退休干部党支部 62个, 属于 branches, 上期 55
  coverage: 离退休干部党组织覆盖率 98.6%, 上期 96.2
  study_sessions: 集中学习 326场次
  study_rate: 集中学习参学率 91.4%, 上期 88.7
  visits: 走访慰问 1250余人次, 去年 1100
  difficulties: 帮助解决实际困难 130多件
  checkups: 健康体检 2860人次, 增长3.2%
  students: 老年大学在校学员 1560余人, 去年 1420
  funds: 活动经费 126.5万元, 去年 108
  volunteer_teams: 银龄志愿服务队 45支
  volunteer_hours: 志愿服务时长 36000小时
  disputes: 协助化解矛盾纠纷 210起
  satisfaction: 老干部满意度 97.3%, 去年 95.8

";

/// `fill` for a file whose metrics are on one line: each `待填` of a line
/// becomes the matching number of its comment moved on (`待填人次, 增长待填%
/// # 上期：2860人次，增长3.2%` → `2880人次, 增长3.5%`), and the comment goes.
fn fill_one_line(rolled: &str) -> String {
    let mut out = String::new();
    for line in rolled.split_inclusive('\n') {
        let Some((code, comment)) = line.split_once("  # 上期：") else {
            out.push_str(line);
            continue;
        };
        if !code.contains("待填") || code.trim_start().starts_with("date:") {
            out.push_str(line);
            continue;
        }
        let olds: Vec<&str> = comment
            .split(|c: char| !c.is_ascii_digit() && c != '.')
            .filter(|n| !n.is_empty())
            .collect();
        let mut parts = code.split("待填");
        let mut filled = parts.next().unwrap().to_owned();
        for (part, old) in parts.zip(&olds) {
            // The long form's rule for one value: `x: 待填  # 上期：…` → `x: …`.
            let one = fill(&format!("x: 待填  # 上期：{old}\n"));
            filled.push_str(one["x: ".len()..].trim_end());
            filled.push_str(part);
        }
        out.push_str(&filled);
        out.push('\n');
    }
    fill(&out)
}

#[test]
fn next_rolls_one_line_metrics_and_filling_them_checks_clean() {
    let dir = series();
    let q3 = std::fs::read_to_string(fixtures().join("2026-Q3.yaml")).unwrap();
    let (head, rest) = q3.split_once("metrics:\n").unwrap();
    let body = &rest[rest.find("practices:").unwrap()..];
    let q3 = format!("{head}{ONE_LINE_METRICS}{body}");
    std::fs::write(dir.path().join("2026-Q3.yaml"), &q3).unwrap();
    let run = wengao(dir.path(), &["next", "2026-Q3.yaml"]);
    assert_eq!(text(&run.stdout), "2026-Q4.yaml\n");
    assert_eq!(
        text(&run.stderr),
        "已生成 2026 年报告期 2026-Q4 的数据文件：16个指标待填，13个手填的上期数、去年同期数已删去\
         （改由 2026-Q3.yaml 等文件提供），1个增减幅度待填，4处文字待核对；\
         填写“待填”、核对“【待核】”后再运行 wengao check\n"
    );
    let rolled = std::fs::read_to_string(dir.path().join("2026-Q4.yaml")).unwrap();
    assert!(
        rolled
            .contains("  retired_members: 离退休干部党员 待填名, 属于 retirees  # 上期：1842名\n")
    );
    assert!(
        rolled.contains("  checkups: 健康体检 待填人次, 增长待填%  # 上期：2860人次，增长3.2%\n")
    );
    assert!(rolled.contains("  visits: 走访慰问 待填余人次  # 上期：1250余人次\n"));

    let (stderr, markers) = to_fill_markers(dir.path());
    assert_eq!(markers.len(), 19, "{stderr}");
    assert_eq!(
        markers[11],
        "2026-Q4.yaml:23:26: 错误: metrics.checkups.yoy：还没有填写，请把“待填”换成本期的同比增减幅度 [to-fill]"
    );

    let filled = fill_one_line(&rolled);
    assert!(
        filled.contains("  checkups: 健康体检 2880人次, 增长3.5%\n"),
        "{filled}"
    );
    assert_checks_clean(dir.path(), &filled);
}

/// `wengao next` on the example file `data/tongxi/2026-Q3.yaml`, all of
/// whose metrics are on one line: the file written and its summary, then
/// `check` listing every marker at its line and column
/// (`tests/fixtures/rollover/tongxi-2026-Q4.yaml` and `.stderr`; refresh
/// with `SNAPSHOTS=overwrite`).
#[test]
fn next_on_the_one_line_example_leaves_every_number_to_fill() {
    let dir = tempfile::tempdir().unwrap();
    let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/tongxi/2026-Q3.yaml");
    std::fs::copy(example, dir.path().join("2026-Q3.yaml")).unwrap();
    let run = wengao(dir.path(), &["next", "2026-Q3.yaml"]);
    assert_eq!(text(&run.stdout), "2026-Q4.yaml\n");
    assert_eq!(
        text(&run.stderr),
        "已生成 2026 年报告期 2026-Q4 的数据文件：10个指标待填，\
         7个去年同期数待填（没有找到 2025-Q4.yaml），10处文字待核对；\
         填写“待填”、核对“【待核】”后再运行 wengao check\n"
    );
    assert_eq!(run.status.code(), Some(0));
    let assert = Assert::new().action_env("SNAPSHOTS").normalize_paths(false);
    assert.eq(
        Data::text(std::fs::read_to_string(dir.path().join("2026-Q4.yaml")).unwrap()),
        Data::read_from(&fixtures().join("tongxi-2026-Q4.yaml"), None),
    );
    let check = wengao(dir.path(), &["check", "2026-Q4.yaml"]);
    assert.eq(
        Data::text(text(&check.stderr)),
        Data::read_from(&fixtures().join("tongxi-2026-Q4.stderr"), None),
    );
    assert_eq!(check.status.code(), Some(1));
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

/// Ctrl-C while the next period's file waits in its temporary file: it is
/// removed, no next file appears, and the run ends with 130.
#[cfg(unix)]
#[test]
fn an_interrupted_next_leaves_no_temporary_file() {
    let dir = series();
    let mut run =
        crate::common::spawn_paused(dir.path(), &["next", "2026-Q3.yaml"], "temp-written");
    assert_eq!(crate::common::temp_files(dir.path()).len(), 1);
    let single_files = "已中断：写到一半的临时文件已删除，已写好的文件都是完整的\n";
    assert_eq!(run.signal("-INT"), (Some(130), single_files.to_owned()));
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2025-Q4.yaml", "2026-Q3.yaml"]);
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
