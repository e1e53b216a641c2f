//! Writes a fixture's DOCX, for looking at it in a word processor:
//! `cargo run --example render -- tests/fixtures/md/huibao.md out/huibao.docx`
use wengao::docx::{DocProps, StyleProfile, markdown_to_docx};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(input), Some(output)) = (args.next(), args.next()) else {
        eprintln!("用法：render <输入.md> <输出.docx> [样式.yaml]");
        std::process::exit(2);
    };
    let style = match args.next() {
        Some(path) => StyleProfile::load(path.as_ref()).unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1)
        }),
        None => StyleProfile::default(),
    };
    let markdown = std::fs::read_to_string(&input).expect("readable input");
    let title = markdown
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("# ")
        .to_owned();
    let props = DocProps {
        title,
        author: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 10, 8).expect("valid date"),
    };
    let bytes = markdown_to_docx(&markdown, &props, &style).expect("conversion");
    std::fs::write(&output, &bytes).expect("writable output");
    println!("{output}: {} bytes", bytes.len());
}
