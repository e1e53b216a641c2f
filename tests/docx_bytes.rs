//! Same input, same bytes: across builds in one thread, across threads, and
//! after another document was built first (docx-rs's id counters and zip
//! timestamps would otherwise leak in). Plus a golden copy of one fixture's
//! `word/document.xml` (refresh with `SNAPSHOTS=overwrite cargo test`).

mod common;

use common::{FIXTURES, Package, build, fixture};

/// Advances this thread's docx-rs paragraph counter the way any other
/// docx-rs user on the thread would (docx-rs resets it only in `build`).
fn disturb_counters(n: usize) {
    for _ in 0..n {
        let _ = docx_rs::Paragraph::new();
    }
}

#[test]
fn the_same_document_twice_in_one_thread_is_identical() {
    let markdown = fixture("huibao.md");
    let first = build(&markdown);
    disturb_counters(5);
    assert!(first == build(&markdown), "bytes changed between builds");
}

#[test]
fn a_document_built_after_another_is_identical() {
    let markdown = fixture("diaoyan.md");
    let first = build(&markdown);
    build(&fixture("huibao.md"));
    build(&fixture("jianghua.md"));
    disturb_counters(3);
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
                disturb_counters(i * 11);
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

#[test]
fn ids_are_numbered_from_one_in_document_order() {
    let pkg = Package::open(&build(&fixture("jianghua.md")));
    let mut ids = Vec::new();
    for part in ["word/document.xml", "word/footer1.xml", "word/footer2.xml"] {
        for p in pkg.xml(part).descendants("w:p") {
            ids.push(p.attr("w14:paraId").unwrap().to_owned());
        }
    }
    let expected: Vec<String> = (1..=ids.len()).map(|n| format!("{n:08X}")).collect();
    assert_eq!(ids, expected);
}

/// docx-rs numbers revisions, comments and bookmarks (`w:id`) from
/// process-wide counters; the converter makes none of them, so no part
/// carries such an id for the post-processing to renumber.
#[test]
fn nothing_carries_a_counter_drawn_w_id() {
    for name in FIXTURES {
        let pkg = Package::open(&build(&fixture(name)));
        for (part, data) in &pkg.parts {
            let text = String::from_utf8_lossy(data);
            assert!(!text.contains(" w:id=\""), "{name}: {part} has a w:id");
        }
    }
}

/// The document part with a newline before each paragraph and table, for a
/// readable diff. The part itself holds no newline, so this is reversible
/// and the comparison exact.
fn readable(document: &str) -> String {
    assert!(!document.contains('\n'));
    document
        .replace("<w:p ", "\n<w:p ")
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
        snapbox::file!["expected/liuchuan-2026-Q3-diaoyan.document.xml"].raw()
    );
}

/// `docx::xml` edits docx-rs's output as text; each edit must have found
/// what it looks for in every document wengao makes (docx-rs is pinned,
/// and a mismatch is an error, so an upgrade that changes its output fails
/// here): every paragraph renumbered, every table's first row a header, no
/// undeclared `w:type` on grid columns, no empty property element left,
/// properties in schema order.
#[test]
fn every_rewrite_applies_to_every_example_document() {
    let mut documents: Vec<(String, String)> = common::example_drafts();
    documents.extend(FIXTURES.iter().map(|n| (n.to_string(), fixture(n))));
    assert_eq!(documents.len(), 12);
    for (name, markdown) in documents {
        let pkg = Package::open(&build(&markdown));
        let mut ids = Vec::new();
        for part in ["word/document.xml", "word/footer1.xml", "word/footer2.xml"] {
            let text = pkg.text(part);
            assert!(!text.contains("<w:rPr />"), "{name}: {part}: empty rPr");
            assert!(
                !text.contains("<w:sectPr><w:pgSz"),
                "{name}: docx-rs's section"
            );
            for p in pkg.xml(part).descendants("w:p") {
                ids.push(p.attr("w14:paraId").unwrap().to_owned());
                if let Some(ppr) = p.child("w:pPr") {
                    let first = ppr.elements().next().map(|e| e.name.clone());
                    if p.style_id().is_some() {
                        assert_eq!(first.as_deref(), Some("w:pStyle"), "{name}: pPr order");
                    }
                }
            }
        }
        let expected: Vec<String> = (1..=ids.len()).map(|n| format!("{n:08X}")).collect();
        assert_eq!(ids, expected, "{name}: paragraph ids");
        let doc = pkg.xml("word/document.xml");
        let tables = doc.descendants("w:tbl");
        for table in &tables {
            let rows = table.descendants("w:tr");
            assert!(
                rows[0].at("w:trPr/w:tblHeader").is_some(),
                "{name}: header row"
            );
            for column in table.descendants("w:gridCol") {
                assert_eq!(column.attr("w:type"), None, "{name}: gridCol w:type");
                assert!(column.attr("w:w").is_some(), "{name}: gridCol width");
            }
        }
        let body = pkg.text("word/document.xml");
        assert_eq!(
            body.matches("<w:tblHeader />").count(),
            tables.len(),
            "{name}"
        );
    }
}
