//! Chinese text helpers for drafting 公文: numerals, numbers as offices write
//! them, comparison phrases, dates, report periods, enumerations and
//! punctuation. Every function here is pure; [`filters`] exposes them to
//! templates. The rules they implement are those of `docs/conventions.md` (GB/T
//! 15835-2011 for numbers, GB/T 15834-2011 for punctuation).

pub(crate) mod compare;
pub(crate) mod date;
pub(crate) mod enumerate;
pub(crate) mod filters;
pub(crate) mod number;
pub(crate) mod period;
pub(crate) mod text;
