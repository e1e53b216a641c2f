//! The files of a series, end to end through the binary: files named by
//! period in one folder supply each other's comparison bases (the period
//! before, the same period last year, the end of last year); a base that
//! no file and no override gives is an error naming the file wengao looked
//! for; an override that differs from the file is a warning naming both;
//! an earlier file that cannot be read is reported at its own lines.

use std::path::Path;

use snapbox::cmd::{Command, cargo_bin};

/// A data file of 柳川县 for `period` with the given metrics and points.
fn file(period: &str, date: &str, metrics: &str, points: &[&str]) -> String {
    let mut text = format!(
        "meta:\n  region: 柳川县\n  organization: 中共柳川县委老干部局\n  topic: 老干部工作\n  \
         period: {period}\n  date: {date}\nmetrics:\n{metrics}results:\n  summary: 各项工作稳步推进\n"
    );
    if !points.is_empty() {
        text.push_str("practices:\n  - lead: 夯实组织基础\n    points:\n");
        for p in points {
            text.push_str(&format!("      - {p}\n"));
        }
    }
    text.push_str("speech:\n  meeting: 全县老干部工作会议\n  speaker: 周建国\n");
    text
}

fn metrics(branches: u32, visits: u32, rate: &str) -> String {
    format!(
        "  branches:\n    name: 离退休干部党支部\n    value: {branches}\n    unit: 个\n  \
         visits:\n    name: 走访慰问\n    value: {visits}\n    unit: 人次\n    kind: 累计\n  \
         rate:\n    name: 参学率\n    value: {rate}\n    unit: \"%\"\n"
    )
}

fn project(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("data/liuchuan").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn run(dir: &Path, args: &[&str]) -> (String, i32) {
    let out = Command::new(cargo_bin("wengao"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap(),
    )
}

/// Builds the 汇报 of `data/liuchuan/2026-Q3.yaml`, which must succeed:
/// what it printed and the draft.
fn build_q3_huibao(dir: &Path) -> (String, String) {
    let args = ["build", "--format", "md", "--genre", "huibao"];
    let (stderr, code) = run(dir, &[&args[..], &["data/liuchuan/2026-Q3.yaml"]].concat());
    assert_eq!(code, 0, "{stderr}");
    let draft = std::fs::read_to_string(dir.join("out/liuchuan/2026-Q3/huibao.md")).unwrap();
    (stderr, draft)
}

#[test]
fn bases_come_from_the_earlier_files_of_the_folder() {
    let points = [
        "全县建成离退休干部党支部{branches}，{branches:比上期}，{branches:比上年末}，{branches:同比}",
        "今年以来新建支部{branches:新增}",
        "走访慰问老同志{visits}，{visits:同比}，其中{visits:当期}",
        "参学率{rate}，{rate:比上期}",
    ];
    let dir = project(&[
        (
            "2025-Q3.yaml",
            file("2025-Q3", "2025-10-10", &metrics(72, 1100, "85"), &[]),
        ),
        (
            "2025-Q4.yaml",
            file("2025-Q4", "2026-01-10", &metrics(74, 1500, "86"), &[]),
        ),
        (
            "2026-Q2.yaml",
            file("2026-Q2", "2026-07-08", &metrics(81, 820, "88.7"), &[]),
        ),
        (
            "2026-Q3.yaml",
            file("2026-Q3", "2026-10-12", &metrics(86, 1250, "91.4"), &points),
        ),
    ]);
    let (_, draft) = build_q3_huibao(dir.path());
    for want in [
        "全县建成离退休干部党支部86个，比6月底增加5个，比上年末增加12个，同比增长19.4%",
        "今年以来新建支部12个",
        "走访慰问老同志1250人次，同比增长13.6%，其中三季度430人次",
        "参学率91.4%，较上半年提高2.7个百分点",
    ] {
        assert!(draft.contains(want), "{want}\n{draft}");
    }
}

#[test]
fn a_comparison_without_a_base_names_the_file_looked_for() {
    let dir = project(&[(
        "2026-Q3.yaml",
        file(
            "2026-Q3",
            "2026-10-12",
            &metrics(86, 1250, "91.4"),
            &[
                "走访慰问老同志{visits}，{visits:同比}",
                "新建支部{branches:新增}",
            ],
        ),
    )]);
    let (stderr, code) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "\
data/liuchuan/2026-Q3.yaml:26:25: 错误: practices[0].points[0]：“{visits}”要求与去年同期比较，但没有去年同期数：没有找到 data/liuchuan/2025-Q3.yaml，指标“走访慰问”也没有填写 last_year（去年同期数）
   |
26 |       - 走访慰问老同志{visits}，{visits:同比}
   |                                 ^^^^^^^^^^^^^
data/liuchuan/2026-Q3.yaml:27:13: 错误: practices[0].points[1]：“{branches}”要求计算新增数，但没有上年末数：没有找到 data/liuchuan/2025-Q4.yaml 或 data/liuchuan/2025.yaml，指标“离退休干部党支部”也没有填写 year_end（上年末数）
   |
27 |       - 新建支部{branches:新增}
   |                 ^^^^^^^^^^^^^^^
已检查1个文件；2个错误，0个警告
"
    );
}

#[test]
fn an_earlier_file_without_the_metric_is_named() {
    let other = "  members:\n    name: 党员\n    value: 100\n    unit: 名\n";
    let dir = project(&[
        ("2025-Q3.yaml", file("2025-Q3", "2025-10-10", other, &[])),
        (
            "2026-Q3.yaml",
            file(
                "2026-Q3",
                "2026-10-12",
                &metrics(86, 1250, "91.4"),
                &["走访慰问老同志{visits}，{visits:同比}"],
            ),
        ),
    ]);
    let (stderr, _) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert!(
        stderr.starts_with(
            "data/liuchuan/2026-Q3.yaml:26:25: 错误: practices[0].points[0]：“{visits}”要求与去年同期比较，\
             但没有去年同期数：data/liuchuan/2025-Q3.yaml 中没有指标“visits”，指标“走访慰问”也没有填写 last_year（去年同期数）\n"
        ),
        "{stderr}"
    );
}

#[test]
fn an_override_that_differs_from_the_file_is_a_warning_naming_both() {
    let q3 = file("2026-Q3", "2026-10-12", &metrics(86, 1250, "91.4"), &[])
        .replace("    unit: 个\n", "    unit: 个\n    previous: 80\n");
    let dir = project(&[
        (
            "2026-Q2.yaml",
            file("2026-Q2", "2026-07-08", &metrics(81, 820, "88.7"), &[]),
        ),
        ("2026-Q3.yaml", q3),
    ]);
    let (stderr, code) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(
        stderr,
        "\
data/liuchuan/2026-Q3.yaml:12:5: 警告: metrics.branches.previous：本文件（2026-Q3.yaml）填写的上期数是80个，而 data/liuchuan/2026-Q2.yaml 中是81个，两者不一致；已按本文件填写的计算，若是沿用的旧数请删去这一行 [base-mismatch]
   |
12 |     previous: 80
   |     ^^^^^^^^
已检查1个文件；0个错误，1个警告
"
    );
}

#[test]
fn an_unreadable_earlier_file_is_reported_at_its_own_line() {
    let dir = project(&[
        ("2026-Q2.yaml", "meta:\n  region: [\n".to_owned()),
        (
            "2026-Q3.yaml",
            file(
                "2026-Q3",
                "2026-10-12",
                &metrics(86, 1250, "91.4"),
                &["支部{branches}，{branches:比上期}"],
            ),
        ),
    ]);
    let (stderr, code) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert_eq!(code, 1);
    let first = stderr.lines().next().unwrap();
    assert!(first.starts_with("data/liuchuan/2026-Q2.yaml:"), "{stderr}");
}

#[test]
fn a_ledger_supplies_the_periods_without_a_file() {
    let ledger = "指标,2025-Q3,2026-Q2,2026-Q3\nbranches,74,81,86\nvisits,1100,820,1200\nrate,85,88.7,91.4\n";
    let points = [
        "全县建成离退休干部党支部{branches}，{branches:比上期}，{branches:同比}",
        "走访慰问老同志{visits}，{visits:同比}，其中{visits:当期}",
    ];
    let dir = project(&[
        ("台账.csv", ledger.to_owned()),
        (
            "2026-Q3.yaml",
            file("2026-Q3", "2026-10-12", &metrics(86, 1250, "91.4"), &points),
        ),
    ]);
    let (stderr, draft) = build_q3_huibao(dir.path());
    assert!(
        stderr.starts_with(
            "data/liuchuan/2026-Q3.yaml:14:5: 警告: metrics.visits.value：本文件填写的是1250人次，\
             而台账 data/liuchuan/台账.csv 第3行第4列是1200人次，两者不一致，请核对\n"
        ),
        "{stderr}"
    );
    for want in [
        "全县建成离退休干部党支部86个，比6月底增加5个，同比增长16.2%",
        "走访慰问老同志1250人次，同比增长13.6%，其中三季度430人次",
    ] {
        assert!(draft.contains(want), "{want}\n{draft}");
    }
}

#[test]
fn a_bad_ledger_cell_is_named_and_a_missing_column_is_looked_for() {
    let dir = project(&[
        ("台账.csv", "指标,2026-Q2\nbranches,81个\n".to_owned()),
        (
            "2026-Q3.yaml",
            file(
                "2026-Q3",
                "2026-10-12",
                &metrics(86, 1250, "91.4"),
                &["走访慰问老同志{visits}，{visits:同比}"],
            ),
        ),
    ]);
    let (stderr, code) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        stderr,
        "\
data/liuchuan/台账.csv: 错误: 台账第2行第2列的“81个”不是数字；只写数字，不带单位（如 3200 或 98.6），没有数的留空
data/liuchuan/2026-Q3.yaml:26:25: 错误: practices[0].points[0]：“{visits}”要求与去年同期比较，但没有去年同期数：没有找到 data/liuchuan/2025-Q3.yaml，指标“走访慰问”也没有填写 last_year（去年同期数）
   |
26 |       - 走访慰问老同志{visits}，{visits:同比}
   |                                 ^^^^^^^^^^^^^
已检查1个文件；2个错误，0个警告
"
    );
    std::fs::write(
        dir.path().join("data/liuchuan/台账.csv"),
        "指标,2026-Q2\nbranches,81\n",
    )
    .unwrap();
    let (stderr, _) = run(dir.path(), &["check", "data/liuchuan/2026-Q3.yaml"]);
    assert!(
        stderr.starts_with(
            "data/liuchuan/2026-Q3.yaml:26:25: 错误: practices[0].points[0]：“{visits}”要求与去年同期比较，\
             但没有去年同期数：没有找到 data/liuchuan/2025-Q3.yaml 或 data/liuchuan/台账.csv 的 2025-Q3 列，\
             指标“走访慰问”也没有填写 last_year（去年同期数）\n"
        ),
        "{stderr}"
    );
}

/// A batch of a series on one worker and on four gives the same report and
/// the same drafts: the earlier files read once and shared do not make the
/// output depend on which file a worker took first.
#[test]
fn a_series_builds_alike_on_one_worker_and_on_four() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run_with = |threads: &str| {
        let dir = tempfile::tempdir().unwrap();
        let to = dir.path().join("data/liuchuan");
        std::fs::create_dir_all(&to).unwrap();
        for entry in std::fs::read_dir(repo.join("data/liuchuan")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
        // A broken override, so the report has findings to order.
        let q3 = to.join("2026-Q3.yaml");
        let text = std::fs::read_to_string(&q3)
            .unwrap()
            .replace("    value: 86\n", "    value: 86\n    previous: 80\n");
        std::fs::write(&q3, text).unwrap();
        let out = Command::new(cargo_bin("wengao"))
            .current_dir(dir.path())
            .args(["build", "--format", "md", "data"])
            .env("RAYON_NUM_THREADS", threads)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let drafts: Vec<(String, String)> = crate::common::files_under(&dir.path().join("out"))
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            // The drafts, not the bases kept for carrying edits forward.
            .filter(|p| !p.starts_with(".wengao-base"))
            .map(|p| {
                let text = std::fs::read_to_string(dir.path().join("out").join(&p)).unwrap();
                (p.display().to_string(), text)
            })
            .collect();
        (String::from_utf8(out.stderr).unwrap(), drafts)
    };
    let one = run_with("1");
    assert!(one.0.contains("metrics.支部.previous"), "{}", one.0);
    assert_eq!(one.1.len(), 12);
    assert_eq!(one, run_with("4"));
}
