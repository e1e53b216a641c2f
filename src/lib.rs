//! wengao (文稿): drafts Chinese government reports — 工作汇报, 讲话 and
//! 调研报告 — from YAML facts, as Markdown and as DOCX laid out as a 公文.
//!
//! The pipeline is a chain of small steps over plain data:
//! load → validate → render Markdown → write DOCX.

pub mod diag;
pub mod docx;
pub mod lint;
pub mod yaml;
pub mod zh;
