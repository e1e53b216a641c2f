//! Test support shared by the two fast readers (`conventions::markdown::fast`
//! and `yaml::fast`): each is checked against its full parser on sources
//! made of generated lines. Only the generated source and the count of
//! sources the fast reader took itself are common; each module keeps its
//! own lines and its own comparison (`agree`).

use std::cell::Cell;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Runs `agree` on `cases` sources of up to eleven lines drawn from
/// `line`, joined by newlines, with or without one at the end. `agree`
/// fails a case with the difference it found, or says whether the fast
/// reader read that source itself (rather than leaving it to the
/// parser). Returns how many it read: a caller asserts it is enough for
/// the agreement to mean something.
pub(crate) fn sources_read_alike(
    line: impl Strategy<Value = String>,
    cases: u32,
    agree: impl Fn(&str) -> Result<bool, String>,
) -> usize {
    let mut runner = TestRunner::new(Config {
        cases,
        ..Config::default()
    });
    let read = Cell::new(0usize);
    let source = (prop::collection::vec(line, 0..12), any::<bool>());
    runner
        .run(&source, |(lines, newline_at_end)| {
            let mut source = lines.join("\n");
            if newline_at_end {
                source.push('\n');
            }
            read.set(read.get() + usize::from(agree(&source).map_err(TestCaseError::fail)?));
            Ok(())
        })
        .unwrap();
    read.get()
}
