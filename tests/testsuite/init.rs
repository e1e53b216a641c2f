//! `wengao init` end to end: the folder it makes builds and checks clean
//! as it is, its data file is valid against the schema it writes (which is
//! what `wengao schema` prints) and the editor settings attach that schema;
//! it never overwrites, and a failed init leaves nothing behind.

use std::path::Path;

use serde_json::Value;

use crate::common::files_under;
use crate::data_schema::{errors, printed_schema, validator};

use crate::common::wengao_in as wengao;

fn listing(dir: &Path) -> Vec<String> {
    files_under(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

const WRITTEN: &str = "\
data/liuchuan/2026-Q3.yaml
wengao.yaml
wengao.schema.json
.vscode/settings.json
";

#[test]
fn the_new_folder_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    wengao(tmp.path())
        .args(["init", "稿子"])
        .assert()
        .success()
        .stdout_eq(
            "\
稿子/data/liuchuan/2026-Q3.yaml
稿子/wengao.yaml
稿子/wengao.schema.json
稿子/.vscode/settings.json
",
        )
        .stderr_eq(
            "已建立工作文件夹，共4个文件；下一步：cd 稿子，修改 data/liuchuan/2026-Q3.yaml，再运行 wengao build\n",
        );
    let dir = tmp.path().join("稿子");
    assert_eq!(
        listing(&dir),
        [
            ".vscode/settings.json",
            "data/liuchuan/2026-Q3.yaml",
            "wengao.schema.json",
            "wengao.yaml"
        ]
    );
    wengao(&dir)
        .arg("build")
        .assert()
        .success()
        .stdout_eq(
            "\
out/liuchuan/2026-Q3/huibao.md
out/liuchuan/2026-Q3/huibao.docx
out/liuchuan/2026-Q3/jianghua.md
out/liuchuan/2026-Q3/jianghua.docx
out/liuchuan/2026-Q3/diaoyan.md
out/liuchuan/2026-Q3/diaoyan.docx
",
        )
        .stderr_eq("已为1个数据文件中的1个生成草稿，共6个文件；0个错误，0个警告\n");
    wengao(&dir)
        .args(["check", "--strict"])
        .assert()
        .success()
        .stdout_eq("")
        .stderr_eq("已检查1个文件；0个错误，0个警告\n");
}

#[test]
fn the_editor_finds_the_schema_and_the_data_satisfies_it() {
    let tmp = tempfile::tempdir().unwrap();
    wengao(tmp.path())
        .arg("init")
        .assert()
        .success()
        .stdout_eq(WRITTEN);
    let dir = tmp.path();
    let written: Value =
        serde_json::from_slice(&std::fs::read(dir.join("wengao.schema.json")).unwrap()).unwrap();
    assert_eq!(written, printed_schema());
    let validator = validator(&written);

    // The settings attach the schema to every data file…
    let settings: Value =
        serde_json::from_slice(&std::fs::read(dir.join(".vscode/settings.json")).unwrap()).unwrap();
    let globs = &settings["yaml.schemas"]["./wengao.schema.json"];
    assert_eq!(
        globs,
        &serde_json::json!(["data/**/*.yaml", "data/**/*.yml"])
    );

    // …and so does the data file's first line, relative to the file.
    let data_path = dir.join("data/liuchuan/2026-Q3.yaml");
    let data = std::fs::read_to_string(&data_path).unwrap();
    let first = data.lines().next().unwrap();
    let schema_ref = first
        .strip_prefix("# yaml-language-server: $schema=")
        .unwrap_or_else(|| panic!("first line: {first}"));
    let referenced = data_path.parent().unwrap().join(schema_ref);
    assert_eq!(
        referenced.canonicalize().unwrap(),
        dir.join("wengao.schema.json").canonicalize().unwrap()
    );
    assert_eq!(errors(&validator, &data), Vec::<String>::new());
}

#[test]
fn an_existing_file_means_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("wengao.yaml"), "lint:\n  disable: [space-cjk]\n").unwrap();
    std::fs::create_dir_all(dir.join(".vscode")).unwrap();
    std::fs::write(dir.join(".vscode/settings.json"), "{}\n").unwrap();
    wengao(dir)
        .arg("init")
        .assert()
        .code(1)
        .stdout_eq("")
        .stderr_eq(
            "\
wengao.yaml: 错误: 已存在；wengao init 不覆盖已有文件，因此没有写入任何文件
.vscode/settings.json: 错误: 已存在；wengao init 不覆盖已有文件，因此没有写入任何文件
没有写入任何文件；2个错误，0个警告
",
        );
    assert_eq!(listing(dir), [".vscode/settings.json", "wengao.yaml"]);
    assert_eq!(
        std::fs::read_to_string(dir.join("wengao.yaml")).unwrap(),
        "lint:\n  disable: [space-cjk]\n"
    );
}

#[test]
fn a_failed_write_takes_back_what_it_made() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // `.vscode` is a file, so the settings cannot be written after the
    // data folder was made.
    std::fs::write(dir.join(".vscode"), "").unwrap();
    let assert = wengao(dir).arg("init").assert().code(1).stdout_eq("");
    let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    let (first, rest) = stderr.split_once('\n').unwrap();
    assert!(
        first.starts_with(".vscode/settings.json: 错误: 无法写入（")
            && first.ends_with("），已撤回本次写入的全部文件"),
        "{stderr}"
    );
    assert_eq!(rest, "没有写入任何文件；1个错误，0个警告\n");
    // Not a file, not a folder, not a temporary file left.
    let mut left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    left.sort();
    assert_eq!(left, [".vscode"]);
}
