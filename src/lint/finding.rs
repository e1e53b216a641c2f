//! What the linter reports: a [`Finding`] names its rule, its place, the
//! offending text and a [`DraftIssue`] with the data its Chinese message needs.

use std::path::Path;

use super::Rule;
use super::chars::POINTS;
use crate::conventions::numeral::cn_numeral;
use crate::diag::{Diagnostic, Explain, Span};

/// One fault in a draft.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The rule broken.
    pub rule: Rule,
    /// Where in the draft.
    pub span: Span,
    /// The offending text as a reader sees it (Markdown markup removed).
    pub text: String,
    pub(crate) problem: DraftIssue,
}

impl Finding {
    /// The finding as a diagnostic about `file`, whose text is `source`.
    pub fn into_diagnostic(self, file: &Path, source: &str) -> Diagnostic {
        Diagnostic::at(self.rule.severity(), file, source, self.span, self)
    }
}

/// What exactly is wrong; each variant belongs to one rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum DraftIssue {
    /// Two or more points in a row; `single` if they are one mark doubled.
    DoubledPunct {
        single: Option<char>,
    },
    HalfwidthPunct {
        fix: String,
    },
    /// An opening mark with no closing one.
    Unclosed {
        close: char,
    },
    /// A closing mark with no opening one before it.
    Unopened {
        open: char,
    },
    /// Spaces next to Chinese; `punct` if the neighbour is a mark.
    SpaceCjk {
        punct: bool,
        fix: String,
    },
    Ellipsis {
        fix: String,
    },
    /// `……。`
    EllipsisStop,
    /// `……等`
    EllipsisDeng,
    Dash {
        fix: String,
    },
    QuoteDunhao {
        fix: String,
    },
    QianBai {
        fix: String,
    },
    RangeUnit {
        fix: String,
    },
    /// 约 together with 左右, 余 or 多 (`with`).
    ApproxRedundant {
        with: &'static str,
        fix: String,
    },
    ApproxOrder {
        fix: String,
    },
    GrowthSign {
        fix: String,
    },
    FullwidthDigit {
        fix: String,
    },
    DateFormat {
        fix: Option<String>,
        why: DateWhy,
    },
    EnumMarkerPunct {
        fix: String,
    },
    /// The mark `found` before the item `next` should be `expected`.
    EnumMixed {
        found: char,
        expected: char,
        next: String,
        why: MixWhy,
    },
    CountMismatch {
        stated: u32,
        found: u32,
        of: Counted,
    },
    /// A heading of level `depth` with no heading of level `missing` above.
    HeadingSkip {
        depth: u8,
        missing: u8,
        example: Option<String>,
    },
    HeadingSequence {
        expected: String,
    },
    /// A `#` heading whose number says level `depth`: it needs `expected` `#`.
    HeadingLevel {
        depth: u8,
        expected: u8,
        found: u8,
    },
    HeadingPunct {
        heading: String,
    },
    LeadPunct {
        lead: String,
    },
    NumberingStyle {
        fix: String,
        why: NumberingWhy,
    },
    Placeholder {
        kind: PlaceholderKind,
    },
    /// `**` pairs left as text around `text`.
    BoldLiteral,
    /// wengao's `【待补：name】`.
    MissingValue {
        name: String,
    },
    /// A 主送机关 not ending in `：`.
    AddresseeColon,
    /// A 附件说明 written against §7.3.4, and why.
    AttachmentNote {
        why: String,
    },
    /// An attachment page whose label or title the 附件说明 does not match.
    AttachmentNumber {
        expected: Option<String>,
        why: String,
    },
    /// `count` more findings of `rule` on this line or in this file, left
    /// out by the caps (`lint::LINE_CAP`, `lint::FILE_CAP`).
    Omitted {
        rule: Rule,
        count: usize,
        scope: Omission,
    },
    /// An enumeration marker repeating (`duplicate`) or skipping a number:
    /// the marker `expected` in its place.
    EnumSequence {
        expected: String,
        duplicate: bool,
    },
}

/// Which cap left findings out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Omission {
    /// Too many on one line.
    Line,
    /// Too many in the file.
    File,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateWhy {
    Invalid,
    TwoDigitYear,
    Separator,
    LeadingZero,
    /// `8号` for `8日`.
    Hao,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MixWhy {
    /// Some item holds a `。`, so every item ends with `。`.
    ItemHasStop,
    /// Short items: `；` between them.
    ShortItems,
    /// The other items end with `。`.
    Majority,
}

/// What a stated count is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Counted {
    /// Level-1 headings after a speech's "我讲三点意见".
    Headings,
    /// Items of an enumeration 一是/一要 (`kind` is 是 or 要).
    Items { kind: char },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NumberingWhy {
    /// `㈠` `⑴` `①` `⒈`
    Circled,
    /// `(一)`
    HalfWidth,
    /// `1、`
    DigitDun,
    /// `一.`
    CnDot,
    /// `（一）、`
    Trailing,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceholderKind {
    /// `XX` `xx` `××`
    Letters,
    /// `*人` `***市`
    Asterisks,
    /// `___` `＿`
    Underscores,
    /// `202x` `20xx`
    Year,
    /// `TODO` `待补充`
    Unfinished,
    /// `（）` `【】` `“”`
    EmptyPair,
    /// `{{ x }}` `{% %}` `{x}`
    Template,
    /// `NaN` `undefined` `null`
    BadValue,
    /// `20xx份`, `3xx人`: a count left unfilled (not a year).
    Count,
}

fn level(depth: u8) -> String {
    format!("{}级", cn_numeral(u64::from(depth)))
}

/// A count as said aloud: 两 for 2.
fn cn_count(n: u32) -> String {
    if n == 2 {
        "两".into()
    } else {
        cn_numeral(u64::from(n))
    }
}

/// A paired mark by its name (GB/T 15834), with the glyph where it is not
/// itself a quotation mark.
fn mark_name(mark: &str) -> String {
    let name = match mark {
        "“" => return "前引号".into(),
        "”" => return "后引号".into(),
        "‘" => return "单前引号".into(),
        "’" => return "单后引号".into(),
        "（" => "前括号",
        "）" => "后括号",
        "《" | "〈" => "前书名号",
        "》" | "〉" => "后书名号",
        "〔" => "前六角括号",
        "〕" => "后六角括号",
        "【" => "前方头括号",
        "】" => "后方头括号",
        _ => "",
    };
    format!("{name}“{mark}”")
}

fn is_mark(s: &str) -> bool {
    s.chars()
        .all(|c| POINTS.contains(&c) || matches!(c, '.' | ',' | ';' | ':' | '!' | '?'))
}

impl DraftIssue {
    /// The rule this problem belongs to.
    pub(crate) fn rule(&self) -> Rule {
        match self {
            DraftIssue::DoubledPunct { .. } => Rule::PunctDoubled,
            DraftIssue::HalfwidthPunct { .. } => Rule::PunctHalfwidth,
            DraftIssue::Unclosed { .. } | DraftIssue::Unopened { .. } => Rule::PairUnbalanced,
            DraftIssue::SpaceCjk { .. } => Rule::SpaceCjk,
            DraftIssue::Ellipsis { .. } | DraftIssue::EllipsisStop | DraftIssue::EllipsisDeng => {
                Rule::Ellipsis
            }
            DraftIssue::Dash { .. } => Rule::Dash,
            DraftIssue::QuoteDunhao { .. } => Rule::QuoteDunhao,
            DraftIssue::QianBai { .. } => Rule::NumberQianBai,
            DraftIssue::RangeUnit { .. } => Rule::RangeUnit,
            DraftIssue::ApproxRedundant { .. } => Rule::ApproxRedundant,
            DraftIssue::ApproxOrder { .. } => Rule::ApproxOrder,
            DraftIssue::GrowthSign { .. } => Rule::GrowthSign,
            DraftIssue::FullwidthDigit { .. } => Rule::DigitFullwidth,
            DraftIssue::DateFormat { .. } => Rule::DateFormat,
            DraftIssue::EnumMarkerPunct { .. } => Rule::EnumMarkerPunct,
            DraftIssue::EnumMixed { .. } => Rule::EnumMixed,
            DraftIssue::CountMismatch { .. } => Rule::CountMismatch,
            DraftIssue::HeadingSkip { .. } => Rule::HeadingSkip,
            DraftIssue::HeadingSequence { .. } => Rule::HeadingSequence,
            DraftIssue::HeadingLevel { .. } => Rule::HeadingLevel,
            DraftIssue::HeadingPunct { .. } => Rule::HeadingPunct,
            DraftIssue::LeadPunct { .. } => Rule::LeadPunct,
            DraftIssue::NumberingStyle { .. } => Rule::NumberingStyle,
            DraftIssue::Placeholder { .. } => Rule::Placeholder,
            DraftIssue::BoldLiteral => Rule::BoldLiteral,
            DraftIssue::MissingValue { .. } => Rule::MissingValue,
            DraftIssue::AddresseeColon => Rule::AddresseeColon,
            DraftIssue::AttachmentNote { .. } => Rule::AttachmentNote,
            DraftIssue::AttachmentNumber { .. } => Rule::AttachmentNumber,
            DraftIssue::Omitted { rule, .. } => *rule,
            DraftIssue::EnumSequence { .. } => Rule::EnumSequence,
        }
    }

    /// The Chinese message for this problem found in `text`.
    pub(crate) fn message(&self, text: &str) -> String {
        match self {
            DraftIssue::DoubledPunct { single: Some(c) } => {
                format!("“{text}”标点重复，应为“{c}”")
            }
            DraftIssue::DoubledPunct { single: None } => {
                format!("“{text}”连用了几个点号，应只保留一个")
            }
            DraftIssue::HalfwidthPunct { fix } if text.chars().count() == 1 => {
                format!("半角标点“{text}”应改为全角“{fix}”")
            }
            DraftIssue::HalfwidthPunct { fix } => {
                format!("“{text}”中用了半角标点，应写作“{fix}”")
            }
            DraftIssue::Unclosed { close } => {
                format!(
                    "{}没有配对的{}",
                    mark_name(text),
                    mark_name(&close.to_string())
                )
            }
            DraftIssue::Unopened { open } => {
                format!(
                    "{}前面没有配对的{}",
                    mark_name(text),
                    mark_name(&open.to_string())
                )
            }
            DraftIssue::SpaceCjk { punct: false, fix } => {
                format!("“{text}”中的空格应删去，写作“{fix}”：汉字与数字、字母之间不留空格")
            }
            DraftIssue::SpaceCjk { punct: true, fix } => {
                format!("“{text}”中的空格应删去，写作“{fix}”：标点前后不留空格")
            }
            DraftIssue::Ellipsis { fix } => format!("“{text}”应写作“{fix}”：省略号是六个点"),
            DraftIssue::EllipsisStop => format!("“{text}”中省略号后不再加句号"),
            DraftIssue::EllipsisDeng => {
                format!("“{text}”中省略号与“等”不并用，只留其一")
            }
            DraftIssue::Dash { fix } => format!("“{text}”应写作“{fix}”"),
            DraftIssue::QuoteDunhao { fix } => {
                format!("并列的引号、书名号之间不用顿号：{text}应写作{fix}")
            }
            DraftIssue::QianBai { fix } => {
                format!("“{text}”应写作“{fix}”：阿拉伯数字不与“千”“百”连用")
            }
            DraftIssue::RangeUnit { fix } => {
                format!("“{text}”的两端都应写单位，如“{fix}”")
            }
            DraftIssue::ApproxRedundant { with, fix } => {
                format!("“{text}”中“约”与“{with}”意思重复，只留其一，如“{fix}”")
            }
            DraftIssue::ApproxOrder { fix } => {
                format!("“{text}”应写作“{fix}”：“余”“多”放在“万”“亿”之后")
            }
            DraftIssue::GrowthSign { fix } => {
                format!("“{text}”应写作“{fix}”：增减已由用词表明，不再加负号")
            }
            DraftIssue::FullwidthDigit { fix } => {
                format!("“{text}”是全角数字，应写作“{fix}”")
            }
            DraftIssue::DateFormat { fix, why } => {
                let why = match why {
                    DateWhy::Invalid => return format!("“{text}”不是有效的日期"),
                    DateWhy::TwoDigitYear => "年份应写全四位",
                    DateWhy::Separator => "正文中的日期用“年月日”",
                    DateWhy::LeadingZero => "月、日不加“0”",
                    DateWhy::Hao => "日期用“日”不用“号”",
                };
                match fix {
                    Some(fix) => format!("“{text}”应写作“{fix}”：{why}"),
                    None => format!("“{text}”：{why}"),
                }
            }
            DraftIssue::EnumMarkerPunct { fix } => {
                format!("“{text}”应写作“{fix}”：“{fix}”之后不用“、”或“：”")
            }
            DraftIssue::EnumMixed {
                found,
                expected,
                next,
                why,
            } => {
                let why = match why {
                    MixWhy::ItemHasStop => "有的列举项内已用句号，各项都应以“。”结尾",
                    MixWhy::ShortItems => "短句列举各项之间用“；”，末项用“。”",
                    MixWhy::Majority => "与同一列举的其他各项保持一致",
                };
                format!("“{next}”前的“{found}”应为“{expected}”：{why}")
            }
            DraftIssue::CountMismatch { found, of, .. } => match of {
                Counted::Headings => {
                    format!("“{text}”与后文不符：后面有{}个一级标题", cn_count(*found))
                }
                Counted::Items { kind } => format!(
                    "“{text}”与后面的列举不符：实际列了{}项（一{kind}至{}{kind}）",
                    cn_count(*found),
                    cn_numeral(u64::from(*found))
                ),
            },
            DraftIssue::HeadingSkip {
                depth,
                missing,
                example,
            } => {
                let example = example
                    .as_ref()
                    .map(|e| format!("（如“{e}”）"))
                    .unwrap_or_default();
                format!(
                    "“{text}”是{}标题，但前面没有{}标题{example}，标题层级不能跳过",
                    level(*depth),
                    level(*missing)
                )
            }
            DraftIssue::HeadingSequence { expected } => {
                format!("编号“{text}”不连续，此处应为“{expected}”")
            }
            DraftIssue::HeadingLevel {
                depth,
                expected,
                found,
            } => format!(
                "“{text}”是{}标题，应写{}个“#”，这里写了{}个",
                level(*depth),
                expected,
                found
            ),
            DraftIssue::HeadingPunct { heading } => {
                format!("标题“{heading}”末尾不加标点，应删去“{text}”")
            }
            DraftIssue::LeadPunct { lead } => {
                if is_mark(text) {
                    format!("段首小标题“{lead}”应以“。”结尾，不用“{text}”")
                } else {
                    format!("段首小标题“{lead}”末尾缺少“。”")
                }
            }
            DraftIssue::NumberingStyle { fix, why } => {
                let why = match why {
                    NumberingWhy::Circled => "带圈、带括号的字符不能作编号",
                    NumberingWhy::HalfWidth => "编号用全角括号",
                    NumberingWhy::DigitDun => "阿拉伯数字编号后用“.”",
                    NumberingWhy::CnDot => "汉字编号后用“、”",
                    NumberingWhy::Trailing => "括号编号后不再加标点",
                };
                format!("编号“{text}”应写作“{fix}”：{why}")
            }
            DraftIssue::Placeholder { kind } => match kind {
                PlaceholderKind::Year => format!("“{text}”年份没有填写，请写出实际年份"),
                PlaceholderKind::Count => {
                    format!("“{text}”是没有填写的数目（不是年份），请写出实际数目")
                }
                PlaceholderKind::Unfinished => format!("“{text}”表明内容还没写完，请补写"),
                PlaceholderKind::EmptyPair => format!("“{text}”里没有内容，漏填了"),
                PlaceholderKind::Template => {
                    format!("“{text}”是模板语法残留，说明有内容没有生成")
                }
                PlaceholderKind::BadValue => {
                    format!("“{text}”是程序输出的无效值，请检查数据")
                }
                PlaceholderKind::Letters
                | PlaceholderKind::Asterisks
                | PlaceholderKind::Underscores => {
                    format!("“{text}”是未填写的占位符，请换成实际内容")
                }
            },
            DraftIssue::BoldLiteral => format!(
                "“{text}”的加粗没有生效，“**”会原样印出：紧挨中文标点的“**”不被识别，可把标点移到“**”外面"
            ),
            DraftIssue::MissingValue { name } => {
                format!("缺少数据“{name}”，请在数据文件中补上后重新生成")
            }
            DraftIssue::AddresseeColon => {
                format!("主送机关“{text}”之后应当用全角冒号“：”结束")
            }
            DraftIssue::AttachmentNote { why } => format!("附件说明“{text}”：{why}"),
            DraftIssue::AttachmentNumber {
                expected: Some(label),
                why,
            } => format!("“{text}”应为“{label}”：{why}"),
            DraftIssue::AttachmentNumber {
                expected: None,
                why,
            } => format!("“{text}”：{why}"),
            DraftIssue::Omitted { rule, count, scope } => {
                let place = match scope {
                    Omission::Line => "本行",
                    Omission::File => "本文件此后",
                };
                format!(
                    "{place}另有{count}处同类问题（{}），不再逐一列出",
                    rule.title()
                )
            }
            DraftIssue::EnumSequence {
                expected,
                duplicate: true,
            } => format!("“{text}”重复出现，按顺序这里应为“{expected}”"),
            DraftIssue::EnumSequence {
                expected,
                duplicate: false,
            } => format!("“{text}”跳过了序号，按顺序这里应为“{expected}”"),
        }
    }
}

impl Explain for Finding {
    fn message(&self) -> String {
        self.problem.message(&self.text)
    }

    fn code(&self) -> Option<&'static str> {
        Some(self.rule.id())
    }
}
