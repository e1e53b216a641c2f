//! Checks on a loaded data file that YAML types cannot express: references
//! that resolve, numbers that can be right, counts that match, placeholders
//! that were never filled in. Every finding is reported, not only the first.

use std::sync::LazyLock;

use memchr::memmem::Finder;
use rust_decimal::Decimal;

use crate::data::load::Loaded;
use crate::data::refs::{Printed, RefIssue, Resolver};
use crate::data::{Data, Metric};
use crate::diag::{Diagnostic, Explain, Severity};
use crate::suggest::suggest;
use crate::zh::compare::{computed_for_check, stated_change};
use crate::zh::date::date_cn;
use crate::zh::number::{
    MAX_DECIMAL_PLACES, NumberLimit, check_exact, format_quantity, format_written, half_ulp,
};
use crate::zh::period::LabelStyle;

/// What is wrong with the data, beyond its shape.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DataIssue {
    Reference(RefIssue),
    Empty,
    UnknownWhole {
        part_of: String,
        suggestion: Option<String>,
    },
    WholeCycle {
        name: String,
    },
    PartExceedsWhole {
        part: String,
        part_value: String,
        whole: String,
        whole_value: String,
    },
    UnitMismatch {
        part: String,
        part_unit: String,
        whole: String,
        whole_unit: String,
    },
    Negative {
        name: String,
        value: String,
    },
    UnknownBasic {
        key: String,
        suggestion: Option<String>,
    },
    ValidExceedsIssued {
        valid: u32,
        issued: u32,
    },
    DateBeforePeriod {
        date: String,
        period: String,
    },
    Placeholder {
        text: String,
    },
    CountMismatch {
        stated: String,
        actual: usize,
        what: &'static str,
    },
    Number(NumberLimit),
    /// A 发文字号 not in the form of GB/T 9704-2012 §7.2.5.
    DocumentNumber(crate::data::document::NumberForm),
    /// A 份号 longer than six digits.
    CopyNumber(u32),
    /// A 附件 table citing a metric the file does not have.
    UnknownAttachmentMetric {
        key: String,
        suggestion: Option<String>,
    },
    /// A 印发日期 before the 成文日期.
    PrintedBeforeWritten {
        printed: String,
        written: String,
    },
    /// Parts nested below the fourth level of an outline.
    OutlineTooDeep,
    /// A speech's parts phrase without the `N` the count goes into.
    PhraseWithoutCount,
    /// An outline for a genre whose name looks mistyped.
    OutlineGenre {
        genre: String,
        suggestion: String,
    },
    /// A stated comparison that the written base does not give, beyond
    /// the stated precision: `同比增长5.8%` where the figures give 6.1%.
    StatedDisagrees {
        name: String,
        basis: &'static str,
        stated: String,
        computed: String,
        base_field: &'static str,
    },
    /// A key in `parts` that names no metric.
    UnknownPart {
        key: String,
        suggestion: Option<String>,
    },
    /// Parts that do not add up to their whole, beyond the rounding of
    /// their written precision.
    PartsSum {
        whole: String,
        whole_value: String,
        parts: String,
        sum: String,
    },
    /// More decimals declared for computed rates than a figure may have.
    TooManyDecimals {
        decimals: u32,
    },
    /// A completion rate or 序时进度 gap typed by hand that differs from
    /// the one computed from the metric's value and target.
    StatedProgress {
        key: String,
        name: String,
        what: &'static str,
        written: String,
        computed: String,
        unit: &'static str,
    },
    /// A declared kind that does not fit the unit: 比率 without `%`, or a
    /// `%` declared 时点 or 累计.
    KindUnit {
        name: String,
        kind: crate::zh::compare::MetricKind,
        unit: String,
    },
}

impl Explain for DataIssue {
    fn message(&self) -> String {
        match self {
            DataIssue::Reference(r) => r.message(),
            DataIssue::Empty => "内容不能为空".into(),
            DataIssue::DocumentNumber(form) => format!("发文字号写法不对：{}", form.explain()),
            DataIssue::CopyNumber(n) => format!("份号 {n} 超过6位数字"),
            DataIssue::UnknownAttachmentMetric { key, suggestion } => match suggestion {
                Some(s) => format!("附件表格引用的指标“{key}”不存在，是否想写“{s}”？"),
                None => format!("附件表格引用的指标“{key}”不存在"),
            },
            DataIssue::PrintedBeforeWritten { printed, written } => {
                format!("印发日期{printed}早于成文日期{written}")
            }
            DataIssue::UnknownWhole {
                part_of,
                suggestion,
            } => match suggestion {
                Some(s) => format!("part_of 写的指标“{part_of}”不存在，是否想写“{s}”？"),
                None => format!("part_of 写的指标“{part_of}”不存在"),
            },
            DataIssue::WholeCycle { name } => {
                format!("指标“{name}”的 part_of 绕回了它自己，无法计算占比")
            }
            DataIssue::PartExceedsWhole {
                part,
                part_value,
                whole,
                whole_value,
            } => format!(
                "“{part}”（{part_value}）大于它所属的“{whole}”（{whole_value}），占比会超过100%"
            ),
            DataIssue::UnitMismatch {
                part,
                part_unit,
                whole,
                whole_unit,
            } => format!(
                "“{part}”的单位“{part_unit}”与所属的“{whole}”的单位“{whole_unit}”不一致，占比可能没有意义"
            ),
            DataIssue::Negative { name, value } => {
                format!("“{name}”是数量，不能为负数（{value}）")
            }
            DataIssue::UnknownBasic { key, suggestion } => match suggestion {
                Some(s) => format!("基本情况引用的指标“{key}”不存在，是否想写“{s}”？"),
                None => format!("基本情况引用的指标“{key}”不存在"),
            },
            DataIssue::ValidExceedsIssued { valid, issued } => {
                format!("回收有效问卷（{valid}份）多于发放问卷（{issued}份）")
            }
            DataIssue::DateBeforePeriod { date, period } => {
                format!("成文日期{date}早于报告期“{period}”的开始，请核对")
            }
            DataIssue::Placeholder { text } => {
                format!("数据中有未填写的占位符“{text}”，请填入实际内容")
            }
            DataIssue::CountMismatch {
                stated,
                actual,
                what,
            } => format!("写的是“{stated}”，但下面的 {what} 有{actual}项"),
            DataIssue::Number(n) => n.message(),
            DataIssue::OutlineTooDeep => {
                "提纲最多四级（一、→（一）→1.→（1）），这里的下级已是第五级；\
                 请并入上一级，或改写成要点（points）"
                    .into()
            }
            DataIssue::OutlineGenre { genre, suggestion } => {
                format!("没有名为“{genre}”的文种，这份提纲不会用到，是否想写“{suggestion}”？")
            }
            DataIssue::PhraseWithoutCount => "说法中要有“N”，由程序按实际部分数填入\
                 （如“讲N点意见”），不要自己写数字"
                .into(),
            DataIssue::StatedDisagrees {
                name,
                basis,
                stated,
                computed,
                base_field,
            } => format!(
                "指标“{name}”写明{basis}{stated}，但按 value 和 {base_field} 算出是{basis}{computed}，两者不符，请核对"
            ),
            DataIssue::UnknownPart { key, suggestion } => match suggestion {
                Some(s) => format!("parts 写的指标“{key}”不存在，是否想写“{s}”？"),
                None => format!("parts 写的指标“{key}”不存在"),
            },
            DataIssue::PartsSum {
                whole,
                whole_value,
                parts,
                sum,
            } => format!(
                "“{whole}”是{whole_value}，但它的组成部分{parts}合计{sum}，两者不等，请核对"
            ),
            DataIssue::TooManyDecimals { decimals } => {
                format!("小数位数 {decimals} 太多，最多只能保留{MAX_DECIMAL_PLACES}位小数")
            }
            DataIssue::StatedProgress {
                key,
                name,
                what,
                written,
                computed,
                unit,
            } => format!(
                "“{name}”{what}写的是{written}{unit}，按它的数值、目标和报告期算出的是{computed}{unit}；\
                 请核对，或改写为 {{{key}:序时进度}}"
            ),
            DataIssue::KindUnit { name, kind, unit } if unit == "%" => {
                format!("“{name}”的单位是%，是比率，不能是{kind}数；请写 kind: 比率 或删去 kind")
            }
            DataIssue::KindUnit { name, unit, .. } => format!(
                "“{name}”写的是 kind: 比率，但单位是“{unit}”而不是%；比率请以%为单位，数量请写 kind: 时点 或 kind: 累计"
            ),
        }
    }
}

/// An issue with the key it is about, shown as `key：message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct AtKey {
    pub key: String,
    pub issue: DataIssue,
}

impl Explain for AtKey {
    fn message(&self) -> String {
        format!("{}：{}", self.key, self.issue.message())
    }
}

/// Every finding about `loaded`'s data.
pub fn validate(loaded: &Loaded) -> Vec<Diagnostic> {
    validate_sharing(loaded, &Printed::default())
}

/// [`validate`], keeping the figures it prints in `printed` for the
/// template context to take (see [`Printed`]).
pub(crate) fn validate_sharing(loaded: &Loaded, printed: &Printed) -> Vec<Diagnostic> {
    let mut out = Findings {
        loaded,
        printed,
        list: Vec::new(),
    };
    check_texts(&mut out);
    check_counts(&mut out);
    check_metrics(&mut out);
    check_research(&mut out);
    check_date(&mut out);
    check_numbers(&mut out);
    check_document(&mut out);
    check_outline(&mut out);
    // Checks run by kind; users read a file top to bottom.
    out.list.sort_by_key(|d| d.span.map(|s| (s.line, s.column)));
    out.list
}

struct Findings<'a> {
    loaded: &'a Loaded,
    /// The figures printed so far (see [`Printed`]).
    printed: &'a Printed,
    list: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    fn data(&self) -> &'a Data {
        &self.loaded.data
    }

    fn push(&mut self, severity: Severity, path: &str, issue: DataIssue) {
        let issue = AtKey {
            key: self.loaded.written_path(path),
            issue,
        };
        self.list.push(self.loaded.finding(severity, path, issue));
    }

    fn error(&mut self, path: &str, issue: DataIssue) {
        self.push(Severity::Error, path, issue);
    }

    fn warning(&mut self, path: &str, issue: DataIssue) {
        self.push(Severity::Warning, path, issue);
    }

    /// An error at `needle` inside the value at `path`, else at the key.
    fn error_in(&mut self, path: &str, needle: &str, issue: DataIssue) {
        self.push_in(Severity::Error, path, needle, issue);
    }

    /// A warning at `needle` inside the value at `path`, else at the key.
    fn warning_in(&mut self, path: &str, needle: &str, issue: DataIssue) {
        self.push_in(Severity::Warning, path, needle, issue);
    }

    fn push_in(&mut self, severity: Severity, path: &str, needle: &str, issue: DataIssue) {
        let l = self.loaded;
        let issue = AtKey {
            key: l.written_path(path),
            issue,
        };
        let d = match l.map.find_in_value(&l.source, path, needle) {
            Some(span) => l.at(severity, span, issue),
            None => l.finding(severity, path, issue),
        };
        self.list.push(d);
    }
}

fn check_texts(out: &mut Findings) {
    let resolver = Resolver::for_data(out.data()).sharing(out.printed);
    for (path, t) in out.data().texts() {
        if t.text.trim().is_empty() && t.prose {
            out.error(&path, DataIssue::Empty);
            continue;
        }
        if t.prose
            && let Err(issues) = resolver.resolve(t.text)
        {
            for (r, issue) in issues {
                out.error_in(&path, r.written(t.text), DataIssue::Reference(issue));
            }
        }
        for text in placeholders(t.text) {
            out.error_in(&path, &text.clone(), DataIssue::Placeholder { text });
        }
        if t.prose {
            check_stated_progress(out, &resolver, &path, t.text);
        }
    }
}

/// A completion rate (年度计划的46.4%) or 序时进度 gap (高于序时进度4.4个百分点)
/// typed by hand must be the one computed for the metric cited last before
/// it that has a target.
fn check_stated_progress(out: &mut Findings, resolver: &Resolver, path: &str, text: &str) {
    use crate::data::schedule::typed_after;
    // Most texts state no progress: two searches, with searchers built
    // once a run, spare them the scans below.
    static MARKED: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| [Finder::new("年度"), Finder::new("序时进度")]);
    if MARKED.iter().all(|f| f.find(text.as_bytes()).is_none()) {
        return;
    }
    let refs = crate::data::refs::scan(text);
    let metrics = &out.data().metrics;
    let mut found = Vec::new();
    for (marker, is_gap) in [
        ("年度计划的", false),
        ("年度目标的", false),
        ("年度任务的", false),
        ("序时进度", true),
    ] {
        for (written, range) in typed_after(text, marker) {
            let cited = refs
                .iter()
                .rev()
                .filter(|r| r.range.end <= range.start)
                .find_map(|r| {
                    let m = metrics.get(r.key)?;
                    Some((r.key, m, m.target?))
                });
            let Some((key, m, target)) = cited else {
                continue;
            };
            let Ok(Some((done, gap))) = resolver.progress(key, m.value, target) else {
                continue;
            };
            let computed = if is_gap { gap.abs() } else { done };
            let Ok(typed) = written.parse::<Decimal>() else {
                continue;
            };
            if typed != computed {
                found.push((
                    written.to_owned(),
                    DataIssue::StatedProgress {
                        key: key.to_owned(),
                        name: m.name.clone(),
                        what: if is_gap {
                            "与序时进度相差"
                        } else {
                            "完成年度计划"
                        },
                        written: written.to_owned(),
                        computed: computed.normalize().to_string(),
                        unit: if is_gap { "个百分点" } else { "%" },
                    },
                ));
            }
        }
    }
    for (written, issue) in found {
        out.error_in(path, &written, issue);
    }
}

/// Placeholders typed into data instead of facts.
fn placeholders(text: &str) -> Vec<String> {
    crate::lint::placeholders_in(text)
}

/// A lead that announces a count (`建立三项机制`) must be followed by that
/// many points.
fn check_counts(out: &mut Findings) {
    let data = out.data();
    let leads = data
        .practices
        .iter()
        .map(|p| (&p.lead, &p.points))
        .enumerate()
        .map(|(i, lp)| (format!("practices[{i}]"), lp))
        .chain(
            data.measures
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("measures[{i}]"), (&m.lead, &m.points))),
        );
    let mut found = Vec::new();
    for (at, (lead, points)) in leads {
        if points.is_empty() {
            continue;
        }
        if let Some((stated, n)) = crate::lint::announced_count(lead)
            && n as usize != points.len()
        {
            found.push((at, stated, points.len()));
        }
    }
    for (at, stated, actual) in found {
        let issue = DataIssue::CountMismatch {
            stated: stated.clone(),
            actual,
            what: "points",
        };
        out.error_in(&format!("{at}.lead"), &stated, issue);
    }
}

/// The writer's outline: at most four levels; a title that announces a
/// count (`聚力三项举措`) is followed by that many points; a speech's parts
/// phrase has the `N` its count goes into.
fn check_outline(out: &mut Findings) {
    let data = out.data();
    let outlines = std::iter::once(("outline".to_owned(), data.outline.as_slice())).chain(
        data.outlines
            .iter()
            .map(|(genre, o)| (format!("outlines.{genre}"), o.as_slice())),
    );
    let mut deep = Vec::new();
    let mut counts = Vec::new();
    for (at, outline) in outlines {
        deep.extend(crate::data::outline::too_deep(&at, outline));
        announced_counts(&at, outline, &mut counts);
    }
    for path in deep {
        out.error(&path, DataIssue::OutlineTooDeep);
    }
    for (path, stated, actual) in counts {
        let issue = DataIssue::CountMismatch {
            stated: stated.clone(),
            actual,
            what: "points",
        };
        out.error_in(&path, &stated, issue);
    }
    let genres: Vec<String> = crate::render::templates::built_in_names()
        .map(str::to_owned)
        .collect();
    for genre in data.outlines.keys() {
        // Only a near miss is reported: a user's own genre (a template of
        // its own name) is no mistake.
        if !genres.contains(genre)
            && let Some(near) = suggest(genre, &genres)
        {
            let issue = DataIssue::OutlineGenre {
                genre: genre.clone(),
                suggestion: near.to_owned(),
            };
            out.warning(&format!("outlines.{genre}"), issue);
        }
    }
    if let Some(phrase) = data.speech.as_ref().and_then(|s| s.parts_phrase.own())
        && !phrase.contains(crate::data::outline::COUNT_PLACEHOLDER)
    {
        out.error("speech.parts_phrase", DataIssue::PhraseWithoutCount);
    }
}

/// Titles of `outline` that announce a count their points do not have.
fn announced_counts(
    at: &str,
    outline: &[crate::data::outline::Part],
    found: &mut Vec<(String, String, usize)>,
) {
    for (i, part) in outline.iter().enumerate() {
        let path = format!("{at}[{i}]");
        if !part.points.is_empty()
            && let Some((stated, n)) = crate::lint::announced_count(&part.title)
            && n as usize != part.points.len()
        {
            found.push((format!("{path}.title"), stated, part.points.len()));
        }
        announced_counts(&format!("{path}.parts"), &part.parts, found);
    }
}

fn check_metrics(out: &mut Findings) {
    let data = out.data();
    if let Some(decimals) = data
        .numbers
        .decimals
        .filter(|d| *d as usize > MAX_DECIMAL_PLACES)
    {
        out.error("numbers.decimals", DataIssue::TooManyDecimals { decimals });
    }
    for (key, m) in &data.metrics {
        let at = format!("metrics.{key}");
        if !m.is_rate() {
            for (field, value) in [
                ("value", Some(m.value)),
                ("previous", m.previous),
                ("last_year", m.last_year),
                ("target", m.target),
                ("year_end", m.year_end),
            ] {
                if let Some(v) = value.filter(Decimal::is_sign_negative) {
                    out.error(
                        &format!("{at}.{field}"),
                        DataIssue::Negative {
                            name: m.name.clone(),
                            value: v.to_string(),
                        },
                    );
                }
            }
        }
        if let Some(kind) = m.kind
            && (kind == crate::zh::compare::MetricKind::Rate) != m.is_rate()
        {
            out.error(
                &format!("{at}.kind"),
                DataIssue::KindUnit {
                    name: m.name.clone(),
                    kind,
                    unit: m.unit.clone(),
                },
            );
        }
        if let Some(whole_key) = &m.part_of {
            check_whole(out, key, m, whole_key);
        }
        check_stated(out, key, m);
        let path = format!("{at}.decimals");
        if let Some(decimals) = m.decimals.filter(|d| *d as usize > MAX_DECIMAL_PLACES)
            && out.loaded.map.value(&path).is_some()
        {
            out.error(&path, DataIssue::TooManyDecimals { decimals });
        }
        if !m.parts.is_empty() {
            check_parts(out, key, m);
        }
    }
}

/// A stated 同比/环比 checked against the one its base gives, at the
/// stated precision: 5.8 stated, 5.84 computed agree; 6.1 does not.
fn check_stated(out: &mut Findings, key: &str, m: &Metric) {
    for (field, stated, base, basis, base_field) in [
        ("yoy", m.yoy, m.last_year, "同比", "last_year"),
        ("mom", m.mom, m.previous, "环比", "previous"),
    ] {
        let (Some(stated), Some(base)) = (stated, base) else {
            continue;
        };
        let Some(computed) = computed_for_check(m.value, base, m.is_rate(), stated.scale()) else {
            continue;
        };
        if computed != stated {
            let said = stated_change(stated, m.is_rate());
            let got = stated_change(computed, m.is_rate());
            let issue = DataIssue::StatedDisagrees {
                name: m.name.clone(),
                basis,
                stated: format!("{}{}", said.verb, said.amount),
                computed: format!("{}{}", got.verb, got.amount),
                base_field,
            };
            let path = format!("metrics.{key}.{field}");
            if out.loaded.map.value(&path).is_some() {
                out.warning(&path, issue);
            } else {
                // A compact metric: at the stated figure.
                out.warning_in(&format!("metrics.{key}"), &said.amount, issue);
            }
        }
    }
}

/// A metric's `parts` name metrics and add up to it, within the rounding
/// their written precision allows (each figure may be off by half a unit
/// in its last place): 投产5 + 续建28 + 新开工39 = 72宗.
fn check_parts(out: &mut Findings, key: &str, whole: &Metric) {
    let data = out.data();
    let keys: Vec<String> = data.metrics.keys().cloned().collect();
    let mut parts = Vec::new();
    for (i, part_key) in whole.parts.iter().enumerate() {
        if let Some(p) = data.metrics.get(part_key) {
            parts.push(p);
        } else {
            let issue = DataIssue::UnknownPart {
                key: part_key.clone(),
                suggestion: suggest(part_key, &keys).map(str::to_owned),
            };
            let path = format!("metrics.{key}.parts[{i}]");
            if out.loaded.map.value(&path).is_some() {
                out.error(&path, issue);
            } else {
                out.error_in(&format!("metrics.{key}"), part_key, issue);
            }
        }
    }
    if parts.len() != whole.parts.len() {
        return;
    }
    // Approximate figures (3200余) or other measures cannot be summed.
    if whole.approx.is_some()
        || parts
            .iter()
            .any(|p| p.approx.is_some() || p.unit != whole.unit)
    {
        return;
    }
    // A figure with decimals or in 万/亿 is rounded, so it may be off by
    // half a unit in its last place; a whole count (5宗) is exact.
    let slack = |m: &Metric| {
        if m.value.scale() > 0 || m.unit.starts_with(['万', '亿']) {
            half_ulp(m.value)
        } else {
            Decimal::ZERO
        }
    };
    let mut sum = Decimal::ZERO;
    let mut tolerance = slack(whole);
    for p in &parts {
        let (Some(s), Some(t)) = (sum.checked_add(p.value), tolerance.checked_add(slack(p))) else {
            return;
        };
        sum = s;
        tolerance = t;
    }
    if (sum - whole.value).abs() > tolerance {
        let written = |m: &Metric, v: Decimal| format_written(v, &m.unit, None, m.scales());
        let listed: Vec<String> = parts
            .iter()
            .map(|p| format!("{}{}", p.name, written(p, p.value)))
            .collect();
        let issue = DataIssue::PartsSum {
            whole: whole.name.clone(),
            whole_value: written(whole, whole.value),
            parts: listed.join("＋"),
            sum: written(whole, sum),
        };
        let path = format!("metrics.{key}.parts");
        if out.loaded.map.value(&path).is_some() {
            out.error(&path, issue);
        } else {
            // A compact metric: at its 其中 field.
            out.error_in(&format!("metrics.{key}"), "其中", issue);
        }
    }
}

fn check_whole(out: &mut Findings, key: &str, part: &Metric, whole_key: &str) {
    let data = out.data();
    let path = format!("metrics.{key}.part_of");
    let Some(whole) = data.metrics.get(whole_key) else {
        let keys: Vec<String> = data.metrics.keys().cloned().collect();
        out.error(
            &path,
            DataIssue::UnknownWhole {
                part_of: whole_key.to_owned(),
                suggestion: suggest(whole_key, &keys).map(str::to_owned),
            },
        );
        return;
    };
    if leads_back(&data.metrics, key) {
        out.error(
            &path,
            DataIssue::WholeCycle {
                name: part.name.clone(),
            },
        );
        return;
    }
    let pairs = [
        ("value", Some(part.value), Some(whole.value)),
        ("previous", part.previous, whole.previous),
        ("last_year", part.last_year, whole.last_year),
    ];
    for (field, p, w) in pairs {
        if let (Some(p), Some(w)) = (p, w)
            && p > w
        {
            out.error(
                &format!("metrics.{key}.{field}"),
                DataIssue::PartExceedsWhole {
                    part: part.name.clone(),
                    part_value: format_quantity(p, &part.unit, None),
                    whole: whole.name.clone(),
                    whole_value: format_quantity(w, &whole.unit, None),
                },
            );
        }
    }
    if !same_measure(&part.unit, &whole.unit) {
        out.warning(
            &path,
            DataIssue::UnitMismatch {
                part: part.name.clone(),
                part_unit: part.unit.clone(),
                whole: whole.name.clone(),
                whole_unit: whole.unit.clone(),
            },
        );
    }
}

/// 人 and 名 both count people; 万人 and 人 differ only in magnitude.
fn same_measure(a: &str, b: &str) -> bool {
    let norm = |u: &str| {
        let u = u.trim_start_matches(['万', '亿']);
        if u == "名" { "人" } else { u }.to_owned()
    };
    norm(a) == norm(b)
}

/// Whether following `part_of` from `start` comes back to it.
fn leads_back(metrics: &indexmap::IndexMap<String, Metric>, start: &str) -> bool {
    let mut current = start;
    for _ in 0..=metrics.len() {
        match metrics.get(current).and_then(|m| m.part_of.as_deref()) {
            Some(next) if next == start => return true,
            Some(next) => current = next,
            None => return false,
        }
    }
    true
}

fn check_research(out: &mut Findings) {
    let Some(research) = &out.data().research else {
        return;
    };
    let keys: Vec<String> = out.data().metrics.keys().cloned().collect();
    for (i, key) in research.basics.iter().enumerate() {
        if !out.data().metrics.contains_key(key) {
            out.error(
                &format!("research.basics[{i}]"),
                DataIssue::UnknownBasic {
                    key: key.clone(),
                    suggestion: suggest(key, &keys).map(str::to_owned),
                },
            );
        }
    }
    if let Some(m) = &research.method
        && let (Some(issued), Some(valid)) = (m.questionnaires, m.questionnaires_valid)
        && valid > issued
    {
        out.error(
            "research.method.questionnaires_valid",
            DataIssue::ValidExceedsIssued { valid, issued },
        );
    }
}

fn check_date(out: &mut Findings) {
    let meta = &out.data().meta;
    let start = meta.period.previous().end_date();
    if meta.date <= start {
        let issue = DataIssue::DateBeforePeriod {
            date: date_cn(meta.date),
            period: meta.period.label(LabelStyle::WithYear),
        };
        out.warning("meta.date", issue);
    }
}

/// The 公文 block: the 发文字号 in the form of GB/T 9704-2012 §7.2.5, a
/// 份号 of at most six digits, a 印发日期 not before the 成文日期.
fn check_document(out: &mut Findings) {
    let data = out.data();
    for (genre, _, sent) in data.document.entries() {
        if let Some(number) = &sent.number
            && let Err(form) = crate::data::document::check_number(number)
        {
            let issue = DataIssue::DocumentNumber(form);
            out.document(Severity::Error, genre, DocumentKey::Field("number"), issue);
        }
        if let Some(n) = sent.copy_number
            && n > 999_999
        {
            let issue = DataIssue::CopyNumber(n);
            out.document(
                Severity::Error,
                genre,
                DocumentKey::Field("copy_number"),
                issue,
            );
        }
        if let Some(printed) = sent.print_date
            && printed < data.meta.date
        {
            let issue = DataIssue::PrintedBeforeWritten {
                printed: date_cn(printed),
                written: date_cn(data.meta.date),
            };
            out.document(
                Severity::Warning,
                genre,
                DocumentKey::Field("print_date"),
                issue,
            );
        }
        let keys: Vec<String> = data.metrics.keys().cloned().collect();
        for (i, a) in sent.attachments.iter().enumerate() {
            for (j, key) in a.metrics.iter().enumerate() {
                if !data.metrics.contains_key(key) {
                    let issue = DataIssue::UnknownAttachmentMetric {
                        key: key.clone(),
                        suggestion: suggest(key, &keys).map(str::to_owned),
                    };
                    let key = DocumentKey::Cited(i, j);
                    out.document(Severity::Error, genre, key, issue);
                }
            }
        }
    }
}

/// A key inside `document.<genre>`.
#[derive(Clone, Copy)]
enum DocumentKey {
    Field(&'static str),
    /// `attachments[i].metrics[j]`.
    Cited(usize, usize),
}

impl DocumentKey {
    /// Its canonical path below the sub-block (the source map files
    /// Chinese keys under these names, `keys`).
    fn path(self) -> String {
        match self {
            DocumentKey::Field(key) => key.to_owned(),
            DocumentKey::Cited(i, j) => format!("attachments[{i}].metrics[{j}]"),
        }
    }
}

impl Findings<'_> {
    /// A finding at `document.<genre>.<key>`, `genre` being the
    /// sub-block's key as written (genre names are resolved only later,
    /// `document::resolve_genres`), named as the file writes it.
    fn document(&mut self, severity: Severity, genre: &str, key: DocumentKey, issue: DataIssue) {
        let l = self.loaded;
        let at = format!("document.{genre}.{}", key.path());
        let issue = AtKey {
            key: l.written_path(&at),
            issue,
        };
        let d = match l.map.value(&at) {
            Some(span) => l.at(severity, span, issue),
            None => l.finding(severity, &at, issue),
        };
        self.list.push(d);
    }
}

/// Every metric number must be printable exactly as written (within the
/// limits of [`check_exact`]), and every figure computed from it (shares,
/// comparisons, changes) must be computable: an overflow is an error naming
/// the metric, never a saturated or zero figure in a draft.
fn check_numbers(out: &mut Findings) {
    let data = out.data();
    let resolver = Resolver::for_data(data).sharing(out.printed);
    for (key, m) in &data.metrics {
        let mut exact = true;
        for (field, value) in [
            ("value", Some(m.value)),
            ("previous", m.previous),
            ("last_year", m.last_year),
            ("target", m.target),
            ("year_end", m.year_end),
        ] {
            let Some(v) = value else { continue };
            let path = format!("metrics.{key}.{field}");
            let written = written_scalar(out.loaded, &path);
            if let Err(limit) = check_exact(v, written.as_deref()) {
                exact = false;
                match written.filter(|w| !w.trim().is_empty()) {
                    Some(w) => out.error_in(&path, w.trim(), DataIssue::Number(limit)),
                    None => out.error(&path, DataIssue::Number(limit)),
                }
            }
        }
        if !exact {
            continue;
        }
        for (form, _, _) in crate::data::refs::FORMS {
            // Most forms of most metrics lack their base: refused before
            // any sum, they need no printing here (it would build an
            // error only to drop it).
            let no_base = || {
                form.base_role(m)
                    .is_some_and(|role| resolver.base_value(key, m, role).is_none())
            };
            if !form.may_overflow(m) || no_base() {
                continue;
            }
            if let Err(e @ RefIssue::Overflow { .. }) = resolver.format(key, form) {
                out.error(&format!("metrics.{key}"), DataIssue::Reference(e));
            }
        }
    }
}

/// The scalar at `path` as written in the file: `1e-30`, not the number read.
fn written_scalar(loaded: &Loaded, path: &str) -> Option<String> {
    loaded.map.written(&loaded.source, path).map(str::to_owned)
}

/// Data that would reach a draft as template syntax, found here so it is
/// reported at its line in the data file (and blocks that file's drafts)
/// rather than in the draft: `{{ … }}`, `{% … %}`, `{# … #}`, `${…}` and
/// braces that are not a metric reference `{key}`; and metric keys that a
/// reference could never name (see [`crate::data::is_identifier`]).
pub(crate) fn check_draft_syntax(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut list = Vec::new();
    for key in loaded.data.metrics.keys() {
        if !crate::data::is_identifier(key) {
            let path = format!("metrics.{key}");
            let issue = BadMetricKey {
                path: loaded.written_path(&path),
            };
            list.push(loaded.finding(Severity::Error, &path, issue));
        }
    }
    for (path, t) in loaded.data.texts() {
        // In prose a well-formed `{key}` is a reference (checked above);
        // names print as written, so any brace in them would reach a draft.
        let references: Vec<std::ops::Range<usize>> = if t.prose {
            crate::data::refs::scan(t.text)
                .into_iter()
                .map(|r| r.range)
                .collect()
        } else {
            Vec::new()
        };
        for fragment in template_fragments(t.text, &references) {
            let issue = TemplateInData {
                key: path.clone(),
                text: fragment.to_owned(),
            };
            let d = match loaded.map.find_in_value(&loaded.source, &path, fragment) {
                Some(span) => loaded.at(Severity::Error, span, issue),
                None => loaded.finding(Severity::Error, &path, issue),
            };
            list.push(d);
        }
    }
    list.sort_by_key(|d| d.span.map(|s| (s.line, s.column)));
    list
}

/// The pieces of `text` outside `skip` that look like template syntax:
/// from `{` (or `${`) to its closing `}}`, `%}`, `#}` or `}` (within 80
/// characters), or a lone `}` (joined to a fragment it follows).
fn template_fragments<'t>(text: &'t str, skip: &[std::ops::Range<usize>]) -> Vec<&'t str> {
    const LIMIT: usize = 80;
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if let Some(r) = skip.iter().find(|r| r.start == i) {
            i = r.end;
            continue;
        }
        let rest = &text[i..];
        let dollar = rest.starts_with("${");
        let open = if dollar { i + 1 } else { i };
        let c = text[i..].chars().next().expect("inside the text");
        if dollar || c == '{' {
            let close = match text[open + 1..].chars().next() {
                Some('{') => "}}",
                Some('%') => "%}",
                Some('#') => "#}",
                _ => "}",
            };
            let window: usize = text[open + 1..]
                .char_indices()
                .nth(LIMIT)
                .map_or(text.len(), |(k, _)| open + 1 + k);
            let end = text[open + 1..window]
                .find(close)
                .map_or(open + 1, |k| open + 1 + k + close.len());
            found.push(i..end);
            i = end;
        } else if c == '}' {
            // A brace right after a fragment belongs to it (`${x}}`).
            match found.last_mut() {
                Some(last) if last.end == i => last.end = i + 1,
                _ => found.push(i..i + 1),
            }
            i += 1;
        } else {
            i += c.len_utf8();
        }
    }
    found.into_iter().map(|r| &text[r]).collect()
}

/// Template syntax (or a stray brace) typed into the data.
#[derive(Debug)]
struct TemplateInData {
    key: String,
    text: String,
}

impl Explain for TemplateInData {
    fn message(&self) -> String {
        format!(
            "{}：“{}”像是模板语法，会原样出现在草稿中，请删除或改写；引用指标请写成 {{指标名}}",
            self.key, self.text
        )
    }
}

/// A metric key that `{key}` can never name.
#[derive(Debug)]
struct BadMetricKey {
    /// Where it is, as the file writes it (`metrics.x`, `指标.x`).
    path: String,
}

impl Explain for BadMetricKey {
    fn message(&self) -> String {
        format!(
            "{}：指标名只能由汉字、英文字母、数字和下划线组成，且不能以数字开头（如 支部数 或 branch_count），否则正文中无法用 {{指标名}} 引用它",
            self.path
        )
    }
}
