//! Markdown awareness: syntax is not linted, cells are placed where they
//! are, findings come sorted, and realistic clean drafts stay clean.

use super::*;

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
