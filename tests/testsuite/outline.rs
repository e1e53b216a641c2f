//! The writer's outline (提纲) through the whole pipeline: a four-level
//! draft is read by the lint and laid out by the DOCX writer at every level,
//! with stand-alone headings and run-in leads where the data asked for them.

use std::path::PathBuf;

use snapbox::cmd::{Command, cargo_bin};
use wengao::conventions::blocks::Role;

fn golden(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected/drafts")
        .join(rel)
}

#[test]
fn a_four_level_report_is_laid_out_at_every_level() {
    let markdown = std::fs::read_to_string(golden("qingshi/2026-H1/huibao.md")).unwrap();
    let roles: Vec<(Role, String)> = wengao::docx::roles(&markdown)
        .into_iter()
        .filter(|c| matches!(c.role, Role::Heading(_) | Role::Lead(_)))
        .map(|c| (c.role, c.text.chars().take(8).collect()))
        .collect();
    let expect = |role: Role, start: &str| {
        assert!(
            roles
                .iter()
                .any(|(r, t)| *r == role && t.starts_with(start)),
            "{role:?} {start}: {roles:?}"
        );
    };
    expect(Role::Heading(1), "一、上半年");
    expect(Role::Heading(2), "（一）兜底");
    expect(Role::Heading(3), "1.社会救助");
    expect(Role::Lead(Some(4)), "（1）低保");
    expect(Role::Lead(Some(3)), "2.特困");
    expect(Role::Lead(Some(2)), "（三）基层");
    assert_eq!(
        wengao::lint::roles(&markdown),
        wengao::docx::roles(&markdown)
    );
}

#[test]
fn outline_drafts_pass_the_lint() {
    Command::new(cargo_bin("wengao"))
        .args(["check", "--strict"])
        .arg(golden("qingshi/2026-H1"))
        .arg(golden("songlin/2026-Q3"))
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stderr_eq("已检查10个文件；0个错误，0个警告\n");
}
