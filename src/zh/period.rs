//! Report periods (`2026-Q3`, `2026-H1`, `2026`) and how a report names
//! them: a Q3 report covers January to September, so it speaks of
//! 前三季度; the same quarter on its own is 三季度.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::de::{self, Deserialize, Deserializer, Unexpected, Visitor};

/// The earliest and latest years a period may have.
pub(crate) const FIRST_YEAR: i32 = 1949;
pub(crate) const LAST_YEAR: i32 = 2100;

/// What a period looks like, for deserialization errors.
const EXPECTED: &str = "报告期，如 2026-Q3、2026-H1 或 2026";

/// A reporting period. Build it with [`Period::new`] or by parsing; the
/// fields are public for matching, and the methods panic on a span that
/// [`Period::new`] would refuse (Q0, H3, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    pub span: PeriodSpan,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeriodSpan {
    /// Quarter 1..=4.
    Quarter(u8),
    /// Half 1..=2.
    Half(u8),
    Year,
}

/// How [`Period::label`] names a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LabelStyle {
    /// What a report for the period covers, from January on: Q3 → 前三季度.
    Cumulative,
    /// The period alone: Q3 → 三季度, H2 → 下半年.
    Single,
    /// 今年以来, or 今年 for a whole year.
    Since,
    /// The cumulative label with its year: 2026年前三季度; 2026年 when the
    /// report covers the whole year.
    WithYear,
}

/// Why a text is not a period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParsePeriodError {
    /// Not of the form 2026-Q3, 2026-H1 or 2026 (this includes Q5 and H3).
    Format(String),
    /// A year outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    Year(i64),
}

impl fmt::Display for ParsePeriodError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParsePeriodError::Format(input) => write!(
                f,
                "无法识别报告期“{input}”，应写成 2026-Q3（季度，Q1～Q4）、\
                 2026-H1（半年，H1或H2）或 2026（全年）"
            ),
            ParsePeriodError::Year(year) => {
                write!(f, "报告期的年份{year}不在{FIRST_YEAR}—{LAST_YEAR}年之间")
            }
        }
    }
}

impl std::error::Error for ParsePeriodError {}

impl Period {
    /// A period, if the year and span are in range.
    pub fn new(year: i32, span: PeriodSpan) -> Result<Period, ParsePeriodError> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(ParsePeriodError::Year(year.into()));
        }
        let valid = match span {
            PeriodSpan::Quarter(q) => (1..=4).contains(&q),
            PeriodSpan::Half(h) => (1..=2).contains(&h),
            PeriodSpan::Year => true,
        };
        if !valid {
            return Err(ParsePeriodError::Format(Period { year, span }.to_string()));
        }
        Ok(Period { year, span })
    }

    /// The period's name in a sentence; see [`LabelStyle`].
    pub fn label(self, style: LabelStyle) -> String {
        match style {
            LabelStyle::Cumulative => self.cumulative().to_owned(),
            LabelStyle::Single => self.single().to_owned(),
            LabelStyle::Since if self.span == PeriodSpan::Year => "今年".to_owned(),
            LabelStyle::Since => "今年以来".to_owned(),
            LabelStyle::WithYear => match self.cumulative() {
                "全年" => format!("{}年", self.year),
                label => format!("{}年{label}", self.year),
            },
        }
    }

    fn cumulative(self) -> &'static str {
        match self.span {
            PeriodSpan::Quarter(1) => "一季度",
            PeriodSpan::Quarter(2) | PeriodSpan::Half(1) => "上半年",
            PeriodSpan::Quarter(3) => "前三季度",
            PeriodSpan::Quarter(4) | PeriodSpan::Half(2) | PeriodSpan::Year => "全年",
            span => invalid(span),
        }
    }

    fn single(self) -> &'static str {
        match self.span {
            PeriodSpan::Quarter(1) => "一季度",
            PeriodSpan::Quarter(2) => "二季度",
            PeriodSpan::Quarter(3) => "三季度",
            PeriodSpan::Quarter(4) => "四季度",
            PeriodSpan::Half(1) => "上半年",
            PeriodSpan::Half(2) => "下半年",
            PeriodSpan::Year => "全年",
            span => invalid(span),
        }
    }

    /// The last day of the period: 2026-Q3 → 2026-09-30.
    pub fn end_date(self) -> NaiveDate {
        let (month, day) = match self.span {
            PeriodSpan::Quarter(1) => (3, 31),
            PeriodSpan::Quarter(2) | PeriodSpan::Half(1) => (6, 30),
            PeriodSpan::Quarter(3) => (9, 30),
            PeriodSpan::Quarter(4) | PeriodSpan::Half(2) | PeriodSpan::Year => (12, 31),
            span => invalid(span),
        };
        NaiveDate::from_ymd_opt(self.year, month, day).expect("year of a period is in range")
    }

    /// The period just before, of the same length: Q1 → last year's Q4,
    /// H1 → last year's H2, a year → the year before. The base of 环比.
    pub fn previous(self) -> Period {
        let (year, span) = match self.span {
            PeriodSpan::Quarter(1) => (self.year - 1, PeriodSpan::Quarter(4)),
            PeriodSpan::Quarter(q @ 2..=4) => (self.year, PeriodSpan::Quarter(q - 1)),
            PeriodSpan::Half(1) => (self.year - 1, PeriodSpan::Half(2)),
            PeriodSpan::Half(2) => (self.year, PeriodSpan::Half(1)),
            PeriodSpan::Year => (self.year - 1, PeriodSpan::Year),
            span => invalid(span),
        };
        Period { year, span }
    }

    /// The period just after, of the same length: Q4 → next year's Q1,
    /// H1 → H2, a year → the year after. What `wengao next` rolls a file
    /// forward to. The year may pass [`LAST_YEAR`]; check with
    /// [`Period::new`] before writing it.
    pub fn next(self) -> Period {
        let (year, span) = match self.span {
            PeriodSpan::Quarter(4) => (self.year + 1, PeriodSpan::Quarter(1)),
            PeriodSpan::Quarter(q @ 1..=3) => (self.year, PeriodSpan::Quarter(q + 1)),
            PeriodSpan::Half(2) => (self.year + 1, PeriodSpan::Half(1)),
            PeriodSpan::Half(1) => (self.year, PeriodSpan::Half(2)),
            PeriodSpan::Year => (self.year + 1, PeriodSpan::Year),
            span => invalid(span),
        };
        Period { year, span }
    }
}

fn invalid(span: PeriodSpan) -> ! {
    panic!("{span:?} is not a valid period span; build periods with Period::new")
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.span {
            PeriodSpan::Quarter(q) => write!(f, "{}-Q{q}", self.year),
            PeriodSpan::Half(h) => write!(f, "{}-H{h}", self.year),
            PeriodSpan::Year => write!(f, "{}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = ParsePeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format_error = || ParsePeriodError::Format(s.to_owned());
        let text = s.trim();
        let (year, code) = match text.split_once('-') {
            Some((year, code)) => (year, Some(code)),
            None => (text, None),
        };
        if year.is_empty() || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format_error());
        }
        let year: i64 = year.parse().map_err(|_| format_error())?;
        let span = match code.map(str::as_bytes) {
            None => PeriodSpan::Year,
            Some([kind, digit @ b'1'..=b'9']) => {
                let n = digit - b'0';
                match kind.to_ascii_uppercase() {
                    b'Q' if n <= 4 => PeriodSpan::Quarter(n),
                    b'H' if n <= 2 => PeriodSpan::Half(n),
                    _ => return Err(format_error()),
                }
            }
            Some(_) => return Err(format_error()),
        };
        let year = i32::try_from(year).map_err(|_| ParsePeriodError::Year(year))?;
        Period::new(year, span)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PeriodVisitor)
    }
}

/// Accepts `"2026-Q3"` and also a bare year, which YAML reads as an integer.
struct PeriodVisitor;

impl Visitor<'_> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        v.parse()
            .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Period, E> {
        whole_year(v).ok_or_else(|| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Period, E> {
        whole_year(i64::try_from(v).unwrap_or(i64::MAX))
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
}

fn whole_year(year: i64) -> Option<Period> {
    let year = i32::try_from(year).ok()?;
    Period::new(year, PeriodSpan::Year).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn parses_the_three_forms_case_insensitively() {
        let q3 = Period::new(2026, PeriodSpan::Quarter(3)).unwrap();
        assert_eq!(p("2026-Q3"), q3);
        assert_eq!(p("2026-q3"), q3);
        assert_eq!(p(" 2026-Q3 "), q3);
        assert_eq!(p("2026-h1").span, PeriodSpan::Half(1));
        assert_eq!(p("2026-H2").span, PeriodSpan::Half(2));
        assert_eq!(p("2026").span, PeriodSpan::Year);
        assert_eq!(p("1949").year, 1949);
        assert_eq!(p("2100-Q4").year, 2100);
    }

    #[test]
    fn rejects_spans_and_years_out_of_range() {
        let format = |s: &str| ParsePeriodError::Format(s.to_owned());
        for bad in [
            "2026-Q5",
            "2026-Q0",
            "2026-H3",
            "2026-H0",
            "2026-Q",
            "2026-Q03",
            "2026-M3",
            "2026-",
            "26年",
            "",
            "-2026",
            "2026-Q3-1",
            "２０２６",
        ] {
            assert_eq!(bad.parse::<Period>(), Err(format(bad)), "{bad:?}");
        }
        assert_eq!("1948".parse::<Period>(), Err(ParsePeriodError::Year(1948)));
        assert_eq!(
            "2101-Q1".parse::<Period>(),
            Err(ParsePeriodError::Year(2101))
        );
        assert_eq!(
            "99999999999".parse::<Period>(),
            Err(ParsePeriodError::Year(99_999_999_999))
        );
    }

    #[test]
    fn errors_explain_the_accepted_forms_in_chinese() {
        assert_eq!(
            "2026-Q5".parse::<Period>().unwrap_err().to_string(),
            "无法识别报告期“2026-Q5”，应写成 2026-Q3（季度，Q1～Q4）、\
             2026-H1（半年，H1或H2）或 2026（全年）"
        );
        assert_eq!(
            "2200".parse::<Period>().unwrap_err().to_string(),
            "报告期的年份2200不在1949—2100年之间"
        );
    }

    #[test]
    fn displays_the_canonical_code() {
        assert_eq!(p("2026-q3").to_string(), "2026-Q3");
        assert_eq!(p("2026-h1").to_string(), "2026-H1");
        assert_eq!(p("2026").to_string(), "2026");
    }

    #[test]
    fn deserializes_strings_and_bare_years() {
        assert_eq!(
            serde_norway::from_str::<Period>("2026-Q3").unwrap(),
            p("2026-Q3")
        );
        assert_eq!(serde_norway::from_str::<Period>("2026").unwrap(), p("2026"));
        assert_eq!(
            serde_norway::from_str::<Period>("'2026'").unwrap(),
            p("2026")
        );
        let err = serde_norway::from_str::<Period>("2026-Q5").unwrap_err();
        assert!(
            err.to_string()
                .contains("expected 报告期，如 2026-Q3、2026-H1 或 2026")
        );
        let err = serde_norway::from_str::<Period>("3000").unwrap_err();
        assert!(
            err.to_string().starts_with("invalid value: integer `3000`"),
            "{err}"
        );
        assert!(serde_norway::from_str::<Period>("-5").is_err());
        assert!(serde_norway::from_str::<Period>("2026.5").is_err());
    }

    #[test]
    fn cumulative_labels_name_what_the_report_covers() {
        let cases = [
            ("2026-Q1", "一季度"),
            ("2026-Q2", "上半年"),
            ("2026-Q3", "前三季度"),
            ("2026-Q4", "全年"),
            ("2026-H1", "上半年"),
            ("2026-H2", "全年"),
            ("2026", "全年"),
        ];
        for (code, want) in cases {
            assert_eq!(p(code).label(LabelStyle::Cumulative), want, "{code}");
        }
    }

    #[test]
    fn single_labels_name_the_period_alone() {
        let cases = [
            ("2026-Q1", "一季度"),
            ("2026-Q2", "二季度"),
            ("2026-Q3", "三季度"),
            ("2026-Q4", "四季度"),
            ("2026-H1", "上半年"),
            ("2026-H2", "下半年"),
            ("2026", "全年"),
        ];
        for (code, want) in cases {
            assert_eq!(p(code).label(LabelStyle::Single), want, "{code}");
        }
    }

    #[test]
    fn since_and_with_year_labels() {
        assert_eq!(p("2026-Q3").label(LabelStyle::Since), "今年以来");
        assert_eq!(p("2026-H2").label(LabelStyle::Since), "今年以来");
        assert_eq!(p("2026").label(LabelStyle::Since), "今年");
        assert_eq!(p("2026-Q3").label(LabelStyle::WithYear), "2026年前三季度");
        assert_eq!(p("2026-Q1").label(LabelStyle::WithYear), "2026年一季度");
        assert_eq!(p("2026-H1").label(LabelStyle::WithYear), "2026年上半年");
        assert_eq!(p("2026").label(LabelStyle::WithYear), "2026年");
        assert_eq!(p("2026-Q4").label(LabelStyle::WithYear), "2026年");
    }

    #[test]
    fn end_dates() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(p("2026-Q1").end_date(), ymd(2026, 3, 31));
        assert_eq!(p("2026-Q2").end_date(), ymd(2026, 6, 30));
        assert_eq!(p("2026-Q3").end_date(), ymd(2026, 9, 30));
        assert_eq!(p("2026-Q4").end_date(), ymd(2026, 12, 31));
        assert_eq!(p("2026-H1").end_date(), ymd(2026, 6, 30));
        assert_eq!(p("2026-H2").end_date(), ymd(2026, 12, 31));
        assert_eq!(p("2026").end_date(), ymd(2026, 12, 31));
    }

    #[test]
    fn previous_periods_cross_year_boundaries() {
        assert_eq!(p("2026-Q1").previous(), p("2025-Q4"));
        assert_eq!(p("2026-Q3").previous(), p("2026-Q2"));
        assert_eq!(p("2026-H1").previous(), p("2025-H2"));
        assert_eq!(p("2026-H2").previous(), p("2026-H1"));
        assert_eq!(p("2026").previous(), p("2025"));
    }

    #[test]
    fn next_periods_cross_year_boundaries_and_undo_previous() {
        assert_eq!(p("2026-Q3").next(), p("2026-Q4"));
        assert_eq!(p("2026-Q4").next(), p("2027-Q1"));
        assert_eq!(p("2026-H1").next(), p("2026-H2"));
        assert_eq!(p("2026-H2").next(), p("2027-H1"));
        assert_eq!(p("2026").next(), p("2027"));
        for code in ["2026-Q1", "2026-Q4", "2026-H2", "2026"] {
            assert_eq!(p(code).next().previous(), p(code), "{code}");
        }
    }

    #[test]
    #[should_panic(expected = "Quarter(5) is not a valid period span")]
    fn hand_built_invalid_span_is_a_bug() {
        let bad = Period {
            year: 2026,
            span: PeriodSpan::Quarter(5),
        };
        bad.end_date();
    }
}
