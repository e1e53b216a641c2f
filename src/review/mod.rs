//! Review: a reviewer's edits to a draft carried into the next build.
//!
//! * `merge`: the sentence-level three-way merge, and the placing of edits
//!   made in Word onto the Markdown;
//! * `carry`: what `build` writes for one draft when its last version was
//!   edited — the merged draft, or nothing and the conflicts.
//!
//! The base of the merge is what wengao rendered last time, kept in the
//! output folder under [`carry::BASE_DIR`] beside the manifest.

pub(crate) mod carry;
pub(crate) mod merge;
