//! A data file chooses its genres (`文种`, issue 9 §2): without `--genre`
//! it is drafted in its own genres (or the default ones when it names
//! none); with `--genre` only in those both name, and a file that shares
//! none with `--genre` is skipped with a warning. `check` follows the same
//! choice, and a field only an unchosen genre prints is not asked for.

use std::path::Path;

use crate::common::{files_under, wengao_in as wengao};

/// A data file without `speech`, whose meeting and speaker only the 讲话
/// prints.
const DATA: &str = "\
meta:
  region: 示例县
  organization: 示例县民政局
  topic: 养老服务工作
  period: 2026-Q3
  date: 2026-10-12
metrics:
  stations: 村级养老服务站 48个, 去年 40
practices:
  - lead: 织密服务网络，把养老服务送到家门口
    points:
      - 全县建成村级养老服务站{stations}，{stations:同比}
results:
  summary: 全县养老服务网络更加健全
";

/// A folder with `data/a/2026-Q3.yaml` declaring `genres` (when given)
/// and `data/b/2026-Q3.yaml` declaring none.
fn project(genres: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, head) in [("a", genres), ("b", None)] {
        let folder = dir.path().join("data").join(name);
        std::fs::create_dir_all(&folder).unwrap();
        let text = head.map_or_else(|| DATA.to_owned(), |h| format!("{h}\n{DATA}"));
        std::fs::write(folder.join("2026-Q3.yaml"), text).unwrap();
    }
    dir
}

fn written(dir: &Path) -> Vec<String> {
    files_under(&dir.join("out"))
        .iter()
        .map(|p| p.display().to_string())
        .filter(|p| !p.starts_with('.'))
        .collect()
}

#[test]
fn a_file_is_drafted_only_in_the_genres_it_names() {
    let tmp = project(Some("文种: [经验材料]"));
    wengao(tmp.path())
        .args(["build", "data/a"])
        .assert()
        .success()
        .stdout_eq("out/a/2026-Q3/jingyan.md\nout/a/2026-Q3/jingyan.docx\n")
        .stderr_eq("已为1个数据文件中的1个生成草稿，共2个文件；0个错误，0个警告\n");
    assert_eq!(
        written(tmp.path()),
        ["a/2026-Q3/jingyan.docx", "a/2026-Q3/jingyan.md"]
    );
}

#[test]
fn genre_narrows_a_files_own_and_skips_a_file_sharing_none() {
    let tmp = project(Some("genres: [汇报, jingyan]"));
    // Both files are drafted in the 经验材料 asked for; `b`, naming no
    // genre, in what `--genre` asks.
    wengao(tmp.path())
        .args([
            "build", "--format", "md", "--genre", "jingyan", "--genre", "zongjie",
        ])
        .assert()
        .success()
        .stdout_eq(
            "\
out/a/2026-Q3/jingyan.md
out/b/2026-Q3/jingyan.md
out/b/2026-Q3/zongjie.md
",
        );
    // `a` shares nothing with `--genre jianghua`: skipped, not an error.
    wengao(tmp.path())
        .args(["check", "--genre", "jianghua", "data/a"])
        .assert()
        .success()
        .stderr_eq(
            "\
data/a/2026-Q3.yaml:1:1: 警告: 本文件的文种是工作汇报、经验材料，不含 --genre 所选的讲话稿，已跳过，没有生成草稿
  |
1 | genres: [汇报, jingyan]
  | ^^^^^^
已检查1个文件；0个错误，1个警告
",
        );
}

#[test]
fn a_field_no_chosen_genre_prints_is_not_required() {
    let tmp = project(Some("文种: 经验材料"));
    wengao(tmp.path())
        .args(["check", "--strict", "data/a"])
        .assert()
        .success()
        .stderr_eq("已检查1个文件；0个错误，0个警告\n");
    // The same data drafted as a 讲话 (a default genre) misses its meeting.
    let assert = wengao(tmp.path())
        .args(["check", "--strict", "data/b"])
        .assert()
        .code(1);
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("讲话稿缺少“会议名称”"), "{stderr}");
}
