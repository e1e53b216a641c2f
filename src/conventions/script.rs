//! Which characters are Chinese text, and which no input may hold: the one
//! definition the loader, the lint, the DOCX converter and the line-joining
//! rule share (docs/conventions.md "Punctuation" and "Joining lines").

/// Marks shared between Chinese and Latin text: curly quotes, the em dash,
/// the ellipsis and the middle dot. In a 公文 they are full-width (Word draws
/// them in the Latin font unless told otherwise, see `docx::text`).
pub(crate) const SHARED_MARKS: [char; 7] = ['“', '”', '‘', '’', '—', '…', '·'];

/// The CJK unified ideographs, the block nearly every character of a
/// draft is in: asked first by [`is_han`], and alone by the lint's quick
/// path for them.
pub(crate) const UNIFIED_IDEOGRAPHS: std::ops::RangeInclusive<char> = '\u{4E00}'..='\u{9FFF}';

/// A Chinese character: a CJK ideograph of any block in common use, the
/// radicals, `〇` and the iteration mark `々`.
pub(crate) fn is_han(c: char) -> bool {
    // The unified ideographs first: nearly every character of a draft is
    // one, and the lint's scans ask this of each character.
    UNIFIED_IDEOGRAPHS.contains(&c)
        || matches!(c,
            '\u{2E80}'..='\u{2FDF}'     // radicals
            | '\u{3005}' | '\u{3007}'   // 々 〇
            | '\u{3400}'..='\u{4DBF}'   // extension A
            | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
            | '\u{20000}'..='\u{3FFFF}' // extensions B and later
        )
}

/// A full-width punctuation mark or bracket of Chinese text (the shared
/// marks included, since a 公文 sets them full-width).
pub(crate) fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{FE10}'..='\u{FE19}'   // vertical forms
        | '\u{FE30}'..='\u{FE4F}'   // compatibility forms
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
        || SHARED_MARKS.contains(&c)
}

/// Chinese text: an ideograph, a full-width mark, or anything else set in
/// the East Asian font at full width (CJK symbols, kana, full-width letters
/// and digits). Between two such characters, or one and a Latin one, a 公文
/// has no space.
pub(crate) fn is_cjk(c: char) -> bool {
    is_han(c)
        || is_cjk_punct(c)
        || matches!(c,
            '\u{2E80}'..='\u{303F}'   // radicals, CJK symbols and punctuation
            | '\u{3040}'..='\u{9FFF}' // kana, enclosed forms, ideographs
            | '\u{FF00}'..='\u{FFEF}' // full-width and half-width forms
        )
}

/// Spaces a draft may carry: ASCII, tab, ideographic and no-break spaces.
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{00A0}')
}

/// A character an input file has no business holding, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Forbidden {
    /// A control character (C0 but tab and line ends, DEL, C1 including
    /// U+0085) or a non-character U+FFFE/U+FFFF: invisible, and XML — so a
    /// DOCX — cannot carry most of them.
    Control,
    /// An embedding, override or isolate (U+202A–202E, U+2066–2069): it
    /// reorders how the text around it is shown ("Trojan Source").
    Bidi,
}

/// Whether `c` is refused in input text, and as what.
pub(crate) fn forbidden(c: char) -> Option<Forbidden> {
    if c.is_control() && !matches!(c, '\n' | '\r' | '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
        Some(Forbidden::Control)
    } else if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
        Some(Forbidden::Bidi)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_ideographs() {
        assert!(is_han('柳') && is_han('〇') && is_han('々') && is_han('\u{20000}'));
        assert!(!is_han('，') && !is_han('a') && !is_han('１'));
    }

    #[test]
    fn full_width_marks() {
        assert!(is_cjk_punct('，') && is_cjk_punct('“') && is_cjk_punct('（'));
        assert!(is_cjk_punct('—') && is_cjk_punct('…') && is_cjk_punct('·'));
        assert!(!is_cjk_punct('０') && !is_cjk_punct(',') && !is_cjk_punct('柳'));
    }

    #[test]
    fn chinese_text_includes_full_width_forms() {
        for c in ['柳', '，', '”', '１', 'Ａ', '\u{3000}', 'の', '㈠'] {
            assert!(is_cjk(c), "{c:?}");
        }
        for c in ['a', '1', ',', ' ', 'é', '%'] {
            assert!(!is_cjk(c), "{c:?}");
        }
    }

    #[test]
    fn forbidden_characters_are_controls_non_characters_and_bidi() {
        for c in [
            '\0', '\u{7}', '\u{1B}', '\u{7F}', '\u{85}', '\u{9F}', '\u{FFFF}',
        ] {
            assert_eq!(forbidden(c), Some(Forbidden::Control), "{c:?}");
        }
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert_eq!(forbidden(c), Some(Forbidden::Bidi), "{c:?}");
        }
        for c in ['\n', '\r', '\t', '柳', '\u{2028}', '\u{200D}'] {
            assert_eq!(forbidden(c), None, "{c:?}");
        }
    }
}
