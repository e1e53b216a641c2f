//! Each filter and function rendered through a real template.

use rust_decimal::Decimal;
use tera::{Context, Tera};

use super::register;

fn tera_with(name: &str, template: &str) -> Tera {
    let mut tera = Tera::new();
    register(&mut tera);
    tera.add_raw_template(name, template).unwrap();
    tera
}

fn render(template: &str) -> String {
    tera_with("t", template)
        .render("t", &Context::new())
        .unwrap()
}

fn render_err(template: &str) -> String {
    match tera_with("t", template).render("t", &Context::new()) {
        Ok(out) => panic!("expected an error, rendered {out:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn cn_num() {
    assert_eq!(render("{{ 105 | cn_num }}"), "一百零五");
    assert_eq!(render("{{ 100010 | cn_num }}"), "十万零一十");
    assert_eq!(render("{{ 3.0 | cn_num }}"), "三");
    assert_eq!(render("{{ \"12\" | cn_num }}"), "十二");
    assert!(render_err("{{ 3.5 | cn_num }}").contains("`cn_num`：应为不小于0的整数，实际是 3.5"));
    assert!(render_err("{{ -1 | cn_num }}").contains("应为不小于0的整数"));
    assert!(render_err("{{ \"三\" | cn_num }}").contains("`cn_num`：应为数字，实际是文字“三”"));
}

#[test]
fn cn_count() {
    assert_eq!(render("{{ 3 | cn_count(measure=\"点\") }}"), "三点");
    assert_eq!(render("{{ 2 | cn_count(measure=\"点\") }}"), "两点");
    assert_eq!(render("{{ 12 | cn_count(measure=\"项\") }}"), "十二项");
    assert!(render_err("{{ 0 | cn_count(measure=\"点\") }}").contains("`cn_count`：数量为0"));
    assert!(render_err("{{ 3 | cn_count }}").contains("measure"));
}

#[test]
fn heading() {
    assert_eq!(render("{{ 1 | heading(level=1) }}"), "一、");
    assert_eq!(render("{{ 1 | heading(level=2) }}"), "（一）");
    assert_eq!(render("{{ 2 | heading(level=3) }}"), "2.");
    assert_eq!(render("{{ 3 | heading(level=4) }}"), "（3）");
    assert!(render_err("{{ 1 | heading(level=5) }}").contains("level 应为1到4，实际是5"));
    assert!(render_err("{{ 0 | heading(level=1) }}").contains("标题序号从1开始"));
    assert!(render_err("{{ 1 | heading }}").contains("level"));
}

#[test]
fn enumerate() {
    assert_eq!(
        render("{{ [\"加强领导\", \"压实责任\", \"强化督导\"] | enumerate }}"),
        "一是加强领导；二是压实责任；三是强化督导。"
    );
    assert_eq!(
        render("{{ [\"提高站位\", \"狠抓落实\"] | enumerate(marker=\"要\") }}"),
        "一要提高站位；二要狠抓落实。"
    );
    assert_eq!(render("{{ [\"加强领导\"] | enumerate }}"), "加强领导。");
    assert!(
        render_err("{{ [\"a\"] | enumerate(marker=\"在\") }}").contains("marker 应为“是”或“要”")
    );
    assert!(render_err("{{ [\"a\", 2] | enumerate }}").contains("第2项是数字"));
}

#[test]
fn number() {
    assert_eq!(render("{{ 15000 | number }}"), "1.5万");
    assert_eq!(render("{{ 12680 | number }}"), "12680");
    assert_eq!(render("{{ 98.6 | number }}"), "98.6");
    assert_eq!(render("{{ \"1250000000\" | number }}"), "12.5亿");
}

#[test]
fn decimals_from_data_arrive_as_strings() {
    let tera = tera_with("t", "{{ v | number }} {{ v | quantity(unit=\"人\") }}");
    let mut context = Context::new();
    context.insert("v", &"12500.00".parse::<Decimal>().unwrap());
    assert_eq!(tera.render("t", &context).unwrap(), "1.25万 1.25万人");
}

#[test]
fn quantity() {
    assert_eq!(
        render("{{ 3200 | quantity(unit=\"人\", approx=\"余\") }}"),
        "3200余人"
    );
    assert_eq!(
        render("{{ 300 | quantity(unit=\"人\", approx=\"约\") }}"),
        "约300人"
    );
    assert_eq!(
        render("{{ 1234 | quantity(unit=\"万元\", approx=\"余\") }}"),
        "1234万余元"
    );
    assert_eq!(render("{{ 15000 | quantity(unit=\"人次\") }}"), "1.5万人次");
    assert_eq!(render("{{ 42 | quantity }}"), "42");
    assert_eq!(
        render("{{ 42 | quantity(unit=\"件\", approx=none) }}"),
        "42件"
    );
    assert!(render_err("{{ 42 | quantity(approx=1) }}").contains("approx 应为文字"));
    assert!(
        render_err("{{ 3 | quantity(unit=\"人\", approx=\"大约\") }}")
            .contains("无法识别约数词“大约”")
    );
}

#[test]
fn misspelt_arguments_are_refused() {
    let err = render_err("{{ 3200 | quantity(unti=\"人\") }}");
    assert!(
        err.contains("`quantity`：没有参数 `unti`（可用的参数：unit、approx）"),
        "{err}"
    );
    assert!(render_err("{{ 1 | cn_num(x=1) }}").contains("可用的参数：无"));
}

#[test]
fn percent_keeps_the_written_float() {
    assert_eq!(render("{{ 37.24 | percent }}"), "37.2%");
    assert_eq!(render("{{ 37.25 | percent }}"), "37.3%");
    assert_eq!(render("{{ 40 | percent }}"), "40%");
    // 37.05 is 37.0499999… in binary; its shortest text rounds up as written.
    assert_eq!(render("{{ 37.05 | percent }}"), "37.1%");
}

#[test]
fn date_cn() {
    assert_eq!(render("{{ \"2026-10-08\" | date_cn }}"), "2026年10月8日");
    assert_eq!(
        render("{{ \"2026-10-08\" | date_cn(upper=true) }}"),
        "二〇二六年十月八日"
    );
    assert_eq!(
        render("{{ \"2026-10-08\" | date_cn(upper=false) }}"),
        "2026年10月8日"
    );
    assert!(
        render_err("{{ \"2026/10/08\" | date_cn }}").contains("不是日期，应写成 2026-10-08 这样")
    );
    assert!(render_err("{{ \"2026-02-30\" | date_cn }}").contains("不是日期"));
}

#[test]
fn period_label() {
    assert_eq!(render("{{ \"2026-Q3\" | period_label }}"), "前三季度");
    assert_eq!(
        render("{{ \"2026-Q3\" | period_label(style=\"single\") }}"),
        "三季度"
    );
    assert_eq!(
        render("{{ \"2026-H1\" | period_label(style=\"since\") }}"),
        "今年以来"
    );
    assert_eq!(
        render("{{ \"2026-Q3\" | period_label(style=\"with_year\") }}"),
        "2026年前三季度"
    );
    assert_eq!(
        render("{{ 2026 | period_label(style=\"with_year\") }}"),
        "2026年"
    );
    assert_eq!(render("{{ 2026 | period_label(style=\"since\") }}"), "今年");
    assert!(render_err("{{ \"2026-Q5\" | period_label }}").contains("无法识别报告期“2026-Q5”"));
    assert!(render_err("{{ 1900 | period_label }}").contains("年份1900不在"));
    assert!(render_err("{{ \"2026\" | period_label(style=\"long\") }}").contains("style 应为"));
}

#[test]
fn join_sentence_and_strip() {
    assert_eq!(
        render("{{ [\"党建\", \"经济\", \"民生\"] | join_cn }}"),
        "党建、经济和民生"
    );
    assert_eq!(
        render("{{ [\"“四个意识”\", \"“四个自信”\"] | join_cn }}"),
        "“四个意识”“四个自信”"
    );
    assert_eq!(render("{{ \"加强领导；\" | sentence }}"), "加强领导。");
    assert_eq!(render("{{ \"加强领导\" | sentence }}"), "加强领导。");
    assert_eq!(
        render("{{ \"突出政治引领。\" | strip_end_punct }}"),
        "突出政治引领"
    );
}

#[test]
fn share_function() {
    assert_eq!(render("{{ share(part=10193, whole=27364) }}"), "37.2%");
    assert_eq!(render("{{ share(part=1, whole=4) }}"), "25%");
    assert!(render_err("{{ share(part=1, whole=0) }}").contains("whole 为0"));
    assert!(render_err("{{ share(part=1) }}").contains("whole"));
    assert!(
        render_err("{{ 0.0000000001 | number }}").contains("数值 0.0000000001 的小数有10位"),
        "{}",
        render_err("{{ 0.0000000001 | number }}")
    );
    assert!(render_err("{{ 12345678901234567 | number }}").contains("整数部分有17位"));
}

#[test]
fn compare_function() {
    assert_eq!(
        render("{{ compare(current=112.5, base=100) }}"),
        "同比增长12.5%"
    );
    assert_eq!(
        render("{{ compare(current=96.8, base=100, basis=\"环比\") }}"),
        "环比下降3.2%"
    );
    assert_eq!(
        render("{{ compare(current=39.6, base=37.2, unit=\"%\") }}"),
        "同比提高2.4个百分点"
    );
    assert_eq!(
        render("{{ compare(current=12, base=0, unit=\"人\") }}"),
        "同比增加12人"
    );
    assert!(
        render_err("{{ compare(current=1, base=1, basis=\"yoy\") }}")
            .contains("basis 应为“同比”或“环比”")
    );
}

/// Stands in for the project's Markdown escape: backslash before `*`.
fn escape_stars(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    out.write_all(text.replace('*', "\\*").as_bytes())
}

#[test]
fn results_are_escaped_once_by_the_template() {
    let mut tera = Tera::new();
    register(&mut tera);
    tera.set_escape_fn(escape_stars);
    tera.autoescape_on(vec![".md"]);
    tera.add_raw_template("t.md", "{{ [\"*重点*\", \"b\"] | join_cn }}")
        .unwrap();
    let out = tera.render("t.md", &Context::new()).unwrap();
    assert_eq!(out, "\\*重点\\*和b");
}
