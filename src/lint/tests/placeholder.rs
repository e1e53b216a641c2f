//! Leftovers of unfinished drafts: placeholders, literal bold markers,
//! missing-value markers.

use super::*;

#[test]
fn an_unfilled_count_is_not_called_a_year() {
    assert_eq!(
        one("发放问卷20xx份，回收有效问卷1860份。"),
        hit(
            Rule::Placeholder,
            1,
            5,
            4,
            "“20xx”是没有填写的数目（不是年份），请写出实际数目"
        )
    );
}

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
