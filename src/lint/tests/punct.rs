//! Punctuation rules (GB/T 15834): doubled and half-width marks, pairs,
//! spaces next to Chinese, ellipses, dashes, quotes with 顿号.

use super::*;

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
