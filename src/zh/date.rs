//! Dates as a 公文 prints them: `2026年10月8日` in Arabic numerals without
//! leading zeros (the 成文日期 of GB/T 9704), or `二〇二六年十月八日` in
//! Chinese numerals, as the date line under the title of a speech is often
//! written.

use chrono::{Datelike, NaiveDate};

use crate::conventions::numeral::{cn_digits, cn_numeral};

/// 2026-10-08 → 2026年10月8日.
pub(crate) fn date_cn(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// 2026-10-08 → 二〇二六年十月八日: the year digit by digit, month and day as
/// numerals (10 → 十, 31 → 三十一).
pub(crate) fn date_cn_upper(d: NaiveDate) -> String {
    // A dated document never falls before year 1, so the sign can be dropped.
    let year = cn_digits(u64::from(d.year().unsigned_abs()));
    let month = cn_numeral(u64::from(d.month()));
    let day = cn_numeral(u64::from(d.day()));
    format!("{year}年{month}月{day}日")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn arabic_dates_have_no_leading_zeros() {
        assert_eq!(date_cn(ymd(2026, 10, 8)), "2026年10月8日");
        assert_eq!(date_cn(ymd(2026, 6, 8)), "2026年6月8日");
        assert_eq!(date_cn(ymd(2026, 1, 31)), "2026年1月31日");
    }

    #[test]
    fn chinese_dates_read_the_year_digit_by_digit() {
        assert_eq!(date_cn_upper(ymd(2026, 10, 8)), "二〇二六年十月八日");
        assert_eq!(date_cn_upper(ymd(2026, 11, 11)), "二〇二六年十一月十一日");
        assert_eq!(date_cn_upper(ymd(2020, 12, 20)), "二〇二〇年十二月二十日");
        assert_eq!(date_cn_upper(ymd(2026, 1, 31)), "二〇二六年一月三十一日");
        assert_eq!(date_cn_upper(ymd(2026, 3, 10)), "二〇二六年三月十日");
    }
}
