//! The parts of a draft sent as a 公文: the 主送机关's colon, the 附件说明,
//! the attachment pages' labels and titles.

use super::*;

const NOTICE: &str = "# 关于印发讲话的通知\n\n各乡镇，县直各单位：\n\n现将讲话印发给你们。\n\n附件：在推进会上的讲话\n\n柳川县委老干部局\n2026年10月12日\n\n附件\n\n# 在推进会上的讲话\n\n同志们：\n\n今天开会。\n";

#[test]
fn a_notice_with_its_attachment_is_clean() {
    none(NOTICE);
}

#[test]
fn addressee_without_colon() {
    assert_eq!(
        one("# 关于工作情况的报告\n\n中共柳川县委\n\n今年以来，我们做了工作。\n"),
        hit(
            Rule::AddresseeColon,
            3,
            1,
            6,
            "主送机关“中共柳川县委”之后应当用全角冒号“：”结束"
        )
    );
    assert_eq!(
        all("# 关于工作情况的报告\n\n中共柳川县委:\n\n今年以来，我们做了工作。\n")
            .iter()
            .filter(|f| f.0 == Rule::AddresseeColon)
            .count(),
        1
    );
    // A salutation, a sentence, a heading: no 主送机关 to check.
    none("# 关于工作情况的报告\n\n尊敬的各位领导：\n\n今年以来，我们做了工作。\n");
    none("# 关于工作情况的报告\n\n今年以来，我们做了工作。\n\n我们还做了工作。\n");
    none("# 关于工作情况的报告\n\n## 一、主要做法\n\n我们做了工作。\n");
}

#[test]
fn attachment_label_must_follow_the_note() {
    let wrong = NOTICE.replace("\n附件\n\n# 在", "\n附件1\n\n# 在");
    assert_eq!(
        one(&wrong),
        hit(
            Rule::AttachmentNumber,
            12,
            1,
            3,
            "“附件1”应为“附件”：附件顺序号应当与附件说明一致"
        )
    );
    let retitled = NOTICE.replace("# 在推进会上的讲话", "# 在全县推进会上的讲话");
    assert_eq!(
        one(&retitled),
        hit(
            Rule::AttachmentNumber,
            12,
            1,
            2,
            "“附件”：附件标题应当与附件说明中的“在推进会上的讲话”一致"
        )
    );
}

#[test]
fn attachment_note_numbers_several_and_ends_unpunctuated() {
    let two = NOTICE
        .replace(
            "附件：在推进会上的讲话",
            "附件：1.在推进会上的讲话\\\n2.工作台账",
        )
        .replace("\n附件\n\n# 在", "\n附件1\n\n# 在")
        + "\n附件2\n\n# 工作台账\n\n台账如下。\n";
    none(&two);
    let unnumbered = two.replace("2.工作台账\n", "工作台账\n");
    assert_eq!(
        one(&unnumbered),
        hit(
            Rule::AttachmentNote,
            8,
            1,
            4,
            "附件说明“工作台账”：有多个附件时按顺序标注“2.”"
        )
    );
    let stop = NOTICE.replace("附件：在推进会上的讲话", "附件：在推进会上的讲话。");
    assert_eq!(
        one(&stop),
        hit(
            Rule::AttachmentNote,
            7,
            12,
            1,
            "附件说明“。”：附件名称后不加标点符号"
        )
    );
    let missing_page = two.replace("\n附件2\n\n# 工作台账\n\n台账如下。\n", "");
    assert_eq!(one(&missing_page).0, Rule::AttachmentNumber);
}
