//! `wengao build` end to end, through the real binary: one bad data file
//! does not spoil the others, nothing is drafted from bad data, a draft
//! edited by hand is never overwritten silently, a killed run leaves no
//! half-written file, and hostile text comes out literally in both formats.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::files_under;
use snapbox::cmd::{Command, cargo_bin};

const GOOD: &str = "\
meta:
  region: 柳川县
  organization: 中共柳川县委老干部局
  topic: 老干部工作
  period: 2026-Q3
  date: 2026-10-12
metrics:
  branches:
    name: 离退休干部党支部
    value: 86
    unit: 个
    previous: 81
results:
  summary: 各项工作稳步推进
practices:
  - lead: 夯实组织基础
    points:
      - 全县建成离退休干部党支部{branches}，{branches:环比}
      - 推进支部标准化建设
speech:
  meeting: 全县老干部工作会议
  speaker: 周建国
";

/// A folder with `data/` holding the given files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("data").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

fn wengao(dir: &Path) -> Command {
    Command::new(cargo_bin("wengao")).current_dir(dir)
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn listing(dir: &Path) -> Vec<String> {
    files_under(dir)
        .iter()
        .map(|p| p.display().to_string())
        .collect()
}

#[test]
fn one_bad_file_does_not_spoil_the_others() {
    let bad = GOOD.replace("{branches}，", "{branch}，");
    let p = project(&[("a.yaml", GOOD), ("b.yaml", &bad)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stdout_eq("out/a/huibao.md\nout/a/jianghua.md\nout/a/diaoyan.md\n")
        .stderr_eq(
            "\
data/b.yaml:18:21: 错误: practices[0].points[0]：引用了不存在的指标“{branch}”，是否想写“{branches}”？
   |
18 |       - 全县建成离退休干部党支部{branch}，{branches:环比}
   |                                 ^^^^^^^^
已为2个数据文件中的1个生成草稿，共3个文件；1个错误，0个警告
",
        );
    assert_eq!(
        listing(&p.path().join("out")),
        [
            ".wengao-manifest",
            "a/diaoyan.md",
            "a/huibao.md",
            "a/jianghua.md"
        ]
    );
}

#[test]
fn bad_data_leaves_the_last_good_drafts_alone() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path()).arg("build").assert().success();
    let before = std::fs::read(p.path().join("out/a/huibao.docx")).unwrap();
    std::fs::write(
        p.path().join("data/a.yaml"),
        GOOD.replace("value: 86", "value: 八十六"),
    )
    .unwrap();
    wengao(p.path()).arg("build").assert().code(1);
    assert_eq!(
        std::fs::read(p.path().join("out/a/huibao.docx")).unwrap(),
        before
    );
}

#[test]
fn an_edited_draft_is_kept_and_only_replaced_with_force() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path()).arg("build").assert().success();
    let draft = p.path().join("out/a/huibao.md");
    let edited = read(&draft).replace("稳步推进", "稳步推进（审阅人改）");
    std::fs::write(&draft, &edited).unwrap();
    std::fs::write(
        p.path().join("data/a.yaml"),
        GOOD.replace("value: 86", "value: 88"),
    )
    .unwrap();

    wengao(p.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr_eq(
            "\
out/a/huibao.md: 错误: 此文件在上次生成后被修改过，为免丢失修改，没有覆盖；确需重新生成时请加 --force，修改过的文件会先另存为备份
已为1个数据文件中的1个生成草稿，共5个文件；1个错误，0个警告
",
        );
    assert_eq!(read(&draft), edited, "the reviewer's edit survives");
    assert!(
        read(p.path().join("out/a/diaoyan.md")).contains("88个"),
        "the rest is updated"
    );

    wengao(p.path())
        .args(["build", "--force"])
        .assert()
        .success();
    assert_eq!(read(p.path().join("out/a/huibao.backup-1.md")), edited);
    assert!(read(&draft).contains("88个"));
    // Once replaced, the new draft is known again: no --force needed.
    wengao(p.path()).arg("build").assert().success();
}

#[test]
fn a_file_not_written_by_wengao_is_not_overwritten() {
    let p = project(&[("a.yaml", GOOD)]);
    std::fs::create_dir_all(p.path().join("out/a")).unwrap();
    std::fs::write(p.path().join("out/a/huibao.md"), "别人的文件").unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1);
    assert_eq!(read(p.path().join("out/a/huibao.md")), "别人的文件");
}

#[cfg(unix)]
#[test]
fn a_symlink_cannot_lead_output_out_of_the_folder() {
    let p = project(&[("a.yaml", GOOD)]);
    let outside = p.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(p.path().join("out")).unwrap();
    std::os::unix::fs::symlink(&outside, p.path().join("out/a")).unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1);
    assert!(listing(&outside).is_empty());
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it_all() {
    let mut huge = GOOD.to_string();
    huge.push_str(&format!("# {}\n", "很长的注释".repeat(80_000)));
    let p = project(&[("huge.yaml", &huge)]);
    wengao(p.path())
        .args(["check", "data/huge.yaml"])
        .assert()
        .code(1)
        .stderr_eq(
            "data/huge.yaml: 错误: 文件有1173KB，超过了1024KB的上限，请检查是否选错了文件\n已检查1个文件；1个错误，0个警告\n",
        );
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_fifo_named_as_data_or_config_is_refused_not_waited_on() {
    let p = project(&[]);
    std::fs::create_dir_all(p.path().join("data")).unwrap();
    mkfifo(&p.path().join("data/pipe.yaml"));
    mkfifo(&p.path().join("wengao.yaml"));
    wengao(p.path())
        .args(["check", "--config", "wengao.yaml", "data/pipe.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr_eq(
            "wengao.yaml: 错误: 这不是普通文件，而是命名管道（FIFO），无法作为输入读取；请指定保存在磁盘上的文件\n",
        );
    wengao(p.path())
        .args(["check", "data/pipe.yaml"])
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .code(1)
        .stderr_eq(
            "data/pipe.yaml: 错误: 这不是普通文件，而是命名管道（FIFO），无法作为输入读取；请指定保存在磁盘上的文件\n已检查1个文件；1个错误，0个警告\n",
        );
}

/// Makes a file immutable (`chattr +i`) until dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: &Path) -> Option<Immutable> {
        let status = std::process::Command::new("chattr")
            .arg("+i")
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .ok()?;
        status.success().then(|| Immutable(path.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
    }
}

#[test]
fn a_write_refused_by_an_immutable_draft_says_write() {
    let p = project(&[("a.yaml", GOOD)]);
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(0);
    // Needs root (CAP_LINUX_IMMUTABLE) and a file system with the flag.
    let Some(_guard) = Immutable::set(&p.path().join("out/a/huibao.md")) else {
        eprintln!("skipped: chattr +i is not available here");
        return;
    };
    std::fs::write(p.path().join("data/a.yaml"), GOOD.replace("86", "87")).unwrap();
    wengao(p.path())
        .args(["build", "--format", "md"])
        .assert()
        .code(1)
        .stderr_eq(
            "out/a/huibao.md: 错误: 无法写入：没有写入权限（文件或文件夹可能是只读的或被锁定）\n已为1个数据文件中的1个生成草稿，共2个文件；1个错误，0个警告\n",
        );
}

#[test]
fn two_thousand_practices_without_aliases_load() {
    // 2,000 practices (about 150 KB) were refused as an "alias bomb".
    let mut practices = String::new();
    for i in 0..2_000 {
        practices.push_str(&format!(
            "  - lead: 第{i}项做法\n    points:\n      - 推进支部标准化建设\n"
        ));
    }
    let data = GOOD.replace("speech:\n", &format!("{practices}speech:\n"));
    let p = project(&[("many.yaml", &data)]);
    let output = wengao(p.path())
        .args(["check", "data/many.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("别名"), "{stderr}");
    assert!(
        stderr.ends_with("已检查1个文件；0个错误，0个警告\n"),
        "{stderr}"
    );
}

#[test]
fn hostile_text_comes_out_literally_in_markdown_and_docx() {
    let hostile = GOOD.replace(
        "  summary: 各项工作稳步推进",
        "  summary: \"# 甲 **乙** <b>丙</b> [丁](x) 戊 | 己 {{ 庚 }} {% if 辛 %}\"",
    );
    let p = project(&[("a.yaml", &hostile)]);
    // The draft lint reports the template syntax; the drafts are written.
    wengao(p.path()).arg("build").assert().code(1);
    let md = read(p.path().join("out/a/huibao.md"));
    assert!(md.contains(
        "\\# 甲 \\*\\*乙\\*\\* \\<b\\>丙\\</b\\> \\[丁\\](x) 戊 \\| 己 {{ 庚 }} {% if 辛 %}。"
    ));
    assert_eq!(
        md.lines().filter(|l| l.starts_with('#')).count(),
        2,
        "title + 1 heading"
    );
    let docx = std::fs::read(p.path().join("out/a/huibao.docx")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("# 甲 **乙** &lt;b&gt;丙&lt;/b&gt; [丁](x) 戊 | 己 {{ 庚 }} {% if 辛 %}。")
    );
}

/// Kills `wengao build` at different moments of a long batch, most of them
/// late, while files are being renamed into place: every file left in the
/// output folder must be complete and one wengao wrote (its hash is in the
/// manifest), so the next run never mistakes it for a hand edit.
#[test]
fn a_killed_run_leaves_no_half_written_file() {
    let p = project(&[]);
    let write_data = |round: usize| {
        for i in 0..40 {
            let text = GOOD.replace("value: 86", &format!("value: {}", 100 * round + i));
            let path = p.path().join(format!("data/f{i:02}.yaml"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    };
    write_data(0);
    let started = std::time::Instant::now();
    wengao(p.path()).arg("build").assert().success();
    let full = started.elapsed();
    for (round, fraction) in [0.3, 0.8, 0.9, 0.95, 0.98, 1.0].into_iter().enumerate() {
        write_data(round + 1);
        let mut child = std::process::Command::new(cargo_bin("wengao"))
            .current_dir(p.path())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let _ = child.wait();
        assert_every_output_is_known(&p.path().join("out"));
    }
    wengao(p.path()).arg("build").assert().success();
    assert_every_output_is_known(&p.path().join("out"));
}

fn assert_every_output_is_known(out: &Path) {
    if !out.exists() {
        return;
    }
    let manifest = std::fs::read_to_string(out.join(".wengao-manifest")).unwrap_or_default();
    for rel in listing(out) {
        let path: PathBuf = out.join(&rel);
        if rel == ".wengao-manifest" || rel.contains(".wengao-") {
            continue; // a temporary file a killed run could not remove
        }
        let bytes = std::fs::read(&path).unwrap();
        let hash = wengao::output::sha256(&bytes);
        assert!(
            manifest.contains(&format!("{hash}  {rel}")),
            "{rel} is not a file wengao finished writing"
        );
    }
}
