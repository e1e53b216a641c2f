//! A linter for Markdown drafts by the rules of docs/conventions.md: punctuation
//! (GB/T 15834), numbers (GB/T 15835), the numbering hierarchy, in-paragraph
//! enumerations, and leftovers of unfinished drafts.
//!
//! It reads drafts wengao rendered and drafts users wrote by hand alike. The
//! Markdown is cut into text units (title, headings, paragraphs,
//! table cells) that keep the source position of every character; each rule
//! is a small function over a unit's characters (or, for the document
//! structure, over the list of units) returning hits, which [`lint`] maps
//! back to lines and columns of the Markdown.
//!
//! ```
//! use wengao::lint::{lint, LintConfig, Rule};
//! let findings = lint("## 一、总体情况\n\n## 三、存在问题\n", &LintConfig::default());
//! assert_eq!(findings[0].rule, Rule::HeadingSequence);
//! assert_eq!(findings[0].text, "三、");
//! ```

mod chars;
mod document;
mod enums;
mod finding;
mod numbers;
mod placeholder;
mod punct;
mod sequence;
mod structure;
mod text;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::de::Unexpected;
use serde::{Deserialize, Deserializer};

use crate::conventions::script::{UNIFIED_IDEOGRAPHS, is_space};
use crate::diag::Severity;
pub use finding::Finding;
pub(crate) use finding::{
    Counted, DateWhy, DraftIssue, MixWhy, NumberingWhy, Omission, PlaceholderKind,
};
pub use text::roles;
use text::{Unit, UnitKind};

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $id:literal, $severity:ident, $title:literal;)*) => {
        /// One lint rule. Its id is stable: users name it in their config.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order findings of one place are listed.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's stable kebab-case id.
            pub fn id(&self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// How bad a finding of this rule is by default.
            pub fn severity(&self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// What the rule checks, in Chinese, for the documentation.
            pub fn title(&self) -> &'static str {
                match self {
                    $(Rule::$variant => $title,)*
                }
            }
        }
    };
}

rules! {
    /// `。。` `，，` `，。`: two points in a row.
    PunctDoubled = "punct-doubled", Warning, "标点重复";
    /// `柳川县,白河县`, `(一)`, `通知:`: half-width marks in Chinese text.
    PunctHalfwidth = "punct-halfwidth", Warning, "中文中使用了半角标点";
    /// `“”` `（）` `《》` `〔〕` `【】` `‘’` not closed, or closed in the wrong order.
    PairUnbalanced = "pair-unbalanced", Warning, "引号、括号、书名号不配对";
    /// `2026 年`, `共 86 个`, `汇报 、`: spaces between Chinese and digits,
    /// letters or marks.
    SpaceCjk = "space-cjk", Warning, "中文与数字、字母或标点之间有空格";
    /// `...`, `。。。`, a single `…`; `……。` and `……等`.
    Ellipsis = "ellipsis", Warning, "省略号写法不规范";
    /// `--`, `－－`, `———` instead of the dash `——`.
    Dash = "dash", Warning, "破折号写法不规范";
    /// `“四个意识”、“四个自信”`: a 顿号 between quoted items.
    QuoteDunhao = "quote-dunhao", Warning, "并列的引号、书名号之间用了顿号";
    /// `4千`, `3百人`, `5百万`.
    NumberQianBai = "number-qian-bai", Warning, "阿拉伯数字与“千”“百”连用";
    /// `15～30%`, `9～16亿元`: a range without its repeated unit.
    RangeUnit = "range-unit", Warning, "数值范围两端的单位不全";
    /// `约300人左右`, `约300余人`.
    ApproxRedundant = "approx-redundant", Warning, "概数用词重复";
    /// `1234余万元` instead of `1234万余元`.
    ApproxOrder = "approx-order", Warning, "“余”“多”的位置不对";
    /// `增长-5%` instead of `下降5%`.
    GrowthSign = "growth-sign", Warning, "增减用词与负号重复";
    /// `２０２６年`: full-width digits.
    DigitFullwidth = "digit-fullwidth", Warning, "使用了全角数字";
    /// `2026年06月08日`, `26年6月`, `2026-10-08`, `2026年13月`.
    DateFormat = "date-format", Warning, "日期写法不规范";
    /// `一是：`, `二是、`.
    EnumMarkerPunct = "enum-marker-punct", Warning, "“一是”“一要”后用了顿号或冒号";
    /// `一是……；二是……。三是……`: items of one enumeration ended differently.
    EnumMixed = "enum-mixed", Warning, "段内列举的分隔标点不一致";
    /// `下面，我讲三点意见` with four parts; `三项机制：一是……二是……`.
    CountMismatch = "count-mismatch", Error, "所说的数目与后文不符";
    /// `一、` followed by `1.` with no `（一）` between; `##` then `####`.
    HeadingSkip = "heading-skip", Warning, "标题层级跳级";
    /// `一、` then `三、`; `（一）（二）（四）`.
    HeadingSequence = "heading-sequence", Warning, "标题编号不连续";
    /// `## （一）……`: a Markdown heading level that does not fit its number.
    HeadingLevel = "heading-level", Warning, "标题的 Markdown 级别与编号不符";
    /// A stand-alone heading or the title ending in `。，；：`.
    HeadingPunct = "heading-punct", Warning, "独立成行的标题末尾有标点";
    /// A run-in lead (`**（一）……**` opening a paragraph) not ending in `。`.
    LeadPunct = "lead-punct", Warning, "段首小标题末尾不是句号";
    /// `㈠` `⑴` `①`, `1、`, `(一)`, `（一）、`.
    NumberingStyle = "numbering-style", Warning, "标题编号写法不规范";
    /// `XX个`, `***市`, `202x年`, `___`, `TODO`, `{{ x }}`, `NaN`, `（）`.
    Placeholder = "placeholder", Error, "未填写的占位符或模板残留";
    /// `**（一）加强领导。**我们……`: `**` that Markdown did not take as bold
    /// (next to a Chinese mark) and would print as asterisks.
    BoldLiteral = "bold-literal", Warning, "加粗标记没有生效";
    /// wengao's own marker `【待补：……】` for a value missing from the data.
    MissingValue = "missing-value", Warning, "数据缺失（【待补：……】）";
    /// `中共柳川县委` under the title with no `：` (GB/T 9704 §7.3.2).
    AddresseeColon = "addressee-colon", Warning, "主送机关末尾不是全角冒号";
    /// `附件：1.……。`: a numbered list of one, a missing number, a name
    /// ending in punctuation (GB/T 9704 §7.3.4).
    AttachmentNote = "attachment-note", Warning, "附件说明写法不规范";
    /// `附件2` where the 附件说明 lists one attachment, or a title other
    /// than the one it names (GB/T 9704 §7.3.7).
    AttachmentNumber = "attachment-number", Warning, "附件顺序号或标题与附件说明不符";
    /// `一是……；三是……` (二是 skipped), `三是` twice.
    EnumSequence = "enum-sequence", Warning, "“一是”“二是”……序号重复或跳号";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A rule id that names no rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule {
    /// The unknown rule id, as written.
    pub id: String,
}

impl UnknownRule {
    /// The closest valid id, if one is close enough to be a typo.
    pub fn suggestion(&self) -> Option<&'static str> {
        let ids: Vec<String> = Rule::ALL.iter().map(|r| r.id().to_owned()).collect();
        let best = crate::suggest::suggest(&self.id, &ids)?;
        Rule::ALL.iter().map(Rule::id).find(|id| *id == best)
    }

    /// What a valid id looks like, in Chinese.
    fn expectation(&self) -> String {
        if let Some(id) = self.suggestion() {
            format!("规则编号，是否想写“{id}”？")
        } else {
            let ids: Vec<&str> = Rule::ALL.iter().map(Rule::id).collect();
            format!("以下规则编号之一：{}", ids.join("、"))
        }
    }
}

impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "没有“{}”这条规则，应为{}", self.id, self.expectation())
    }
}

impl std::error::Error for UnknownRule {}

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id() == s)
            .ok_or_else(|| UnknownRule { id: s.to_owned() })
    }
}

struct RuleVisitor;

impl serde::de::Visitor<'_> for RuleVisitor {
    type Value = Rule;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("规则编号")
    }

    // Failing inside the visitor lets the YAML deserializer put the
    // position of the id itself (not of the list) on the error.
    fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Rule, E> {
        id.parse().map_err(|e: UnknownRule| {
            // serde's "invalid value" form, which `crate::yaml` turns into
            // “disable[0]”的值……不对，应为{expectation}.
            E::invalid_value(Unexpected::Str(id), &e.expectation().as_str())
        })
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(RuleVisitor)
    }
}

/// Which rules run, as read from the `lint` section of a config file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LintConfig {
    /// Rule ids switched off.
    #[serde(default)]
    pub disable: BTreeSet<Rule>,
}

impl LintConfig {
    /// Whether `rule` is switched on.
    pub fn enabled(&self, rule: Rule) -> bool {
        !self.disable.contains(&rule)
    }
}

/// One finding inside a unit, before it is placed in the source: the
/// characters `range` of the unit and what is wrong with them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Hit {
    pub range: Range<usize>,
    pub problem: DraftIssue,
}

impl Hit {
    pub(crate) fn new(range: Range<usize>, problem: DraftIssue) -> Self {
        Hit { range, problem }
    }

    fn rule(&self) -> Rule {
        self.problem.rule()
    }
}

/// At most this many findings of one rule are listed for one line; the
/// rest of that line's are summed up in one finding “另有N处同类问题”.
pub const LINE_CAP: usize = 20;
/// At most this many findings of one rule are listed for one file (not
/// counting the summaries); the rest of the file's are summed up in one.
/// With both caps a file gets at most about 211 findings per rule, however
/// long it is: what a reader can act on, and what memory and the terminal
/// can hold.
pub const FILE_CAP: usize = 200;

/// How many characters of the offending text a message quotes: a run of
/// 100,000 `。` is quoted by its start, not whole.
const MAX_QUOTED: usize = 100;

/// The offending text as a message quotes it.
fn quoted_text(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_QUOTED) {
        text.truncate(cut);
        text.push('…');
    }
    text
}

/// A hit placed in the source, before its column is counted.
struct Placed<'u> {
    byte: usize,
    width: usize,
    unit: &'u Unit,
    hit: Hit,
}

/// Lints `markdown`, returning findings sorted by position (then rule),
/// at most [`LINE_CAP`] per rule and line and [`FILE_CAP`] per rule and
/// file, each cap's overflow summed up in one `DraftIssue::Omitted`.
pub fn lint(markdown: &str, config: &LintConfig) -> Vec<Finding> {
    let units = text::units(markdown);
    // The enumeration markers of each unit: three rules of the unit and
    // the document's count check read them, found once.
    let markers: Vec<Vec<enums::Marker>> = units
        .iter()
        .map(|u| enums::markers(&u.chars, &u.line_starts))
        .collect();
    let mut hits: Vec<Vec<Hit>> = units
        .iter()
        .zip(&markers)
        .map(|(unit, markers)| unit_hits(unit, markers))
        .collect();
    for (u, hit) in structure::check(&units)
        .into_iter()
        .chain(enums::counts(&units, &markers))
        .chain(document::check(&units))
    {
        hits[u].push(hit);
    }
    let mut placed = Vec::new();
    for (unit, list) in units.iter().zip(hits) {
        let list: Vec<Hit> = list
            .into_iter()
            .filter(|h| config.enabled(h.rule()))
            .collect();
        for hit in suppress(list) {
            let (byte, width) = unit.place(markdown, hit.range.clone());
            placed.push(Placed {
                byte,
                width,
                unit,
                hit,
            });
        }
    }
    // Source order is (line, column) order; ties by rule, then by text
    // (the characters compare as their UTF-8 strings would).
    placed.sort_by(|a, b| {
        (a.byte, a.hit.rule())
            .cmp(&(b.byte, b.hit.rule()))
            .then_with(|| a.unit.chars[a.hit.range.clone()].cmp(&b.unit.chars[b.hit.range.clone()]))
    });
    placed.dedup_by(|a, b| {
        a.hit.rule() == b.hit.rule()
            && (a.byte, a.width) == (b.byte, b.width)
            && a.hit.problem == b.hit.problem
    });
    cap(markdown, placed)
}

/// Turns placed hits (in source order) into findings, listing at most
/// [`LINE_CAP`] per rule and line and [`FILE_CAP`] per rule and file, and
/// one summary at the first hit left out of each line or file.
fn cap(markdown: &str, placed: Vec<Placed>) -> Vec<Finding> {
    const RULES: usize = Rule::ALL.len();
    // A clean draft (the usual one) needs no index of its lines.
    if placed.is_empty() {
        return Vec::new();
    }
    let lines = text::LineIndex::new(markdown);
    let mut findings: Vec<Finding> = Vec::new();
    let mut listed_on_line = [0usize; RULES];
    let mut listed_in_file = [0usize; RULES];
    // Where the summary of each rule's overflow stands in `findings`.
    let mut line_summary: [Option<usize>; RULES] = [None; RULES];
    let mut file_summary: [Option<usize>; RULES] = [None; RULES];
    let mut scanned = 0;
    for Placed {
        byte,
        width: _,
        unit,
        hit,
    } in placed
    {
        if memchr::memchr(b'\n', &markdown.as_bytes()[scanned..byte]).is_some() {
            listed_on_line = [0; RULES];
            line_summary = [None; RULES];
        }
        scanned = byte;
        let rule = hit.rule();
        let r = rule as usize;
        let (summary, scope) = if listed_in_file[r] >= FILE_CAP {
            (&mut file_summary[r], Omission::File)
        } else if listed_on_line[r] >= LINE_CAP {
            (&mut line_summary[r], Omission::Line)
        } else {
            listed_on_line[r] += 1;
            listed_in_file[r] += 1;
            findings.push(Finding {
                rule,
                span: unit.span(&lines, hit.range.clone()),
                text: quoted_text(unit.text(hit.range)),
                problem: hit.problem,
            });
            continue;
        };
        if let Some(i) = *summary {
            if let DraftIssue::Omitted { count, .. } = &mut findings[i].problem {
                *count += 1;
            }
        } else {
            *summary = Some(findings.len());
            findings.push(Finding {
                rule,
                span: unit.span(&lines, hit.range),
                text: String::new(),
                problem: DraftIssue::Omitted {
                    rule,
                    count: 1,
                    scope,
                },
            });
        }
    }
    findings
}

/// The placeholders in one string of a data file, as written there.
/// Template syntax is left out: in data it is literal text that comes out
/// as written (and `{key}` is a metric reference), which the draft's own
/// lint still reports.
pub fn placeholders_in(text: &str) -> Vec<String> {
    if !placeholder::may_hold_placeholder(text) {
        return Vec::new();
    }
    let s: Vec<char> = text.chars().collect();
    placeholder::placeholders(&s)
        .into_iter()
        .filter(|h| {
            !matches!(
                h.problem,
                DraftIssue::Placeholder {
                    kind: PlaceholderKind::Template
                }
            )
        })
        .map(|h| s[h.range].iter().collect())
        .collect()
}

/// The count a lead announces at its end, `建立三项机制` → (“三项机制”, 3),
/// to check against the items that follow it in the data.
pub fn announced_count(text: &str) -> Option<(String, u32)> {
    let mut s: Vec<char> = text
        .trim_end_matches(['。', '：', '；', '，', ':', ';', ','])
        .chars()
        .collect();
    s.push('：');
    let (range, n) = enums::stated_count(&s, s.len())?;
    Some((s[range].iter().collect(), n))
}

/// The rules that read one unit's text on its own; `markers` are the
/// unit's enumeration markers.
fn unit_hits(unit: &Unit, markers: &[enums::Marker]) -> Vec<Hit> {
    let s = &unit.chars;
    let present = Present::of(s);
    let mut hits = Vec::new();
    if present.doubled_point {
        hits.extend(punct::doubled(s));
    }
    if present.halfwidth_mark {
        hits.extend(punct::halfwidth(s));
    }
    if present.pair_mark {
        hits.extend(punct::pairs(s));
    }
    if present.space {
        hits.extend(punct::spaces(s));
    }
    if present.ellipsis {
        hits.extend(punct::ellipsis(s));
    }
    if present.dash {
        hits.extend(punct::dashes(s));
    }
    if present.item_dunhao {
        hits.extend(punct::quote_dunhao(s));
    }
    if present.qian_bai {
        hits.extend(numbers::qian_bai(s));
    }
    if present.digit_range {
        hits.extend(numbers::range_unit(s));
    }
    if present.yue {
        hits.extend(numbers::approx_redundant(s));
    }
    if present.yu_duo {
        hits.extend(numbers::approx_order(s));
    }
    if present.minus {
        hits.extend(numbers::growth_sign(s));
    }
    if present.fullwidth_digit {
        hits.extend(numbers::fullwidth_digits(s));
    }
    if present.date_digits {
        hits.extend(numbers::dates(s));
    }
    if present.placeholder_start || present.empty_pair {
        hits.extend(placeholder::placeholders_where(
            s,
            present.placeholder_start,
            present.empty_pair,
        ));
    }
    if present.lenticular {
        hits.extend(placeholder::missing_values(s));
    }
    // Escaped asterisks (`\*\*`) were meant to print.
    if present.asterisk {
        hits.extend(
            placeholder::bold_literals(s)
                .into_iter()
                .filter(|h| !unit.any_escaped(h.range.clone())),
        );
    }
    // With no marker, the three rules of enumerations have nothing to read.
    if !markers.is_empty()
        && matches!(
            unit.kind,
            UnitKind::Paragraph | UnitKind::ListItem | UnitKind::Cell
        )
    {
        hits.extend(enums::marker_punct(s, markers));
        hits.extend(enums::mixed(s, markers));
        hits.extend(sequence::enum_sequence(markers));
    }
    hits.extend(structure::unit_checks(unit));
    hits
}

/// Which of the characters (or pairs of characters) that the rules need to
/// find anything occur in a unit. Found in one pass, they spare most units
/// the passes of the rules that cannot report: spaces, dashes, `约`,
/// doubled points, a `、` between quotes, a digit before `月`… are rare in
/// a draft. Each flag is a necessary condition of its rule's every hit,
/// held against running every rule by the test `gates`.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)] // one flag per rule, not a state machine
struct Present {
    /// Two points in a row: what [`punct::doubled`] reports.
    doubled_point: bool,
    /// A mark of [`punct::pairs`]' blocks ([`punct::may_pair`]).
    pair_mark: bool,
    /// `…`, or the same mark twice in a row of those three of which make a
    /// wrong ellipsis (`.` `。` `·` `．`, see [`punct::is_ellipsis_mark`]).
    ellipsis: bool,
    /// `、` right after `”` `’` `》` ([`punct::closes_item`]).
    item_dunhao: bool,
    /// A range mark right after a digit ([`numbers::range_unit`]).
    digit_range: bool,
    /// A minus sign ([`numbers::growth_sign`]).
    minus: bool,
    /// A digit followed by `月` or a date separator ([`numbers::dates`]).
    date_digits: bool,
    /// A character that starts a placeholder other than an empty pair.
    placeholder_start: bool,
    /// An opening mark, maybe spaces, then its closing mark.
    empty_pair: bool,
    /// `,` `;` `:` `?` `!` `.` `(` `)` `"`: what [`punct::halfwidth`] reports.
    halfwidth_mark: bool,
    /// What [`punct::spaces`] starts from.
    space: bool,
    /// `-` `－` `—`: what [`punct::dashes`] starts from.
    dash: bool,
    /// `千` `百`, which [`numbers::qian_bai`] finds after digits.
    qian_bai: bool,
    /// `约`, which [`numbers::approx_redundant`] starts from.
    yue: bool,
    /// `余` `多`, which [`numbers::approx_order`] finds after digits.
    yu_duo: bool,
    /// `０`…`９`, what [`numbers::fullwidth_digits`] reports.
    fullwidth_digit: bool,
    /// `【`, which opens the marker [`placeholder::missing_values`] finds.
    lenticular: bool,
    /// `*`, the mark of [`placeholder::bold_literals`].
    asterisk: bool,
}

impl Present {
    fn of(s: &[char]) -> Self {
        let mut p = Present::default();
        // The character before `c`, and whether it is a point.
        let mut prev = '\0';
        let mut prev_point = false;
        // The mark that would close an empty pair opened before `c` (with
        // only spaces since).
        let mut awaiting: Option<char> = None;
        for &c in s {
            // Most characters are unified ideographs, which are no mark,
            // space or minus (tested): only the rules that start from words
            // need asking.
            if UNIFIED_IDEOGRAPHS.contains(&c) {
                if prev.is_ascii_digit() {
                    p.digit_range |= numbers::is_range_separator(c);
                    p.date_digits |= numbers::may_follow_date_digits(c);
                }
                p.placeholder_start |= placeholder::starts_placeholder(c);
                match c {
                    '千' | '百' => p.qian_bai = true,
                    '约' => p.yue = true,
                    '余' | '多' => p.yu_duo = true,
                    _ => {}
                }
                (prev, prev_point, awaiting) = (c, false, None);
                continue;
            }
            let point = chars::is_point(c);
            p.doubled_point |= point && prev_point;
            prev_point = point;
            p.pair_mark |= punct::may_pair(c);
            if punct::is_ellipsis_mark(c) {
                p.ellipsis |= c == '…' || c == prev;
            }
            p.item_dunhao |= c == '、' && punct::closes_item(prev);
            if prev.is_ascii_digit() {
                p.digit_range |= numbers::is_range_separator(c);
                p.date_digits |= numbers::may_follow_date_digits(c);
            }
            p.minus |= numbers::is_minus(c);
            p.placeholder_start |= placeholder::starts_placeholder(c);
            let space = is_space(c);
            if !space {
                p.empty_pair |= awaiting == Some(c);
                awaiting = placeholder::closer_of_empty(c);
            }
            prev = c;
            p.space |= space;
            // ASCII and the rest apart: each match is then a table or a
            // short search, not a chain of comparisons.
            if c.is_ascii() {
                match c {
                    ',' | ';' | ':' | '?' | '!' | '.' | '(' | ')' | '"' => p.halfwidth_mark = true,
                    '-' => p.dash = true,
                    '*' => p.asterisk = true,
                    _ => {}
                }
            } else {
                match c {
                    '－' | '—' => p.dash = true,
                    '０'..='９' => p.fullwidth_digit = true,
                    '【' => p.lenticular = true,
                    _ => {}
                }
            }
        }
        p
    }
}

/// Whether a finding of `a` makes one of `b` at the same place redundant:
/// one cause, reported once, by the rule that says most about it.
fn outranks(a: Rule, b: Rule) -> bool {
    use Rule::{
        DateFormat, DigitFullwidth, Ellipsis, EnumMarkerPunct, HeadingPunct, LeadPunct,
        MissingValue, NumberQianBai, NumberingStyle, PairUnbalanced, Placeholder, PunctDoubled,
        PunctHalfwidth, RangeUnit, SpaceCjk,
    };
    match a {
        MissingValue => b != MissingValue,
        Placeholder => matches!(
            b,
            PunctDoubled
                | PunctHalfwidth
                | PairUnbalanced
                | SpaceCjk
                | DateFormat
                | DigitFullwidth
                | RangeUnit
                | NumberQianBai
                | NumberingStyle
        ),
        NumberingStyle => matches!(b, PunctHalfwidth | PunctDoubled | SpaceCjk | HeadingPunct),
        EnumMarkerPunct | Ellipsis | HeadingPunct | LeadPunct => {
            matches!(b, PunctHalfwidth | PunctDoubled)
        }
        _ => false,
    }
}

/// Drops hits that an overlapping hit of an outranking rule already covers.
/// Each outranking rule's hits are indexed by start, so a unit with many
/// hits costs O(h log h), not O(h²).
fn suppress(hits: Vec<Hit>) -> Vec<Hit> {
    // No rule outranks itself: a lone hit (or none, as in most units)
    // stands, and the table of rules need not be read.
    if hits.len() < 2 {
        return hits;
    }
    let outranking: Vec<(Rule, RangeIndex)> = Rule::ALL
        .iter()
        .filter(|&&a| Rule::ALL.iter().any(|&b| outranks(a, b)))
        .filter_map(|&a| {
            let ranges: Vec<Range<usize>> = hits
                .iter()
                .filter(|h| h.rule() == a)
                .map(|h| h.range.clone())
                .collect();
            (!ranges.is_empty()).then(|| (a, RangeIndex::new(ranges)))
        })
        .collect();
    if outranking.is_empty() {
        return hits;
    }
    hits.into_iter()
        .filter(|h| {
            !outranking
                .iter()
                .any(|(a, index)| outranks(*a, h.rule()) && index.overlaps(&h.range))
        })
        .collect()
}

/// Ranges sorted by start, with the greatest end among each prefix: whether
/// any of them overlaps a given range is one binary search.
struct RangeIndex {
    starts: Vec<usize>,
    max_end: Vec<usize>,
}

impl RangeIndex {
    fn new(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.sort_by_key(|r| r.start);
        let starts = ranges.iter().map(|r| r.start).collect();
        let max_end = ranges
            .iter()
            .scan(0, |max, r| {
                *max = r.end.max(*max);
                Some(*max)
            })
            .collect();
        RangeIndex { starts, max_end }
    }

    /// Whether some range `g` has `g.start < r.end && r.start < g.end`.
    fn overlaps(&self, r: &Range<usize>) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.end);
        before_end > 0 && self.max_end[before_end - 1] > r.start
    }
}
