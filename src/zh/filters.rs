//! The zh helpers as tera filters and functions. [`register`] adds them all.
//!
//! Filters:
//!
//! * `cn_num`: `{{ 105 | cn_num }}` → 一百零五
//! * `cn_count(measure)`: `{{ 3 | cn_count(measure="点") }}` → 三点 (2 → 两点)
//! * `heading(level)`: `{{ 1 | heading(level=2) }}` → （一）
//! * `enumerate(marker="是")`: `{{ ["加强领导", "压实责任"] | enumerate }}`
//!   → 一是加强领导；二是压实责任。 (`marker="要"` gives 一要……)
//! * `number`: `{{ 15000 | number }}` → 1.5万
//! * `quantity(unit="", approx=none)`: `{{ 3200 | quantity(unit="人", approx="余") }}`
//!   → 3200余人 (approx is one of 余 多 约 左右, or `none` for an exact value)
//! * `percent`: `{{ 37.24 | percent }}` → 37.2%
//! * `date_cn(upper=false)`: `{{ "2026-10-08" | date_cn }}` → 2026年10月8日,
//!   `{{ "2026-10-08" | date_cn(upper=true) }}` → 二〇二六年十月八日
//! * `period_label(style="cumulative")`: `{{ "2026-Q3" | period_label }}` →
//!   前三季度; style is one of `cumulative`, `single` (三季度), `since`
//!   (今年以来) and `with_year` (2026年前三季度); a bare year like `2026` works too
//! * `join_cn`: `{{ ["党建", "经济", "民生"] | join_cn }}` → 党建、经济和民生
//! * `sentence`: `{{ "加强领导；" | sentence }}` → 加强领导。
//! * `strip_end_punct`: `{{ "突出政治引领。" | strip_end_punct }}` → 突出政治引领
//!
//! Functions:
//!
//! * `share(part, whole)`: `{{ share(part=10193, whole=27364) }}` → 37.2%
//! * `compare(current, base, basis="同比", unit="")`:
//!   `{{ compare(current=112.5, base=100, basis="环比") }}` → 环比增长12.5%;
//!   `unit="%"` compares two rates in 个百分点
//!
//! Numbers may be integers, floats or numeric strings (a `Decimal` reaches a
//! template as a string). A float goes through its shortest decimal text, so
//! 98.6 stays exactly 98.6. Every result is a plain string, not marked safe:
//! the template's escape function sees it once, like any other value. Unknown
//! keyword arguments are errors, so a misspelt `unti=` cannot pass silently.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use tera::{Error, Kwargs, Number, State, Tera, TeraResult, Value};

use super::compare::{Basis, compare_phrase};
use super::date::{date_cn, date_cn_upper};
use super::enumerate::{Marker, enumerate};
use super::number::{Approx, check_exact, format_number, format_percent, format_quantity, share};
use super::period::{LabelStyle, ParsePeriodError, Period, PeriodSpan};
use super::text::{join_cn, sentence, strip_end_punct};
use crate::conventions::numbering::{MAX_HEADING_LEVEL, heading_marker};
use crate::conventions::numeral::{cn_numeral, count_word};

/// Registers every filter and function of this module on `tera`.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("cn_num", cn_num_filter);
    tera.register_filter("cn_count", cn_count_filter);
    tera.register_filter("heading", heading_filter);
    tera.register_filter("enumerate", enumerate_filter);
    tera.register_filter("number", number_filter);
    tera.register_filter("quantity", quantity_filter);
    tera.register_filter("percent", percent_filter);
    tera.register_filter("date_cn", date_cn_filter);
    tera.register_filter("period_label", period_label_filter);
    tera.register_filter("join_cn", join_cn_filter);
    tera.register_filter("sentence", sentence_filter);
    tera.register_filter("strip_end_punct", strip_end_punct_filter);
    tera.register_function("share", share_function);
    tera.register_function("compare", compare_function);
}

fn cn_num_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "cn_num", &[])?;
    Ok(cn_numeral(whole_number(value, "cn_num")?))
}

fn cn_count_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "cn_count", &["measure"])?;
    let n = whole_number(value, "cn_count")?;
    let measure = kwargs.must_get::<&str>("measure")?;
    count_word(n, measure).ok_or_else(|| Error::message("`cn_count`：数量为0，无法写成汉字数量词"))
}

fn heading_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "heading", &["level"])?;
    let n = whole_number(value, "heading")?;
    let level = kwargs.must_get::<u8>("level")?;
    if !(1..=MAX_HEADING_LEVEL).contains(&level) {
        return Err(Error::message(format!(
            "`heading`：level 应为1到{MAX_HEADING_LEVEL}，实际是{level}"
        )));
    }
    if n == 0 {
        return Err(Error::message("`heading`：标题序号从1开始"));
    }
    Ok(heading_marker(level, n))
}

fn enumerate_filter(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "enumerate", &["marker"])?;
    let marker = match kwargs.get::<&str>("marker")?.unwrap_or("是") {
        "是" => Marker::Shi,
        "要" => Marker::Yao,
        other => {
            return Err(Error::message(format!(
                "`enumerate`：marker 应为“是”或“要”，实际是“{other}”"
            )));
        }
    };
    Ok(enumerate(&strings(items, "enumerate")?, marker))
}

fn number_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "number", &[])?;
    Ok(format_number(decimal(value, "number")?))
}

fn quantity_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "quantity", &["unit", "approx"])?;
    let v = decimal(value, "quantity")?;
    let unit = kwargs.get::<&str>("unit")?.unwrap_or("");
    // `none` is accepted so a template can pass an optional data field as is.
    let approx = match kwargs.get::<&Value>("approx")? {
        Some(v) if !(v.is_none() || v.is_undefined()) => {
            let word = v.as_str().ok_or_else(|| {
                Error::message(format!("`quantity`：approx 应为文字，实际是{}", kind_cn(v)))
            })?;
            Some(Approx::from_str(word).map_err(|e| Error::message(format!("`quantity`：{e}")))?)
        }
        _ => None,
    };
    Ok(format_quantity(v, unit, approx))
}

fn percent_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "percent", &[])?;
    Ok(format_percent(decimal(value, "percent")?))
}

fn date_cn_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "date_cn", &["upper"])?;
    let date = NaiveDate::from_str(value.trim()).map_err(|_| {
        Error::message(format!(
            "`date_cn`：“{value}”不是日期，应写成 2026-10-08 这样"
        ))
    })?;
    let upper = kwargs.get::<bool>("upper")?.unwrap_or(false);
    Ok(if upper {
        date_cn_upper(date)
    } else {
        date_cn(date)
    })
}

fn period_label_filter(value: &Value, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "period_label", &["style"])?;
    let style = match kwargs.get::<&str>("style")?.unwrap_or("cumulative") {
        "cumulative" => LabelStyle::Cumulative,
        "single" => LabelStyle::Single,
        "since" => LabelStyle::Since,
        "with_year" => LabelStyle::WithYear,
        other => {
            return Err(Error::message(format!(
                "`period_label`：style 应为 cumulative、single、since 或 \
                 with_year，实际是“{other}”"
            )));
        }
    };
    let period = match (value.as_str(), value.as_i64()) {
        (Some(code), _) => Period::from_str(code),
        (None, Some(year)) => i32::try_from(year)
            .map_err(|_| ParsePeriodError::Year(year))
            .and_then(|year| Period::new(year, PeriodSpan::Year)),
        (None, None) => {
            return Err(Error::message(format!(
                "`period_label`：应为报告期（如“2026-Q3”）或年份，实际是{}",
                kind_cn(value)
            )));
        }
    };
    let period = period.map_err(|e| Error::message(format!("`period_label`：{e}")))?;
    Ok(period.label(style))
}

fn join_cn_filter(items: &[Value], kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "join_cn", &[])?;
    Ok(join_cn(&strings(items, "join_cn")?))
}

fn sentence_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "sentence", &[])?;
    Ok(sentence(value))
}

fn strip_end_punct_filter(value: &str, kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "strip_end_punct", &[])?;
    Ok(strip_end_punct(value))
}

fn share_function(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "share", &["part", "whole"])?;
    let part = decimal(kwargs.must_get::<&Value>("part")?, "share")?;
    let whole = decimal(kwargs.must_get::<&Value>("whole")?, "share")?;
    if whole.is_zero() {
        return Err(Error::message("`share`：whole 为0，无法计算占比"));
    }
    let percent =
        share(part, whole).ok_or_else(|| Error::message("`share`：占比太大，无法精确计算"))?;
    Ok(format_percent(percent))
}

fn compare_function(kwargs: Kwargs, _: &State) -> TeraResult<String> {
    allow_only(&kwargs, "compare", &["current", "base", "basis", "unit"])?;
    let current = decimal(kwargs.must_get::<&Value>("current")?, "compare")?;
    let base = decimal(kwargs.must_get::<&Value>("base")?, "compare")?;
    let basis = match kwargs.get::<&str>("basis")?.unwrap_or("同比") {
        "同比" => Basis::YearOnYear,
        "环比" => Basis::PeriodOnPeriod,
        other => {
            return Err(Error::message(format!(
                "`compare`：basis 应为“同比”或“环比”，实际是“{other}”"
            )));
        }
    };
    let unit = kwargs.get::<&str>("unit")?.unwrap_or("");
    compare_phrase(current, base, basis, unit)
        .ok_or_else(|| Error::message("`compare`：差值太大，无法精确计算"))
}

/// Refuses keyword arguments `name` does not know.
fn allow_only(kwargs: &Kwargs, name: &str, known: &[&str]) -> TeraResult<()> {
    for (key, _) in kwargs.iter() {
        if !key.as_str().is_some_and(|k| known.contains(&k)) {
            let accepted = if known.is_empty() {
                "无".to_owned()
            } else {
                known.join("、")
            };
            return Err(Error::message(format!(
                "`{name}`：没有参数 `{key}`（可用的参数：{accepted}）"
            )));
        }
    }
    Ok(())
}

/// What kind of value `value` is, in Chinese, for messages.
fn kind_cn(value: &Value) -> &'static str {
    match value.name() {
        "string" => "文字",
        "bool" => "真假值",
        "array" => "列表",
        "map" => "字典",
        "none" | "undefined" => "空值",
        "bytes" => "字节串",
        _ => "数字",
    }
}

/// A template number (integer, float or numeric string) as a `Decimal`.
fn decimal(value: &Value, name: &str) -> TeraResult<Decimal> {
    let not_a_number = || {
        Error::message(format!(
            "`{name}`：应为数字，实际是{}“{value}”",
            kind_cn(value)
        ))
    };
    // The shortest text that reads back as the same float: 98.6, not
    // 98.59999999999999431566.
    let text = match (value.as_str(), value.as_number()) {
        (Some(text), _) => text.trim().to_owned(),
        (None, Some(Number::Integer(i))) => i.to_string(),
        (None, Some(Number::Float(f))) if f.is_finite() => f.to_string(),
        _ => return Err(not_a_number()),
    };
    let d = Decimal::from_str(&text)
        .or_else(|_| Decimal::from_scientific(&text))
        .map_err(|_| not_a_number())?;
    // Never print a number other than the one given (1e-30 is not 0).
    check_exact(d, Some(&text))
        .map_err(|e| Error::message(format!("`{name}`：{}", e.message())))?;
    Ok(d)
}

/// A template number that must be a whole number ≥ 0.
fn whole_number(value: &Value, name: &str) -> TeraResult<u64> {
    let v = decimal(value, name)?;
    v.fract()
        .is_zero()
        .then(|| v.to_u64())
        .flatten()
        .ok_or_else(|| Error::message(format!("`{name}`：应为不小于0的整数，实际是 {v}")))
}

/// The items of a list, which must all be strings.
fn strings<'a>(items: &'a [Value], name: &str) -> TeraResult<Vec<&'a str>> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_str().ok_or_else(|| {
                Error::message(format!(
                    "`{name}`：应为文字的列表，第{}项是{}",
                    i + 1,
                    kind_cn(item)
                ))
            })
        })
        .collect()
}

#[cfg(test)]
#[path = "filters_tests.rs"]
mod tests;
