//! wengao's integration tests, in one test binary (as mdBook and just do):
//! one link step instead of one per file, and one place that lists them.
//!
//! Most run the real `wengao` binary and compare stdout, stderr and the exit
//! status exactly; the rest read the DOCX back, render it in LibreOffice or
//! validate it against the OOXML schema.

// Helpers shared by the test modules; not every module uses every helper.
#[allow(dead_code)]
mod common;
#[cfg(unix)]
#[path = "../../benches/support/peak_rss.rs"]
mod peak_rss;

mod annotate;
mod batch;
mod build;
mod chinese_keys;
mod compactness;
mod concurrency;
mod context_docs;
mod conventions;
mod convert;
mod corpus;
mod data_schema;
mod diff;
mod docx_bytes;
mod docx_layout;
mod docx_style;
mod docx_text;
mod file_genres;
mod fuzz;
mod genres;
mod golden;
mod gongwen;
mod imprint;
mod init;
mod libreoffice;
mod numbers;
mod outline;
mod readme;
mod redline;
mod review;
mod rollover;
mod schema;
mod sections;
mod series;
