//! Same input, same bytes: across builds in one thread, across threads, and
//! after another document was built first (no counter, clock or thread
//! state may leak in). Plus a golden copy of one fixture's
//! `word/document.xml` (refresh with `SNAPSHOTS=overwrite cargo test`).

use crate::common::{FIXTURES, Package, build, fixture};

#[test]
fn the_same_document_twice_in_one_thread_is_identical() {
    let markdown = fixture("huibao.md");
    let first = build(&markdown);
    assert!(first == build(&markdown), "bytes changed between builds");
}

#[test]
fn a_document_built_after_another_is_identical() {
    let markdown = fixture("diaoyan.md");
    let first = build(&markdown);
    build(&fixture("huibao.md"));
    build(&fixture("jianghua.md"));
    assert!(
        first == build(&markdown),
        "bytes changed after other builds"
    );
}

#[test]
fn documents_built_on_different_threads_are_identical() {
    let markdown = fixture("huibao.md");
    // Warm this thread's counters first, so the threads start elsewhere.
    build(&fixture("jianghua.md"));
    let here = build(&markdown);
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let markdown = markdown.clone();
            std::thread::spawn(move || {
                if i == 1 {
                    build(&fixture("diaoyan.md"));
                }
                build(&markdown)
            })
        })
        .collect();
    for handle in handles {
        assert!(
            handle.join().unwrap() == here,
            "bytes differ across threads"
        );
    }
}

/// No part carries an id (`w:id`, `w14:paraId`): nothing the converter
/// writes needs one, and ids are what DOCX libraries draw from counters
/// that make equal input give unequal bytes.
#[test]
fn nothing_carries_an_id() {
    for name in FIXTURES {
        let pkg = Package::open(&build(&fixture(name)));
        for (part, data) in &pkg.parts {
            let text = String::from_utf8_lossy(data);
            assert!(!text.contains(" w:id=\""), "{name}: {part} has a w:id");
            assert!(!text.contains("paraId"), "{name}: {part} has a paraId");
        }
    }
}

/// The document part with a newline before each paragraph and table, for a
/// readable diff. The part itself holds no newline, so this is reversible
/// and the comparison exact.
fn readable(document: &str) -> String {
    assert!(!document.contains('\n'));
    document
        .replace("<w:p>", "\n<w:p>")
        .replace("<w:tbl>", "\n<w:tbl>")
        + "\n"
}

/// The golden copy is of an example draft, the research report of
/// `data/liuchuan/2026-Q3.yaml` (title, leads, a table and a signature).
#[test]
fn document_xml_matches_the_golden_copy() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/expected/drafts/liuchuan/2026-Q3/diaoyan.md"
    );
    let markdown = std::fs::read_to_string(path).unwrap();
    let pkg = Package::open(&build(&markdown));
    let actual = readable(pkg.text("word/document.xml"));
    snapbox::assert_data_eq!(
        actual,
        snapbox::file!["../expected/liuchuan-2026-Q3-diaoyan.document.xml"].raw()
    );
}

/// Every document wengao makes is well-formed in the details the writer
/// owns: every table's first row a header, grid columns with a width and
/// nothing else, no empty property element, the style first in `w:pPr`.
#[test]
fn every_example_document_is_written_as_intended() {
    let mut documents: Vec<(String, String)> = crate::common::example_drafts();
    documents.extend(FIXTURES.iter().map(|n| (n.to_string(), fixture(n))));
    assert_eq!(documents.len(), 58);
    for (name, markdown) in documents {
        let pkg = Package::open(&build(&markdown));
        for part in ["word/document.xml", "word/footer1.xml", "word/footer2.xml"] {
            let text = pkg.text(part);
            assert!(
                !text.contains("<w:rPr></w:rPr>"),
                "{name}: {part}: empty rPr"
            );
            assert!(
                !text.contains("<w:pPr></w:pPr>"),
                "{name}: {part}: empty pPr"
            );
            for p in pkg.xml(part).descendants("w:p") {
                if let Some(ppr) = p.child("w:pPr") {
                    let first = ppr.elements().next().map(|e| e.name.clone());
                    if p.style_id().is_some() {
                        assert_eq!(first.as_deref(), Some("w:pStyle"), "{name}: pPr order");
                    }
                }
            }
        }
        let doc = pkg.xml("word/document.xml");
        let tables = doc.descendants("w:tbl");
        for table in &tables {
            let rows = table.descendants("w:tr");
            assert!(
                rows[0].at("w:trPr/w:tblHeader").is_some(),
                "{name}: header row"
            );
            for row in &rows[1..] {
                assert!(row.at("w:trPr/w:tblHeader").is_none(), "{name}");
            }
            for column in table.descendants("w:gridCol") {
                assert_eq!(column.attr("w:type"), None, "{name}: gridCol w:type");
                assert!(column.attr("w:w").is_some(), "{name}: gridCol width");
            }
        }
        let body = doc.child("w:body").unwrap();
        let last = body.elements().last().map(|e| e.name.clone());
        assert_eq!(last.as_deref(), Some("w:sectPr"), "{name}");
    }
}
