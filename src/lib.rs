//! wengao (文稿): drafts Chinese government reports — 工作汇报, 讲话 and
//! 调研报告 — from YAML facts, as Markdown and as DOCX laid out as a 公文.
//!
//! The pipeline is a chain of small steps over plain data:
//! load → validate → render Markdown → write DOCX.
//!
//! * [`data`]: the model, loading ([`data::load`]), metric references
//!   ([`data::refs`]) and checks ([`data::validate`]);
//! * [`render`]: the template context, the templates and the renderers;
//! * [`docx`]: Markdown → DOCX laid out as a 公文;
//! * [`lint`]: the 公文 rules applied to Markdown drafts;
//! * [`pipeline`]: the steps chained for one data file;
//! * [`commands`]: `build` and `check`; [`cli`]: the command line;
//! * [`output`]: atomic writes and the manifest of what was written;
//! * [`conventions`]: the 公文 conventions, each defined once;
//! * [`zh`]: Chinese text helpers, also exposed to templates;
//! * [`yaml`]: the one place YAML is parsed; [`diag`]: findings.

pub mod cli;
pub mod conventions;
pub mod data;
pub mod diag;
pub mod docx;
pub mod lint;
pub mod output;
pub mod render;

mod commands;
mod config;
mod files;
mod pipeline;
mod suggest;
mod yaml;
mod zh;
