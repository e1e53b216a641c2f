//! Document structure: heading levels, numbering sequence and style,
//! punctuation at the end of headings and run-in leads.

use super::*;

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
