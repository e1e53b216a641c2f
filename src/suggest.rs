//! "Did you mean …?": the known name closest to a mistyped one, used for
//! data keys, metric references and lint rule names alike.

/// The known name closest to a mistyped one, if any is close enough.
pub(crate) fn suggest<'a>(key: &str, candidates: &'a [String]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(key, c), c))
        .filter(|(d, c)| *d > 0 && *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestion_needs_a_close_match() {
        let keys = vec!["value".to_string(), "unit".to_string()];
        assert_eq!(suggest("vlaue", &keys), Some("value"));
        assert_eq!(suggest("region", &keys), None);
    }
}
