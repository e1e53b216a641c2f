//! Genres defined by template files, end to end through the binary:
//! `wengao genres`, a user's new genre built with `--genre`, a broken
//! front matter reported at its line, and `wengao templates export`, which
//! never overwrites.

const DATA: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026-10-12
results:
  summary: 各项工作稳步推进
";

const BUILT_IN_LIST: &str = "\
huibao    工作汇报  内置  向上级报告一个时期的工作：主要做法及成效、存在的问题、下一步工作打算
jianghua  讲话稿    内置  领导在会议上的讲话：称谓、讲几点意见、结尾号召
diaoyan   调研报告  内置  调研报告：基本情况、主要做法和成效、存在的问题、对策和建议
jingyan   经验材料  内置  典型经验材料：开头讲背景和成效，每项做法一部分，小标题是一句标语式的话，不编序号（默认不生成：用 --genre 或数据文件的“文种”指定）
zongjie   工作总结  内置  年度或半年工作总结：一、工作完成情况；二、存在的问题；三、下一步工作（默认不生成：用 --genre 或数据文件的“文种”指定）
";

fn project(templates: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("data")).unwrap();
    std::fs::write(dir.path().join("data/a.yaml"), DATA).unwrap();
    for (name, text) in templates {
        let path = dir.path().join("templates").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

use crate::common::wengao_in as wengao;

#[test]
fn genres_lists_the_built_in_genres() {
    let p = project(&[]);
    wengao(p.path())
        .arg("genres")
        .assert()
        .success()
        .stdout_eq(BUILT_IN_LIST)
        .stderr_eq("");
}

const JIANBAO: &str = "\
---
name: 信息简报
description: 一期工作简报
default: false
---
{# 简报：标题和一段概述。 #}
# {{ meta.region }}工作简报

{{ summary | sentence }}
";

#[test]
fn a_template_file_is_a_new_genre_listed_and_built_on_request() {
    let p = project(&[("jianbao.md", JIANBAO)]);
    wengao(p.path())
        .arg("genres")
        .assert()
        .success()
        .stdout_eq(
            "\
huibao    工作汇报  内置                  向上级报告一个时期的工作：主要做法及成效、存在的问题、下一步工作打算
jianghua  讲话稿    内置                  领导在会议上的讲话：称谓、讲几点意见、结尾号召
diaoyan   调研报告  内置                  调研报告：基本情况、主要做法和成效、存在的问题、对策和建议
jingyan   经验材料  内置                  典型经验材料：开头讲背景和成效，每项做法一部分，小标题是一句标语式的话，不编序号（默认不生成：用 --genre 或数据文件的“文种”指定）
zongjie   工作总结  内置                  年度或半年工作总结：一、工作完成情况；二、存在的问题；三、下一步工作（默认不生成：用 --genre 或数据文件的“文种”指定）
jianbao   信息简报  templates/jianbao.md  一期工作简报（默认不生成：用 --genre 或数据文件的“文种”指定）
",
        );
    wengao(p.path())
        .args(["build", "--format", "md", "--genre", "jianbao"])
        .assert()
        .success()
        .stdout_eq("out/a/jianbao.md\n")
        .stderr_eq("已为1个数据文件中的1个生成草稿，共1个文件；0个错误，0个警告\n");
    let draft = std::fs::read_to_string(p.path().join("out/a/jianbao.md")).unwrap();
    assert_eq!(draft, "# 柳川县工作简报\n\n各项工作稳步推进。\n");
    // Not built by default: `default: false`.
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .success()
        .stdout_eq("out/a/huibao.md\nout/a/jianghua.md\nout/a/diaoyan.md\n");
}

#[test]
fn a_mistyped_genre_gets_a_suggestion() {
    let p = project(&[("jianbao.md", JIANBAO)]);
    wengao(p.path())
        .args(["build", "--genre", "jianbo"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "错误：没有名为“jianbo”的文种，是否想写“jianbao”？可用的文种有：huibao、jianghua、\
             diaoyan、jingyan、zongjie、jianbao（用 wengao genres 查看各文种的说明）\n",
        );
}

#[test]
fn a_broken_front_matter_is_reported_at_its_line() {
    let p = project(&[(
        "jianbao.md",
        "---\nname: 信息简报\ndescripton: 简报\n---\n# 标题\n",
    )]);
    wengao(p.path())
        .arg("genres")
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "templates/jianbao.md:3:1: 错误: 模板开头的说明（--- 之间）有误：顶层下没有“descripton”\
             这个键，是否想写“description”？\n  |\n3 | descripton: 简报\n  | ^^^^^^^^^^\n",
        );
}

#[test]
fn a_new_genre_without_a_name_is_refused() {
    let p = project(&[("jianbao.md", "# 标题\n")]);
    wengao(p.path()).arg("genres").assert().code(2).stderr_eq(
        "templates/jianbao.md: 错误: 新的文种须在模板开头写明中文名称，例如：\n---\n\
             name: 经验材料\ndescription: 一句话说明\n---\n",
    );
}

#[test]
fn a_template_error_after_the_front_matter_keeps_its_line() {
    let p = project(&[("jianbao.md", "---\nname: 信息简报\n---\n# 标题\n{% if %}\n")]);
    let out = wengao(p.path()).arg("genres").assert().code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("templates/jianbao.md:5:7: 错误: 模板语法错误："),
        "{stderr}"
    );
}

#[test]
fn export_writes_the_built_in_templates_once_and_never_overwrites() {
    let p = project(&[]);
    let written = "\
templates/huibao.md
templates/jianghua.md
templates/diaoyan.md
templates/jingyan.md
templates/zongjie.md
templates/style.yaml
";
    wengao(p.path())
        .args(["templates", "export"])
        .assert()
        .success()
        .stdout_eq(written)
        .stderr_eq(
            "已写出6个文件；修改后，生成时会用这个文件夹中的模板（不是 templates 文件夹时用 --templates 指明）\n",
        );
    let huibao = std::fs::read_to_string(p.path().join("templates/huibao.md")).unwrap();
    assert_eq!(
        huibao,
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/huibao.md"))
    );
    std::fs::write(p.path().join("templates/zongjie.md"), "改过的").unwrap();
    wengao(p.path())
        .args(["templates", "export"])
        .assert()
        .code(2)
        .stdout_eq("")
        .stderr_eq(
            "错误：“templates”中已有以下文件：huibao.md、jianghua.md、diaoyan.md、jingyan.md、\
             zongjie.md、style.yaml；为免覆盖，没有导出任何文件。请先移走它们，或导出到另一个文件夹\n",
        );
    let zongjie = std::fs::read_to_string(p.path().join("templates/zongjie.md")).unwrap();
    assert_eq!(zongjie, "改过的");
    // Exported, the templates are the user's: listed by their path; the
    // edited one without front matter keeps the built-in's declarations.
    wengao(p.path()).arg("genres").assert().success().stdout_eq(
        "\
huibao    工作汇报  templates/huibao.md    向上级报告一个时期的工作：主要做法及成效、存在的问题、下一步工作打算
jianghua  讲话稿    templates/jianghua.md  领导在会议上的讲话：称谓、讲几点意见、结尾号召
diaoyan   调研报告  templates/diaoyan.md   调研报告：基本情况、主要做法和成效、存在的问题、对策和建议
jingyan   经验材料  templates/jingyan.md   典型经验材料：开头讲背景和成效，每项做法一部分，小标题是一句标语式的话，不编序号（默认不生成：用 --genre 或数据文件的“文种”指定）
zongjie   工作总结  templates/zongjie.md   年度或半年工作总结：一、工作完成情况；二、存在的问题；三、下一步工作（默认不生成：用 --genre 或数据文件的“文种”指定）
",
    );
}

#[test]
fn export_into_a_partly_filled_folder_writes_nothing() {
    let p = project(&[("style.yaml", "# 我的样式\n")]);
    wengao(p.path())
        .args(["templates", "export", "templates"])
        .assert()
        .code(2)
        .stderr_eq(
            "错误：“templates”中已有以下文件：style.yaml；为免覆盖，没有导出任何文件。\
             请先移走它们，或导出到另一个文件夹\n",
        );
    let left: Vec<_> = std::fs::read_dir(p.path().join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["style.yaml"]);
}

/// A user's genre sent as a 公文 (issue 12): the data's `公文` block names
/// it by the Chinese name its template declares; the template reads its
/// parts as `document.<file stem>`; the DOCX carries the 版头 and the 版记.
const TONGBAO: &str = "\
---
name: 情况通报
description: 一期情况通报
default: false
---
{% set sent = document.tongbao -%}
{% if sent %}# {{ sent.title }}

{{ sent.to }}
{% else %}# 情况通报
{% endif %}
{{ summary | sentence }}
{% if sent %}
{% for s in sent.signatures %}{{ s }}
{% endfor %}{{ meta.date_cn }}
{% endif %}
";

#[test]
fn a_template_genre_is_sent_as_a_gongwen_by_its_chinese_name() {
    let p = project(&[("tongbao.md", TONGBAO)]);
    let data = format!(
        "{DATA}  highlights: []\n公文:\n  情况通报:\n    标题: 关于老干部工作情况的通报\n    \
         发文机关标志: 中共柳川县委老干部局文件\n    发文字号: 柳老干〔2026〕16号\n    \
         主送机关: 各乡镇党委\n    署名: [中共柳川县委老干部局]\n    抄送: 县委办公室\n    \
         印发机关: 柳川县委老干部局办公室\n"
    );
    std::fs::write(p.path().join("data/a.yaml"), data).unwrap();
    wengao(p.path())
        .args(["build", "--genre", "tongbao"])
        .assert()
        .success()
        .stderr_eq("已为1个数据文件中的1个生成草稿，共2个文件；0个错误，0个警告\n");
    let draft = std::fs::read_to_string(p.path().join("out/a/tongbao.md")).unwrap();
    assert_eq!(
        draft,
        "# 关于老干部工作情况的通报\n\n各乡镇党委：\n\n各项工作稳步推进。\n\n中共柳川县委老干部局\n2026年10月12日\n"
    );
    let docx =
        crate::common::Package::open(&std::fs::read(p.path().join("out/a/tongbao.docx")).unwrap());
    let document = docx.text("word/document.xml");
    for part in [
        "中共柳川县委老干部局文件",
        "柳老干〔2026〕16号",
        "FF0000",
        "抄送：县委办公室。",
        "印发",
    ] {
        assert!(document.contains(part), "{part}");
    }
}

/// A `公文` sub-block naming no genre is an error naming the genres there
/// are, the templates folder's among them.
#[test]
fn an_unknown_genre_in_the_gongwen_block_names_the_known_ones() {
    let p = project(&[("tongbao.md", TONGBAO)]);
    let data = format!("{DATA}公文:\n  通报:\n    主送机关: 各乡镇党委\n");
    std::fs::write(p.path().join("data/a.yaml"), data).unwrap();
    wengao(p.path())
        .args(["check", "data/a.yaml"])
        .assert()
        .code(1)
        .stderr_eq(
            "data/a.yaml:10:3: 错误: document.通报：没有名为“通报”的文种；可以按公文发出的文种有：\
             huibao（工作汇报）、jianghua（讲话稿）、diaoyan（调研报告）、jingyan（经验材料）、\
             zongjie（工作总结）、tongbao（情况通报）\n   |\n10 |   通报:\n   |   ^^^^\n\
             已检查1个文件；1个错误，0个警告\n",
        );
}
