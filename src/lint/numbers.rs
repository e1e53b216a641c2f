//! Numbers by GB/T 15835 as docs/conventions.md "Numbers" applies it: `4千`, ranges without
//! their unit, doubled approximations, `余` before `万`, `增长-5%`,
//! full-width digits, and the forms of dates.

use super::chars::{collect, ends_clause, has_at, number_end, number_starts};
use super::{DateWhy, DraftIssue, Hit};
use crate::conventions::script::{is_han, is_space};

/// Units that 千 starts (千米, 千瓦……): `5千米` is a measure, not `5000米`.
const QIAN_UNITS: &str = "米克瓦伏帕字卡焦兆赫升";

/// `number` (digits, maybe a decimal part) times 10^`k`, as digits.
fn shift(number: &str, k: usize) -> String {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let mut frac = frac.to_owned();
    while frac.len() < k {
        frac.push('0');
    }
    let (moved, rest) = frac.split_at(k);
    let whole = format!("{int}{moved}");
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    if rest.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{rest}")
    }
}

/// `4千`, `3百人`, `5百万`: Arabic digits with 千 or 百. Not the units
/// `千米` `千克` `千瓦`…, nor `百分点` `百分之`.
pub(super) fn qian_bai(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..s.len() {
        if !number_starts(s, i) {
            continue;
        }
        let Some(e) = number_end(s, i) else { continue };
        let k = match s.get(e) {
            Some('千') => 3,
            Some('百') => 2,
            _ => continue,
        };
        let next = s.get(e + 1).copied();
        if s[e] == '千' && next.is_some_and(|c| QIAN_UNITS.contains(c)) {
            continue;
        }
        if s[e] == '百' && next == Some('分') {
            continue;
        }
        let mut end = e + 1;
        let mut fix = shift(&collect(&s[i..e]), k);
        if let Some(u @ ('万' | '亿')) = next {
            end += 1;
            fix.push(u);
        }
        hits.push(Hit::new(i..end, DraftIssue::QianBai { fix }));
    }
    hits
}

const RANGE_SEPARATORS: [char; 7] = ['～', '~', '〜', '至', '—', '-', '–'];

/// Whether `c` joins the two numbers of a range (`15～30%`, `3至5万`).
pub(super) fn is_range_separator(c: char) -> bool {
    RANGE_SEPARATORS.contains(&c)
}

/// The minus signs [`growth_sign`] reports after a word of change.
pub(super) fn is_minus(c: char) -> bool {
    matches!(c, '-' | '－' | '−')
}

/// `15～30%`, `9～16亿元`: a range whose unit (%, ‰, 万, 亿) is written only
/// at the end. Other units may be shared (`300～500人`, `2021—2025年`).
/// Every hit has a digit right before a [`is_range_separator`] mark.
pub(super) fn range_unit(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..s.len() {
        if !number_starts(s, i) || (i > 0 && is_range_separator(s[i - 1])) {
            continue;
        }
        let Some(a) = number_end(s, i) else { continue };
        let Some(&sep) = s.get(a).filter(|&&c| is_range_separator(c)) else {
            continue;
        };
        let Some(c) = number_end(s, a + 1) else {
            continue;
        };
        let unit = if has_at(s, c, "万亿") {
            "万亿"
        } else {
            match s.get(c) {
                Some('%') => "%",
                Some('‰') => "‰",
                Some('万') => "万",
                Some('亿') => "亿",
                _ => continue,
            }
        };
        let mut end = c + unit.chars().count();
        let mut tail = "";
        if unit.starts_with(['万', '亿']) && s.get(end) == Some(&'元') {
            end += 1;
            tail = "元";
        }
        let fix = format!(
            "{}{unit}{sep}{}{unit}{tail}",
            collect(&s[i..a]),
            collect(&s[a + 1..c])
        );
        hits.push(Hit::new(i..end, DraftIssue::RangeUnit { fix }));
    }
    hits
}

/// Characters before 约 that make it part of a word (节约, 制约, 签约……).
const YUE_WORDS: &str = "节制签邀预契公条违履相特隐婉简俭盟践失赴守解誓和";
/// What a number after 约 may be made of.
const NUMBER_CHARS: &str = "0123456789.一二两三四五六七八九十百千万亿半几";

/// `约300人左右`, `约300余人`: 约 with 左右, 余 or 多 in the same clause.
pub(super) fn approx_redundant(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..s.len() {
        if s[i] != '约' || (i > 0 && YUE_WORDS.contains(s[i - 1])) {
            continue;
        }
        let mut j = i + 1;
        while s.get(j).is_some_and(|&c| is_space(c)) {
            j += 1;
        }
        let start = j;
        while s.get(j).is_some_and(|&c| NUMBER_CHARS.contains(c)) {
            j += 1;
        }
        if j == start
            || !s[start].is_ascii_digit() && !"一二两三四五六七八九十半几".contains(s[start])
        {
            continue;
        }
        if let Some(&w @ ('余' | '多')) = s.get(j) {
            let with = if w == '余' { "余" } else { "多" };
            let fix = collect(&s[start..=j]);
            hits.push(Hit::new(
                i..j + 1,
                DraftIssue::ApproxRedundant { with, fix },
            ));
            continue;
        }
        let mut k = j;
        while k < s.len() && !ends_clause(s[k]) && k - j < 20 {
            if has_at(s, k, "左右") {
                let fix = collect(&s[i..k]);
                let problem = DraftIssue::ApproxRedundant {
                    with: "左右", fix
                };
                hits.push(Hit::new(i..k + 2, problem));
                break;
            }
            k += 1;
        }
    }
    hits
}

/// `1234余万元` for `1234万余元`: 余/多 belongs after 万/亿 when the number
/// is not round (`20余万` is an accepted approximation).
pub(super) fn approx_order(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..s.len() {
        if !number_starts(s, i) {
            continue;
        }
        let Some(e) = number_end(s, i) else { continue };
        let (Some(&w @ ('余' | '多')), Some(&u @ ('万' | '亿'))) = (s.get(e), s.get(e + 1))
        else {
            continue;
        };
        if e - i < 2 || s[e - 1] == '0' {
            continue;
        }
        let mut end = e + 2;
        let mut fix = format!("{}{u}{w}", collect(&s[i..e]));
        if let Some(&c) = s.get(end).filter(|c| is_han(**c)) {
            fix.push(c);
            end += 1;
        }
        hits.push(Hit::new(i..end, DraftIssue::ApproxOrder { fix }));
    }
    hits
}

const GROWTH_WORDS: [(&str, &str); 8] = [
    ("增长", "下降"),
    ("提高", "降低"),
    ("上升", "下降"),
    ("增加", "减少"),
    ("提升", "下降"),
    ("下降", "增长"),
    ("降低", "提高"),
    ("减少", "增加"),
];

/// `增长-5.2%` for `下降5.2%`: a minus sign ([`is_minus`]) after a word
/// that already says up or down.
pub(super) fn growth_sign(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..s.len() {
        let Some(&(word, opposite)) = GROWTH_WORDS.iter().find(|(w, _)| has_at(s, i, w)) else {
            continue;
        };
        let mut j = i + word.chars().count();
        let le = s.get(j) == Some(&'了');
        if le {
            j += 1;
        }
        if !s.get(j).is_some_and(|&c| is_minus(c)) {
            continue;
        }
        let Some(mut e) = number_end(s, j + 1) else {
            continue;
        };
        if s.get(e) == Some(&'%') {
            e += 1;
        }
        let fix = format!(
            "{opposite}{}{}",
            if le { "了" } else { "" },
            collect(&s[j + 1..e])
        );
        hits.push(Hit::new(i..e, DraftIssue::GrowthSign { fix }));
    }
    hits
}

/// `２０２６`: full-width digits, which GB/T 15835 writes half-width.
pub(super) fn fullwidth_digits(s: &[char]) -> Vec<Hit> {
    let fw = |c: char| ('０'..='９').contains(&c);
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !fw(s[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < s.len() && (fw(s[j]) || s[j] == '．' && s.get(j + 1).is_some_and(|&c| fw(c))) {
            j += 1;
        }
        let fix = s[i..j]
            .iter()
            .map(|&c| match c {
                '．' => '.',
                c => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            })
            .collect();
        hits.push(Hit::new(i..j, DraftIssue::FullwidthDigit { fix }));
        i = j;
    }
    hits
}

/// The end of the run of ASCII digits at `i` (`i` itself if none).
fn digits_end(s: &[char], i: usize) -> usize {
    let mut j = i;
    while s.get(j).is_some_and(char::is_ascii_digit) {
        j += 1;
    }
    j
}

fn value(s: &[char]) -> u32 {
    collect(s).parse().unwrap_or(0)
}

fn trim_zeros(s: &[char]) -> String {
    let t = collect(s);
    let t = t.trim_start_matches('0');
    if t.is_empty() { "0".into() } else { t.into() }
}

/// A date starting at `i`: its end, the right form, and what is wrong.
fn date_at(s: &[char], i: usize) -> Option<(usize, Option<String>, DateWhy)> {
    let e1 = digits_end(s, i);
    let first = &s[i..e1];
    // 2026-10-08, 2026/10/8, 2026.10.8
    if first.len() == 4
        && (has_at(first, 0, "19") || has_at(first, 0, "20"))
        && let Some(&sep @ ('-' | '/' | '.')) = s.get(e1)
    {
        let e2 = digits_end(s, e1 + 1);
        let e3 = digits_end(s, e2 + 1);
        let fits = (1..=2).contains(&(e2 - e1 - 1))
            && s.get(e2) == Some(&sep)
            && (1..=2).contains(&(e3 - e2 - 1));
        let latin = i > 0 && s[i - 1].is_ascii_alphabetic()
            || s.get(e3).is_some_and(char::is_ascii_alphanumeric);
        let decimal = s.get(e3) == Some(&'.') && s.get(e3 + 1).is_some_and(char::is_ascii_digit);
        if fits && !latin && !decimal {
            let (m, d) = (&s[e1 + 1..e2], &s[e2 + 1..e3]);
            if !(1..=12).contains(&value(m)) || !(1..=31).contains(&value(d)) {
                return Some((e3, None, DateWhy::Invalid));
            }
            let fix = format!("{}年{}月{}日", collect(first), trim_zeros(m), trim_zeros(d));
            return Some((e3, Some(fix), DateWhy::Separator));
        }
        return None;
    }
    // 2026年6月8日, 6月8日
    let (year, month_at) = match s.get(e1) {
        Some('年') => (Some(first), e1 + 1),
        Some('月') => (None, i),
        _ => return None,
    };
    let me = digits_end(s, month_at);
    if me == month_at || s.get(me) != Some(&'月') {
        return None;
    }
    let month = &s[month_at..me];
    let mut end = me + 1;
    let de = digits_end(s, end);
    let day = (de > end && matches!(s.get(de), Some('日' | '号'))).then(|| (&s[end..de], s[de]));
    if let Some((d, _)) = day {
        end += d.len() + 1;
    }
    let padded = |p: &[char]| p.len() >= 2 && p[0] == '0';
    let invalid = !(1..=12).contains(&value(month))
        || day.is_some_and(|(d, _)| !(1..=31).contains(&value(d)));
    let short_year = year.is_some_and(|y| y.len() == 2);
    let why = if invalid {
        DateWhy::Invalid
    } else if short_year {
        DateWhy::TwoDigitYear
    } else if padded(month) || day.is_some_and(|(d, _)| padded(d)) {
        DateWhy::LeadingZero
    } else if day.is_some_and(|(_, c)| c == '号') {
        DateWhy::Hao
    } else {
        return None;
    };
    if why == DateWhy::Invalid {
        return Some((end, None, why));
    }
    let mut fix = String::new();
    if let Some(y) = year {
        if y.len() == 2 {
            fix.push_str(if value(y) < 70 { "20" } else { "19" });
        }
        fix.push_str(&collect(y));
        fix.push('年');
    }
    fix.push_str(&format!("{}月", trim_zeros(month)));
    if let Some((d, _)) = day {
        fix.push_str(&format!("{}日", trim_zeros(d)));
    }
    Some((end, Some(fix), why))
}

/// Whether `c` after a digit may make it part of a date [`dates`]
/// reports: every such date has digits followed by `月` (`6月`,
/// `2026年06月`) or by the separator of `2026-10-08`, `2026/10/8`,
/// `2026.10.8`.
pub(super) fn may_follow_date_digits(c: char) -> bool {
    matches!(c, '月' | '-' | '/' | '.')
}

/// `2026年06月08日`, `26年6月`, `2026-10-08`, `10月8号`, `2026年13月`.
pub(super) fn dates(s: &[char]) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !number_starts(s, i) {
            i += 1;
            continue;
        }
        match date_at(s, i) {
            Some((end, fix, why)) => {
                hits.push(Hit::new(i..end, DraftIssue::DateFormat { fix, why }));
                i = end;
            }
            None => i = digits_end(s, i).max(i + 1),
        }
    }
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn fixes(hits: Vec<Hit>) -> Vec<(std::ops::Range<usize>, String)> {
        hits.into_iter()
            .map(|h| {
                let fix = match h.problem {
                    DraftIssue::QianBai { fix }
                    | DraftIssue::RangeUnit { fix }
                    | DraftIssue::ApproxRedundant { fix, .. }
                    | DraftIssue::ApproxOrder { fix }
                    | DraftIssue::GrowthSign { fix }
                    | DraftIssue::FullwidthDigit { fix } => fix,
                    DraftIssue::DateFormat { fix, .. } => fix.unwrap_or_default(),
                    other => format!("{other:?}"),
                };
                (h.range, fix)
            })
            .collect()
    }

    #[test]
    fn shifts_decimal_point() {
        assert_eq!(shift("4", 3), "4000");
        assert_eq!(shift("1.5", 3), "1500");
        assert_eq!(shift("0.25", 2), "25");
        assert_eq!(shift("1.2345", 2), "123.45");
    }

    #[test]
    fn qian_bai_numbers() {
        assert_eq!(
            fixes(qian_bai(&v("4千人，3百人，5百万元"))),
            [
                (0..2, "4000".into()),
                (4..6, "300".into()),
                (8..11, "500万".into())
            ]
        );
        assert!(qian_bai(&v("5千米，3千瓦，2百分点，4千克，三千人")).is_empty());
    }

    #[test]
    fn ranges_need_both_units() {
        assert_eq!(
            fixes(range_unit(&v("15～30%，9～16亿元，3至5万人"))),
            [
                (0..6, "15%～30%".into()),
                (7..13, "9亿～16亿元".into()),
                (14..18, "3万至5万".into())
            ]
        );
        assert!(range_unit(&v("15%～30%，9亿～16亿元，2021—2025年，300～500人")).is_empty());
    }

    #[test]
    fn approximations() {
        assert_eq!(
            fixes(approx_redundant(&v("约300人左右，约300余人"))),
            [(0..7, "约300人".into()), (8..13, "300余".into())]
        );
        assert!(approx_redundant(&v("约300人，300人左右，节约一半左右，制约三方面")).is_empty());
        assert_eq!(
            fixes(approx_order(&v("1234余万元"))),
            [(0..7, "1234万余元".into())]
        );
        assert!(approx_order(&v("20余万人，1234万余元")).is_empty());
    }

    #[test]
    fn growth_with_minus() {
        assert_eq!(
            fixes(growth_sign(&v("同比增长-5.2%"))),
            [(2..9, "下降5.2%".into())]
        );
        assert!(growth_sign(&v("同比下降5.2%，温差-3℃")).is_empty());
    }

    #[test]
    fn fullwidth() {
        assert_eq!(
            fixes(fullwidth_digits(&v("２０２６年，３．５"))),
            [(0..4, "2026".into()), (6..9, "3.5".into())]
        );
        assert!(fullwidth_digits(&v("2026年")).is_empty());
    }

    #[test]
    fn date_forms() {
        assert_eq!(
            fixes(dates(&v(
                "2026年06月08日，26年6月，2026-10-08，2026/10/8，10月8号"
            ))),
            [
                (0..11, "2026年6月8日".into()),
                (12..17, "2026年6月".into()),
                (18..28, "2026年10月8日".into()),
                (29..38, "2026年10月8日".into()),
                (39..44, "10月8日".into()),
            ]
        );
        let h = dates(&v("2026年13月"));
        assert_eq!(
            h[0].problem,
            DraftIssue::DateFormat {
                fix: None,
                why: DateWhy::Invalid
            }
        );
        assert!(
            dates(&v(
                "2026年6月8日，工作26年，3.5，1.2.3，v2026.10.8，2026年1—6月"
            ))
            .is_empty()
        );
    }
}
