//! Number rules (GB/T 15835): 千/百 with digits, ranges, approximations,
//! growth signs, full-width digits, dates.

use super::*;

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
