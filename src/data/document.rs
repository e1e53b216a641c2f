//! The `document:` (`公文:`) block: how a draft travels as a 公文 in the
//! full GB/T 9704-2012 form instead of being read aloud.
//!
//! One sub-block per genre that is sent, keyed by the genre: its name
//! (`huibao`, `zongjie`, a template's file stem), its Chinese name (工作汇报,
//! 工作总结, the `name` a template declares) or, for the built-in genres,
//! the kind of 公文 it travels as: `报告` (a 汇报 sent up as a 报告),
//! `通知` (a 讲话 sent out as the 附件 of a covering 通知), `调研报告`,
//! `经验材料`, `总结`. A genre without a sub-block keeps today's layout;
//! every element inside a sub-block is optional, and an element left out is
//! not printed. A key naming no genre is an error ([`check_genres`]).

use std::fmt;

use chrono::NaiveDate;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::de_opt_date;
use crate::diag::{Diagnostic, Explain, Severity};
use crate::render::Genre;

/// The `document:` block: each sent genre's parts, by the key the file
/// writes.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
#[schemars(
    description = "按公文格式发文；不写则按宣读稿排版。键为文种：文种名（huibao、zongjie、模板文件名）、文种中文名（工作汇报、工作总结、模板声明的名称）或内置文种的公文名（报告、通知、调研报告、经验材料、总结）"
)]
pub struct Document(pub IndexMap<String, Sent>);

/// The other names of the built-in genres' sub-blocks: the kind of 公文
/// each travels as, and its Chinese names. The Chinese names repeat the
/// built-in templates' front matter because the data checks, which place
/// findings by sub-block, run before any template is read; with the
/// templates at hand, [`names`] goes by [`Genre::is_called`]. The genre
/// names are [`crate::render::genre`]'s.
const BUILT_IN_KEYS: [(&str, &[&str]); 5] = [
    (crate::render::genre::HUIBAO, &["报告", "汇报", "工作汇报"]),
    (crate::render::genre::JIANGHUA, &["通知", "讲话", "讲话稿"]),
    (crate::render::genre::DIAOYAN, &["调研报告", "调研"]),
    (crate::render::genre::JINGYAN, &["经验材料", "经验"]),
    (crate::render::genre::ZONGJIE, &["工作总结", "总结"]),
];

/// The built-in genre a sub-block key names, if it names one.
pub(crate) fn built_in_genre(key: &str) -> Option<&'static str> {
    BUILT_IN_KEYS
        .iter()
        .find(|(name, others)| *name == key || others.contains(&key))
        .map(|(name, _)| *name)
}

/// Whether the sub-block key `key` names `genre`: as `文种` does
/// ([`Genre::is_called`]), or by the 公文 a built-in genre travels as.
fn names(key: &str, genre: &Genre) -> bool {
    genre.is_called(key) || built_in_genre(key) == Some(genre.name())
}

impl Document {
    /// The sub-block of `genre` and its key as written, if the data sends
    /// that genre as a 公文.
    pub fn for_genre(&self, genre: &Genre) -> Option<(&str, &Sent)> {
        self.0
            .iter()
            .find(|(key, _)| names(key, genre))
            .map(|(key, sent)| (key.as_str(), sent))
    }

    /// Every sub-block with its key as written and its genre's name: the
    /// built-in genre's for its other names, else the key itself.
    pub fn entries(&self) -> impl Iterator<Item = (&str, &str, &Sent)> {
        self.0.iter().map(|(key, sent)| {
            (
                key.as_str(),
                built_in_genre(key).unwrap_or(key.as_str()),
                sent,
            )
        })
    }
}

/// A sub-block of `document` naming no genre there is, or a genre named
/// twice.
#[derive(Debug)]
pub(crate) enum GenreKey {
    Unknown { key: String, known: Vec<String> },
    Twice { key: String, first: String },
}

impl Explain for GenreKey {
    fn message(&self) -> String {
        match self {
            GenreKey::Unknown { key, known } => format!(
                "document.{key}：没有名为“{key}”的文种；可以按公文发出的文种有：{}",
                known.join("、")
            ),
            GenreKey::Twice { key, first } => {
                format!("document.{key}：与 document.{first} 是同一个文种，只能写一处")
            }
        }
    }
}

/// Every key of the `document` block of `loaded` must name one of
/// `genres` (the built-in ones and the templates folder's), each at most
/// once; once they do, each is renamed to its genre's name, as templates
/// read it (`document.<name>`). Runs after the data's own checks, which
/// place their findings by the keys as written.
pub(crate) fn resolve_genres(
    loaded: &mut super::load::Loaded,
    genres: &[Genre],
) -> Vec<Diagnostic> {
    let out = check_genres(loaded, genres);
    if out.is_empty() {
        let document = std::mem::take(&mut loaded.data.document.0);
        loaded.data.document.0 = document
            .into_iter()
            .map(|(key, sent)| {
                let name = genres
                    .iter()
                    .find(|g| names(&key, g))
                    .map_or(key, |g| g.name().to_owned());
                (name, sent)
            })
            .collect();
    }
    out
}

fn check_genres(loaded: &super::load::Loaded, genres: &[Genre]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for key in loaded.data.document.0.keys() {
        let at = format!("document.{key}");
        let span = loaded.map.key(&at);
        let finding = |issue: GenreKey| match span {
            Some(span) => loaded.at(Severity::Error, span, issue),
            None => loaded.finding(Severity::Error, &at, issue),
        };
        let Some(genre) = genres.iter().find(|g| names(key, g)) else {
            let known = genres
                .iter()
                .map(|g| format!("{}（{}）", g.name(), g.label()))
                .collect();
            out.push(finding(GenreKey::Unknown {
                key: key.clone(),
                known,
            }));
            continue;
        };
        if let Some((first, _)) = seen.iter().find(|(_, g)| *g == genre.name()) {
            out.push(finding(GenreKey::Twice {
                key: key.clone(),
                first: (*first).to_owned(),
            }));
            continue;
        }
        seen.push((key, genre.name()));
    }
    out
}

/// How one genre's draft is sent: the parts of GB/T 9704-2012 §7.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一种文稿作为公文发出时的要素（GB/T 9704-2012 第7章），不写的要素不印")]
pub struct Sent {
    /// The document's title; each genre has a default.
    #[serde(default, alias = "标题")]
    #[schemars(description = "公文标题；不写则用各文种的默认标题", extend("x-aliases" = ["标题"]))]
    pub title: Option<String>,
    /// 份号 (§7.2.1): the copy's number, printed in six digits.
    #[serde(default, alias = "份号")]
    #[schemars(description = "份号：印成6位数字", extend("x-aliases" = ["份号"]))]
    pub copy_number: Option<u32>,
    /// 密级 (§7.2.2): 秘密, 机密 or 绝密.
    #[serde(default, alias = "密级")]
    #[schemars(description = "密级：秘密、机密或绝密", extend("x-aliases" = ["密级"]))]
    pub classification: Option<String>,
    /// 保密期限 (§7.2.2), printed after the 密级 and ★: `1年`.
    #[serde(default, alias = "保密期限")]
    #[schemars(description = "保密期限，印在密级和★之后，如 1年", extend("x-aliases" = ["保密期限"]))]
    pub secrecy_term: Option<String>,
    /// 紧急程度 (§7.2.3): 特急 or 加急.
    #[serde(default, alias = "紧急程度")]
    #[schemars(description = "紧急程度：特急或加急", extend("x-aliases" = ["紧急程度"]))]
    pub urgency: Option<String>,
    /// 发文机关标志 (§7.2.4): `中共柳川县委老干部局文件`; for 联合行文 a list
    /// of the organs' names, the host first, set with [`Sent::mark_word`].
    #[serde(default, alias = "发文机关标志", deserialize_with = "de_mark")]
    #[schemars(
        description = "发文机关标志，如 中共柳川县委老干部局文件；联合行文时写成各机关名称的列表，主办机关在前",
        schema_with = "mark_schema",
        extend("x-aliases" = ["发文机关标志"])
    )]
    pub issuer_mark: Option<IssuerMark>,
    /// The word right of a joint mark's names; `文件` when left out, empty
    /// for none.
    #[serde(default, alias = "标志后缀")]
    #[schemars(
        description = "联合行文时排在各机关名称右侧的字，默认“文件”，写空字符串则不排",
        extend("x-aliases" = ["标志后缀"])
    )]
    pub mark_word: Option<String>,
    /// 署名 (§7.3.5), one per issuing organ in the mark's order; the
    /// author (or the organisation) when left out.
    #[serde(default, alias = "署名")]
    #[schemars(
        description = "落款的署名，联合行文时按发文机关顺序每个机关一项；省略时为 meta.author",
        extend("x-aliases" = ["署名"])
    )]
    pub signatures: Vec<String>,
    /// 发文字号 (§7.2.5): `柳老干〔2026〕12号`.
    #[serde(default, alias = "发文字号")]
    #[schemars(description = "发文字号，如 柳老干〔2026〕12号", extend("x-aliases" = ["发文字号"]))]
    pub number: Option<String>,
    /// 签发人 (§7.2.6), for a document sent up: one or more names.
    #[serde(default, alias = "签发人")]
    #[schemars(description = "签发人（上行文），一个或多个姓名", extend("x-aliases" = ["签发人"]))]
    pub signers: Vec<String>,
    /// 主送机关 (§7.3.2), without the final colon: `中共柳川县委`.
    #[serde(default, alias = "主送机关")]
    #[schemars(description = "主送机关，不带末尾冒号，如 中共柳川县委", extend("x-aliases" = ["主送机关"]))]
    pub to: Option<String>,
    /// The covering 通知's own text, paragraph by paragraph.
    #[serde(default, alias = "正文")]
    #[schemars(description = "通知正文，每段一项", extend("x-aliases" = ["正文"]))]
    pub body: Vec<String>,
    /// Whether the 落款 leaves room for a 印章 (§7.3.5.1, the default) or
    /// is laid out for a document without one (§7.3.5.2).
    #[serde(default = "yes", alias = "加盖印章")]
    #[schemars(description = "是否加盖印章：true（默认）为落款留出印章位置，false 按不加盖印章排版", extend("x-aliases" = ["加盖印章"]))]
    pub seal: bool,
    /// 附注 (§7.3.6) without its parentheses: `联系人：张明，电话：1234567`.
    #[serde(default, alias = "附注")]
    #[schemars(description = "附注，不带括号，如 联系人：张明，电话：1234567", extend("x-aliases" = ["附注"]))]
    pub note: Option<String>,
    /// 抄送机关 (§7.4.2), without the final 句号.
    #[serde(default, alias = "抄送机关", alias = "抄送")]
    #[schemars(description = "抄送机关，不带末尾句号", extend("x-aliases" = ["抄送机关", "抄送"]))]
    pub copy_to: Option<String>,
    /// 印发机关 (§7.4.3).
    #[serde(default, alias = "印发机关")]
    #[schemars(description = "印发机关", extend("x-aliases" = ["印发机关"]))]
    pub printer: Option<String>,
    /// 印发日期 (§7.4.3); the 成文日期 when left out and a 印发机关 is given.
    #[serde(default, alias = "印发日期", deserialize_with = "de_opt_date")]
    #[schemars(description = "印发日期：2026-10-08 或 2026年10月8日；不写则用成文日期", schema_with = "super::schema::date", extend("x-aliases" = ["印发日期"]))]
    pub print_date: Option<NaiveDate>,
    /// Tables of metrics sent as 附件 (§7.3.7), after the 讲话 of a 通知.
    #[serde(default, alias = "附件")]
    #[schemars(description = "附件：指标表格，印在讲话之后", extend("x-aliases" = ["附件"]))]
    pub attachments: Vec<TableAttachment>,
}

/// A 附件 that is a table of metrics: its title and the metrics' keys.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(description = "一个指标表格附件")]
pub struct TableAttachment {
    #[serde(alias = "标题")]
    #[schemars(description = "附件标题", extend("x-aliases" = ["标题"]))]
    pub title: String,
    #[serde(alias = "指标")]
    #[schemars(description = "表格中列出的指标键名", extend("x-aliases" = ["指标"]))]
    pub metrics: Vec<String>,
}

fn yes() -> bool {
    true
}

/// The 发文机关标志 as written: one mark, or the names of several organs
/// issuing jointly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerMark {
    /// `中共柳川县委老干部局文件`.
    One(String),
    /// `[中共柳川县委组织部, 柳川县人力资源和社会保障局]`.
    Joint(Vec<String>),
}

impl IssuerMark {
    /// Every name the mark holds, for the checks that walk the texts.
    pub fn names(&self) -> &[String] {
        match self {
            IssuerMark::One(one) => std::slice::from_ref(one),
            IssuerMark::Joint(names) => names,
        }
    }
}

struct MarkVisitor;

impl<'de> de::Visitor<'de> for MarkVisitor {
    type Value = IssuerMark;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("发文机关标志（一个名称，或联合行文时各机关名称的列表）")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<IssuerMark, E> {
        Ok(IssuerMark::One(v.to_owned()))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<IssuerMark, A::Error> {
        let mut names = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            names.push(name);
        }
        Ok(match <[String; 1]>::try_from(names) {
            Ok([one]) => IssuerMark::One(one),
            Err(names) => IssuerMark::Joint(names),
        })
    }
}

/// The schema of [`IssuerMark`]: one name, or a list of names.
fn mark_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" }, "minItems": 1 },
        ],
    })
}

fn de_mark<'de, D: Deserializer<'de>>(d: D) -> Result<Option<IssuerMark>, D::Error> {
    d.deserialize_any(MarkVisitor).map(Some)
}

impl Sent {
    /// Whether any 版记 element is given.
    pub fn has_imprint(&self) -> bool {
        self.copy_to.is_some() || self.printer.is_some()
    }
}

/// What is wrong with a 发文字号 (§7.2.5): the year in full in 六角括号,
/// the number without 第 and without leading zeros, followed by 号.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum NumberForm {
    /// No `〔2026〕`: the year is missing or bracketed otherwise.
    Brackets,
    /// The year is not written in full (`〔26〕`).
    Year,
    /// `第12号`.
    Di,
    /// `012号`.
    LeadingZero,
    /// No number followed by 号 after the year.
    Sequence,
}

impl NumberForm {
    /// The message, in Chinese.
    pub(crate) fn explain(&self) -> &'static str {
        match self {
            NumberForm::Brackets => "年份应当用六角括号“〔〕”括入，如“柳老干〔2026〕12号”",
            NumberForm::Year => "年份应当标全称（四位数字），如“〔2026〕”",
            NumberForm::Di => "发文顺序号不加“第”字，如“〔2026〕12号”",
            NumberForm::LeadingZero => "发文顺序号不编虚位，如“12号”而不是“012号”",
            NumberForm::Sequence => "年份之后应当是发文顺序号加“号”字，如“〔2026〕12号”",
        }
    }
}

/// Checks the form of a 发文字号: `机关代字〔年份〕序号号`.
pub(crate) fn check_number(number: &str) -> Result<(), NumberForm> {
    let Some((_, rest)) = number.split_once('〔') else {
        return Err(NumberForm::Brackets);
    };
    let Some((year, sequence)) = rest.split_once('〕') else {
        return Err(NumberForm::Brackets);
    };
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberForm::Year);
    }
    let sequence = sequence.trim();
    if sequence.starts_with('第') {
        return Err(NumberForm::Di);
    }
    let Some(digits) = sequence.strip_suffix('号') else {
        return Err(NumberForm::Sequence);
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberForm::Sequence);
    }
    if digits.starts_with('0') {
        return Err(NumberForm::LeadingZero);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_forms() {
        assert_eq!(check_number("柳老干〔2026〕12号"), Ok(()));
        assert_eq!(check_number("柳老干[2026]12号"), Err(NumberForm::Brackets));
        assert_eq!(
            check_number("柳老干（2026）12号"),
            Err(NumberForm::Brackets)
        );
        assert_eq!(check_number("柳老干〔26〕12号"), Err(NumberForm::Year));
        assert_eq!(check_number("柳老干〔2026〕第12号"), Err(NumberForm::Di));
        assert_eq!(
            check_number("柳老干〔2026〕012号"),
            Err(NumberForm::LeadingZero)
        );
        assert_eq!(check_number("柳老干〔2026〕12"), Err(NumberForm::Sequence));
    }

    fn mark(yaml: &str) -> Result<Sent, serde_norway::Error> {
        serde_norway::from_str(yaml)
    }

    #[test]
    fn a_mark_is_one_name_or_the_names_of_joint_issuers() {
        let one = mark("发文机关标志: 中共柳川县委老干部局文件").unwrap();
        assert_eq!(
            one.issuer_mark,
            Some(IssuerMark::One("中共柳川县委老干部局文件".into()))
        );
        let listed_once = mark("发文机关标志: [中共柳川县委老干部局文件]").unwrap();
        assert_eq!(listed_once.issuer_mark, one.issuer_mark);
        let joint = mark("发文机关标志: [甲局, 乙局]\n署名: [甲局, 乙局]").unwrap();
        assert_eq!(
            joint.issuer_mark,
            Some(IssuerMark::Joint(vec!["甲局".into(), "乙局".into()]))
        );
        assert_eq!(joint.signatures, ["甲局", "乙局"]);
        let wrong = mark("发文机关标志: {名称: 甲局}").unwrap_err().to_string();
        assert!(
            wrong.contains("发文机关标志（一个名称，或联合行文时各机关名称的列表）"),
            "{wrong}"
        );
    }
}
