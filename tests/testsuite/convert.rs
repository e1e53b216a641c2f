//! `wengao convert` end to end, through the real binary: a Markdown draft
//! (edited by hand or written from scratch) becomes the 公文 DOCX, the lint
//! is reported first as `check` reports it, a draft with lint errors is
//! still converted (exit 1, as `build`), and the draft itself is never
//! overwritten.

use std::path::Path;

use snapbox::cmd::{Command, cargo_bin};

use crate::common::Package;

fn wengao(dir: &Path) -> Command {
    Command::new(cargo_bin("wengao"))
        .current_dir(dir)
        .env("NO_COLOR", "1")
}

fn paragraph_texts(docx: &[u8]) -> Vec<String> {
    Package::open(docx).paragraph_texts()
}

#[test]
fn a_clean_draft_becomes_the_gongwen_docx_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/expected/drafts/liuchuan/2026-Q3/huibao.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("汇报.md"), &draft).unwrap();
    wengao(dir.path())
        .args(["convert", "汇报.md"])
        .assert()
        .success()
        .stdout_eq("汇报.docx\n")
        .stderr_eq("已将“汇报.md”转换为“汇报.docx”；0个错误，0个警告\n");
    let docx = std::fs::read(dir.path().join("汇报.docx")).unwrap();
    // The same layout as build: the library's converter, same bytes but
    // for the author build takes from the data.
    let texts = paragraph_texts(&docx);
    let expected = paragraph_texts(&crate::common::build(&draft));
    assert_eq!(texts, expected);
    assert!(texts[0].starts_with("柳川县"), "{texts:?}");
    // Deterministic: a second run gives the same bytes.
    wengao(dir.path())
        .args(["convert", "汇报.md", "-o", "again.docx"])
        .assert()
        .success();
    assert_eq!(std::fs::read(dir.path().join("again.docx")).unwrap(), docx);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("汇报.md")).unwrap(),
        draft
    );
}

#[test]
fn lint_findings_come_first_and_errors_still_convert_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("稿.md"),
        "# 柳川县老干部工作情况汇报\n\n今年以来,全县共建立离退休干部党支部XX个。\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("交付")).unwrap();
    wengao(dir.path())
        .args(["convert", "稿.md", "-o", "交付"])
        .assert()
        .code(1)
        .stdout_eq("交付/稿.docx\n")
        .stderr_eq(
            "\
稿.md:3:5: 警告: 半角标点“,”应改为全角“，” [punct-halfwidth]
  |
3 | 今年以来,全县共建立离退休干部党支部XX个。
  |         ^
稿.md:3:19: 错误: “XX”是未填写的占位符，请换成实际内容 [placeholder]
  |
3 | 今年以来,全县共建立离退休干部党支部XX个。
  |                                    ^^
已将“稿.md”转换为“交付/稿.docx”；1个错误，1个警告
",
        );
    let docx = std::fs::read(dir.path().join("交付/稿.docx")).unwrap();
    assert_eq!(
        paragraph_texts(&docx),
        [
            "柳川县老干部工作情况汇报",
            "今年以来,全县共建立离退休干部党支部XX个。"
        ]
    );
}

#[test]
fn the_draft_itself_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("稿.md"), "# 标题\n\n正文。\n").unwrap();
    wengao(dir.path())
        .args(["convert", "稿.md", "-o", "./稿.md"])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(
            "\
./稿.md: 错误: 输出文件就是要转换的草稿本身，为免覆盖草稿，没有写入；请用 -o 指定另一个 .docx 文件
没有转换“稿.md”；1个错误，0个警告
",
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("稿.md")).unwrap(),
        "# 标题\n\n正文。\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn only_markdown_is_converted_and_a_missing_draft_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("稿.docx"), "不是草稿").unwrap();
    wengao(dir.path())
        .args(["convert", "稿.docx"])
        .assert()
        .code(1)
        .stderr_eq(
            "\
稿.docx: 错误: 只能转换 Markdown 草稿（扩展名为 .md），没有生成 Word 文件
没有转换“稿.docx”；1个错误，0个警告
",
        );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("稿.docx")).unwrap(),
        "不是草稿"
    );
    wengao(dir.path())
        .args(["convert", "没有.md"])
        .assert()
        .code(2)
        .stderr_eq("错误：找不到“没有.md”\n");
}

#[test]
fn a_folder_that_is_not_there_is_a_write_error_and_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("稿.md"), "# 标题\n\n正文。\n").unwrap();
    wengao(dir.path())
        .args(["convert", "稿.md", "-o", "无/稿.docx"])
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(
            "\
无/稿.docx: 错误: 无法写入：所在的文件夹不存在
没有转换“稿.md”；1个错误，0个警告
",
        );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
