//! Tests of the whole linter: for every rule a hit, with its exact place
//! and message, and a near miss that must produce nothing at all; a clean
//! realistic draft; the config; Markdown mapping; and a fuzz-style run.

use super::*;
use crate::diag::{Explain, Span};

fn all(md: &str) -> Vec<(Rule, Span, String)> {
    lint(md, &LintConfig::default())
        .into_iter()
        .map(|f| (f.rule, f.span, f.message()))
        .collect()
}

/// The one finding of `md`.
fn one(md: &str) -> (Rule, Span, String) {
    let mut found = all(md);
    assert_eq!(found.len(), 1, "{md}: {found:#?}");
    found.remove(0)
}

/// `md` must be clean.
fn none(md: &str) {
    let found = all(md);
    assert!(found.is_empty(), "{md}: {found:#?}");
}

fn hit(
    rule: Rule,
    line: usize,
    column: usize,
    width: usize,
    message: &str,
) -> (Rule, Span, String) {
    (rule, Span::new(line, column, width), message.to_owned())
}

// ---- punctuation -------------------------------------------------------

#[test]
fn punct_doubled() {
    assert_eq!(
        one("我县工作稳步推进。。各项指标向好。"),
        hit(Rule::PunctDoubled, 1, 9, 2, "“。。”标点重复，应为“。”")
    );
    assert_eq!(
        one("稳步推进，。各项指标向好。"),
        hit(
            Rule::PunctDoubled,
            1,
            5,
            2,
            "“，。”连用了几个点号，应只保留一个"
        )
    );
    none("形势很好……这难道不是成绩吗？！——是的。");
}

#[test]
fn punct_halfwidth() {
    assert_eq!(
        one("柳川县,白河县联合开展调研。"),
        hit(Rule::PunctHalfwidth, 1, 4, 1, "半角标点“,”应改为全角“，”")
    );
    assert_eq!(
        one("详见附件(二)。"),
        hit(
            Rule::PunctHalfwidth,
            1,
            5,
            3,
            "“(二)”中用了半角标点，应写作“（二）”"
        )
    );
    none("共有1,000人参加，增长3.5%，GDP (per capita) grew: 3.5!");
}

#[test]
fn pair_unbalanced() {
    assert_eq!(
        one("学习《条例》和“两个确立。"),
        hit(Rule::PairUnbalanced, 1, 8, 1, "前引号没有配对的后引号")
    );
    assert_eq!(
        one("召开会议（第三次。"),
        hit(
            Rule::PairUnbalanced,
            1,
            5,
            1,
            "前括号“（”没有配对的后括号“）”"
        )
    );
    none("学习《条例》和“两个确立”（2026年版），坚持“‘两个维护’”。");
}

#[test]
fn space_cjk() {
    assert_eq!(
        one("2026 年全县共有党员86人。"),
        hit(
            Rule::SpaceCjk,
            1,
            1,
            6,
            "“2026 年”中的空格应删去，写作“2026年”：汉字与数字、字母之间不留空格"
        )
    );
    assert_eq!(
        one("听取汇报 、实地参观。"),
        hit(
            Rule::SpaceCjk,
            1,
            4,
            3,
            "“报 、”中的空格应删去，写作“报、”：标点前后不留空格"
        )
    );
    none("全县GDP增长5%，王　伟同志参加。");
}

#[test]
fn ellipsis() {
    assert_eq!(
        one("加强学习...提高能力。"),
        hit(Rule::Ellipsis, 1, 5, 3, "“...”应写作“……”：省略号是六个点")
    );
    assert_eq!(
        one("书法、绘画、摄影……等活动。"),
        hit(
            Rule::Ellipsis,
            1,
            9,
            3,
            "“……等”中省略号与“等”不并用，只留其一"
        )
    );
    assert_eq!(
        one("书法、绘画、摄影……。"),
        hit(Rule::Ellipsis, 1, 9, 3, "“……。”中省略号后不再加句号")
    );
    none("开展书法、绘画、摄影……丰富了文化生活。");
}

#[test]
fn dash() {
    assert_eq!(
        one("这是我们的目标--共同富裕。"),
        hit(Rule::Dash, 1, 8, 2, "“--”应写作“——”")
    );
    none("这是我们的目标——共同富裕，2021—2025年。");
}

#[test]
fn quote_dunhao() {
    assert_eq!(
        one("增强“四个意识”、“四个自信”。"),
        hit(
            Rule::QuoteDunhao,
            1,
            3,
            13,
            "并列的引号、书名号之间不用顿号：“四个意识”、“四个自信”应写作“四个意识”“四个自信”"
        )
    );
    none("增强“四个意识”“四个自信”，学习《条例》《规定》。");
}

// ---- numbers -----------------------------------------------------------

#[test]
fn number_qian_bai() {
    assert_eq!(
        one("全县共有4千名党员。"),
        hit(
            Rule::NumberQianBai,
            1,
            5,
            2,
            "“4千”应写作“4000”：阿拉伯数字不与“千”“百”连用"
        )
    );
    none("新建道路5千米，装机3千瓦，提高2个百分点，三千余人。");
}

#[test]
fn range_unit() {
    assert_eq!(
        one("覆盖率为15～30%。"),
        hit(
            Rule::RangeUnit,
            1,
            5,
            6,
            "“15～30%”的两端都应写单位，如“15%～30%”"
        )
    );
    assert_eq!(
        one("总投资9～16亿元。"),
        hit(
            Rule::RangeUnit,
            1,
            4,
            6,
            "“9～16亿元”的两端都应写单位，如“9亿～16亿元”"
        )
    );
    none("覆盖率为15%～30%，投资9亿～16亿元，规划期为2021—2025年，每批300～500人。");
}

#[test]
fn approx_redundant() {
    assert_eq!(
        one("参会人员约300人左右。"),
        hit(
            Rule::ApproxRedundant,
            1,
            5,
            7,
            "“约300人左右”中“约”与“左右”意思重复，只留其一，如“约300人”"
        )
    );
    assert_eq!(
        one("参会人员约300余人。"),
        hit(
            Rule::ApproxRedundant,
            1,
            5,
            5,
            "“约300余”中“约”与“余”意思重复，只留其一，如“300余”"
        )
    );
    none("参会人员约300人，节约资金一半左右，300人左右。");
}

#[test]
fn approx_order() {
    assert_eq!(
        one("投入资金1234余万元。"),
        hit(
            Rule::ApproxOrder,
            1,
            5,
            7,
            "“1234余万元”应写作“1234万余元”：“余”“多”放在“万”“亿”之后"
        )
    );
    none("投入资金1234万余元，惠及20余万人。");
}

#[test]
fn growth_sign() {
    assert_eq!(
        one("税收同比增长-5.2%。"),
        hit(
            Rule::GrowthSign,
            1,
            5,
            7,
            "“增长-5.2%”应写作“下降5.2%”：增减已由用词表明，不再加负号"
        )
    );
    none("税收同比下降5.2%，最低气温-3℃。");
}

#[test]
fn digit_fullwidth() {
    assert_eq!(
        one("全县共有党员８６人。"),
        hit(
            Rule::DigitFullwidth,
            1,
            7,
            2,
            "“８６”是全角数字，应写作“86”"
        )
    );
    none("全县共有党员86人。");
}

#[test]
fn date_format() {
    assert_eq!(
        one("会议于2026年06月08日召开。"),
        hit(
            Rule::DateFormat,
            1,
            4,
            11,
            "“2026年06月08日”应写作“2026年6月8日”：月、日不加“0”"
        )
    );
    assert_eq!(
        one("会议于2026-10-08召开。"),
        hit(
            Rule::DateFormat,
            1,
            4,
            10,
            "“2026-10-08”应写作“2026年10月8日”：正文中的日期用“年月日”"
        )
    );
    assert_eq!(
        one("会议于26年6月召开。"),
        hit(
            Rule::DateFormat,
            1,
            4,
            5,
            "“26年6月”应写作“2026年6月”：年份应写全四位"
        )
    );
    none("会议于2026年6月8日召开，为期3天，他已工作26年。");
}

// ---- enumerations ------------------------------------------------------

#[test]
fn enum_marker_punct() {
    assert_eq!(
        one("一是：加强学习；二是改进作风。"),
        hit(
            Rule::EnumMarkerPunct,
            1,
            1,
            3,
            "“一是：”应写作“一是”：“一是”之后不用“、”或“：”"
        )
    );
    none("一是加强学习；二是，改进作风。统一是关键。");
}

#[test]
fn enum_mixed() {
    assert_eq!(
        one("一是加强学习；二是改进作风。三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            1,
            14,
            1,
            "“三是”前的“。”应为“；”：短句列举各项之间用“；”，末项用“。”"
        )
    );
    assert_eq!(
        one("一是加强学习。全年举办8期。二是改进作风；三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            1,
            21,
            1,
            "“三是”前的“；”应为“。”：有的列举项内已用句号，各项都应以“。”结尾"
        )
    );
    none("一是加强学习；二是改进作风；三是狠抓落实。");
    none("一是加强学习。全年举办8期。二是改进作风。三是狠抓落实。");
}

#[test]
fn enum_mixed_across_soft_breaks() {
    assert_eq!(
        one("一是加强学习；\n二是改进作风。\n三是狠抓落实。"),
        hit(
            Rule::EnumMixed,
            2,
            7,
            1,
            "“三是”前的“。”应为“；”：短句列举各项之间用“；”，末项用“。”"
        )
    );
}

#[test]
fn count_mismatch_in_a_paragraph() {
    assert_eq!(
        one("重点建立三项机制：一是联系机制；二是帮扶机制。"),
        hit(
            Rule::CountMismatch,
            1,
            5,
            4,
            "“三项机制”与后面的列举不符：实际列了两项（一是至二是）"
        )
    );
    none("重点建立三项机制：一是联系机制；二是帮扶机制；三是考核机制。");
    none("按照两个文件的要求，一是加强学习；二是改进作风；三是狠抓落实。");
    none("牢固树立“四个意识”，做到“两个维护”。一是加强学习；二是改进作风；三是狠抓落实。");
    none("全年召开3次会议。一是加强学习；二是改进作风。");
}

#[test]
fn count_mismatch_across_paragraphs() {
    let md = "着力提升三个方面的能力。\n\n一要善于引导。\n\n二要善于协调。\n";
    assert_eq!(
        one(md),
        hit(
            Rule::CountMismatch,
            1,
            5,
            7,
            "“三个方面的能力”与后面的列举不符：实际列了两项（一要至二要）"
        )
    );
    none("着力提升三个方面的能力。\n\n一要善于引导。\n\n二要善于协调。\n\n三要善于创新。\n");
}

#[test]
fn count_mismatch_in_a_speech() {
    let md = "下面，我讲三点意见。\n\n## 一、提高站位\n\n## 二、狠抓落实\n";
    assert_eq!(
        one(md),
        hit(
            Rule::CountMismatch,
            1,
            5,
            5,
            "“讲三点意见”与后文不符：后面有两个一级标题"
        )
    );
    none("下面，我讲三点意见。\n\n## 一、提高站位\n\n## 二、狠抓落实\n\n## 三、加强保障\n");
}

// ---- structure ---------------------------------------------------------

#[test]
fn heading_skip() {
    assert_eq!(
        one("## 一、总体情况\n\n1.加强领导。\n"),
        hit(
            Rule::HeadingSkip,
            3,
            1,
            2,
            "“1.”是三级标题，但前面没有二级标题（如“（一）”），标题层级不能跳过"
        )
    );
    assert_eq!(
        one("## 一、总体情况\n\n#### 具体措施\n"),
        hit(
            Rule::HeadingSkip,
            3,
            6,
            4,
            "“具体措施”是三级标题，但前面没有二级标题，标题层级不能跳过"
        )
    );
    none("## 一、总体情况\n\n### （一）组织领导\n\n1.加强领导。\n\n（1）健全机制。\n");
}

#[test]
fn heading_skip_counts_run_in_leads() {
    none("## 一、总体情况\n\n**（一）加强领导。**\n我们坚持学习。\n\n1.健全机制。\n");
}

#[test]
fn heading_sequence() {
    assert_eq!(
        one("## 一、总体情况\n\n## 三、存在问题\n"),
        hit(
            Rule::HeadingSequence,
            3,
            4,
            2,
            "编号“三、”不连续，此处应为“二、”"
        )
    );
    let md = "## 一、甲\n\n**（一）甲。**\n乙。\n\n**（二）丙。**\n丁。\n\n**（四）戊。**\n己。\n";
    assert_eq!(
        one(md),
        hit(
            Rule::HeadingSequence,
            9,
            3,
            3,
            "编号“（四）”不连续，此处应为“（三）”"
        )
    );
    none(
        "## 一、总体情况\n\n## 二、存在问题\n\n### （一）甲\n\n## 三、下一步打算\n\n### （一）乙\n",
    );
}

#[test]
fn heading_level() {
    assert_eq!(
        one("## 一、总体情况\n\n## （一）组织领导\n"),
        hit(
            Rule::HeadingLevel,
            3,
            4,
            3,
            "“（一）”是二级标题，应写3个“#”，这里写了2个"
        )
    );
    none("## 一、总体情况\n\n### （一）组织领导\n");
    // A hand-written draft that starts its levels at `#` is consistent too.
    none("# 一、总体情况\n\n## （一）组织领导\n");
}

#[test]
fn heading_punct() {
    assert_eq!(
        one("## 一、总体情况。\n"),
        hit(
            Rule::HeadingPunct,
            1,
            10,
            1,
            "标题“一、总体情况。”末尾不加标点，应删去“。”"
        )
    );
    assert_eq!(
        one("# 关于加强老干部工作的报告：\n"),
        hit(
            Rule::HeadingPunct,
            1,
            15,
            1,
            "标题“关于加强老干部工作的报告：”末尾不加标点，应删去“：”"
        )
    );
    none("# 关于加强老干部工作的报告（送审稿）\n\n## 一、总体情况\n");
}

#[test]
fn lead_punct() {
    assert_eq!(
        one("## 一、甲\n\n**（一）突出政治引领，推动思想建设**\n我们坚持学习。"),
        hit(
            Rule::LeadPunct,
            3,
            18,
            1,
            "段首小标题“（一）突出政治引领，推动思想建设”末尾缺少“。”"
        )
    );
    assert_eq!(
        one("## 一、甲\n\n**（一）突出政治引领：**\n我们坚持学习。"),
        hit(
            Rule::LeadPunct,
            3,
            12,
            1,
            "段首小标题“（一）突出政治引领：”应以“。”结尾，不用“：”"
        )
    );
    none("## 一、甲\n\n**（一）突出政治引领，推动思想建设。**\n我们坚持学习。");
    // An emphasised phrase opening a paragraph is no lead.
    none("**重要的是**，我们要坚持学习。");
}

#[test]
fn numbering_style() {
    assert_eq!(
        one("## 一、甲\n\n### ㈠乙\n"),
        hit(
            Rule::NumberingStyle,
            3,
            5,
            1,
            "编号“㈠”应写作“（一）”：带圈、带括号的字符不能作编号"
        )
    );
    assert_eq!(
        one("## 一、甲\n\n### （一）乙\n\n1、丙。\n"),
        hit(
            Rule::NumberingStyle,
            5,
            1,
            2,
            "编号“1、”应写作“1.”：阿拉伯数字编号后用“.”"
        )
    );
    assert_eq!(
        one("## 一、甲\n\n### (一)乙\n"),
        hit(
            Rule::NumberingStyle,
            3,
            5,
            3,
            "编号“(一)”应写作“（一）”：编号用全角括号"
        )
    );
    assert_eq!(
        one("## 一、甲\n\n### （一）、乙\n"),
        hit(
            Rule::NumberingStyle,
            3,
            5,
            4,
            "编号“（一）、”应写作“（一）”：括号编号后不再加标点"
        )
    );
    none("## 一、甲\n\n### （一）乙\n\n1.丙。\n\n（1）丁。\n");
}

// ---- leftovers ---------------------------------------------------------

#[test]
fn placeholder() {
    assert_eq!(
        one("全州共建立党支部XX个。"),
        hit(
            Rule::Placeholder,
            1,
            9,
            2,
            "“XX”是未填写的占位符，请换成实际内容"
        )
    );
    assert_eq!(
        one("报告日期：202x年6月8日"),
        hit(
            Rule::Placeholder,
            1,
            6,
            4,
            "“202x”年份没有填写，请写出实际年份"
        )
    );
    assert_eq!(
        one("退休干部由*人增长至86人。"),
        hit(
            Rule::Placeholder,
            1,
            6,
            1,
            "“*”是未填写的占位符，请换成实际内容"
        )
    );
    assert_eq!(
        one("今天{{ city }}各项事业"),
        hit(
            Rule::Placeholder,
            1,
            3,
            10,
            "“{{ city }}”是模板语法残留，说明有内容没有生成"
        )
    );
    assert_eq!(
        one("覆盖率为NaN%。"),
        hit(
            Rule::Placeholder,
            1,
            5,
            3,
            "“NaN”是程序输出的无效值，请检查数据"
        )
    );
    assert_eq!(
        one("牵头单位：（）"),
        hit(Rule::Placeholder, 1, 6, 2, "“（）”里没有内容，漏填了")
    );
    none("全州共建立党支部86个，配发XXL码服装，X光机2台，面积3×4米。");
}

#[test]
fn placeholder_asterisks_the_parser_took_for_emphasis() {
    // `*人增长至*` parses as emphasis; the asterisks are still reported.
    let found = all("由*人增长至***人。");
    let places: Vec<(Rule, Span)> = found.iter().map(|f| (f.0, f.1)).collect();
    assert_eq!(
        places,
        [
            (Rule::Placeholder, Span::new(1, 2, 1)),
            (Rule::Placeholder, Span::new(1, 7, 3))
        ]
    );
}

#[test]
fn placeholder_behind_escapes() {
    assert_eq!(
        one("今天\\*\\*\\*市各项事业"),
        hit(
            Rule::Placeholder,
            1,
            4,
            5,
            "“***”是未填写的占位符，请换成实际内容"
        )
    );
}

#[test]
fn bold_literal() {
    assert_eq!(
        one("## 一、甲\n\n**（一）加强领导。**我们坚持学习。"),
        hit(
            Rule::BoldLiteral,
            3,
            1,
            12,
            "“**（一）加强领导。**”的加粗没有生效，“**”会原样印出：紧挨中文标点的“**”不被识别，可把标点移到“**”外面"
        )
    );
    none("## 一、甲\n\n**（一）加强领导。**\n我们坚持学习。");
    // Escaped asterisks are literal by intent (data text is escaped so).
    none("## 一、甲\n\n全县\\*\\*不是加粗\\*\\*共有党员。");
}

#[test]
fn missing_value() {
    assert_eq!(
        one("共有党员【待补：离退休干部党员数】人。"),
        hit(
            Rule::MissingValue,
            1,
            5,
            13,
            "缺少数据“离退休干部党员数”，请在数据文件中补上后重新生成"
        )
    );
    none("共有离退休干部党员1234人。");
}

// ---- Markdown awareness ------------------------------------------------

#[test]
fn markdown_syntax_is_not_linted() {
    none(
        "## 一、总体情况\n\n| 项目 | 数量 |\n| --- | --- |\n| 党支部 | 86个 |\n\n- 甲项\n- 乙项\n\n> 引文。\n\n```\n。。 2026 年\n```\n\n正文`code。。`正文。\n",
    );
}

#[test]
fn table_cells_are_linted_where_they_are() {
    let md = "| 项目 | 数量 |\n| --- | --- |\n| 党支部 | XX个 |\n";
    assert_eq!(
        one(md),
        hit(
            Rule::Placeholder,
            3,
            9,
            2,
            "“XX”是未填写的占位符，请换成实际内容"
        )
    );
}

#[test]
fn findings_come_sorted_by_place() {
    let md = "共有 86 人。。\n\n## 三、甲\n";
    let places: Vec<(usize, usize, Rule)> = all(md)
        .into_iter()
        .map(|(r, s, _)| (s.line, s.column, r))
        .collect();
    assert_eq!(
        places,
        [
            (1, 2, Rule::SpaceCjk),
            (1, 4, Rule::SpaceCjk),
            (1, 8, Rule::PunctDoubled),
            (3, 4, Rule::HeadingSequence)
        ]
    );
}

/// A report written to the conventions: title, subtitle lines, `##`
/// headings, run-in leads, `###`, `1.` items, enumerations, a table.
const CLEAN: &str = "\
# 柳川县2026年上半年离退休干部工作情况汇报
（送审稿）
柳川县委老干部局
2026年7月10日

今年以来，在县委坚强领导和市委老干部局精心指导下，我局扎实推进离退休干部党建和服务管理工作，取得了积极成效。现将有关情况汇报如下。

## 一、工作开展情况

**（一）突出政治引领，推动思想建设走深走实。**
我们坚持把政治建设摆在首位，全县共建立离退休干部党支部86个，覆盖党员3200余人。一是抓好理论学习，上半年举办专题读书班12期；二是开展“银龄讲堂”宣讲活动，累计宣讲45场次；三是组织参观考察，参与老同志约300人。

**（二）强化服务保障，提升老同志获得感。**
重点落实三项机制：一是走访慰问机制；二是就医绿色通道机制；三是困难帮扶机制。全县老干部活动场所面积达1.5万平方米，比上年增长12.5%，服务满意度达到96.3%，较上年提高2.1个百分点。

### （三）完善制度机制

1.健全联系制度。县级领导每人联系2～3名老同志，全年走访慰问1200余人次。

2.完善考核办法。将离退休干部党建工作纳入基层党建述职评议考核，占比为15%～20%。

## 二、存在的问题

一是部分党支部活动形式比较单一，吸引力不强。二是经费保障仍需加强，上半年经费缺口约20万元。

## 三、下一步工作打算

下一步，我们将聚焦“四个意识”“四个自信”，落实2026—2030年规划，力争党支部覆盖率由85%提高到95%，为全县高质量发展贡献力量。

| 项目 | 数量 | 同比 |
| --- | --- | --- |
| 离退休干部党支部 | 86个 | 增长3.6% |
| 活动场所面积 | 1.5万平方米 | 持平 |
";

/// A speech: subtitle in parentheses, salutation, announced parts, 一要.
const CLEAN_SPEECH: &str = "\
# 在全县老干部工作会议上的讲话
（2026年6月8日）

同志们：

这次会议的主要任务是总结上半年工作，部署下一阶段任务。下面，我讲三点意见。

## 一、提高政治站位，充分认识做好老干部工作的重要意义

一要充分认识责任之重。老同志是党和国家的宝贵财富。

二要充分认识使命之荣。我们要始终牢记老同志的历史功绩。

## 二、聚焦服务保障，推动老干部工作提质增效

一是党建引领，永葆政治本色；二是搭建平台，发挥老同志作用；三是聚焦服务，保障老同志安享晚年。

## 三、加强自身建设，打造过硬老干部工作队伍

事业成败，关键在人。各单位要用心用情做好工作，多做理顺情绪、凝聚人心的工作。

同志们，让我们以更加饱满的热情、更加务实的作风，努力开创全县老干部工作新局面！
";

#[test]
fn clean_drafts_have_no_findings() {
    none(CLEAN);
    none(CLEAN_SPEECH);
}

// ---- config ------------------------------------------------------------

#[test]
fn disabling_a_rule_silences_exactly_that_rule() {
    let md = "共有党员 86人。。";
    let rules =
        |config: &LintConfig| -> Vec<Rule> { lint(md, config).iter().map(|f| f.rule).collect() };
    assert_eq!(
        rules(&LintConfig::default()),
        [Rule::SpaceCjk, Rule::PunctDoubled]
    );
    let (config, _) = crate::yaml::parse::<LintConfig>("disable: [space-cjk]").unwrap();
    assert_eq!(config.disable, BTreeSet::from([Rule::SpaceCjk]));
    assert_eq!(rules(&config), [Rule::PunctDoubled]);
}

#[test]
fn disabling_an_outranking_rule_lets_the_other_speak() {
    let md = "## 一、甲\n\n### (一)乙\n";
    let rules =
        |config: &LintConfig| -> Vec<Rule> { lint(md, config).iter().map(|f| f.rule).collect() };
    assert_eq!(rules(&LintConfig::default()), [Rule::NumberingStyle]);
    let config = LintConfig {
        disable: BTreeSet::from([Rule::NumberingStyle]),
    };
    assert_eq!(rules(&config), [Rule::PunctHalfwidth]);
}

#[test]
fn unknown_rule_id_suggests_the_right_one() {
    let err = crate::yaml::parse::<LintConfig>("disable: [space-cjkk]").unwrap_err();
    assert_eq!(
        err.message(),
        "“disable[0]”的值文本“space-cjkk”不对，应为规则编号，是否想写“space-cjk”？"
    );
    assert_eq!(
        err.span.map(|s| (s.line, s.column, s.width)),
        Some((1, 11, 10))
    );
    let err = crate::yaml::parse::<LintConfig>("disable: [foo]").unwrap_err();
    assert!(
        err.message()
            .contains("以下规则编号之一：punct-doubled、punct-halfwidth"),
        "{}",
        err.message()
    );
    let err = crate::yaml::parse::<LintConfig>("disabel: []").unwrap_err();
    assert_eq!(
        err.message(),
        "顶层下没有“disabel”这个键，是否想写“disable”？"
    );
}

#[test]
fn rule_ids_are_stable_unique_and_parse_back() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(Rule::id).collect();
    for (rule, id) in Rule::ALL.iter().zip(&ids) {
        assert_eq!(id.parse::<Rule>(), Ok(*rule));
        assert!(
            id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{id}"
        );
        assert!(!rule.title().is_empty());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    assert_eq!(
        "space-cjkk".parse::<Rule>().unwrap_err().to_string(),
        "没有“space-cjkk”这条规则，应为规则编号，是否想写“space-cjk”？"
    );
    let errors: Vec<&str> = Rule::ALL
        .iter()
        .filter(|r| r.severity() == Severity::Error)
        .map(Rule::id)
        .collect();
    assert_eq!(errors, ["count-mismatch", "placeholder"]);
}

#[test]
fn finding_explains_itself_with_its_rule_id() {
    let f = lint("全州共建立党支部XX个。", &LintConfig::default()).remove(0);
    assert_eq!(f.code(), Some("placeholder"));
    let d = f.into_diagnostic(std::path::Path::new("稿.md"), "全州共建立党支部XX个。");
    assert_eq!(
        d.to_string(),
        "稿.md:1:9: 错误: “XX”是未填写的占位符，请换成实际内容 [placeholder]\n  |\n1 | 全州共建立党支部XX个。\n  |                 ^^\n"
    );
}

// ---- robustness --------------------------------------------------------

/// A small deterministic generator (LCG) of drafts made of the characters
/// that stress the Markdown mapping and the scanners.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

const TRICKY: &[&str] = &[
    "*",
    "**",
    "\\",
    "|",
    "#",
    "## ",
    "【",
    "】",
    "【待补：",
    "“",
    "”",
    "‘",
    "’",
    "（",
    "）",
    "(",
    ")",
    "《",
    "》",
    "。",
    "，",
    "、",
    "；",
    "：",
    ",",
    ":",
    ".",
    "...",
    "…",
    "—",
    "-",
    "～",
    "%",
    "一是",
    "二是",
    "三项",
    "一、",
    "（一）",
    "1.",
    "1、",
    "㈠",
    "X",
    "xx",
    "×",
    "_",
    "{",
    "}",
    "{{",
    "`",
    "[",
    "]",
    "&amp;",
    "&#x4e00;",
    "<br>",
    "年",
    "月",
    "日",
    "约",
    "左右",
    "千",
    "百",
    "余",
    "万",
    "增长",
    "0",
    "1",
    "2",
    "9",
    "２",
    "柳川",
    "我讲三点意见",
    " ",
    "　",
    "\t",
    "\n",
    "\n",
    "\n\n",
    "\r\n",
    "> ",
    "- ",
    "| --- |",
    "𠀀",
    "e\u{301}",
    "\u{200b}",
];

#[test]
fn never_panics_and_spans_stay_inside_the_source() {
    let mut rng = Lcg(0x5EED);
    let mut total = 0;
    let mut rules = BTreeSet::new();
    for _ in 0..3000 {
        let len = (rng.next() % 60) as usize;
        let source: String = (0..len)
            .map(|_| TRICKY[(rng.next() as usize) % TRICKY.len()])
            .collect();
        let findings = lint(&source, &LintConfig::default());
        total += findings.len();
        rules.extend(findings.iter().map(|f| f.rule));
        let lines: Vec<&str> = source.split('\n').collect();
        for f in &findings {
            let line = lines
                .get(f.span.line - 1)
                .unwrap_or_else(|| panic!("{source:?}: {f:?}"));
            let chars = line.chars().count();
            assert!(
                f.span.column >= 1 && f.span.column - 1 + f.span.width <= chars,
                "{source:?}: {f:?} outside line {line:?}"
            );
            assert!(!f.message().is_empty());
        }
        let places: Vec<(usize, usize)> = findings
            .iter()
            .map(|f| (f.span.line, f.span.column))
            .collect();
        assert!(
            places.windows(2).all(|w| w[0] <= w[1]),
            "{source:?}: unsorted"
        );
        assert_eq!(
            findings,
            lint(&source, &LintConfig::default()),
            "{source:?}: not deterministic"
        );
    }
    // The generator reaches the rules, so the span checks above bite.
    assert!(total > 3000, "{total}");
    assert!(rules.len() > 15, "{rules:?}");
}
