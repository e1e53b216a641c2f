//! Chinese numerals, written and read: counts written in characters
//! (`三点意见`, `十二项`), years read digit by digit (`二〇二六年`), and the
//! numerals of headings and enumerations read back from a draft
//! (docs/conventions.md "Numbers").
//!
//! Numerals follow the modern standard reading: zeros inside a number are read
//! once (`一千零一`), a leading `一十` is shortened to `十` (`十一`, `十万`) but
//! kept inside a number (`一百一十`), and sections above 万 are grouped by
//! 万 and 亿 (`一万亿` for 10^12, `一亿亿` for 10^16).

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const WAN: u64 = 10_000;
const YI: u64 = 100_000_000;

/// `n` in standard Chinese numerals: 105 → 一百零五, 100010 → 十万零一十.
pub(crate) fn cn_numeral(n: u64) -> String {
    let mut out = String::new();
    push_cn_numeral(&mut out, n);
    out
}

/// Appends [`cn_numeral`]`(n)` to `out`, without a string of its own.
pub(crate) fn push_cn_numeral(out: &mut String, n: u64) {
    if n == 0 {
        out.push('零');
    } else {
        write_numeral(out, n, true);
    }
}

/// Writes a non-zero `n`. `leading` is whether it starts the whole numeral,
/// the only place where 一十 becomes 十.
fn write_numeral(out: &mut String, n: u64, leading: bool) {
    // 亿 and 万 split the number into a high part with a magnitude and a low
    // part that needs a 零 when its own leading digit is missing.
    for (unit, name) in [(YI, '亿'), (WAN, '万')] {
        if n >= unit {
            write_numeral(out, n / unit, leading);
            out.push(name);
            let low = n % unit;
            if low > 0 {
                if low < unit / 10 {
                    out.push('零');
                }
                write_numeral(out, low, false);
            }
            return;
        }
    }
    write_below_wan(out, n, leading);
}

/// Writes 1..=9999.
fn write_below_wan(out: &mut String, n: u64, leading: bool) {
    const UNITS: [&str; 4] = ["千", "百", "十", ""];
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut started = false;
    let mut pending_zero = false;
    for (position, (&digit, unit)) in digits.iter().zip(UNITS).enumerate() {
        if digit == 0 {
            pending_zero |= started;
            continue;
        }
        if pending_zero {
            out.push('零');
            pending_zero = false;
        }
        let is_leading_ten = leading && !started && position == 2 && digit == 1;
        if !is_leading_ten {
            out.push(DIGITS[digit as usize]);
        }
        out.push_str(unit);
        started = true;
    }
}

/// `n` digit by digit with 〇 for zero, as years are read: 2026 → 二〇二六.
pub(crate) fn cn_digits(n: u64) -> String {
    n.to_string()
        .chars()
        .map(|c| match c {
            '0' => '〇',
            c => DIGITS[c as usize - '0' as usize],
        })
        .collect()
}

/// A count followed by a measure word: (3, "点") → 三点, (2, "点") → 两点.
///
/// Before a measure word a lone 2 is read 两; inside larger numbers it stays
/// 二 (十二项, 二十条). With an empty `measure` the bare numeral is returned
/// (二, since 两 never stands alone).
///
/// Returns `None` for 0: "零点意见" is never what a draft means, so a zero
/// count is a mistake in the caller's data and must be reported there.
pub(crate) fn count_word(n: u64, measure: &str) -> Option<String> {
    match n {
        0 => None,
        2 if !measure.is_empty() => Some(format!("两{measure}")),
        _ => Some(format!("{}{measure}", cn_numeral(n))),
    }
}

/// The value of a single Chinese digit; 两 counts as two.
pub(crate) fn cn_digit(c: char) -> Option<u32> {
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
/// 二十, 二十三, 两); returns its value and length in characters. 两 stands
/// only alone (两个), never before 十 or as a unit digit.
pub(crate) fn read_cn_number(s: &[char]) -> Option<(u32, usize)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_numbers_and_the_leading_ten() {
        let cases = [
            (0, "零"),
            (1, "一"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (19, "十九"),
            (20, "二十"),
            (99, "九十九"),
        ];
        for (n, want) in cases {
            assert_eq!(cn_numeral(n), want, "{n}");
        }
    }

    #[test]
    fn zeros_inside_a_number_are_read_once() {
        let cases = [
            (100, "一百"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (1100, "一千一百"),
            (2000, "二千"),
            (9999, "九千九百九十九"),
        ];
        for (n, want) in cases {
            assert_eq!(cn_numeral(n), want, "{n}");
        }
    }

    #[test]
    fn wan_and_yi_sections() {
        let cases = [
            (10_000, "一万"),
            (10_001, "一万零一"),
            (10_100, "一万零一百"),
            (11_000, "一万一千"),
            (100_000, "十万"),
            (100_010, "十万零一十"),
            (110_000, "十一万"),
            (1_000_000, "一百万"),
            (100_000_000, "一亿"),
            (100_100_000, "一亿零一十万"),
            (120_000_000, "一亿二千万"),
            (100_001_234, "一亿零一千二百三十四"),
            (1_000_000_000, "十亿"),
            (1_000_000_000_000, "一万亿"),
            (
                999_999_999_999,
                "九千九百九十九亿九千九百九十九万九千九百九十九",
            ),
            (10_000_000_000_000_000, "一亿亿"),
        ];
        for (n, want) in cases {
            assert_eq!(cn_numeral(n), want, "{n}");
        }
    }

    #[test]
    fn largest_u64_does_not_overflow() {
        assert_eq!(
            cn_numeral(u64::MAX),
            "一千八百四十四亿六千七百四十四万零七百三十七亿\
             零九百五十五万一千六百一十五"
        );
    }

    #[test]
    fn digits_read_one_by_one_with_ling_circle() {
        assert_eq!(cn_digits(2026), "二〇二六");
        assert_eq!(cn_digits(2000), "二〇〇〇");
        assert_eq!(cn_digits(0), "〇");
        assert_eq!(cn_digits(1949), "一九四九");
    }

    #[test]
    fn counts_use_liang_only_for_a_lone_two() {
        assert_eq!(count_word(3, "点").as_deref(), Some("三点"));
        assert_eq!(count_word(2, "点").as_deref(), Some("两点"));
        assert_eq!(count_word(12, "项").as_deref(), Some("十二项"));
        assert_eq!(count_word(20, "条").as_deref(), Some("二十条"));
        assert_eq!(count_word(22, "条").as_deref(), Some("二十二条"));
        assert_eq!(count_word(1, "个").as_deref(), Some("一个"));
        assert_eq!(count_word(2, "").as_deref(), Some("二"));
        assert_eq!(count_word(0, "点"), None);
    }

    #[test]
    fn reads_chinese_numerals() {
        let v = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(read_cn_number(&v("一、")), Some((1, 1)));
        assert_eq!(read_cn_number(&v("十、")), Some((10, 1)));
        assert_eq!(read_cn_number(&v("十二、")), Some((12, 2)));
        assert_eq!(read_cn_number(&v("二十三是")), Some((23, 3)));
        assert_eq!(read_cn_number(&v("两个")), Some((2, 1)));
        assert_eq!(read_cn_number(&v("两十")), Some((2, 1)));
        assert_eq!(read_cn_number(&v("个")), None);
    }

    #[test]
    fn reading_inverts_writing_up_to_99() {
        for n in 1..=99u32 {
            let written: Vec<char> = cn_numeral(u64::from(n)).chars().collect();
            assert_eq!(read_cn_number(&written), Some((n, written.len())), "{n}");
        }
    }
}
