//! Numbers as the writer wrote them, end to end through the real binary:
//! `tests/fixtures/numbers/bulletin.yaml` uses every number form (written
//! unit and precision, scaling on request, 概数, stated comparisons, 分别,
//! declared decimals, 其中, compact metrics) and its 汇报 must be exactly
//! `bulletin.huibao.md`.

use std::path::{Path, PathBuf};

use snapbox::cmd::{Command, cargo_bin};
use snapbox::{Assert, Data};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/numbers")
}

/// Builds `data/<name>.yaml` (copied from the fixtures) as Markdown and
/// returns the folder.
fn build(name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(data.join(format!("{name}.yaml")), text).unwrap();
    Command::new(cargo_bin("wengao"))
        .current_dir(dir.path())
        .args(["build", "--format", "md"])
        .env("NO_COLOR", "1")
        .assert()
        .success();
    dir
}

fn draft(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("out").join(name).join("huibao.md")).unwrap()
}

#[test]
fn every_number_form_prints_as_documented() {
    let text = std::fs::read_to_string(fixtures().join("bulletin.yaml")).unwrap();
    let dir = build("bulletin", &text);
    Assert::new().action_env("SNAPSHOTS").eq(
        Data::text(draft(dir.path(), "bulletin")),
        Data::read_from(&fixtures().join("bulletin.huibao.md"), None),
    );
}

#[test]
fn a_compact_metric_drafts_like_its_long_form() {
    let text = std::fs::read_to_string(fixtures().join("bulletin.yaml")).unwrap();
    let long = text.replace(
        "  services: 上门服务 1250人次, 去年 1100\n",
        "  services:\n    name: 上门服务\n    value: 1250\n    unit: 人次\n    last_year: 1100\n",
    );
    assert_ne!(long, text);
    let compact = build("bulletin", &text);
    let expanded = build("bulletin", &long);
    assert_eq!(
        draft(compact.path(), "bulletin"),
        draft(expanded.path(), "bulletin")
    );
}

#[test]
fn numbers_keep_their_written_unit_unless_scaling_is_asked() {
    let text = std::fs::read_to_string(fixtures().join("bulletin.yaml")).unwrap();
    // Without 换算 the writer's 15000人次 stays as written.
    let plain = text.replace("去年 12000, 换算", "去年 12000");
    let dir = build("bulletin", &plain);
    assert!(draft(dir.path(), "bulletin").contains("走访企业15000人次，"));
    // Asked for the whole file, every metric scales.
    let scaled = text.replace("去年 12000, 换算", "去年 12000").replace(
        "numbers:\n  decimals: 2\n",
        "numbers:\n  decimals: 2\n  scale: true\n",
    );
    let dir = build("bulletin", &scaled);
    let md = draft(dir.path(), "bulletin");
    assert!(md.contains("走访企业1.5万人次，"), "{md}");
    // Scaling never turns 219.504万元 into a longer 2195040元.
    assert!(md.contains("落实技改资金219.504万元"), "{md}");
}
