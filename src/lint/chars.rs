//! Scanning helpers shared by the rules: clause ends, Arabic numbers, runs of
//! like characters. What counts as Chinese text and how Chinese numerals are
//! read live in [`crate::conventions`].

/// The points (点号) of Chinese text: the marks that end a clause or sentence.
pub(super) const POINTS: [char; 7] = ['。', '，', '、', '；', '：', '？', '！'];

/// Whether `c` is one of [`POINTS`]: a `match`, which compiles to a few
/// range checks where searching the list costs seven comparisons a
/// character (asked of every character of a draft).
pub(super) fn is_point(c: char) -> bool {
    matches!(c, '。' | '，' | '、' | '；' | '：' | '？' | '！')
}

/// Where a clause ends: a point or a line break.
pub(super) fn ends_clause(c: char) -> bool {
    is_point(c) || c == '\n'
}

/// The end of an Arabic number (digits with an optional decimal part)
/// starting at `i`, or `None` if no digit is there.
pub(super) fn number_end(s: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    while s.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    if j == i {
        return None;
    }
    if s.get(j) == Some(&'.') && s.get(j + 1).is_some_and(char::is_ascii_digit) {
        j += 1;
        while s.get(j).is_some_and(char::is_ascii_digit) {
            j += 1;
        }
    }
    Some(j)
}

/// Whether an Arabic number may start at `i`: a digit not continuing another
/// number (`12` starts at the 1 only).
pub(super) fn number_starts(s: &[char], i: usize) -> bool {
    s[i].is_ascii_digit()
        && (i == 0
            || !(s[i - 1].is_ascii_digit()
                || s[i - 1] == '.' && i >= 2 && s[i - 2].is_ascii_digit()))
}

/// Whether `s` has `word` at `i`.
pub(super) fn has_at(s: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(j, w)| s.get(j) == Some(&w))
}

/// The characters of `s[range]` as a string.
pub(super) fn collect(s: &[char]) -> String {
    s.iter().collect()
}

/// The end of the run of characters like `s[i]` (by `same`) from `i`.
pub(super) fn run_end(s: &[char], i: usize, same: impl Fn(char) -> bool) -> usize {
    let mut j = i;
    while j < s.len() && same(s[j]) {
        j += 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn is_point_is_exactly_the_points() {
        for c in ('\0'..='\u{FFFF}').chain(['\u{1F600}', '\u{20000}']) {
            assert_eq!(is_point(c), POINTS.contains(&c), "{c:?}");
        }
    }

    #[test]
    fn numbers() {
        let s = v("共12.5亿元3.");
        assert_eq!(number_end(&s, 1), Some(5));
        assert!(number_starts(&s, 1) && !number_starts(&s, 2) && !number_starts(&s, 4));
        assert_eq!(number_end(&s, 7), Some(8));
        assert_eq!(number_end(&s, 0), None);
    }
}
