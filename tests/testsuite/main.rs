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
mod concurrency;
mod conventions;
mod convert;
mod corpus;
mod docx_bytes;
mod docx_layout;
mod docx_style;
mod docx_text;
mod fuzz;
mod golden;
mod gongwen;
mod libreoffice;
mod readme;
mod review;
mod schema;
mod sections;
