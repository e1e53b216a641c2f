//! Character classes and number reading shared by the rules: what counts as
//! Chinese, which marks are full-width, and Chinese and Arabic numerals.

/// A Chinese character (CJK ideograph, any block in common use).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3134F}'
        | '〇')
}

/// A full-width punctuation mark or bracket of Chinese text.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}'
        | '\u{3008}'..='\u{3011}'
        | '\u{3014}'..='\u{301F}'
        | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}'
        | '\u{2014}' | '\u{2026}' | '\u{00B7}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}')
}

/// Chinese text: an ideograph or a full-width mark.
pub fn is_cjk(c: char) -> bool {
    is_han(c) || is_cjk_punct(c)
}

/// Spaces a draft may carry: ASCII, tab, ideographic and no-break spaces.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{3000}' | '\u{00A0}')
}

/// The points (点号) of Chinese text: the marks that end a clause or sentence.
pub const POINTS: [char; 7] = ['。', '，', '、', '；', '：', '？', '！'];

/// Where a clause ends: a point or a line break.
pub fn ends_clause(c: char) -> bool {
    POINTS.contains(&c) || c == '\n'
}

/// The value of a single Chinese digit; 两 counts as two.
pub fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a Chinese numeral from 1 to 99 at the start of `s` (一, 十, 十二,
/// 二十, 二十三, 两); returns its value and length in characters.
pub fn read_cn_number(s: &[char]) -> Option<(u32, usize)> {
    let first = *s.first()?;
    let digit_at = |i: usize| {
        s.get(i)
            .and_then(|&c| (c != '两').then(|| cn_digit(c)).flatten())
    };
    if first == '十' {
        return Some(match digit_at(1) {
            Some(d) => (10 + d, 2),
            None => (10, 1),
        });
    }
    let d = cn_digit(first)?;
    if first != '两' && s.get(1) == Some(&'十') {
        return Some(match digit_at(2) {
            Some(e) => (d * 10 + e, 3),
            None => (d * 10, 2),
        });
    }
    Some((d, 1))
}

/// Writes 1..=99 as a Chinese numeral (其他 values in Arabic digits).
pub fn cn(n: u32) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n as usize].to_owned(),
        10 => "十".to_owned(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// The end of an Arabic number (digits with an optional decimal part)
/// starting at `i`, or `None` if no digit is there.
pub fn number_end(s: &[char], i: usize) -> Option<usize> {
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
pub fn number_starts(s: &[char], i: usize) -> bool {
    s[i].is_ascii_digit()
        && (i == 0
            || !(s[i - 1].is_ascii_digit()
                || s[i - 1] == '.' && i >= 2 && s[i - 2].is_ascii_digit()))
}

/// Whether `s` has `word` at `i`.
pub fn has_at(s: &[char], i: usize, word: &str) -> bool {
    (i..).zip(word.chars()).all(|(j, w)| s.get(j) == Some(&w))
}

/// The characters of `s[range]` as a string.
pub fn collect(s: &[char]) -> String {
    s.iter().collect()
}

/// The end of the run of characters like `s[i]` (by `same`) from `i`.
pub fn run_end(s: &[char], i: usize, same: impl Fn(char) -> bool) -> usize {
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
    fn reads_chinese_numerals() {
        assert_eq!(read_cn_number(&v("一、")), Some((1, 1)));
        assert_eq!(read_cn_number(&v("十、")), Some((10, 1)));
        assert_eq!(read_cn_number(&v("十二、")), Some((12, 2)));
        assert_eq!(read_cn_number(&v("二十三是")), Some((23, 3)));
        assert_eq!(read_cn_number(&v("两个")), Some((2, 1)));
        assert_eq!(read_cn_number(&v("两十")), Some((2, 1)));
        assert_eq!(read_cn_number(&v("个")), None);
    }

    #[test]
    fn writes_chinese_numerals() {
        let written: Vec<String> = [1, 10, 12, 20, 35].into_iter().map(cn).collect();
        assert_eq!(written, ["一", "十", "十二", "二十", "三十五"]);
    }

    #[test]
    fn classes() {
        assert!(is_han('柳') && !is_han('，') && !is_han('a'));
        assert!(is_cjk_punct('，') && is_cjk_punct('“') && is_cjk_punct('（'));
        assert!(!is_cjk_punct('０') && !is_cjk_punct(','));
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
