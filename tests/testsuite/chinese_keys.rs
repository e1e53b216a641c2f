//! A data file written with Chinese keys only, metric keys included, end to
//! end: it builds, `wengao next` rolls it over editing the Chinese-keyed
//! fields in place, and its findings point where the English keys would.

use std::path::Path;

use crate::common::wengao_in;

const Q3: &str = "\
基本信息:
  地区: 柳川县
  单位: 中共柳川县委老干部局
  工作名称: 老干部工作
  报告期: 2026-Q3
  成文日期: 2026-10-12
指标:
  支部:
    名称: 离退休干部党支部
    数值: 86
    单位: 个
    上期: 81
    去年: 74
  走访: 走访慰问 1250余人次, 去年 1100, 累计
  旅游收入: 乡村旅游综合收入 8.3亿元, 去年 7.1
成效:
  总述: 各项工作稳步推进
做法:
  - 标题: 夯实组织基础
    要点:
      - 全县建成离退休干部党支部{支部}，{支部:同比}，{支部：环比}
      - 走访慰问{走访}，{走访:同比}；乡村旅游综合收入{旅游收入}，{旅游收入:同比}
      - 全县{支部，旅游收入:同比}
";

/// What `wengao args` prints on stderr, run in `dir`.
fn wengao(dir: &Path, args: &[&str]) -> String {
    let output = wengao_in(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn chinese_keys_build_like_english_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/2026-Q3.yaml"), Q3).unwrap();
    let stderr = wengao(
        dir.path(),
        &[
            "build",
            "--format",
            "md",
            "--genre",
            "huibao",
            "data/2026-Q3.yaml",
        ],
    );
    assert_eq!(
        stderr,
        "已为1个数据文件中的1个生成草稿，共1个文件；0个错误，0个警告\n"
    );
    let draft = std::fs::read_to_string(dir.path().join("out/2026-Q3/huibao.md")).unwrap();
    for printed in [
        "一是全县建成离退休干部党支部86个，同比增长16.2%，环比增长6.2%",
        "二是走访慰问1250余人次，同比增长13.6%；乡村旅游综合收入8.3亿元，同比增长16.9%",
        "三是全县离退休干部党支部、乡村旅游综合收入同比分别增长16.2%、16.9%",
    ] {
        assert!(draft.contains(printed), "{printed} not in\n{draft}");
    }
}

#[test]
fn next_rolls_a_chinese_keyed_file_over_in_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/2026-Q3.yaml"), Q3).unwrap();
    let stderr = wengao(dir.path(), &["next", "data/2026-Q3.yaml"]);
    assert!(stderr.contains("3个指标待填"), "{stderr}");
    let q4 = std::fs::read_to_string(dir.path().join("data/2026-Q4.yaml")).unwrap();
    let expected = Q3
        .replace("报告期: 2026-Q3", "报告期: 2026-Q4")
        .replace("成文日期: 2026-10-12", "成文日期: 待填  # 上期：2026-10-12")
        .replace("数值: 86", "数值: 待填  # 上期：86")
        .replace("上期: 81", "上期: 86")
        .replace(
            "去年: 74",
            "去年: 待填  # 应填 2025-Q4 的数，上期的去年同期数：74",
        )
        .replace(
            "走访慰问 1250余人次, 去年 1100, 累计",
            "走访慰问 待填余人次, 去年 待填, 累计  # 上期：1250余人次；去年同期数应填 2025-Q4 的数",
        )
        .replace(
            "乡村旅游综合收入 8.3亿元, 去年 7.1",
            "乡村旅游综合收入 待填亿元, 去年 待填  # 上期：8.3亿元；去年同期数应填 2025-Q4 的数",
        );
    assert_eq!(q4, expected);
    // What is left to fill is named as the file writes it.
    let stderr = wengao(dir.path(), &["check", "data/2026-Q4.yaml"]);
    for line in [
        "data/2026-Q4.yaml:6:9: 错误: 基本信息.成文日期：还没有填写，请把“待填”换成日期",
        "data/2026-Q4.yaml:10:9: 错误: 指标.支部.数值：还没有填写，请把“待填”换成本期的数",
        "data/2026-Q4.yaml:13:9: 错误: 指标.支部.去年：还没有填写，请把“待填”换成去年同期的数",
        // Inside a one-line metric, at the marker, the field named in
        // Chinese like the rest of the file.
        "data/2026-Q4.yaml:14:12: 错误: 指标.走访.数值：还没有填写，请把“待填”换成本期的数",
        "data/2026-Q4.yaml:15:27: 错误: 指标.旅游收入.去年：还没有填写，请把“待填”换成去年同期的数",
    ] {
        assert!(stderr.contains(line), "{line} not in\n{stderr}");
    }
}

#[test]
fn findings_in_a_chinese_keyed_file_point_at_its_keys() {
    let dir = tempfile::tempdir().unwrap();
    let text = Q3.replace("    数值: 86\n", "    数值: 八十六\n");
    std::fs::write(dir.path().join("a.yaml"), text).unwrap();
    let stderr = wengao(dir.path(), &["check", "a.yaml"]);
    assert!(
        stderr.starts_with("a.yaml:10:9: 错误: “指标.支部.数值”的值应为数字"),
        "{stderr}"
    );
    let text = Q3.replace("  走访: 走访慰问 1250余人次, 去年 1100, 累计\n", "");
    std::fs::write(dir.path().join("b.yaml"), text).unwrap();
    let stderr = wengao(dir.path(), &["check", "b.yaml"]);
    assert!(
        stderr.starts_with("b.yaml:21:13: 错误: 做法[0].要点[1]：引用了不存在的指标“{走访}”"),
        "{stderr}"
    );
}

/// `各文种提纲` keyed by a genre's Chinese name, as `文种` is: the speech
/// takes its own outline; two keys for one genre keep the first, with a
/// warning at the second.
#[test]
fn outlines_are_keyed_by_a_genres_chinese_name() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "{Q3}讲话:\n  会议: 全县老干部工作推进会\n  讲话人: 李明\n\
         各文种提纲:\n  讲话:\n    - 标题: 提高站位抓落实\n    - 标题: 凝聚合力促发展\n"
    );
    std::fs::write(dir.path().join("2026-Q3.yaml"), &text).unwrap();
    let stderr = wengao(
        dir.path(),
        &[
            "build",
            "2026-Q3.yaml",
            "--genre",
            "jianghua",
            "--format",
            "md",
        ],
    );
    assert!(stderr.ends_with("0个错误，0个警告\n"), "{stderr}");
    let speech = std::fs::read_to_string(dir.path().join("out/2026-Q3/jianghua.md")).unwrap();
    for printed in ["我讲两点意见", "一、提高站位抓落实", "二、凝聚合力促发展"]
    {
        assert!(speech.contains(printed), "{printed} not in\n{speech}");
    }

    let twice = format!("{text}  jianghua:\n    - 标题: 另一个提纲\n");
    std::fs::write(dir.path().join("2026-Q3.yaml"), twice).unwrap();
    let stderr = wengao(
        dir.path(),
        &["check", "2026-Q3.yaml", "--genre", "jianghua"],
    );
    assert_eq!(
        stderr,
        "2026-Q3.yaml:31:3: 警告: 各文种提纲中的“jianghua”与“讲话”是同一个文种，只用前面的“讲话”\n   \
         |\n31 |   jianghua:\n   |   ^^^^^^^^\n已检查1个文件；0个错误，1个警告\n"
    );
}

/// What a genre still needs is asked for in the file's own key names, even
/// for a section the file does not have yet.
#[test]
fn missing_values_are_asked_for_in_the_files_key_names() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2026-Q3.yaml"), Q3).unwrap();
    let stderr = wengao(
        dir.path(),
        &["check", "2026-Q3.yaml", "--genre", "jianghua"],
    );
    assert_eq!(
        stderr,
        "2026-Q3.yaml: 警告: 讲话稿缺少“会议名称”，草稿中已标注【待补：会议名称】，请在数据中填写 讲话.会议\n\
         2026-Q3.yaml: 警告: 讲话稿缺少“讲话人”，草稿中已标注【待补：讲话人】，请在数据中填写 讲话.讲话人\n\
         已检查1个文件；0个错误，2个警告\n"
    );
}
