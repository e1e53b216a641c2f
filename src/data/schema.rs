//! The JSON Schema of a data file, derived with `schemars` from the very
//! types the loader deserializes into ([`Data`] and everything below it), so
//! it cannot drift from what the loader accepts. `wengao schema` prints it;
//! `wengao init` writes it beside the data and attaches it to the editor.
//!
//! Draft-07: the version VS Code's YAML extension (redhat.vscode-yaml)
//! completes and validates most completely. Every key carries a Chinese
//! `description` (the editor shows it on hover and in completion); Chinese
//! aliases (`做法`, `成效` …) are keys of their own with the same schema.
//!
//! What serde does by hand is described here by hand, next to nothing else:
//! numbers ([`number`]), dates ([`date`]), a metric's one-line form
//! ([`metrics`]), the period codes and the approximation words.

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::RestrictFormats;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Map, Value};

use crate::data::outline::{FrameText, HeadingStyle, PointsLayout};
use crate::data::schedule::Schedule;
use crate::data::{Data, Metric};
use crate::zh::compare::MetricKind;
use crate::zh::number::Approx;
use crate::zh::period::Period;

/// The extension key a field's Chinese aliases are declared under
/// (`#[schemars(extend("x-aliases" = [...]))]`), beside serde's `alias`:
/// [`data_schema`] turns each into a property of its own. A test checks the
/// two lists agree.
pub(crate) const ALIASES_KEY: &str = "x-aliases";

/// The schema of a data file, as `wengao schema` prints it.
pub(crate) fn data_schema() -> Value {
    let mut settings = SchemaSettings::draft07();
    // `uint32` and the like are not draft-07 formats; editors flag them.
    settings
        .transforms
        .push(Box::new(RestrictFormats::default()));
    let schema = settings.into_generator().into_root_schema_for::<Data>();
    let mut value = schema.to_value();
    if let Value::Object(root) = &mut value {
        root.insert("title".into(), "wengao 数据文件".into());
    }
    expand_aliases(&mut value);
    remove_null_defaults(&mut value);
    value
}

/// Drops `"default": null`: leaving a key out is its default, and an
/// editor that completes `previous: null` would give the loader a null
/// where it wants a number.
fn remove_null_defaults(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.get("default") == Some(&Value::Null) {
                object.remove("default");
            }
            object.values_mut().for_each(remove_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(remove_null_defaults),
        _ => {}
    }
}

/// The schema as text: pretty JSON ending in a newline.
pub(crate) fn data_schema_text() -> String {
    let mut text =
        serde_json::to_string_pretty(&data_schema()).expect("a JSON value always serializes");
    text.push('\n');
    text
}

/// Replaces every `x-aliases` list by properties under those names, each
/// a copy of the aliased one. A required key may then be written under any
/// of its names: `required` keeps the key only when it has no alias, and
/// an `anyOf` of the names says one of them must be there.
fn expand_aliases(value: &mut Value) {
    match value {
        Value::Object(object) => {
            let mut alternatives = Vec::new();
            if let Some(Value::Object(properties)) = object.get_mut("properties") {
                let expanded = expand_properties(properties);
                if let Some(Value::Array(required)) = object.get_mut("required") {
                    required.retain(|key| {
                        let names = key
                            .as_str()
                            .and_then(|k| expanded.iter().find(|(name, _)| name == k));
                        match names {
                            Some((name, aliases)) => {
                                let any: Vec<Value> = std::iter::once(name)
                                    .chain(aliases)
                                    .map(|n| json_schema!({ "required": [n] }).to_value())
                                    .collect();
                                alternatives.push(json_schema!({ "anyOf": any }).to_value());
                                false
                            }
                            None => true,
                        }
                    });
                }
            }
            if !alternatives.is_empty() {
                object.insert("allOf".into(), Value::Array(alternatives));
            }
            for child in object.values_mut() {
                expand_aliases(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(expand_aliases),
        _ => {}
    }
}

/// Adds the aliases of `properties` as properties; returns each aliased
/// key with its aliases.
fn expand_properties(properties: &mut Map<String, Value>) -> Vec<(String, Vec<String>)> {
    let mut expanded = Vec::new();
    let mut added = Vec::new();
    for (name, property) in properties.iter_mut() {
        let Some(Value::Array(aliases)) =
            property.as_object_mut().and_then(|p| p.remove(ALIASES_KEY))
        else {
            continue;
        };
        let aliases: Vec<String> = aliases
            .iter()
            .filter_map(|a| a.as_str().map(str::to_owned))
            .collect();
        for alias in &aliases {
            added.push((alias.clone(), property.clone()));
        }
        expanded.push((name.clone(), aliases));
    }
    properties.extend(added);
    expanded
}

/// A number field (`de_number`): a YAML number, never text (`3200`,
/// `98.6`; not `"3200"` nor `3200人`).
pub(crate) fn number(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "number" })
}

/// What [`crate::data::parse_date`] accepts.
pub(crate) const DATE_PATTERN: &str =
    r"^\s*[0-9]{4}(-[0-9]{1,2}-[0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日)\s*$";

/// A date field (`de_date`): `2026-10-08` or `2026年10月8日`.
pub(crate) fn date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": DATE_PATTERN,
    })
}

/// `genres` (`de_genres`): one genre name or a list of them.
pub(crate) fn genres(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" } },
        ],
    })
}

/// The `metrics` map: each metric in the long form (an object) or on one
/// line (a string such as `走访慰问 1250余人次, 去年 1100`).
pub(crate) fn metrics(generator: &mut SchemaGenerator) -> Schema {
    let long = generator.subschema_for::<Metric>();
    json_schema!({
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {
                    "type": "string",
                    "description": "一行写法：名称 数值单位, 再接比较值，如“走访慰问 1250余人次, 去年 1100”",
                },
                long,
            ],
        },
    })
}

/// What [`Period`]'s parser accepts as text: `2026-Q3`, `2026-H1`, `2026`,
/// a month `2026-05` and a range from January `2026-01~05`.
pub(crate) const PERIOD_PATTERN: &str = r"^\s*0*(1949|19[5-9][0-9]|20[0-9][0-9]|2100)(-([Qq][1-4]|[Hh][12]|(0?[1-9]|1[0-2])|0?1~(0?[1-9]|1[0-2])))?\s*$";

impl JsonSchema for Period {
    fn schema_name() -> Cow<'static, str> {
        "Period".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "报告期：2026-Q3（季度，Q1～Q4）、2026-H1（半年，H1或H2）、2026（全年）、2026-05（5月份）或 2026-01~05（1—5月）",
            "anyOf": [
                { "type": "string", "pattern": PERIOD_PATTERN },
                {
                    "type": "integer",
                    "minimum": crate::zh::period::FIRST_YEAR,
                    "maximum": crate::zh::period::LAST_YEAR,
                },
            ],
        })
    }
}

/// Every approximation word, in the order the schema lists them.
const APPROX_WORDS: [Approx; 4] = [Approx::Yu, Approx::Duo, Approx::Yue, Approx::Zuoyou];

impl JsonSchema for Approx {
    fn schema_name() -> Cow<'static, str> {
        "Approx".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let words: Vec<&str> = APPROX_WORDS.iter().map(|a| a.as_str()).collect();
        json_schema!({
            "description": "约数词：余、多（数字之后），约（数字之前），左右（单位之后）",
            "type": "string",
            "enum": words,
        })
    }
}

impl JsonSchema for MetricKind {
    fn schema_name() -> Cow<'static, str> {
        "MetricKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "指标类型：时点（期末存量）、累计（年初以来累计）或比率",
            "type": "string",
            "enum": ["时点", "累计", "比率", "stock", "cumulative", "rate"],
        })
    }
}

impl JsonSchema for Schedule {
    fn schema_name() -> Cow<'static, str> {
        "Schedule".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "序时进度：键为报告期（上半年、全年、Q3、01~05 等），值为应完成年度目标的百分数",
            "type": "object",
            "additionalProperties": { "type": "number" },
        })
    }
}

impl JsonSchema for HeadingStyle {
    fn schema_name() -> Cow<'static, str> {
        "HeadingStyle".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "标题样式：standalone（单列，单独成行）或 run_in（段首，加粗作段落开头）",
            "type": "string",
            "enum": ["standalone", "单列", "run_in", "段首"],
        })
    }
}

impl JsonSchema for PointsLayout {
    fn schema_name() -> Cow<'static, str> {
        "PointsLayout".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "要点排列：inline（段内，一是……；二是……）或 paragraphs（分段，每点一段）",
            "type": "string",
            "enum": ["inline", "段内", "paragraphs", "分段"],
        })
    }
}

impl JsonSchema for FrameText {
    fn schema_name() -> Cow<'static, str> {
        "FrameText".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "框架文字：不写或 true 用默认的说法，false 不要这一句，或写自己的一句",
            "type": ["string", "boolean", "null"],
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, Visitor};

    use super::*;

    fn validator() -> jsonschema::Validator {
        jsonschema::draft7::new(&data_schema()).expect("the schema is valid draft-07")
    }

    fn yaml(text: &str) -> Value {
        serde_norway::from_str(text).unwrap()
    }

    /// Written in Chinese: it opens with a Chinese character or mark (an
    /// English doc comment that merely quotes Chinese does not).
    fn is_chinese(text: &str) -> bool {
        text.chars()
            .next()
            .is_some_and(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || "“（《".contains(c))
    }

    /// Every property of every object in `value`, with its path.
    fn properties<'v>(value: &'v Value, at: &str, out: &mut Vec<(String, &'v Value)>) {
        match value {
            Value::Object(object) => {
                if let Some(Value::Object(props)) = object.get("properties") {
                    for (name, property) in props {
                        out.push((format!("{at}.{name}"), property));
                    }
                }
                for (key, child) in object {
                    properties(child, &format!("{at}/{key}"), out);
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    properties(item, &format!("{at}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    #[test]
    fn every_key_has_a_chinese_description() {
        let schema = data_schema();
        let mut found = Vec::new();
        properties(&schema, "#", &mut found);
        assert!(found.len() > 50, "only {} properties", found.len());
        let undescribed: Vec<&str> = found
            .iter()
            .filter(|(_, p)| {
                !p.get("description")
                    .and_then(Value::as_str)
                    .is_some_and(is_chinese)
            })
            .map(|(path, _)| path.as_str())
            .collect();
        assert!(
            undescribed.is_empty(),
            "keys without a Chinese description (add #[schemars(description = \"…\")]): {undescribed:#?}"
        );
    }

    /// Records the field names (aliases included) serde's derived
    /// `Deserialize` of a struct accepts, then stops.
    struct FieldNames(Vec<&'static str>);

    impl<'de> Deserializer<'de> for &mut FieldNames {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("not a struct"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.extend(fields);
            Err(de::Error::custom("names taken"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }

    fn accepted_keys<'de, T: Deserialize<'de>>() -> BTreeSet<String> {
        let mut names = FieldNames(Vec::new());
        let _ = T::deserialize(&mut names);
        names.0.into_iter().map(str::to_owned).collect()
    }

    fn schema_keys(schema: &Value, definition: Option<&str>) -> BTreeSet<String> {
        let object = match definition {
            Some(name) => &schema["definitions"][name],
            None => schema,
        };
        assert_eq!(
            object["additionalProperties"],
            Value::Bool(false),
            "{definition:?}"
        );
        object["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    #[test]
    fn keys_and_aliases_are_those_the_loader_accepts() {
        use crate::data::{self, document};
        let schema = data_schema();
        let cases = [
            (None, accepted_keys::<Data>()),
            (Some("Meta"), accepted_keys::<data::Meta>()),
            (Some("Metric"), accepted_keys::<data::Metric>()),
            (
                Some("NumberSettings"),
                accepted_keys::<data::NumberSettings>(),
            ),
            (Some("Part"), accepted_keys::<data::outline::Part>()),
            (Some("Practice"), accepted_keys::<data::Practice>()),
            (Some("Results"), accepted_keys::<data::Results>()),
            (Some("Problem"), accepted_keys::<data::Problem>()),
            (Some("Item"), accepted_keys::<data::Item>()),
            (Some("Speech"), accepted_keys::<data::Speech>()),
            (Some("Research"), accepted_keys::<data::Research>()),
            (Some("Method"), accepted_keys::<data::Method>()),
            (Some("Report"), accepted_keys::<data::Report>()),
            (Some("Sent"), accepted_keys::<document::Sent>()),
            (
                Some("TableAttachment"),
                accepted_keys::<document::TableAttachment>(),
            ),
        ];
        for (definition, accepted) in &cases {
            assert!(!accepted.is_empty(), "{definition:?}");
            let in_schema = schema_keys(&schema, *definition);
            let missing: Vec<_> = accepted.difference(&in_schema).collect();
            let extra: Vec<_> = in_schema.difference(accepted).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{definition:?}: keys the loader accepts but the schema lacks (add them to \
                 `extend(\"x-aliases\" = […])`): {missing:?}; keys the loader refuses: {extra:?}"
            );
        }
        // Every key has a Chinese name, in the one table of its struct
        // (`data::keys`), which names exactly what the loader accepts.
        for (definition, accepted) in &cases {
            let name = definition.unwrap_or("Data");
            let (_, _, table) = crate::data::keys::TABLES
                .iter()
                .find(|(n, _, _)| *n == name)
                .unwrap_or_else(|| panic!("no table of keys for {name}"));
            let named: BTreeSet<String> = table
                .iter()
                .flat_map(|(zh, en)| [(*zh).to_owned(), (*en).to_owned()])
                .collect();
            assert_eq!(
                &named, accepted,
                "{name}: data::keys and the serde aliases differ"
            );
        }
        assert_eq!(crate::data::keys::TABLES.len(), cases.len());
        // The top-level Chinese section names are all keys.
        let top = schema_keys(&schema, None);
        for (zh, _) in crate::data::SECTION_ALIASES {
            assert!(top.contains(zh), "{zh}");
        }
    }

    #[test]
    fn period_pattern_matches_what_the_parser_accepts() {
        let schema =
            serde_json::to_value(Period::json_schema(&mut SchemaGenerator::default())).unwrap();
        let validator = jsonschema::draft7::new(&schema).unwrap();
        for text in [
            "2026-Q3",
            "2026-q1",
            "2026-H1",
            "2026-h2",
            "2026",
            " 2026-Q4 ",
            "2026-Q0",
            "2026-Q5",
            "2026-H3",
            "2026-Y1",
            "26-Q3",
            "2026Q3",
            "2026-",
            "2026-09",
            "2026-Q10",
            "二〇二六",
            "1948",
            "1949-H1",
            "2100",
            "2101-Q1",
            "02026-Q3",
        ] {
            assert_eq!(
                validator.is_valid(&Value::from(text)),
                text.parse::<Period>().is_ok(),
                "{text:?}"
            );
        }
        for year in [1948, 1949, 2026, 2100, 2101] {
            let parsed: Result<Period, _> = serde_norway::from_str(&year.to_string());
            assert_eq!(
                validator.is_valid(&Value::from(year)),
                parsed.is_ok(),
                "{year}"
            );
        }
    }

    #[test]
    fn date_pattern_matches_what_the_loader_accepts() {
        let schema = serde_json::to_value(date(&mut SchemaGenerator::default())).unwrap();
        let validator = jsonschema::draft7::new(&schema).unwrap();
        for text in [
            "2026-10-08",
            "2026-1-8",
            "2026年10月8日",
            "2026年1月08日",
            " 2026-10-08 ",
            "2026/10/08",
            "2026年10月8",
            "2026.10.08",
        ] {
            assert_eq!(
                validator.is_valid(&Value::from(text)),
                crate::data::parse_date(text).is_some(),
                "{text:?}"
            );
        }
        // Stricter on purpose: the loader reads `26-10-08` as the year 26,
        // which no writer means; the editor flags it.
        assert!(crate::data::parse_date("26-10-08").is_some());
        assert!(!validator.is_valid(&Value::from("26-10-08")));
    }

    #[test]
    fn approx_words_are_the_enum() {
        let schema = data_schema();
        let words = &schema["definitions"]["Approx"]["enum"];
        for a in APPROX_WORDS {
            let parsed: Approx = serde_norway::from_str(a.as_str()).unwrap();
            assert_eq!(parsed, a);
        }
        assert_eq!(words, &serde_json::json!(["余", "多", "约", "左右"]));
    }

    const MINIMAL: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026年10月12日
";

    /// A file written with Chinese keys only, every section of it.
    const ONLY_CHINESE: &str = "\
基本信息:
  地区: 柳川县
  单位: 中共柳川县委老干部局
  工作名称: 老干部工作
  报告期: 2026-Q3
  成文日期: 2026年10月12日
  署名: 县委老干部局
  领导: 县委坚强领导
数字:
  换算: false
  小数: 1
指标:
  旅游收入: 乡村旅游综合收入 8.3亿元, 去年 7.1
  党员:
    名称: 离退休干部党员
    数值: 1842
    单位: 名
    约数: 余
    去年: 1796
    上期: 1800
    目标: 1900
    同比: 2.6
    环比: 2.3
    换算: false
    小数: 1
    类型: 时点
    上年末: 1790
  支部:
    名称: 党支部
    数值: 86
    属于: 党员
    其中: [党员]
做法:
  - 标题: 夯实组织基础
    正文: 全县党员{党员}，{党员:同比}
    要点: [建强支部]
    成效: [成效明显]
成效:
  总述: 各项工作稳步推进
  亮点:
    - 旅游收入{旅游收入}
问题:
  - 标题: 活动形式单一
    表现: 活动内容不够丰富
    原因: [投入不足]
对策:
  - 标题: 丰富活动载体
    正文: 开展主题活动
    要点: [办好讲座]
讲话:
  会议: 全县老干部工作会议
  讲话人: 周建国
  职务: 县委副书记
  日期: 2026-10-15
  称呼: 同志们：
  开头: 今天召开会议
  重要意义:
    - 标题: 提高站位
  结尾: false
  意见说法: 讲N点意见
  一部分也预告: true
调研:
  题目: 离退休干部党建工作
  背景: 为摸清底数
  调研组: 县委老干部局调研组
  方法:
    时间: 8月至9月
    走访: 14
    座谈: 4
    访谈: 30
    问卷: 200
    有效问卷: 190
  基本情况: [党员]
  基本情况引语: false
  基本情况补充: 总体向好
  过渡句: true
汇报:
  标题: 关于老干部工作情况的汇报
  称呼: 尊敬的各位领导：
  稿件标记: 送审稿
  结尾: false
  开头: true
  时间词: 今年以来
  过渡句: true
提纲:
  - 标题: 夯实组织基础
    下级:
      - 标题: 优化支部设置
        正文: 全县建成支部{支部}
序时进度:
  上半年: 60
";

    #[test]
    fn a_minimal_file_and_its_chinese_form_are_valid() {
        let v = validator();
        assert!(v.is_valid(&yaml(MINIMAL)));
        let chinese = MINIMAL.replace("meta:", "基本信息:") + "做法:\n  - lead: 夯实组织基础\n";
        assert!(v.is_valid(&yaml(&chinese)));
        assert!(v.is_valid(&yaml(ONLY_CHINESE)), "{ONLY_CHINESE}");
        // … and the loader reads it.
        let loaded =
            crate::data::read::read_text(std::path::Path::new("a.yaml"), ONLY_CHINESE.to_owned())
                .unwrap();
        assert_eq!(
            loaded
                .data
                .research
                .unwrap()
                .method
                .unwrap()
                .questionnaires_valid,
            Some(190)
        );
        assert!(v.is_valid(&yaml(&MINIMAL.replace("2026-Q3", "2026"))));
        let compact = format!("{MINIMAL}metrics:\n  visits: 走访慰问 1250余人次, 去年 1100\n");
        assert!(v.is_valid(&yaml(&compact)));
    }

    #[test]
    fn misspelt_keys_and_wrong_types_are_refused() {
        let v = validator();
        for bad in [
            MINIMAL.replace("topic:", "topc:"),
            MINIMAL.replace("  period: 2026-Q3\n", ""),
            MINIMAL.replace("2026-Q3", "2026年三季度"),
            MINIMAL.replace("2026年10月12日", "10月12日"),
            format!("{MINIMAL}metrics:\n  visits:\n    name: 走访慰问\n    value: 1250人次\n"),
            format!("{MINIMAL}metrics:\n  visits:\n    name: 走访慰问\n    value: \"1250\"\n"),
            format!(
                "{MINIMAL}metrics:\n  visits:\n    name: 走访慰问\n    value: 1250\n    approx: 大约\n"
            ),
            format!("{MINIMAL}practises:\n  - lead: 夯实组织基础\n"),
            format!("{MINIMAL}research:\n  method:\n    visits: 十八\n"),
        ] {
            assert!(!v.is_valid(&yaml(&bad)), "accepted:\n{bad}");
        }
    }
}
