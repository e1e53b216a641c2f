//! wengao (文稿): drafts Chinese government reports — 工作汇报, 讲话 and
//! 调研报告 — from YAML facts, as Markdown and as DOCX laid out as a 公文.
//!
//! The pipeline is a chain of small steps over plain data:
//! load → validate → render Markdown → lint → DOCX → write.
//!
//! * [`data`]: the model, loading ([`data::load`]), metric references
//!   ([`data::refs`]) and checks ([`data::validate`]);
//! * [`render`]: the template context, the templates and the renderers;
//! * [`lint`]: the 公文 rules applied to Markdown drafts;
//! * [`docx`]: Markdown → DOCX laid out as a 公文;
//! * [`output`]: the output folder: its lock, atomic writes and the manifest;
//! * [`conventions`]: the 公文 conventions (script classes, numerals,
//!   numbering, line joining, what each block of a draft is), each defined
//!   once and used by templates, lint and DOCX alike; the rulebook they
//!   follow is `docs/conventions.md`;
//! * [`diag`]: diagnostics and how they are printed;
//! * `pipeline`: the steps chained for one data file; `in_turn`: results
//!   of the pool's work taken in input order; `progress`: the progress line
//!   of long batches; `path_list`: a batch's data files, held compactly;
//!   `commands`: `build`, `check`, `next`, `diff`, `convert`, `genres`,
//!   `templates export`, `schema` and `init`;
//!   `diff`: comparing two drafts (terminal, web page, redline DOCX);
//!   `review`: reviewers' edits carried into the next build; [`cli`]: the
//!   command line;
//! * `yaml`: the one place YAML is parsed; `files`: reading input files
//!   (regular files only, size limit, encodings); `zh`: Chinese wording
//!   helpers, also exposed to templates; `config`: `wengao.yaml`.
//!
//! # Glossary
//!
//! One word for one thing, in the code and in these docs:
//!
//! * **Diagnostic** ([`diag::Diagnostic`]): one message to the user — a
//!   severity, a file, the place in it when there is one, and an issue.
//!   Everything wengao says about its input is a diagnostic.
//! * **Issue**: the typed cause inside a diagnostic, an enum with the data its
//!   Chinese message needs (the `Explain` trait words it). Each layer names
//!   its own: `ReadIssue` (a file cannot be read), `TextIssue` (a text field
//!   is empty), `DataIssue` (validation), `RefIssue` (a `{key}` reference),
//!   `DraftIssue` (a lint rule), `TemplateIssue` (a template), `WriteIssue`
//!   and `OpenIssue` (the output folder), `MissingIssue` (a value a template
//!   asked for).
//! * **Finding** ([`lint::Finding`]): what the lint reports — a rule, its
//!   place in the draft and a `DraftIssue`; it becomes a diagnostic. Inside a
//!   rule, a **hit** is the same in character offsets of one text unit,
//!   before it is placed in the draft.
//! * **Error**: a severity (the file's drafts are not written, exit 1), or a
//!   failure that stops the run before any file is read (`commands::Error`,
//!   exit 2). Rust error types (`YamlError`, `StyleError`, `DocxError`,
//!   `TemplateError`) are the failures of one step.
//! * **Problem** is not a diagnostic word: `data::Problem` is an item of a
//!   report's 存在的问题 section.
//! * **Draft**: the Markdown a template renders for one genre; the DOCX is
//!   made from it. **Genre** ([`render::Genre`]): a kind of draft, defined
//!   by a template file (`huibao.md` is the genre `huibao`, 工作汇报) whose
//!   front matter declares its Chinese name; built-in ones are 汇报, 讲话,
//!   调研报告, 经验材料 and 工作总结, and a user's templates folder adds more.

pub mod cli;
pub mod conventions;
pub mod data;
pub mod diag;
pub mod docx;
pub mod lint;
pub mod memory;
pub mod output;
pub mod render;
pub mod start;

mod commands;
mod config;
mod diff;
#[cfg(test)]
mod fast_oracle;
mod files;
mod in_turn;
mod path_list;
mod pipeline;
mod progress;
mod review;
mod suggest;
mod yaml;
mod zh;
