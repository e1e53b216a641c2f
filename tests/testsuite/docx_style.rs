//! A style file (`--style`) end to end, through the real binary: a value
//! that would corrupt the DOCX or that Word cannot use is refused with a
//! Chinese message naming the file, line, key and the allowed values, and
//! nothing is written.

use snapbox::IntoData as _;
use snapbox::cmd::{Command, cargo_bin};

const DATA: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026-10-12
results:
  summary: 各项工作稳步推进
practices:
  - lead: 夯实组织基础
    points:
      - 推进支部标准化建设
speech:
  meeting: 全县老干部工作会议
  speaker: 周建国
";

fn project(style: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/a.yaml"), DATA).unwrap();
    std::fs::write(dir.path().join("style.yaml"), style).unwrap();
    dir
}

#[test]
fn a_font_name_xml_cannot_hold_is_refused_before_anything_is_written() {
    let p = project("# 样式\nfonts:\n  body: 仿宋\n  title: \"方正\\uFFFF小标宋\"\n");
    Command::new(cargo_bin("wengao"))
        .current_dir(p.path())
        .args(["build", "--style", "style.yaml"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "\
style.yaml:4:10: 错误: “fonts.title”的值含有不可见的控制字符（U+FFFF，来自“\\”转义写法），公文中不能有这类字符，请删除
  |
4 |   title: \"方正\\uFFFF小标宋\"
  |          ^^^^^^^^^^^^^^^^^^
"
            // Compared raw: snapbox would turn the backslash into a slash.
            .raw(),
        );
    assert!(!p.path().join("out").exists(), "nothing is written");
}

#[test]
fn a_size_outside_the_range_names_the_range() {
    let p = project("title_size: 1638\n");
    Command::new(cargo_bin("wengao"))
        .current_dir(p.path())
        .args(["build", "--style", "style.yaml"])
        .assert()
        .code(2)
        .stderr_eq(
            "\
style.yaml:1:13: 错误: “title_size”的值1638不对，应为12到30之间的磅值（可带 .5），标准为22（二号）
  |
1 | title_size: 1638
  |             ^^^^
",
        );
    assert!(!p.path().join("out").exists(), "nothing is written");
}
