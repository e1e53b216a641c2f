//! Escaping for the XML the package writes as text.

use std::borrow::Cow;

/// Escapes text for an XML attribute or element (or HTML).
pub(crate) fn escape(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out.into()
}

/// Appends `text` escaped as [`escape`] does to `out`: the stretches
/// between markup characters are copied whole, with no buffer between.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    // Most text holds no markup: two vectorised searches say so.
    let bytes = text.as_bytes();
    if memchr::memchr3(b'&', b'<', b'>', bytes).is_none()
        && memchr::memchr2(b'"', b'\'', bytes).is_none()
    {
        out.push_str(text);
        return;
    }
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        // Markup characters are ASCII: `at` is a character boundary.
        out.push_str(&text[start..at]);
        out.push_str(entity);
        start = at + 1;
    }
    out.push_str(&text[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        #[test]
        fn escape_into_appends_what_escape_gives(
            before in "[a<]{0,2}",
            text in proptest::collection::vec(
                proptest::sample::select("&<>\"'a文“；\t\n😀".chars().collect::<Vec<_>>()),
                0..16,
            )
        ) {
            let text: String = text.into_iter().collect();
            let mut out = before.clone();
            escape_into(&mut out, &text);
            proptest::prop_assert_eq!(out, format!("{before}{}", escape(&text)));
        }
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape(r#"<a & "b">"#), "&lt;a &amp; &quot;b&quot;&gt;");
    }
}
