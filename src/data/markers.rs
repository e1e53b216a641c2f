//! The two markers `wengao next` writes into a rolled data file, which
//! `check` and `build` report until the writer has dealt with them. A leaf
//! module: the one-line metric parser reads the first, the rollover checks
//! both, and neither depends on the other for it.

/// A value left to fill: the whole value (`数值: 待填`), or the number
/// inside a one-line metric (`走访慰问 待填余人次`).
pub(crate) const TO_FILL: &str = "待填";
/// Opens a sentence to review.
pub(crate) const REVIEW: &str = "【待核】";
