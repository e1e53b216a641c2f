//! Metric references inside prose: `{branches}` prints the metric with its
//! unit and approximation (`86个`), `{branches:同比}` a comparison phrase
//! (`同比增长16.2%`), `{members:占比}` the share of the whole it is part of.
//!
//! wengao resolves these itself: prose is never run through tera, so text in
//! a data file can never act as template code. A brace that does not form a
//! reference (`{{ x }}`, `{ 注 }`) is plain text and stays as written.

use std::ops::Range;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::data::Metric;
use crate::suggest::suggest;
use crate::zh::compare::{Basis, compare_phrase};
use crate::zh::number::{format_percent, format_quantity, share};

/// What a reference prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The value with unit and approximation: `3200余人`.
    Value,
    /// Against the same period last year: `同比增长5.2%`.
    YearOnYear,
    /// Against the previous period: `环比增长1.8%`.
    PeriodOnPeriod,
    /// The share of the whole named by `part_of`: `56.4%`.
    Share,
    /// The same period last year's value: `3105人`.
    LastYear,
    /// The previous period's value.
    Previous,
    /// The target value.
    Target,
    /// The value as a share of the target: `98.5%`.
    Progress,
    /// The absolute change on the same period last year: `增加16个`.
    YearOnYearChange,
    /// The absolute change on the previous period: `减少3个`.
    PeriodOnPeriodChange,
}

/// Every form with the names a writer may use for it, Chinese first.
pub const FORMS: [(Form, &str, &str); 9] = [
    (Form::YearOnYear, "同比", "yoy"),
    (Form::PeriodOnPeriod, "环比", "mom"),
    (Form::Share, "占比", "share"),
    (Form::LastYear, "去年", "last_year"),
    (Form::Previous, "上期", "previous"),
    (Form::Target, "目标", "target"),
    (Form::Progress, "完成率", "progress"),
    (Form::YearOnYearChange, "同比增减", "yoy_change"),
    (Form::PeriodOnPeriodChange, "环比增减", "mom_change"),
];

impl Form {
    /// The form named `name` in a reference (`同比`, `环比`…), if there is one.
    pub fn parse(name: &str) -> Option<Form> {
        if name.is_empty() {
            return Some(Form::Value);
        }
        FORMS
            .iter()
            .find(|(_, zh, en)| *zh == name || *en == name)
            .map(|(f, _, _)| *f)
    }
}

/// One reference found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reference<'t> {
    /// Byte range in the text, braces included.
    pub range: Range<usize>,
    pub key: &'t str,
    /// The form as written after the colon ("" when there is none).
    pub form: &'t str,
}

impl Reference<'_> {
    /// The reference as written, `{key:form}`.
    pub(crate) fn written<'a>(&self, text: &'a str) -> &'a str {
        &text[self.range.clone()]
    }
}

/// Finds the references in `text`: `{` + identifier + optional `:form` + `}`,
/// not part of a doubled `{{`/`}}`.
pub(crate) fn scan(text: &str) -> Vec<Reference<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(off) = text[i..].find('{') {
        let open = i + off;
        i = open + 1;
        if open > 0 && bytes[open - 1] == b'{' || bytes.get(open + 1) == Some(&b'{') {
            continue;
        }
        let Some(close_off) = text[open + 1..].find(['}', '{', '\n']) else {
            break;
        };
        let close = open + 1 + close_off;
        if bytes[close] != b'}' || bytes.get(close + 1) == Some(&b'}') {
            continue;
        }
        let inner = &text[open + 1..close];
        let (key, form) = inner.split_once([':', '：']).unwrap_or((inner, ""));
        if is_identifier(key) && !form.contains(char::is_whitespace) {
            found.push(Reference {
                range: open..close + 1,
                key,
                form,
            });
            i = close + 1;
        }
    }
    found
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Why a reference cannot be printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum RefIssue {
    UnknownMetric {
        key: String,
        suggestion: Option<String>,
    },
    UnknownForm {
        written: String,
        form: String,
    },
    /// A comparison or share asked for without the value to compare with.
    MissingBase {
        key: String,
        name: String,
        form: Form,
    },
    /// The value to compare with or divide by is zero.
    ZeroBase {
        key: String,
        name: String,
        form: Form,
    },
    /// The computed figure is beyond what `Decimal` holds: refused, never
    /// printed saturated or as 0.
    Overflow {
        key: String,
        name: String,
        form: Form,
    },
}

impl RefIssue {
    pub(crate) fn message(&self) -> String {
        match self {
            RefIssue::UnknownMetric { key, suggestion } => {
                let mut m = format!("引用了不存在的指标“{{{key}}}”");
                match suggestion {
                    Some(s) => m.push_str(&format!("，是否想写“{{{s}}}”？")),
                    None => m.push_str("，请先在 metrics 下定义它"),
                }
                m
            }
            RefIssue::UnknownForm { written, form } => {
                let names: Vec<String> = FORMS
                    .iter()
                    .map(|(_, zh, en)| format!("{zh}（{en}）"))
                    .collect();
                format!(
                    "“{written}”中的“{form}”不是可用的写法，冒号后可写：{}",
                    names.join("、")
                )
            }
            RefIssue::MissingBase { key, name, form } => {
                let (what, field) = base_field(*form);
                format!("“{{{key}}}”要求{what}，但指标“{name}”没有填写 {field}")
            }
            RefIssue::ZeroBase { key, name, form } => {
                let (what, field) = base_field(*form);
                format!("“{{{key}}}”要求{what}，但指标“{name}”的 {field} 为0，无法计算")
            }
            RefIssue::Overflow { key, name, form } => {
                let (what, _) = base_field(*form);
                format!(
                    "“{{{key}}}”要求{what}，但指标“{name}”的数值过大，算出的结果超出了可以精确表示的范围"
                )
            }
        }
    }
}

fn base_field(form: Form) -> (&'static str, &'static str) {
    match form {
        Form::YearOnYear | Form::LastYear | Form::YearOnYearChange => {
            ("与去年同期比较", "last_year（去年同期数）")
        }
        Form::PeriodOnPeriod | Form::Previous | Form::PeriodOnPeriodChange => {
            ("与上期比较", "previous（上期数）")
        }
        Form::Share => ("计算占比", "part_of（所属总数）"),
        Form::Target | Form::Progress => ("与目标比较", "target（目标值）"),
        Form::Value => ("数值", "value"),
    }
}

thread_local! {
    /// The notes taken on this thread, when [`with_notes`] asked for them.
    static NOTES: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with every number a [`Resolver`] prints on this thread marked
/// for a Word comment (see [`crate::docx::comments`]), and returns the
/// notes: `notes[i]` says where the number marked `i` comes from. Outside
/// it, numbers print plain: the drafts, the lint and the checks never see
/// a mark.
pub(crate) fn with_notes<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let before = NOTES.with(|n| n.borrow_mut().replace(Vec::new()));
    let result = f();
    let notes = NOTES.with(|n| std::mem::replace(&mut *n.borrow_mut(), before));
    (result, notes.unwrap_or_default())
}

/// Prints references against the metrics of one data file.
pub(crate) struct Resolver<'d> {
    metrics: &'d IndexMap<String, Metric>,
}

impl<'d> Resolver<'d> {
    pub(crate) fn new(metrics: &'d IndexMap<String, Metric>) -> Self {
        Resolver { metrics }
    }

    /// `text` with every reference printed, or every reference that failed.
    pub(crate) fn resolve<'t>(
        &self,
        text: &'t str,
    ) -> Result<String, Vec<(Reference<'t>, RefIssue)>> {
        let refs = scan(text);
        let mut out = String::with_capacity(text.len() + 16);
        let mut issues = Vec::new();
        let mut last = 0;
        for r in refs {
            out.push_str(&text[last..r.range.start]);
            match self.print(&r, text) {
                Ok(printed) => out.push_str(&printed),
                Err(issue) => issues.push((r.clone(), issue)),
            }
            last = r.range.end;
        }
        out.push_str(&text[last..]);
        if issues.is_empty() {
            Ok(out)
        } else {
            Err(issues)
        }
    }

    fn print(&self, r: &Reference<'_>, text: &str) -> Result<String, RefIssue> {
        let Some(form) = Form::parse(r.form) else {
            return Err(RefIssue::UnknownForm {
                written: r.written(text).to_owned(),
                form: r.form.to_owned(),
            });
        };
        self.format(r.key, form)
    }

    fn metric(&self, key: &str) -> Result<&'d Metric, RefIssue> {
        self.metrics.get(key).ok_or_else(|| {
            let keys: Vec<String> = self.metrics.keys().cloned().collect();
            RefIssue::UnknownMetric {
                key: key.to_owned(),
                suggestion: suggest(key, &keys).map(str::to_owned),
            }
        })
    }

    /// The text of metric `key` in `form`; marked for a Word comment when
    /// notes are being taken (see [`with_notes`]).
    pub(crate) fn format(&self, key: &str, form: Form) -> Result<String, RefIssue> {
        let text = self.format_plain(key, form)?;
        let marked = NOTES.with(|notes| {
            let mut notes = notes.borrow_mut();
            let notes = notes.as_mut()?;
            let id = crate::docx::comments::id_char(notes.len())?;
            notes.push(self.note(key, form, &text)?);
            Some(format!(
                "{}{id}{text}{}",
                crate::docx::comments::START,
                crate::docx::comments::END
            ))
        });
        Ok(marked.unwrap_or(text))
    }

    /// Where the number `printed` (metric `key` in `form`) comes from: the
    /// key and its value in the data file, and the formula for a computed
    /// one (`72.1% = 62 ÷ 86，standard_branches / branches`).
    fn note(&self, key: &str, form: Form, printed: &str) -> Option<String> {
        let m = self.metrics.get(key)?;
        // The field of the metric a form reads besides `value`, by name.
        let (field, other) = match form {
            Form::LastYear | Form::YearOnYear | Form::YearOnYearChange => {
                ("last_year", m.last_year)
            }
            Form::Previous | Form::PeriodOnPeriod | Form::PeriodOnPeriodChange => {
                ("previous", m.previous)
            }
            Form::Target | Form::Progress => ("target", m.target),
            Form::Value | Form::Share => ("value", Some(m.value)),
        };
        let (name, base) = (format!("{key}.{field}"), other?.normalize());
        let value = m.value.normalize();
        // A rate's comparison is its change in percentage points.
        let difference = matches!(form, Form::YearOnYearChange | Form::PeriodOnPeriodChange)
            || (matches!(form, Form::YearOnYear | Form::PeriodOnPeriod) && m.is_rate());
        let (numbers, keys) = match form {
            Form::Value => (value.to_string(), key.to_owned()),
            Form::LastYear | Form::Previous | Form::Target => (base.to_string(), name),
            _ if difference => (format!("{value} − {base}"), format!("{key} − {name}")),
            Form::YearOnYear | Form::PeriodOnPeriod => (
                format!("({value} − {base}) ÷ {base}"),
                format!("({key} − {name}) / {name}"),
            ),
            Form::Share => {
                let whole_key = m.part_of.as_deref()?;
                let whole = self.metrics.get(whole_key)?.value.normalize();
                (format!("{value} ÷ {whole}"), format!("{key} / {whole_key}"))
            }
            _ => (format!("{value} ÷ {base}"), format!("{key} / {name}")),
        };
        Some(format!("{printed} = {numbers}，{keys}（{}）", m.name))
    }

    fn format_plain(&self, key: &str, form: Form) -> Result<String, RefIssue> {
        let m = self.metric(key)?;
        let base = |value: Option<Decimal>| {
            value.ok_or_else(|| RefIssue::MissingBase {
                key: key.to_owned(),
                name: m.name.clone(),
                form,
            })
        };
        let overflow = || RefIssue::Overflow {
            key: key.to_owned(),
            name: m.name.clone(),
            form,
        };
        let nonzero = |value: Decimal| {
            if value.is_zero() {
                Err(RefIssue::ZeroBase {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    form,
                })
            } else {
                Ok(value)
            }
        };
        Ok(match form {
            Form::Value => format_quantity(m.value, &m.unit, m.approx),
            Form::LastYear => format_quantity(base(m.last_year)?, &m.unit, None),
            Form::Previous => format_quantity(base(m.previous)?, &m.unit, None),
            Form::Target => format_quantity(base(m.target)?, &m.unit, None),
            Form::YearOnYear => {
                compare_phrase(m.value, base(m.last_year)?, Basis::YearOnYear, &m.unit)
                    .ok_or_else(overflow)?
            }
            Form::PeriodOnPeriod => {
                compare_phrase(m.value, base(m.previous)?, Basis::PeriodOnPeriod, &m.unit)
                    .ok_or_else(overflow)?
            }
            Form::Share => {
                let whole_key = m.part_of.as_deref().ok_or_else(|| RefIssue::MissingBase {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    form,
                })?;
                let whole = self.metric(whole_key)?;
                let pct = share(m.value, nonzero(whole.value)?).ok_or_else(overflow)?;
                format_percent(pct)
            }
            Form::Progress => {
                let target = nonzero(base(m.target)?)?;
                format_percent(share(m.value, target).ok_or_else(overflow)?)
            }
            Form::YearOnYearChange => change(m, base(m.last_year)?).ok_or_else(overflow)?,
            Form::PeriodOnPeriodChange => change(m, base(m.previous)?).ok_or_else(overflow)?,
        })
    }
}

/// The absolute change from `base` to the metric's value: 增加16个, 减少0.5万元, 持平.
/// `None` when the difference overflows.
fn change(m: &Metric, base: Decimal) -> Option<String> {
    let diff = m.value.checked_sub(base)?;
    let unit = if m.is_rate() {
        "个百分点"
    } else {
        m.unit.as_str()
    };
    let verb = if m.is_rate() {
        ("提高", "下降")
    } else {
        ("增加", "减少")
    };
    Some(if diff.is_zero() {
        "持平".into()
    } else if diff.is_sign_positive() {
        format!("{}{}", verb.0, format_quantity(diff, unit, None))
    } else {
        format!("{}{}", verb.1, format_quantity(-diff, unit, None))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(name: &str, value: i64, unit: &str) -> Metric {
        Metric {
            name: name.into(),
            value: Decimal::from(value),
            unit: unit.into(),
            approx: None,
            previous: None,
            last_year: None,
            target: None,
            part_of: None,
        }
    }

    fn metrics() -> IndexMap<String, Metric> {
        let mut m = IndexMap::new();
        m.insert("members".into(), metric("党员", 27364, "名"));
        let mut retired = metric("离退休党员", 10193, "名");
        retired.part_of = Some("members".into());
        retired.last_year = Some(Decimal::from(9800));
        m.insert("retired".into(), retired);
        let mut rate = metric("覆盖率", 0, "%");
        rate.value = "98.6".parse().unwrap();
        rate.previous = Some("96.2".parse().unwrap());
        m.insert("rate".into(), rate);
        m
    }

    #[test]
    fn scan_finds_references_and_leaves_other_braces() {
        let text = "共{members}，其中{retired:占比}。{{ 模板 }}、{注 意}、{a b}、{{x}}";
        let keys: Vec<_> = scan(text).iter().map(|r| (r.key, r.form)).collect();
        assert_eq!(keys, vec![("members", ""), ("retired", "占比")]);
    }

    #[test]
    fn scan_accepts_a_full_width_colon() {
        let r = &scan("{retired：同比}")[0];
        assert_eq!((r.key, r.form), ("retired", "同比"));
    }

    #[test]
    fn resolves_value_share_and_comparisons() {
        let m = metrics();
        let r = Resolver::new(&m);
        assert_eq!(
            r.resolve("全区有党员{members}，离退休党员{retired}，占{retired:占比}，{retired:同比}；覆盖率{rate:环比}。")
                .unwrap(),
            "全区有党员27364名，离退休党员10193名，占37.2%，同比增长4%；覆盖率环比提高2.4个百分点。"
        );
    }

    #[test]
    fn absolute_changes_name_the_direction() {
        let m = metrics();
        let r = Resolver::new(&m);
        assert_eq!(
            r.format("retired", Form::YearOnYearChange).unwrap(),
            "增加393名"
        );
        assert_eq!(
            r.format("rate", Form::PeriodOnPeriodChange).unwrap(),
            "提高2.4个百分点"
        );
        let mut fewer = metrics();
        fewer.get_mut("retired").unwrap().last_year = Some(Decimal::from(10200));
        assert_eq!(
            Resolver::new(&fewer)
                .format("retired", Form::YearOnYearChange)
                .unwrap(),
            "减少7名"
        );
    }

    #[test]
    fn literal_braces_pass_through() {
        let m = metrics();
        let text = "原文{{ members }}照录";
        assert_eq!(Resolver::new(&m).resolve(text).unwrap(), text);
    }

    #[test]
    fn unknown_metric_suggests_a_key() {
        let m = metrics();
        let err = Resolver::new(&m).resolve("共{member}人").unwrap_err();
        assert_eq!(err.len(), 1);
        assert_eq!(err[0].0.range, 3..11);
        assert_eq!(
            err[0].1.message(),
            "引用了不存在的指标“{member}”，是否想写“{members}”？"
        );
    }

    #[test]
    fn every_failing_reference_is_reported() {
        let m = metrics();
        let err = Resolver::new(&m)
            .resolve("{members:同比}{nothing}{members:增幅}")
            .unwrap_err();
        let messages: Vec<String> = err.iter().map(|(_, i)| i.message()).collect();
        assert_eq!(
            messages,
            vec![
                "“{members}”要求与去年同期比较，但指标“党员”没有填写 last_year（去年同期数）"
                    .to_string(),
                "引用了不存在的指标“{nothing}”，请先在 metrics 下定义它".to_string(),
                "“{members:增幅}”中的“增幅”不是可用的写法，冒号后可写：同比（yoy）、环比（mom）、占比（share）、去年（last_year）、上期（previous）、目标（target）、完成率（progress）、同比增减（yoy_change）、环比增减（mom_change）".to_string(),
            ]
        );
    }

    #[test]
    fn an_overflowing_share_or_change_is_an_error_naming_the_metric() {
        let mut m = metrics();
        m.get_mut("members").unwrap().value = Decimal::ONE;
        m.get_mut("retired").unwrap().value = Decimal::MAX;
        m.get_mut("retired").unwrap().last_year = Some(-Decimal::MAX);
        let r = Resolver::new(&m);
        for form in [Form::Share, Form::YearOnYear, Form::YearOnYearChange] {
            let err = r.format("retired", form).unwrap_err();
            assert!(
                matches!(err, RefIssue::Overflow { .. }),
                "{form:?}: {err:?}"
            );
        }
        assert_eq!(
            r.format("retired", Form::Share).unwrap_err().message(),
            "“{retired}”要求计算占比，但指标“离退休党员”的数值过大，算出的结果超出了可以精确表示的范围"
        );
    }

    #[test]
    fn share_needs_a_nonzero_whole() {
        let mut m = metrics();
        m.get_mut("members").unwrap().value = Decimal::ZERO;
        assert!(matches!(
            Resolver::new(&m).format("retired", Form::Share),
            Err(RefIssue::ZeroBase { .. })
        ));
        assert!(matches!(
            Resolver::new(&m).format("members", Form::Share),
            Err(RefIssue::MissingBase { .. })
        ));
    }
}
