//! The 公文 conventions, each defined once: which characters are Chinese
//! text, Chinese numerals, the heading numbering hierarchy, how a line break
//! joins, how a draft's Markdown is read into blocks, and what each block
//! of a draft is. The templates (through
//! `zh::filters`), the lint and the DOCX converter all call these; the rules
//! themselves are written down in `docs/conventions.md`, with the clause of
//! GB/T 9704-2012, GB/T 15834-2011 or GB/T 15835-2011 each comes from.
//!
//! A module of its own rather than part of `zh` because `zh` holds the
//! phrasing helpers the templates print with, while these are the structural
//! rules the readers of a finished draft (lint, DOCX) must agree on.

pub mod blocks;
pub(crate) mod document;
pub(crate) mod lines;
pub(crate) mod markdown;
pub(crate) mod numbering;
pub(crate) mod numeral;
pub(crate) mod script;
#[allow(
    dead_code,
    reason = "used by `wengao diff`, which follows in the next commits"
)]
pub(crate) mod sentences;
