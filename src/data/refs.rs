//! Metric references inside prose: `{branches}` prints the metric with its
//! unit and approximation (`86个`), `{branches:同比}` a comparison phrase
//! (`同比增长16.2%`), `{members:占比}` the share of the whole it is part of.
//! Several keys in one reference print them together with 分别:
//! `{industry,tech:同比}` → `工业投资、技改投资同比分别增长33.8%、43.7%`.
//! Numbers print in the unit and precision the writer wrote them in; a
//! comparison the writer stated (`yoy: 5.8`) prints as stated.
//!
//! wengao resolves these itself: prose is never run through tera, so text in
//! a data file can never act as template code. A brace that does not form a
//! reference (`{{ x }}`, `{ 注 }`) is plain text and stays as written.

use std::cell::RefCell;
use std::ops::Range;

use indexmap::IndexMap;
use rust_decimal::Decimal;

use crate::data::schedule::{self, Schedule};
use crate::data::series::{Bases, Role};
use crate::data::{Data, Metric, is_identifier};
use crate::suggest::suggest;
use crate::zh::compare::{
    Basis, Change, MetricKind, absolute_change, computed_change, stated_change,
};
use crate::zh::number::{
    PERCENT_PLACES, approximate, format_percent_places, format_written, share_places,
};
use crate::zh::period::{LabelStyle, Period};

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
    /// The value as a round figure with 余: `千余人次`, `3万余人`.
    Approximate,
    /// The parts the metric is the sum of: `其中投产5宗、续建28宗、新开工39宗`.
    Parts,
    /// The change since the previous period, its base named: `比6月底增加5个`
    /// (时点), `较上半年提高2.7个百分点` (比率); not for a running total.
    SincePrevious,
    /// The change since the end of last year: `比上年末增加12个`.
    SinceYearEnd,
    /// A running total's own figure for the quarter or month, from two
    /// running totals: `三季度112场次`.
    OwnPeriod,
    /// The bare amount added: `12个` (新建12个): for a stock since the end
    /// of last year, for a running total the period's own figure.
    Added,
    /// The value at the end of last year: `74个`.
    YearEnd,
    /// Completion of the annual target against the time gone by:
    /// `完成年度计划的46.4%，高于序时进度4.7个百分点`.
    Schedule,
}

/// Every form with the names a writer may use for it, Chinese first.
pub const FORMS: [(Form, &str, &str); 17] = [
    (Form::YearOnYear, "同比", "yoy"),
    (Form::PeriodOnPeriod, "环比", "mom"),
    (Form::Share, "占比", "share"),
    (Form::LastYear, "去年", "last_year"),
    (Form::Previous, "上期", "previous"),
    (Form::Target, "目标", "target"),
    (Form::Progress, "完成率", "progress"),
    (Form::YearOnYearChange, "同比增减", "yoy_change"),
    (Form::PeriodOnPeriodChange, "环比增减", "mom_change"),
    (Form::Approximate, "概数", "approx"),
    (Form::Parts, "其中", "parts"),
    (Form::SincePrevious, "比上期", "since_previous"),
    (Form::SinceYearEnd, "比上年末", "since_year_end"),
    (Form::OwnPeriod, "当期", "own_period"),
    (Form::Added, "新增", "added"),
    (Form::YearEnd, "上年末", "year_end"),
    (Form::Schedule, "序时进度", "schedule"),
];

impl Form {
    /// Whether printing metric `m` in this form can fail for an overflow
    /// ([`RefIssue::Overflow`]): only where a figure is computed from the
    /// value and a base that the metric has. A value, a base or a target
    /// printed as it is cannot, nor a share without a whole or a progress
    /// without a target (those fail first for the missing base); `check`
    /// asks only the forms that can, of every metric.
    pub(crate) fn may_overflow(self, m: &Metric) -> bool {
        match self {
            Form::Value
            | Form::Approximate
            | Form::Parts
            | Form::LastYear
            | Form::Previous
            | Form::YearEnd
            | Form::Target => false,
            Form::Share => m.part_of.is_some(),
            Form::Progress | Form::Schedule => m.target.is_some(),
            Form::YearOnYear
            | Form::PeriodOnPeriod
            | Form::YearOnYearChange
            | Form::PeriodOnPeriodChange
            | Form::SincePrevious
            | Form::SinceYearEnd
            | Form::OwnPeriod
            | Form::Added => true,
        }
    }

    /// The base of the series a form of metric `m` compares with: without
    /// it the form is refused, or printed as the writer stated it, before
    /// any sum is made, so it cannot overflow. `None` for the forms that
    /// read no such base (the value, a share, progress against the target).
    /// The template context leaves out a form whose base is missing, and
    /// `check` does not look for its overflow; a property test holds every
    /// overflow to a base of this role.
    pub(crate) fn base_role(self, m: &Metric) -> Option<Role> {
        match self {
            Form::LastYear | Form::YearOnYear | Form::YearOnYearChange => Some(Role::LastYear),
            Form::Previous
            | Form::PeriodOnPeriod
            | Form::PeriodOnPeriodChange
            | Form::SincePrevious
            | Form::OwnPeriod => Some(Role::Previous),
            Form::YearEnd | Form::SinceYearEnd => Some(Role::YearEnd),
            // A running total's addition is its own figure for the period.
            Form::Added => Some(if m.kind() == MetricKind::Cumulative {
                Role::Previous
            } else {
                Role::YearEnd
            }),
            Form::Value
            | Form::Approximate
            | Form::Parts
            | Form::Target
            | Form::Share
            | Form::Progress
            | Form::Schedule => None,
        }
    }

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

impl<'t> Reference<'t> {
    /// The keys of the reference: one, or several printed with 分别
    /// (`{a,b:同比}`, also written `{a，b}` or `{a、b}`).
    pub(crate) fn keys(&self) -> Vec<&'t str> {
        self.key.split(KEY_SEPARATORS).map(str::trim).collect()
    }

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
        // `{a,b}` and `{a, b}`; never a space before the first key.
        let keys_ok = key
            .split(KEY_SEPARATORS)
            .enumerate()
            .all(|(i, k)| is_identifier(if i == 0 { k } else { k.trim_start_matches(' ') }));
        if keys_ok && !form.contains(char::is_whitespace) {
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

/// What separates the keys of a 分别 reference.
const KEY_SEPARATORS: [char; 3] = [',', '，', '、'];

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
    /// `{key:概数}` of a value with no 概数 (below 10, or already round).
    NotApproximable {
        key: String,
        name: String,
        value: String,
    },
    /// `{key:其中}` of a metric that declares no `parts`.
    NoParts {
        key: String,
        name: String,
    },
    /// A form that several keys cannot share (`{a,b:其中}`).
    NotRespectively {
        written: String,
        form: String,
    },
    /// A file of a series has no base: no earlier file (or not this metric
    /// in it) and no override.
    NoBase {
        key: String,
        name: String,
        form: Form,
        role: Role,
        /// The files looked for.
        looked_for: Vec<String>,
        /// The earlier file found without the metric.
        found_without: Option<String>,
    },
    /// 环比 of a running total against a shorter running total.
    RunningTotal {
        key: String,
        name: String,
        /// 前三季度, 上半年, 三季度: the period, the one before, its own part.
        this: String,
        before: String,
        own: String,
    },
    /// A form the metric's kind does not allow.
    NotForKind {
        key: String,
        name: String,
        form: Form,
        kind: MetricKind,
    },
    /// The file's schedule has no entry for its period.
    NoSchedule {
        key: String,
        period: String,
        keys: Vec<String>,
    },
    /// A stock that went down, asked for as 新增; or a running total
    /// smaller than the one before it, asked for its own figure.
    WentDown {
        key: String,
        name: String,
        form: Form,
        amount: String,
        base: String,
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
                let stated = match form {
                    Form::YearOnYear => "，或写明的同比幅度 yoy",
                    Form::PeriodOnPeriod => "，或写明的环比幅度 mom",
                    _ => "",
                };
                format!("“{{{key}}}”要求{what}，但指标“{name}”没有填写 {field}{stated}")
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
            RefIssue::NotApproximable { key, name, value } => format!(
                "“{{{key}:概数}}”要把指标“{name}”写成概数（如“千余”“3万余”），但{value}不足10或已是整数，不能加“余”，请直接引用{{{key}}}"
            ),
            RefIssue::NoParts { key, name } => format!(
                "“{{{key}:其中}}”要列出组成部分，但指标“{name}”没有填写 parts（组成部分的指标名）"
            ),
            RefIssue::NotRespectively { written, form } => {
                format!("“{written}”：“{form}”不能用于多个指标，请分别引用")
            }
            RefIssue::NoBase {
                key,
                name,
                form,
                role,
                looked_for,
                found_without,
            } => {
                let (what, _) = base_field(*form);
                let source = match found_without {
                    Some(file) => format!("{file} 中没有指标“{key}”"),
                    None if looked_for.is_empty() => {
                        return format!(
                            "“{{{key}}}”要求{what}，但指标“{name}”没有填写 {}",
                            role.field()
                        );
                    }
                    None => format!("没有找到 {}", looked_for.join(" 或 ")),
                };
                format!(
                    "“{{{key}}}”要求{what}，但没有{}数：{source}，指标“{name}”也没有填写 {}",
                    role.what(),
                    role.field()
                )
            }
            RefIssue::RunningTotal {
                key,
                name,
                this,
                before,
                own,
            } => format!(
                "“{{{key}}}”要求与上期比较，但指标“{name}”是累计数（kind: 累计）：{this}的累计数与{before}的累计数\
                 起止不同，不能环比；请写 {{{key}:同比}}（与去年同期比较），或用 {{{key}:当期}} 写出{own}当期数"
            ),
            RefIssue::NotForKind {
                key,
                name,
                form,
                kind,
            } => {
                let (what, _) = base_field(*form);
                let instead = match (form, kind) {
                    (Form::SinceYearEnd | Form::YearEnd, MetricKind::Cumulative) => {
                        format!("累计数每年从1月起重新累计，不能与上年末比较；请写 {{{key}:同比}}")
                    }
                    (Form::Added, MetricKind::Rate) => format!(
                        "比率没有新增数，请写 {{{key}:比上期}} 或 {{{key}:同比}}（以个百分点计）"
                    ),
                    _ => {
                        format!("只有累计数（kind: 累计）才有当期数；{kind}数请写 {{{key}:比上期}}")
                    }
                };
                format!("“{{{key}}}”要求{what}，但指标“{name}”是{kind}数：{instead}")
            }
            RefIssue::NoSchedule { key, period, keys } => format!(
                "“{{{key}}}”要求序时进度，但 schedule（序时进度）中没有“{period}”，只有：{}；\
                 请补上这一期，或删去 schedule 按月平均（n/12）计算",
                keys.join("、")
            ),
            RefIssue::WentDown {
                key,
                name,
                form,
                amount,
                base,
            } => match form {
                Form::Added => format!(
                    "“{{{key}}}”要求新增数，但指标“{name}”比{base}减少了{amount}，不能写作新增；请写 {{{key}:比上年末}}"
                ),
                _ => format!(
                    "“{{{key}}}”要求当期数，但指标“{name}”的累计数比{base}少了{amount}，累计数不会减少，请核对"
                ),
            },
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
        Form::Value | Form::Approximate => ("数值", "value"),
        Form::Parts => ("列出组成部分", "parts（组成部分）"),
        Form::SincePrevious => ("与上期比较", "previous（上期数）"),
        Form::SinceYearEnd | Form::YearEnd => ("与上年末比较", "year_end（上年末数）"),
        Form::OwnPeriod => ("计算当期数", "previous（上期数）"),
        Form::Added => ("计算新增数", "year_end（上年末数）"),
        Form::Schedule => ("与序时进度比较", "target（目标值）"),
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

/// Whether notes are being taken on this thread (see [`with_notes`]).
fn taking_notes() -> bool {
    NOTES.with(|notes| notes.borrow().is_some())
}

/// `text` marked for a Word comment saying `note` when notes are being
/// taken (see [`with_notes`]), else `text` as it is. For numbers a
/// template prints from the data outside a [`Resolver`] (the counts of the
/// research method); `note` is only built when asked for.
pub(crate) fn mark(text: String, note: impl FnOnce(&str) -> Option<String>) -> String {
    let marked = NOTES.with(|notes| {
        let mut notes = notes.borrow_mut();
        let notes = notes.as_mut()?;
        let id = crate::docx::comments::id_char(notes.len())?;
        notes.push(note(&text)?);
        Some(format!(
            "{}{id}{text}{}",
            crate::docx::comments::START,
            crate::docx::comments::END
        ))
    });
    marked.unwrap_or(text)
}

/// `text`, prose the writer typed (its references already printed), with
/// every number typed into it marked for a Word comment saying it was
/// written at `path` in the data file, not referenced, when notes are being
/// taken (see [`with_notes`]); else `text` as it is. Numbers already marked
/// (printed references) are left alone, and so are parts of a date (digits
/// before 年, 月 or 日) and of a 发文字号 (after 〔, before 号).
pub(crate) fn mark_typed(text: String, path: &dyn Fn() -> String) -> String {
    use crate::docx::comments::{END, START, is_mark};
    if !taking_notes() || !text.bytes().any(|b| b.is_ascii_digit()) {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == START {
            depth += 1;
        } else if c == END {
            depth = depth.saturating_sub(1);
        }
        if depth > 0 || !c.is_ascii_digit() || is_mark(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || (chars[i] == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        if chars.get(i) == Some(&'%') {
            i += 1;
        }
        let number: String = chars[start..i].iter().collect();
        let date_or_file_number =
            ends_date_part(&chars[i..]) || (start > 0 && chars[start - 1] == '〔');
        if date_or_file_number {
            out.push_str(&number);
        } else {
            out.push_str(&mark(number, |printed| {
                Some(format!(
                    "{printed}：数据中直接写出（{}），不是指标引用，请核对",
                    path()
                ))
            }));
        }
    }
    out
}

/// Whether `after`, what follows a number, makes it part of a date or a
/// 发文字号: 年, 月, 日 or 号, or a range sign whose other end is one
/// (1—3月, 8~9月, 2025至2026年).
fn ends_date_part(after: &[char]) -> bool {
    match after.first() {
        Some('年' | '月' | '日' | '号') => true,
        Some('—' | '－' | '-' | '~' | '～' | '至') => {
            let rest = &after[1..];
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            digits > 0 && matches!(rest.get(digits), Some('年' | '月' | '日'))
        }
        _ => false,
    }
}

/// Up to this many metrics, [`Resolver`] finds one by comparing keys
/// rather than by hashing.
const SCANNED_METRICS: usize = 12;

/// Prints references against the metrics of one data file.
pub(crate) struct Resolver<'d> {
    metrics: &'d IndexMap<String, Metric>,
    /// The file's period, which names bases (6月底, 上半年) and decides
    /// whether a running total may be compared with the period before.
    period: Option<Period>,
    /// The bases from the earlier files of the file's series.
    bases: Option<&'d Bases>,
    /// The file's own 序时进度, if it sets one.
    schedule: Option<&'d Schedule>,
    /// The figures already printed for the file, when shared (see [`Printed`]).
    printed: Option<&'d Printed>,
}

/// The figures printed for one data file, by metric and form. `validate`,
/// the texts and the template context ask for many of the same ones (a
/// metric's value in its view and in every text that cites it, each form
/// in the overflow check and again in the view): each is worked out once.
/// It holds the text before any mark for a Word comment, which is made at
/// each use, and it is passed over while notes are taken.
///
/// It is valid for one [`Data`]'s metrics, period, series bases and
/// 序时进度, which decide every figure: the pipeline keeps one from
/// `validate` to the context, and changes only the file's `document` and
/// `outlines` in between.
///
/// A figure is found by its metric's place in the file times
/// [`FORM_SLOTS`], plus its form's: no hashing, which cost as much as the
/// printing it spared. That place holds only the figure's number in the
/// list of figures printed (4 bytes a place: 0.7 MB for a file of 9,500
/// metrics, where a place holding the figure itself took 11 MB).
#[derive(Default)]
pub(crate) struct Printed(RefCell<PrintedFigures>);

#[derive(Default)]
struct PrintedFigures {
    /// By metric and form: 1 + the figure's number in `figures`, or 0.
    places: Vec<u32>,
    figures: Vec<Result<String, RefIssue>>,
}

/// Places a metric has in [`Printed`]: one for each form.
const FORM_SLOTS: usize = FORMS.len() + 1;

// Every form, the ones a reference names and `Value`, has its place.
const _: () = {
    let mut i = 0;
    while i < FORMS.len() {
        assert!((FORMS[i].0 as usize) < FORM_SLOTS);
        i += 1;
    }
    assert!((Form::Value as usize) < FORM_SLOTS);
};

impl Printed {
    /// How many figures it holds.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.borrow().figures.len()
    }
}

impl<'d> Resolver<'d> {
    /// A resolver over bare metrics: bases only from the metrics' own
    /// fields, periods taken as running from January.
    #[cfg(test)]
    pub(crate) fn new(metrics: &'d IndexMap<String, Metric>) -> Self {
        Resolver {
            metrics,
            period: None,
            bases: None,
            schedule: None,
            printed: None,
        }
    }

    /// A resolver for a loaded data file: its period and its series' bases.
    pub(crate) fn for_data(data: &'d Data) -> Self {
        Resolver {
            metrics: &data.metrics,
            period: Some(data.meta.period),
            bases: Some(&data.series),
            schedule: Some(&data.schedule),
            printed: None,
        }
    }

    /// This resolver, keeping the figures it prints in `printed` and taking
    /// those printed before from it (see [`Printed`]).
    pub(crate) fn sharing(self, printed: &'d Printed) -> Self {
        Resolver {
            printed: Some(printed),
            ..self
        }
    }

    /// The base of `role` for metric `key`: the metric's own field, else
    /// the earlier file's figure.
    fn base_of(&self, key: &str, m: &Metric, form: Form, role: Role) -> Result<Decimal, RefIssue> {
        if let Some(v) = self.base_value(key, m, role) {
            return Ok(v);
        }
        let Some(bases) = self.bases.filter(|b| b.in_series) else {
            return Err(match role {
                Role::YearEnd => RefIssue::NoBase {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    form,
                    role,
                    looked_for: Vec::new(),
                    found_without: None,
                },
                _ => RefIssue::MissingBase {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    form,
                },
            });
        };
        let base = bases.base(role);
        Err(RefIssue::NoBase {
            key: key.to_owned(),
            name: m.name.clone(),
            form,
            role,
            looked_for: base.looked_for.clone(),
            found_without: base.found.as_ref().map(|e| e.source.clone()),
        })
    }

    /// The base of `role` for metric `key` (`m`): written in the metric,
    /// else from the earlier file of the series; what [`Self::base_of`]
    /// returns when there is one, without building the error when not.
    pub(crate) fn base_value(&self, key: &str, m: &Metric, role: Role) -> Option<Decimal> {
        role.written(m).or_else(|| {
            self.bases
                .filter(|b| b.in_series)
                .and_then(|b| b.value(role, key))
        })
    }

    /// The completion of `value` against `target` and its gap to the
    /// 序时进度 of the file's period, as printed; `Ok(None)` on overflow.
    pub(crate) fn progress(
        &self,
        key: &str,
        value: Decimal,
        target: Decimal,
    ) -> Result<Option<(Decimal, Decimal)>, RefIssue> {
        let Some(period) = self.period else {
            return Ok(None);
        };
        let none = Schedule::default();
        let expected =
            schedule::expected(period, self.schedule.unwrap_or(&none)).map_err(|keys| {
                RefIssue::NoSchedule {
                    key: key.to_owned(),
                    period: period.label(LabelStyle::Cumulative),
                    keys,
                }
            })?;
        Ok(schedule::progress(value, target, expected))
    }

    /// Whether this file's period runs from January, so that its running
    /// totals cannot be compared with the period before.
    fn runs_from_january(&self) -> bool {
        self.period.is_none_or(Period::is_cumulative)
    }

    /// Refuses 环比 of a running total in a period that runs from January.
    fn period_on_period(&self, key: &str, m: &Metric) -> Result<(), RefIssue> {
        if m.kind() != MetricKind::Cumulative || !self.runs_from_january() {
            return Ok(());
        }
        let (this, before, own) = match self.period {
            Some(p) => (
                p.label(LabelStyle::Cumulative),
                p.previous_name(),
                p.label(LabelStyle::Single),
            ),
            None => ("本期".into(), "上期".into(), "本期".into()),
        };
        Err(RefIssue::RunningTotal {
            key: key.to_owned(),
            name: m.name.clone(),
            this,
            before,
            own,
        })
    }

    /// A running total's own figure for the period: the value less the
    /// running total before it in the same year.
    fn own_figure(&self, key: &str, m: &Metric, form: Form) -> Result<Decimal, RefIssue> {
        let first = self
            .period
            .is_some_and(|p| !p.is_cumulative() || !p.previous_in_same_year());
        if first {
            return Ok(m.value);
        }
        let before = self.base_of(key, m, form, Role::Previous)?;
        let own = m
            .value
            .checked_sub(before)
            .ok_or_else(|| RefIssue::Overflow {
                key: key.to_owned(),
                name: m.name.clone(),
                form,
            })?;
        if own.is_sign_negative() && !own.is_zero() {
            return Err(RefIssue::WentDown {
                key: key.to_owned(),
                name: m.name.clone(),
                form,
                amount: format_written(-own, &m.unit, None, m.scales()),
                base: self
                    .period
                    .map_or_else(|| "上期".into(), Period::previous_name),
            });
        }
        Ok(own)
    }

    /// The forms that follow the metric's kind (比上期, 比上年末, 当期,
    /// 新增, 上年末).
    fn format_by_kind(&self, key: &str, m: &Metric, form: Form) -> Result<String, RefIssue> {
        let kind = m.kind();
        let not_for_kind = || RefIssue::NotForKind {
            key: key.to_owned(),
            name: m.name.clone(),
            form,
            kind,
        };
        let overflow = || RefIssue::Overflow {
            key: key.to_owned(),
            name: m.name.clone(),
            form,
        };
        match (form, kind) {
            (Form::SincePrevious, _) => {
                self.period_on_period(key, m)?;
                let base = self.base_of(key, m, form, Role::Previous)?;
                let name = match (kind, self.period) {
                    (MetricKind::Stock, Some(p)) if p.is_cumulative() => p.previous_end_name(),
                    (_, Some(p)) => p.previous_name(),
                    (_, None) => "上期".into(),
                };
                change(m, base).map(|c| c.since(&name)).ok_or_else(overflow)
            }
            (Form::SinceYearEnd | Form::YearEnd, MetricKind::Cumulative)
            | (Form::OwnPeriod, MetricKind::Stock | MetricKind::Rate)
            | (Form::Added, MetricKind::Rate) => Err(not_for_kind()),
            (Form::SinceYearEnd, _) => {
                let base = self.base_of(key, m, form, Role::YearEnd)?;
                change(m, base)
                    .map(|c| c.since("上年末"))
                    .ok_or_else(overflow)
            }
            (Form::YearEnd, _) => Ok(format_written(
                self.base_of(key, m, form, Role::YearEnd)?,
                &m.unit,
                None,
                m.scales(),
            )),
            (Form::OwnPeriod, _) => {
                let own = self.own_figure(key, m, form)?;
                let label = self
                    .period
                    .map_or_else(|| "本期".into(), |p| p.label(LabelStyle::Single));
                Ok(format!(
                    "{label}{}",
                    format_written(own, &m.unit, None, m.scales())
                ))
            }
            (Form::Added, MetricKind::Cumulative) => Ok(format_written(
                self.own_figure(key, m, form)?,
                &m.unit,
                None,
                m.scales(),
            )),
            (Form::Added, _) => {
                let base = self.base_of(key, m, form, Role::YearEnd)?;
                let added = m.value.checked_sub(base).ok_or_else(overflow)?;
                if added.is_sign_negative() && !added.is_zero() {
                    return Err(RefIssue::WentDown {
                        key: key.to_owned(),
                        name: m.name.clone(),
                        form,
                        amount: format_written(-added, &m.unit, None, m.scales()),
                        base: "上年末".into(),
                    });
                }
                Ok(format_written(added, &m.unit, None, m.scales()))
            }
            _ => unreachable!("only the forms by kind come here"),
        }
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
        let keys = r.keys();
        if keys.len() > 1 {
            return self.respectively(&keys, form, r, text);
        }
        self.format(r.key, form)
    }

    /// Several metrics in one form, with 分别: `工业投资、技改投资同比分别
    /// 增长33.8%、43.7%`; changes of different directions are said one by
    /// one (`工业投资同比增长33.8%，技改投资同比下降4.1%`), all flat as
    /// `均持平`; values as `A、B分别为x、y`, shares as `分别占x、y`.
    fn respectively(
        &self,
        keys: &[&str],
        form: Form,
        r: &Reference<'_>,
        text: &str,
    ) -> Result<String, RefIssue> {
        let metrics = keys
            .iter()
            .map(|k| self.metric(k))
            .collect::<Result<Vec<_>, _>>()?;
        let names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
        let names = names.join("、");
        let changes = |basis: Option<Basis>| -> Result<String, RefIssue> {
            let list = keys
                .iter()
                .map(|k| self.change_of(k, form))
                .collect::<Result<Vec<Change>, _>>()?;
            let prefix = basis.map_or("", Basis::as_str);
            let verb = list[0].verb;
            Ok(if list.iter().all(|c| c.verb == verb) {
                if verb == "持平" {
                    format!("{names}{prefix}均持平")
                } else {
                    let amounts: Vec<&str> = list.iter().map(|c| c.amount.as_str()).collect();
                    format!("{names}{prefix}分别{verb}{}", amounts.join("、"))
                }
            } else {
                let each: Vec<String> = metrics
                    .iter()
                    .zip(&list)
                    .map(|(m, c)| format!("{}{prefix}{}{}", m.name, c.verb, c.amount))
                    .collect();
                each.join("，")
            })
        };
        match form {
            Form::YearOnYear => changes(Some(Basis::YearOnYear)),
            Form::PeriodOnPeriod => changes(Some(Basis::PeriodOnPeriod)),
            Form::YearOnYearChange | Form::PeriodOnPeriodChange => changes(None),
            Form::Parts => Err(RefIssue::NotRespectively {
                written: r.written(text).to_owned(),
                form: r.form.to_owned(),
            }),
            _ => {
                let values = keys
                    .iter()
                    .map(|k| self.format(k, form))
                    .collect::<Result<Vec<_>, _>>()?;
                let verb = if form == Form::Share { "占" } else { "为" };
                Ok(format!("{names}分别{verb}{}", values.join("、")))
            }
        }
    }

    /// The change of metric `key` that a comparison `form` prints: a
    /// stated one (`yoy`, `mom`) as written, else computed from its base.
    fn change_of(&self, key: &str, form: Form) -> Result<Change, RefIssue> {
        let m = self.metric(key)?;
        let (stated, role) = match form {
            Form::YearOnYear => (m.yoy, Role::LastYear),
            Form::PeriodOnPeriod => (m.mom, Role::Previous),
            Form::YearOnYearChange => (None, Role::LastYear),
            _ => (None, Role::Previous),
        };
        if role == Role::Previous {
            self.period_on_period(key, m)?;
        }
        if let Some(s) = stated {
            return Ok(stated_change(s, m.is_rate()));
        }
        let base = self.base_of(key, m, form, role)?;
        let overflow = || RefIssue::Overflow {
            key: key.to_owned(),
            name: m.name.clone(),
            form,
        };
        match form {
            Form::YearOnYear | Form::PeriodOnPeriod => {
                computed_change(m.value, base, &m.unit, m.decimals).ok_or_else(overflow)
            }
            _ => change(m, base).ok_or_else(overflow),
        }
    }

    /// Where metric `key` is in the file's metrics.
    fn index_of(&self, key: &str) -> Option<usize> {
        // A file has a handful of metrics and each reference looks its
        // metric up several times: comparing a few short keys costs less
        // than hashing one.
        if self.metrics.len() <= SCANNED_METRICS {
            self.metrics.keys().position(|k| k == key)
        } else {
            self.metrics.get_index_of(key)
        }
    }

    fn metric(&self, key: &str) -> Result<&'d Metric, RefIssue> {
        let found = self.index_of(key).map(|i| &self.metrics[i]);
        found.ok_or_else(|| {
            let keys: Vec<String> = self.metrics.keys().cloned().collect();
            RefIssue::UnknownMetric {
                key: key.to_owned(),
                suggestion: self
                    .without_colon(key)
                    .or_else(|| suggest(key, &keys).map(str::to_owned)),
            }
        })
    }

    /// `支部:同比` for `{支部同比}`: a Chinese key runs into the form's
    /// name when the colon is left out.
    fn without_colon(&self, key: &str) -> Option<String> {
        FORMS
            .iter()
            .filter_map(|(_, zh, _)| Some((key.strip_suffix(zh)?, *zh)))
            .filter(|(metric, _)| self.metrics.contains_key(*metric))
            .max_by_key(|(_, form)| form.len())
            .map(|(metric, form)| format!("{metric}:{form}"))
    }

    /// The text of metric `key` in `form`; marked for a Word comment when
    /// notes are being taken (see [`with_notes`]).
    pub(crate) fn format(&self, key: &str, form: Form) -> Result<String, RefIssue> {
        let text = self.format_once(key, form)?;
        Ok(mark(text, |printed| self.note(key, form, printed)))
    }

    /// [`Resolver::format_plain`], from [`Printed`] when it holds the figure.
    /// Not while notes are taken: a figure made of others (`Parts`) holds
    /// their marks.
    fn format_once(&self, key: &str, form: Form) -> Result<String, RefIssue> {
        let (Some(printed), Some(metric)) = (self.printed, self.index_of(key)) else {
            return self.format_plain(key, form);
        };
        if taking_notes() {
            return self.format_plain(key, form);
        }
        let at = metric * FORM_SLOTS + form as usize;
        {
            let printed = printed.0.borrow();
            if let Some(&n) = printed.places.get(at)
                && n > 0
            {
                return printed.figures[n as usize - 1].clone();
            }
        }
        let done = self.format_plain(key, form);
        let mut printed = printed.0.borrow_mut();
        if printed.places.len() <= at {
            printed.places.resize(self.metrics.len() * FORM_SLOTS, 0);
        }
        printed.figures.push(done.clone());
        printed.places[at] = u32::try_from(printed.figures.len()).unwrap_or(0);
        done
    }

    /// Where the number `printed` (metric `key` in `form`) comes from: the
    /// key and its value in the data file, and the formula for a computed
    /// one (`72.1% = 62 ÷ 86，standard_branches / branches`).
    fn note(&self, key: &str, form: Form, printed: &str) -> Option<String> {
        let m = self.metrics.get(key)?;
        // A change the writer stated is printed as written, not computed.
        let stated = match form {
            Form::YearOnYear => m.yoy.map(|v| ("yoy", v)),
            Form::PeriodOnPeriod => m.mom.map(|v| ("mom", v)),
            _ => None,
        };
        if let Some((field, v)) = stated {
            let field = field_name(key, field);
            return Some(format!(
                "{printed}：数据中写明 {key}.{field} = {}（{}）",
                v.normalize(),
                m.name
            ));
        }
        // The field of the metric a form reads besides `value`, by name;
        // a base from an earlier file of the series counts as that field.
        let role = |role: Role| self.base_of(key, m, form, role).ok();
        let (field, other) = match form {
            Form::LastYear | Form::YearOnYear | Form::YearOnYearChange => {
                ("last_year", role(Role::LastYear))
            }
            Form::Previous
            | Form::PeriodOnPeriod
            | Form::PeriodOnPeriodChange
            | Form::SincePrevious
            | Form::OwnPeriod => ("previous", role(Role::Previous)),
            Form::SinceYearEnd | Form::YearEnd | Form::Added => ("year_end", role(Role::YearEnd)),
            Form::Target | Form::Progress | Form::Schedule => ("target", m.target),
            Form::Value | Form::Share | Form::Approximate | Form::Parts => ("value", Some(m.value)),
        };
        let field = field_name(key, field);
        let (name, base) = (format!("{key}.{field}"), other?.normalize());
        let value = m.value.normalize();
        // A rate's comparison is its change in percentage points.
        let difference = matches!(form, Form::YearOnYearChange | Form::PeriodOnPeriodChange)
            || (matches!(form, Form::YearOnYear | Form::PeriodOnPeriod) && m.is_rate());
        let (numbers, keys) = match form {
            Form::Value | Form::Approximate | Form::Parts => (value.to_string(), key.to_owned()),
            Form::LastYear | Form::Previous | Form::Target | Form::YearEnd => {
                (base.to_string(), name)
            }
            _ if difference => (format!("{value} − {base}"), format!("{key} − {name}")),
            Form::SincePrevious | Form::SinceYearEnd | Form::OwnPeriod | Form::Added => {
                (format!("{value} − {base}"), format!("{key} − {name}"))
            }
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
        let quantity = |v: Decimal| format_written(v, &m.unit, None, m.scales());
        let places = m.decimals.unwrap_or(PERCENT_PLACES);
        Ok(match form {
            Form::Value => format_written(m.value, &m.unit, m.approx, m.scales()),
            Form::LastYear => quantity(self.base_of(key, m, form, Role::LastYear)?),
            Form::Previous => quantity(self.base_of(key, m, form, Role::Previous)?),
            Form::Target => quantity(base(m.target)?),
            Form::YearOnYear => self.change_of(key, form)?.phrase(Basis::YearOnYear),
            Form::PeriodOnPeriod => self.change_of(key, form)?.phrase(Basis::PeriodOnPeriod),
            Form::Approximate => {
                approximate(m.value, &m.unit).ok_or_else(|| RefIssue::NotApproximable {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    value: format_written(m.value, &m.unit, None, false),
                })?
            }
            Form::Parts => {
                if m.parts.is_empty() {
                    return Err(RefIssue::NoParts {
                        key: key.to_owned(),
                        name: m.name.clone(),
                    });
                }
                let parts = m
                    .parts
                    .iter()
                    .map(|k| {
                        let part = self.metric(k)?;
                        Ok(format!("{}{}", part.name, self.format(k, Form::Value)?))
                    })
                    .collect::<Result<Vec<_>, RefIssue>>()?;
                format!("其中{}", parts.join("、"))
            }
            Form::Share => {
                let whole_key = m.part_of.as_deref().ok_or_else(|| RefIssue::MissingBase {
                    key: key.to_owned(),
                    name: m.name.clone(),
                    form,
                })?;
                let whole = self.metric(whole_key)?;
                let pct =
                    share_places(m.value, nonzero(whole.value)?, places).ok_or_else(overflow)?;
                format_percent_places(pct, m.decimals)
            }
            Form::Progress => {
                let target = nonzero(base(m.target)?)?;
                let pct = share_places(m.value, target, places).ok_or_else(overflow)?;
                format_percent_places(pct, m.decimals)
            }
            Form::YearOnYearChange | Form::PeriodOnPeriodChange => {
                let c = self.change_of(key, form)?;
                format!("{}{}", c.verb, c.amount)
            }
            Form::Schedule => {
                let target = nonzero(base(m.target)?)?;
                let (done, gap) = self.progress(key, m.value, target)?.ok_or_else(overflow)?;
                schedule::phrase(done, gap)
            }
            Form::SincePrevious
            | Form::SinceYearEnd
            | Form::OwnPeriod
            | Form::Added
            | Form::YearEnd => self.format_by_kind(key, m, form)?,
        })
    }
}

/// How a note names `field` of metric `key`: in Chinese (`支部.上期`) when
/// the key is, as its writer keys the file.
fn field_name<'f>(key: &str, field: &'f str) -> &'f str {
    if key.is_ascii() {
        return field;
    }
    crate::data::keys::METRIC
        .iter()
        .find(|(_, en)| *en == field)
        .map_or(field, |(zh, _)| zh)
}

/// The absolute change from `base` to the metric's value: 增加16个, 减少0.5万元, 持平.
/// `None` when the difference overflows.
fn change(m: &Metric, base: Decimal) -> Option<Change> {
    absolute_change(m.value, base, &m.unit, m.decimals, m.scales())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metric(name: &str, value: i64, unit: &str) -> Metric {
        Metric {
            name: name.into(),
            value: Decimal::from(value),
            unit: unit.into(),
            ..Metric::default()
        }
    }

    #[test]
    fn typed_numbers_are_marked_only_while_notes_are_taken_and_dates_are_not() {
        let prose = "2026年8月新建站点7个，占72.1%，1—3月，见柳民〔2026〕12号";
        let at = || "practices[0].points[1]".to_owned();
        assert_eq!(mark_typed(prose.to_owned(), &at), prose);
        let (marked, notes) = with_notes(|| mark_typed(prose.to_owned(), &at));
        assert_eq!(
            notes,
            [
                "7：数据中直接写出（practices[0].points[1]），不是指标引用，请核对",
                "72.1%：数据中直接写出（practices[0].points[1]），不是指标引用，请核对",
            ]
        );
        assert_eq!(crate::docx::comments::strip_marks(&marked), prose);
        assert_eq!(marked.matches(crate::docx::comments::START).count(), 2);
        // A number a reference printed keeps its own mark only.
        let (twice, notes) = with_notes(|| {
            let m = metrics();
            let printed = Resolver::new(&m).format("members", Form::Value).unwrap();
            mark_typed(format!("共有党员{printed}"), &at)
        });
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(twice.matches(crate::docx::comments::START).count(), 1);
    }

    /// Figures at the edges of what a Decimal holds, and ordinary ones.
    fn figure() -> impl proptest::strategy::Strategy<Value = Decimal> {
        proptest::sample::select(vec![
            Decimal::ZERO,
            Decimal::ONE,
            Decimal::NEGATIVE_ONE,
            Decimal::from(86),
            "0.0000000000000000000000000001".parse().unwrap(),
            "98.6".parse().unwrap(),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::MAX / Decimal::from(3),
            "-7922816251426433759354395033.5".parse().unwrap(),
        ])
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// A form that [`Form::may_overflow`] rules out never fails for
        /// an overflow, whatever the figures and bases; nor one whose base
        /// ([`Form::base_role`]) is missing.
        #[test]
        fn only_the_forms_that_may_overflow_do(
            value in figure(),
            whole in figure(),
            bases in proptest::collection::vec(proptest::option::of(figure()), 5),
            unit in proptest::sample::select(vec!["个", "%", "万元", "名"]),
            part in proptest::bool::ANY,
            kind in proptest::option::of(proptest::sample::select(vec![
                MetricKind::Stock,
                MetricKind::Cumulative,
                MetricKind::Rate,
            ])),
        ) {
            let mut m = IndexMap::new();
            m.insert("whole".to_owned(), metric("总数", 0, "个"));
            m["whole"].value = whole;
            let mut it = metric("党支部", 0, unit);
            it.value = value;
            it.previous = bases[0];
            it.last_year = bases[1];
            it.target = bases[2];
            it.year_end = bases[3];
            it.yoy = bases[4];
            it.kind = kind;
            it.part_of = part.then(|| "whole".to_owned());
            it.parts = if part { Vec::new() } else { vec!["whole".to_owned()] };
            m.insert("it".to_owned(), it);
            let r = Resolver::new(&m);
            for (form, _, _) in FORMS {
                if let Err(RefIssue::Overflow { .. }) = r.format("it", form) {
                    proptest::prop_assert!(form.may_overflow(&m["it"]), "{form:?}");
                    let base = form.base_role(&m["it"]).map(|role| r.base_value("it", &m["it"], role));
                    proptest::prop_assert!(base != Some(None), "{form:?}");
                }
            }
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
    fn scan_reads_several_keys() {
        let found: Vec<Vec<&str>> = scan("{a,b:同比}{a，b、c}{a, b}{ a}{a ,b}{a,}")
            .iter()
            .map(Reference::keys)
            .collect();
        assert_eq!(
            found,
            vec![vec!["a", "b"], vec!["a", "b", "c"], vec!["a", "b"]]
        );
    }

    #[test]
    fn chinese_keys_are_references_in_every_form() {
        let found: Vec<(Vec<&str>, &str)> = scan(
            "{旅游收入:同比}{旅游收入：占比}{工业投资，技改投资:同比}{支部、党员}{收入2}{旅游收入}",
        )
        .iter()
        .map(|r| (r.keys(), r.form))
        .collect();
        assert_eq!(
            found,
            vec![
                (vec!["旅游收入"], "同比"),
                (vec!["旅游收入"], "占比"),
                (vec!["工业投资", "技改投资"], "同比"),
                (vec!["支部", "党员"], ""),
                (vec!["收入2"], ""),
                (vec!["旅游收入"], ""),
            ]
        );
        // Punctuation, spaces and full-width letters are never part of a
        // key: such braces are text, not references.
        assert!(scan("{“收入”}{收 入}{收入。}{２０２６}{（一）}").is_empty());
        let mut m = IndexMap::new();
        let mut income = metric("乡村旅游综合收入", 83, "亿元");
        income.last_year = Some(Decimal::from(71));
        m.insert("旅游收入".to_owned(), income);
        assert_eq!(
            Resolver::new(&m)
                .resolve("实现{旅游收入}，{旅游收入：同比}")
                .unwrap(),
            "实现83亿元，同比增长16.9%"
        );
    }

    #[test]
    fn notes_name_the_fields_of_a_chinese_key_in_chinese() {
        assert_eq!(field_name("支部", "previous"), "上期");
        assert_eq!(field_name("支部", "last_year"), "去年");
        assert_eq!(field_name("branches", "previous"), "previous");
    }

    #[test]
    fn a_chinese_key_run_into_its_form_is_told_the_colon() {
        let mut m = IndexMap::new();
        m.insert("支部".to_owned(), metric("离退休干部党支部", 86, "个"));
        let err = Resolver::new(&m).resolve("{支部同比增减}").unwrap_err();
        assert!(
            format!("{err:?}").contains(r#"suggestion: Some("支部:同比增减")"#),
            "{err:?}"
        );
    }

    #[test]
    fn chinese_letters_make_identifiers_and_punctuation_does_not() {
        for key in ["旅游收入", "收入2", "支部_数", "members", "_a", "〇"] {
            assert!(crate::data::is_identifier(key), "{key}");
        }
        for key in [
            "2收入",
            "收入：",
            "收入，",
            "收入、",
            "“收入”",
            "收 入",
            "ｓ",
            "",
            "a-b",
        ] {
            assert!(!crate::data::is_identifier(key), "{key}");
        }
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
                "“{members}”要求与去年同期比较，但指标“党员”没有填写 last_year（去年同期数），或写明的同比幅度 yoy"
                    .to_string(),
                "引用了不存在的指标“{nothing}”，请先在 metrics 下定义它".to_string(),
                "“{members:增幅}”中的“增幅”不是可用的写法，冒号后可写：同比（yoy）、环比（mom）、占比（share）、去年（last_year）、上期（previous）、目标（target）、完成率（progress）、同比增减（yoy_change）、环比增减（mom_change）、概数（approx）、其中（parts）、比上期（since_previous）、比上年末（since_year_end）、当期（own_period）、新增（added）、上年末（year_end）、序时进度（schedule）".to_string(),
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

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Metrics of a county's investment bulletin.
    fn bulletin() -> IndexMap<String, Metric> {
        let mut m = IndexMap::new();
        let mut industry = metric("工业投资", 0, "亿元");
        industry.value = d("12.345");
        industry.yoy = Some(d("33.8"));
        m.insert("industry".into(), industry);
        let mut tech = metric("技改投资", 0, "万元");
        tech.value = d("219.504");
        tech.yoy = Some(d("43.7"));
        m.insert("tech".into(), tech);
        let mut gdp = metric("地区生产总值", 0, "亿元");
        gdp.value = d("130.0");
        gdp.yoy = Some(d("-23.9"));
        m.insert("gdp".into(), gdp);
        let mut visits = metric("走访慰问", 15000, "人次");
        visits.last_year = Some(Decimal::from(12000));
        m.insert("visits".into(), visits);
        let mut rate = metric("完成率", 0, "%");
        rate.value = d("70.8");
        rate.yoy = Some(d("1.5"));
        m.insert("rate".into(), rate);
        let mut projects = metric("重点项目", 72, "宗");
        projects.parts = vec!["running".into(), "continuing".into(), "new_start".into()];
        m.insert("projects".into(), projects);
        m.insert("running".into(), metric("投产", 5, "宗"));
        m.insert("continuing".into(), metric("续建", 28, "宗"));
        m.insert("new_start".into(), metric("新开工", 39, "宗"));
        let mut flat = metric("农业投资", 5, "亿元");
        flat.yoy = Some(Decimal::ZERO);
        m.insert("flat".into(), flat);
        m
    }

    /// A resolver sharing what it printed prints what a resolver of its
    /// own prints, asked twice; while notes are taken every use is marked
    /// again, a figure made of others (`Parts`) too.
    #[test]
    fn shared_figures_print_and_mark_as_their_own() {
        let m = bulletin();
        let plain = Resolver::new(&m);
        let printed = Printed::default();
        let shared = Resolver::new(&m).sharing(&printed);
        let every = |r: &Resolver| -> Vec<Result<String, RefIssue>> {
            let forms = || FORMS.iter().map(|(form, _, _)| *form);
            let once = || m.keys().flat_map(|k| forms().map(move |f| r.format(k, f)));
            once().chain(once()).collect()
        };
        assert_eq!(every(&shared), every(&plain));
        assert!(printed.len() > 0);
        let noted = |r: &Resolver| with_notes(|| every(r));
        assert_eq!(noted(&shared), noted(&plain));
        let (parts, notes) = with_notes(|| shared.format("projects", Form::Parts));
        assert_eq!(notes.len(), 4, "{parts:?}");
    }

    #[test]
    fn values_print_in_the_written_unit_and_precision() {
        let m = bulletin();
        let r = Resolver::new(&m);
        assert_eq!(r.format("industry", Form::Value).unwrap(), "12.345亿元");
        assert_eq!(r.format("tech", Form::Value).unwrap(), "219.504万元");
        assert_eq!(r.format("gdp", Form::Value).unwrap(), "130.0亿元");
        assert_eq!(r.format("visits", Form::Value).unwrap(), "15000人次");
        assert_eq!(r.format("visits", Form::LastYear).unwrap(), "12000人次");
        let mut scaled = bulletin();
        scaled.get_mut("visits").unwrap().scale = Some(true);
        let r = Resolver::new(&scaled);
        assert_eq!(r.format("visits", Form::Value).unwrap(), "1.5万人次");
        assert_eq!(
            r.format("visits", Form::YearOnYearChange).unwrap(),
            "增加3000人次"
        );
    }

    #[test]
    fn stated_comparisons_print_as_stated() {
        let m = bulletin();
        let r = Resolver::new(&m);
        assert_eq!(r.format("gdp", Form::YearOnYear).unwrap(), "同比下降23.9%");
        assert_eq!(
            r.format("rate", Form::YearOnYear).unwrap(),
            "同比提高1.5个百分点"
        );
        assert_eq!(r.format("flat", Form::YearOnYear).unwrap(), "同比持平");
        // Without a stated 环比 the base is needed as before.
        assert!(matches!(
            r.format("gdp", Form::PeriodOnPeriod),
            Err(RefIssue::MissingBase { .. })
        ));
    }

    #[test]
    fn several_keys_print_with_fenbie() {
        let m = bulletin();
        let r = Resolver::new(&m);
        let cases = [
            (
                "{industry,tech:同比}",
                "工业投资、技改投资同比分别增长33.8%、43.7%",
            ),
            (
                "{industry，tech、gdp:同比}",
                "工业投资同比增长33.8%，技改投资同比增长43.7%，地区生产总值同比下降23.9%",
            ),
            ("{flat,flat:同比}", "农业投资、农业投资同比均持平"),
            (
                "{industry,tech}",
                "工业投资、技改投资分别为12.345亿元、219.504万元",
            ),
            ("{running, continuing}", "投产、续建分别为5宗、28宗"),
        ];
        for (text, want) in cases {
            assert_eq!(r.resolve(text).unwrap(), want, "{text}");
        }
        let err = r.resolve("{industry,nothing:同比}").unwrap_err();
        assert!(matches!(err[0].1, RefIssue::UnknownMetric { .. }));
        let err = r.resolve("{projects,gdp:其中}").unwrap_err();
        assert_eq!(
            err[0].1.message(),
            "“{projects,gdp:其中}”：“其中”不能用于多个指标，请分别引用"
        );
    }

    #[test]
    fn approximate_and_parts_forms() {
        let m = bulletin();
        let r = Resolver::new(&m);
        assert_eq!(r.resolve("{visits:概数}").unwrap(), "万余人次");
        assert_eq!(r.resolve("{tech:概数}").unwrap(), "200万余元");
        assert_eq!(
            r.resolve("{projects}，{projects:其中}").unwrap(),
            "72宗，其中投产5宗、续建28宗、新开工39宗"
        );
        let err = r.format("running", Form::Approximate).unwrap_err();
        assert_eq!(
            err.message(),
            "“{running:概数}”要把指标“投产”写成概数（如“千余”“3万余”），但5宗不足10或已是整数，不能加“余”，请直接引用{running}"
        );
        assert_eq!(
            r.format("gdp", Form::Parts).unwrap_err().message(),
            "“{gdp:其中}”要列出组成部分，但指标“地区生产总值”没有填写 parts（组成部分的指标名）"
        );
    }

    #[test]
    fn declared_decimals_apply_to_every_computed_rate() {
        let mut m = metrics();
        m.get_mut("retired").unwrap().decimals = Some(2);
        let r = Resolver::new(&m);
        assert_eq!(r.format("retired", Form::Share).unwrap(), "37.25%");
        assert_eq!(
            r.format("retired", Form::YearOnYear).unwrap(),
            "同比增长4.01%"
        );
        m.get_mut("rate").unwrap().decimals = Some(2);
        let r = Resolver::new(&m);
        assert_eq!(
            r.format("rate", Form::PeriodOnPeriod).unwrap(),
            "环比提高2.40个百分点"
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

    fn data(period: &str, metrics: IndexMap<String, Metric>) -> Data {
        let yaml = format!(
            "meta:\n  region: 柳川县\n  organization: 局\n  topic: 工作\n  period: {period}\n  date: 2026-10-12\n"
        );
        let mut data: Data = serde_norway::from_str(&yaml).unwrap();
        data.metrics = metrics;
        data
    }

    fn kinds() -> IndexMap<String, Metric> {
        let mut m = IndexMap::new();
        let mut branches = metric("离退休干部党支部", 86, "个");
        branches.previous = Some(81.into());
        branches.year_end = Some(74.into());
        branches.last_year = Some(74.into());
        m.insert("branches".into(), branches);
        let mut visits = metric("走访慰问", 1250, "人次");
        visits.kind = Some(MetricKind::Cumulative);
        visits.previous = Some(820.into());
        visits.last_year = Some(1100.into());
        m.insert("visits".into(), visits);
        let mut rate = metric("参学率", 0, "%");
        rate.value = "91.4".parse().unwrap();
        rate.previous = Some("88.7".parse().unwrap());
        m.insert("rate".into(), rate);
        m
    }

    #[test]
    fn stocks_compare_with_the_end_of_a_period() {
        let d = data("2026-Q3", kinds());
        let r = Resolver::for_data(&d);
        assert_eq!(
            r.format("branches", Form::SincePrevious).unwrap(),
            "比6月底增加5个"
        );
        assert_eq!(
            r.format("branches", Form::SinceYearEnd).unwrap(),
            "比上年末增加12个"
        );
        assert_eq!(r.format("branches", Form::Added).unwrap(), "12个");
        assert_eq!(r.format("branches", Form::YearEnd).unwrap(), "74个");
        assert_eq!(
            r.format("branches", Form::YearOnYear).unwrap(),
            "同比增长16.2%"
        );
        let q1 = data("2026-Q1", kinds());
        assert_eq!(
            Resolver::for_data(&q1)
                .format("branches", Form::SincePrevious)
                .unwrap(),
            "比上年末增加5个"
        );
    }

    #[test]
    fn rates_name_the_period_they_compare_with() {
        let d = data("2026-Q3", kinds());
        let r = Resolver::for_data(&d);
        assert_eq!(
            r.format("rate", Form::SincePrevious).unwrap(),
            "较上半年提高2.7个百分点"
        );
        assert_eq!(
            r.format("rate", Form::PeriodOnPeriod).unwrap(),
            "环比提高2.7个百分点"
        );
        assert_eq!(
            r.format("rate", Form::Added).unwrap_err().message(),
            "“{rate}”要求计算新增数，但指标“参学率”是比率数：比率没有新增数，请写 {rate:比上期} 或 {rate:同比}（以个百分点计）"
        );
    }

    #[test]
    fn running_totals_refuse_period_on_period_and_give_their_own_figure() {
        let d = data("2026-Q3", kinds());
        let r = Resolver::for_data(&d);
        for form in [
            Form::PeriodOnPeriod,
            Form::PeriodOnPeriodChange,
            Form::SincePrevious,
        ] {
            assert_eq!(
                r.format("visits", form).unwrap_err().message(),
                "“{visits}”要求与上期比较，但指标“走访慰问”是累计数（kind: 累计）：前三季度的累计数与上半年的累计数\
                 起止不同，不能环比；请写 {visits:同比}（与去年同期比较），或用 {visits:当期} 写出三季度当期数",
                "{form:?}"
            );
        }
        assert_eq!(
            r.format("visits", Form::OwnPeriod).unwrap(),
            "三季度430人次"
        );
        assert_eq!(r.format("visits", Form::Added).unwrap(), "430人次");
        assert_eq!(
            r.format("visits", Form::YearOnYear).unwrap(),
            "同比增长13.6%"
        );
        assert_eq!(
            r.format("visits", Form::SinceYearEnd)
                .unwrap_err()
                .message(),
            "“{visits}”要求与上年末比较，但指标“走访慰问”是累计数：累计数每年从1月起重新累计，不能与上年末比较；请写 {visits:同比}"
        );
        assert_eq!(
            r.format("branches", Form::OwnPeriod).unwrap_err().message(),
            "“{branches}”要求计算当期数，但指标“离退休干部党支部”是时点数：只有累计数（kind: 累计）才有当期数；时点数请写 {branches:比上期}"
        );
    }

    #[test]
    fn the_first_period_of_a_year_is_its_own_figure() {
        let mut m = kinds();
        m.get_mut("visits").unwrap().previous = None;
        let q1 = data("2026-Q1", m);
        let r = Resolver::for_data(&q1);
        assert_eq!(
            r.format("visits", Form::OwnPeriod).unwrap(),
            "一季度1250人次"
        );
        assert!(matches!(
            r.format("visits", Form::PeriodOnPeriod),
            Err(RefIssue::RunningTotal { .. })
        ));
    }

    #[test]
    fn a_single_month_compares_with_the_month_before() {
        let d = data("2026-05", kinds());
        let r = Resolver::for_data(&d);
        assert_eq!(
            r.format("visits", Form::PeriodOnPeriod).unwrap(),
            "环比增长52.4%"
        );
        assert_eq!(
            r.format("visits", Form::SincePrevious).unwrap(),
            "比4月份增加430人次"
        );
        assert_eq!(
            r.format("visits", Form::OwnPeriod).unwrap(),
            "5月份1250人次"
        );
        let months = data("2026-01~05", kinds());
        let r = Resolver::for_data(&months);
        assert_eq!(r.format("visits", Form::OwnPeriod).unwrap(), "5月份430人次");
        assert_eq!(
            r.format("branches", Form::SincePrevious).unwrap(),
            "比4月底增加5个"
        );
    }

    #[test]
    fn a_stock_that_went_down_is_not_added() {
        let mut m = kinds();
        m.get_mut("branches").unwrap().year_end = Some(90.into());
        let visits = m.get_mut("visits").unwrap();
        visits.previous = Some(1300.into());
        let d = data("2026-Q3", m);
        let r = Resolver::for_data(&d);
        assert_eq!(
            r.format("branches", Form::Added).unwrap_err().message(),
            "“{branches}”要求新增数，但指标“离退休干部党支部”比上年末减少了4个，不能写作新增；请写 {branches:比上年末}"
        );
        assert_eq!(
            r.format("visits", Form::OwnPeriod).unwrap_err().message(),
            "“{visits}”要求当期数，但指标“走访慰问”的累计数比上半年少了50人次，累计数不会减少，请核对"
        );
    }

    #[test]
    fn without_a_series_a_missing_year_end_names_the_field() {
        let mut m = kinds();
        m.get_mut("branches").unwrap().year_end = None;
        let d = data("2026-Q3", m);
        assert_eq!(
            Resolver::for_data(&d)
                .format("branches", Form::SinceYearEnd)
                .unwrap_err()
                .message(),
            "“{branches}”要求与上年末比较，但指标“离退休干部党支部”没有填写 year_end（上年末数）"
        );
    }
}
