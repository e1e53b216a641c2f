//! `docs/context.md` documents every field a template can reach, and only
//! those: the context of every example data file is serialized, its key
//! paths collected (`meta.region`, `practices[].lead`, `metrics.<键>.text`),
//! and compared with the paths the page's tables list.

use std::collections::BTreeSet;
use std::path::Path;

use serde_norway::Value;
use wengao::data::load::parse;
use wengao::render::context::Context;

use crate::common::files_under;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every key path under `value`, written as the page writes them.
fn collect(value: &Value, at: &str, paths: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(map) => {
            for (key, child) in map {
                let key = key.as_str().expect("string keys");
                // The keys of `metrics` are the data file's own; the genres
                // sent as a 公文 share one form.
                let key = match at {
                    "metrics" => "<键>",
                    "document" | "written_for" => "<文种>",
                    _ => key,
                };
                let path = if at.is_empty() {
                    key.to_owned()
                } else {
                    format!("{at}.{key}")
                };
                paths.insert(path.clone());
                collect(child, &path, paths);
            }
        }
        Value::Sequence(items) => {
            for item in items {
                collect(item, &format!("{at}[]"), paths);
            }
        }
        _ => {}
    }
}

/// The key paths of the context of every example data file.
fn context_paths() -> BTreeSet<String> {
    let mut paths = BTreeSet::new();
    let data = repo().join("data");
    for rel in files_under(&data) {
        if rel.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(data.join(&rel)).unwrap();
        let loaded = parse(&rel, text).unwrap();
        let context = Context::new(&loaded.data);
        let value = serde_norway::to_value(&context).unwrap();
        collect(&value, "", &mut paths);
    }
    paths
}

/// The paths `docs/context.md` lists: the first cell of each table row.
fn documented_paths() -> BTreeSet<String> {
    let page = std::fs::read_to_string(repo().join("docs/context.md")).unwrap();
    page.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(path, _)| path.to_owned())
        .collect()
}

#[test]
fn the_context_page_documents_every_field_and_no_other() {
    let actual = context_paths();
    let documented = documented_paths();
    let missing: Vec<&String> = actual.difference(&documented).collect();
    let extra: Vec<&String> = documented.difference(&actual).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "docs/context.md is out of date.\nnot documented: {missing:#?}\ndocumented but not in the context: {extra:#?}"
    );
}

#[test]
fn the_readme_links_the_context_page() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("(docs/context.md)"));
}
