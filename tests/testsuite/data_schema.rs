//! `wengao schema` end to end: it prints a draft-07 JSON Schema that every
//! example data file (and the example `wengao init` writes) satisfies, and
//! that refuses a misspelt key or text where a number goes — what an editor
//! would flag as the writer types.

use std::path::{Path, PathBuf};

use serde_json::Value;
use snapbox::cmd::{Command, cargo_bin};

/// The schema as `wengao schema` prints it.
pub(crate) fn printed_schema() -> Value {
    let output = Command::new(cargo_bin("wengao"))
        .arg("schema")
        .assert()
        .success()
        .stderr_eq("")
        .get_output()
        .stdout
        .clone();
    serde_json::from_slice(&output).expect("wengao schema prints JSON")
}

pub(crate) fn validator(schema: &Value) -> jsonschema::Validator {
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-07/schema#",
        "draft-07, which VS Code's YAML extension handles fully"
    );
    jsonschema::draft7::new(schema).expect("a valid draft-07 schema")
}

/// A YAML text as the JSON value an editor validates.
pub(crate) fn yaml_value(text: &str) -> Value {
    serde_norway::from_str(text).expect("YAML")
}

/// Every error the schema finds in `text`, one line each.
pub(crate) fn errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let value = yaml_value(text);
    validator
        .iter_errors(&value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_example_data_file_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    yaml_files(&root.join("data"), &mut files);
    yaml_files(&root.join("init/data"), &mut files);
    assert!(files.len() >= 5, "{files:?}");
    let validator = validator(&printed_schema());
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let found = errors(&validator, &text);
        assert!(
            found.is_empty(),
            "{}:\n{}",
            file.display(),
            found.join("\n")
        );
    }
}

const GOOD: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026-10-12
metrics:
  branches:
    name: 离退休干部党支部
    value: 86
    unit: 个
做法:
  - lead: 夯实组织基础
";

#[test]
fn a_misspelt_key_or_text_for_a_number_is_refused() {
    let validator = validator(&printed_schema());
    assert_eq!(errors(&validator, GOOD), Vec::<String>::new());
    let misspelt = GOOD.replace("  topic:", "  topik:");
    let found = errors(&validator, &misspelt);
    assert!(
        found
            .iter()
            .any(|e| e.starts_with("/meta: ") && e.contains("topik")),
        "{found:#?}"
    );
    for number in ["86个", "\"86\""] {
        let text = GOOD.replace("value: 86", &format!("value: {number}"));
        let found = errors(&validator, &text);
        assert!(
            found.iter().any(|e| e.starts_with("/metrics/branches")),
            "{number}: {found:#?}"
        );
    }
    let found = errors(&validator, &GOOD.replace("做法:", "作法:"));
    assert!(found.iter().any(|e| e.contains("作法")), "{found:#?}");
}

#[test]
fn the_help_names_the_command() {
    Command::new(cargo_bin("wengao"))
        .args(["schema", "--help"])
        .assert()
        .success()
        .stdout_eq(
            "\
输出数据文件的 JSON Schema（供编辑器补全键名、显示说明、检查写法）

用法：wengao schema > wengao.schema.json

选项：
      --config <文件>  设置文件（默认用当前文件夹中的 wengao.yaml，没有则用默认设置）
  -h, --help         显示帮助
",
        );
}
