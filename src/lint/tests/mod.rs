//! Tests of the whole linter, one module per family of rules: for every
//! rule a hit, with its exact place and message, and a near miss that must
//! produce nothing at all; a clean realistic draft; the config; Markdown
//! mapping; and a property test over random drafts. This module holds the
//! helpers they share.

mod caps;
mod config;
mod document;
mod enums;
mod gates;
pub(super) mod generate;
mod markdown;
mod numbers;
mod placeholder;
mod punct;
mod robustness;
mod structure;

use super::*;
use crate::diag::{Explain, Span};

/// Every finding of `md`: rule, place and message.
pub(super) fn all(md: &str) -> Vec<(Rule, Span, String)> {
    lint(md, &LintConfig::default())
        .into_iter()
        .map(|f| (f.rule, f.span, f.message()))
        .collect()
}

/// The one finding of `md`.
pub(super) fn one(md: &str) -> (Rule, Span, String) {
    let mut found = all(md);
    assert_eq!(found.len(), 1, "{md}: {found:#?}");
    found.remove(0)
}

/// `md` must be clean.
pub(super) fn none(md: &str) {
    let found = all(md);
    assert!(found.is_empty(), "{md}: {found:#?}");
}

/// A finding as `all` lists it.
pub(super) fn hit(
    rule: Rule,
    line: usize,
    column: usize,
    width: usize,
    message: &str,
) -> (Rule, Span, String) {
    (rule, Span::new(line, column, width), message.to_owned())
}
