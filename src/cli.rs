//! The command line: arguments with help in Chinese, clap's own errors said
//! in Chinese, and how a finished run is reported on the terminal.

use std::io::Write;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Args, Parser, Subcommand};

use crate::commands::build::{BuildOptions, Format, build};
use crate::commands::check::{CheckOptions, check};
use crate::commands::convert::{ConvertOptions, convert};
use crate::commands::diff::{ColorChoice, DiffOptions, diff};
use crate::commands::genres::{GenresOptions, list};
use crate::commands::init;
use crate::commands::next::{NextOptions, next};
use crate::commands::schema::schema;
use crate::commands::{Error, Report};

const TOP_HELP: &str = "\
{about}

用法：{usage}

命令：
{subcommands}

选项：
{options}
";

/// For a command without arguments.
const PLAIN_HELP: &str = "\
{about}

用法：{usage}

选项：
{options}
";

const COMMAND_HELP: &str = "\
{about}

用法：{usage}

参数：
{positionals}

选项：
{options}
";

/// 文稿：由 YAML 数据生成工作汇报、讲话稿、调研报告等文稿（Markdown 和 Word 文件），比较两期草稿
#[derive(Debug, Parser)]
#[command(
    name = "wengao",
    version,
    help_template = TOP_HELP,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_required = true,
    arg_required_else_help = true,
    override_usage = "wengao [--config 文件] <命令>"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 设置文件（默认用当前文件夹中的 wengao.yaml，没有则用默认设置）
    #[arg(long, global = true, value_name = "文件")]
    pub config: Option<PathBuf>,
    /// 显示帮助
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本号
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// 新建工作文件夹：带注释的示例数据、设置文件、JSON Schema 和 VS Code 设置；不覆盖已有文件
    #[command(help_template = COMMAND_HELP, override_usage = "wengao init [文件夹]")]
    Init(InitArgs),
    /// 由数据文件生成草稿（Markdown 和 Word）
    #[command(help_template = COMMAND_HELP, override_usage = "wengao build [选项] [数据]...")]
    Build(BuildArgs),
    /// 检查数据文件和草稿，只报告问题，不写任何文件
    #[command(help_template = COMMAND_HELP, override_usage = "wengao check [选项] [文件]...")]
    Check(CheckArgs),
    /// 由本期数据文件生成下一期的数据文件（数值待填，沿用的文字待核对）
    #[command(help_template = COMMAND_HELP, override_usage = "wengao next <数据文件>")]
    Next(NextArgs),
    /// 比较两份草稿或两个数据文件（两期）生成的草稿：逐句标出改动，数字整体比较
    #[command(help_template = COMMAND_HELP, override_usage = "wengao diff [选项] <原稿> <新稿>")]
    Diff(DiffArgs),
    /// 把 Markdown 草稿（手工修改过的或自己写的）排成公文格式的 Word 文件
    #[command(help_template = COMMAND_HELP, override_usage = "wengao convert [选项] <草稿>")]
    Convert(ConvertArgs),
    /// 列出所有文种：内置的和模板文件夹中的
    #[command(help_template = COMMAND_HELP, override_usage = "wengao genres [选项]")]
    Genres(GenresArgs),
    /// 模板：export 把内置模板写到文件夹中供修改
    #[command(
        help_template = TOP_HELP,
        subcommand_required = true,
        override_usage = "wengao templates export [文件夹]"
    )]
    Templates(TemplatesArgs),
    /// 输出数据文件的 JSON Schema（供编辑器补全键名、显示说明、检查写法）
    #[command(help_template = PLAIN_HELP, override_usage = "wengao schema > wengao.schema.json")]
    Schema,
}

#[derive(Debug, Args)]
pub(crate) struct GenresArgs {
    /// 模板文件夹（默认为 templates 文件夹）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct TemplatesArgs {
    #[command(subcommand)]
    pub action: TemplatesAction,
}

#[derive(Debug, Subcommand)]
pub(crate) enum TemplatesAction {
    /// 把内置模板和 style.yaml 写到文件夹中（默认为 templates），已有文件时什么也不写
    #[command(help_template = COMMAND_HELP, override_usage = "wengao templates export [文件夹]")]
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// 写到这个文件夹（默认为 templates）
    #[arg(value_name = "文件夹")]
    pub dir: Option<PathBuf>,
}

#[expect(clippy::struct_excessive_bools, reason = "one per command-line switch")]
#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    /// 数据文件或文件夹（默认为 data 文件夹下所有 .yaml 文件）
    #[arg(value_name = "数据")]
    pub data: Vec<PathBuf>,
    /// 只生成这种文稿：huibao（工作汇报）、jianghua（讲话）、diaoyan（调研报告）等，可重复（wengao genres 列出全部文种）
    #[arg(long, value_name = "文种")]
    pub genre: Vec<String>,
    /// 输出文件夹（默认为 out）
    #[arg(
        long,
        value_name = "文件夹",
        default_value = "out",
        hide_default_value = true
    )]
    pub out: PathBuf,
    /// 输出格式：md、docx 或 both（两者都要，默认）
    #[arg(
        long,
        value_enum,
        value_name = "格式",
        default_value = "both",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub format: Format,
    /// 模板文件夹，其中的 huibao.md 等替换内置模板（默认为 templates 文件夹）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// Word 样式设置文件（见 templates/style.yaml）
    #[arg(long, value_name = "文件")]
    pub style: Option<PathBuf>,
    /// 定稿模式：数据缺项（【待补：……】）按错误处理
    #[arg(long)]
    pub strict: bool,
    /// 覆盖生成后被手工修改过的文件（修改过的版本先另存为备份）
    #[arg(long)]
    pub force: bool,
    /// 另为每份草稿生成对照上一期的修订稿（如 huibao-修订.docx，Word 修订标记）
    #[arg(long)]
    pub redline: bool,
    /// 在 Word 文件中给每个来自数据的数字加批注：指标键、数据中的值、算出的数的算式
    #[arg(long)]
    pub annotate: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// 数据文件（.yaml）、Markdown 草稿（.md）或文件夹（默认为 data 文件夹）
    #[arg(value_name = "文件")]
    pub paths: Vec<PathBuf>,
    /// 只检查这种文稿：huibao、jianghua、diaoyan 等，可重复（wengao genres 列出全部文种）
    #[arg(long, value_name = "文种")]
    pub genre: Vec<String>,
    /// 模板文件夹（默认为 templates 文件夹）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// 定稿模式：数据缺项按错误处理
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// 要建立的工作文件夹（默认为当前文件夹，不存在则新建）
    #[arg(value_name = "文件夹", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct NextArgs {
    /// 本期的数据文件，如 data/liuchuan/2026-Q3.yaml；下一期的文件写在它旁边
    #[arg(value_name = "数据文件")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub(crate) struct DiffArgs {
    /// 原稿：草稿（.md）或数据文件（.yaml）
    #[arg(value_name = "原稿")]
    pub old: PathBuf,
    /// 新稿：与原稿同类的文件
    #[arg(value_name = "新稿")]
    pub new: PathBuf,
    /// 比较数据文件时只比较这种文稿（wengao genres 列出可用的文种），可重复
    #[arg(long, value_name = "文种")]
    pub genre: Vec<String>,
    /// 颜色：auto（终端中着色，默认）、always 或 never
    #[arg(
        long,
        value_enum,
        value_name = "何时",
        default_value = "auto",
        hide_default_value = true,
        hide_possible_values = true
    )]
    pub color: ColorChoice,
    /// 另存为网页：左右对照，标出改动，附指标变化表
    #[arg(long, value_name = "文件")]
    pub html: Option<PathBuf>,
    /// 另存为带修订标记的 Word 文件（接受全部修订即为新稿）
    #[arg(long, value_name = "文件")]
    pub docx: Option<PathBuf>,
    /// 模板文件夹（默认为 templates 文件夹）
    #[arg(long, value_name = "文件夹")]
    pub templates: Option<PathBuf>,
    /// Word 样式设置文件
    #[arg(long, value_name = "文件")]
    pub style: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct ConvertArgs {
    /// 要转换的 Markdown 草稿（.md）
    #[arg(value_name = "草稿")]
    pub draft: PathBuf,
    /// 输出的 Word 文件（默认与草稿同名、同文件夹，扩展名为 .docx；给出文件夹则写到其中）
    #[arg(short, long, value_name = "文件")]
    pub out: Option<PathBuf>,
    /// Word 样式设置文件（见 templates/style.yaml）
    #[arg(long, value_name = "文件")]
    pub style: Option<PathBuf>,
}

/// Runs `wengao diff` and prints its error; returns the exit code (0 the
/// same, 1 different, 2 no comparison made).
fn run_diff(a: &DiffArgs, config: Option<PathBuf>) -> i32 {
    let opts = DiffOptions {
        old: a.old.clone(),
        new: a.new.clone(),
        genres: a.genre.clone(),
        color: a.color,
        html: a.html.clone(),
        docx: a.docx.clone(),
        templates: a.templates.clone(),
        style: a.style.clone(),
        config,
    };
    match diff(&opts) {
        Ok(code) => code,
        Err(crate::commands::diff::DiffError::Findings(findings)) => {
            for d in &findings {
                eprint!("{d}");
            }
            2
        }
        Err(crate::commands::diff::DiffError::Setup(e)) => {
            print_error(&e);
            2
        }
        Err(e) => {
            eprintln!("错误：{e}");
            2
        }
    }
}

/// Parses the command line; on a usage error prints it in Chinese and
/// returns the exit code to end with.
pub(crate) fn parse() -> Result<Cli, i32> {
    Cli::try_parse().map_err(|e| match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            0
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            2
        }
        _ => {
            eprintln!("错误：{}\n用 wengao --help 查看用法。", usage_error(&e));
            2
        }
    })
}

/// clap's error, said in Chinese.
fn usage_error(e: &clap::Error) -> String {
    let context = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join("、"),
        _ => String::new(),
    };
    let arg = context(ContextKind::InvalidArg);
    match e.kind() {
        ErrorKind::UnknownArgument => format!("不认识的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => format!(
            "不认识的命令“{}”，可用的命令有 init、build、check、next、diff、convert、genres、templates、schema",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::InvalidValue => format!(
            "参数 {arg} 的值“{}”不对，可选：{}",
            context(ContextKind::InvalidValue),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingRequiredArgument => format!("缺少参数 {arg}"),
        ErrorKind::ArgumentConflict => format!("参数 {arg} 不能与其他参数同时使用"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            format!("参数 {arg} 的值个数不对")
        }
        _ => {
            let text = e.to_string();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            format!("命令行有误（{first}）")
        }
    }
}

/// Runs the command.
pub(crate) fn run(cli: Cli) -> Result<(Report, Command), Error> {
    let report = match &cli.command {
        Command::Build(a) => build(
            &BuildOptions {
                data: a.data.clone(),
                genres: a.genre.clone(),
                out: Some(a.out.clone()),
                format: a.format,
                templates: a.templates.clone(),
                style: a.style.clone(),
                config: cli.config.clone(),
                strict: a.strict,
                force: a.force,
                redline: a.redline,
                annotate: a.annotate,
            },
            // Listed as the files are written, in input order.
            &mut std::io::BufWriter::new(std::io::stdout()),
            // Each data file's findings as soon as its turn comes, written
            // out once a turn (a finding is many small writes).
            &mut std::io::BufWriter::new(std::io::stderr()),
        )?,
        Command::Diff(_) => unreachable!("diff is run by main"),
        Command::Check(a) => check(
            &CheckOptions {
                paths: a.paths.clone(),
                genres: a.genre.clone(),
                templates: a.templates.clone(),
                config: cli.config.clone(),
                strict: a.strict,
            },
            // Each file's findings as soon as its turn comes, written out
            // once a turn.
            &mut std::io::BufWriter::new(std::io::stderr()),
        )?,
        Command::Schema => schema(),
        Command::Init(a) => init::init(&a.dir),
        Command::Genres(a) => {
            let listed = list(&GenresOptions {
                templates: a.templates.clone(),
                config: cli.config.clone(),
            })?;
            // As every list wengao prints: a reader that has gone
            // (`wengao genres | head -1`) is no failure of the run.
            let _ = std::io::stdout().lock().write_all(listed.as_bytes());
            Report::default()
        }
        Command::Templates(TemplatesArgs {
            action: TemplatesAction::Export(a),
        }) => Report {
            written: crate::commands::templates::export(a.dir.as_deref())?,
            ..Report::default()
        },
        Command::Next(a) => next(&NextOptions {
            file: a.file.clone(),
        }),
        Command::Convert(a) => convert(&ConvertOptions {
            draft: a.draft.clone(),
            out: a.out.clone(),
            style: a.style.clone(),
            config: cli.config.clone(),
        })?,
    };
    Ok((report, cli.command))
}

/// Prints a finished run: findings to stderr, then written files to stdout
/// (those not listed already while the run went on), then a one-line
/// summary to stderr.
pub(crate) fn print_report(report: &Report, command: &Command) {
    let mut err = std::io::stderr().lock();
    for d in &report.findings {
        let _ = write!(err, "{d}");
    }
    let mut out = std::io::stdout().lock();
    for path in &report.written {
        let _ = writeln!(out, "{}", path.display());
    }
    let tally = report.tally();
    let summary = match command {
        Command::Build(_) => {
            let review = if report.review.drafts > 0 {
                format!("{}；", report.review)
            } else {
                String::new()
            };
            format!(
                "已为{}个数据文件中的{}个生成草稿，共{}个文件；{review}{tally}",
                report.inputs,
                report.drafted,
                report.listed + report.written.len()
            )
        }
        Command::Check(_) => format!("已检查{}个文件；{tally}", report.inputs),
        Command::Schema => return,
        Command::Init(a) => init::summary(report, &a.dir),
        Command::Genres(_) => return,
        Command::Templates(_) => format!(
            "已写出{}个文件；修改后，生成时会用这个文件夹中的模板（不是 templates 文件夹时用 --templates 指明）",
            report.written.len()
        ),
        Command::Next(_) => report.summary.clone().unwrap_or_default(),
        Command::Diff(_) => String::new(),
        Command::Convert(a) => match report.written.first() {
            Some(docx) => format!(
                "已将“{}”转换为“{}”；{tally}",
                a.draft.display(),
                docx.display()
            ),
            None => format!("没有转换“{}”；{tally}", a.draft.display()),
        },
    };
    let _ = writeln!(err, "{summary}");
}

/// Prints a fatal error and its causes, each once.
pub(crate) fn print_error(e: &Error) {
    // A settings file's error is a located finding: print it as one.
    if let Error::Settings(d) = e {
        eprint!("{d}");
        return;
    }
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let cause = s.to_string();
        if !text.contains(&cause) {
            text.push_str(&format!("\n原因：{cause}"));
        }
        source = s.source();
    }
    eprintln!("错误：{text}");
}

/// The whole `wengao` program: parse the arguments, run the command, report,
/// and choose the exit code (0 clean, 1 findings with errors, 2 a run that
/// could not start, 130 interrupted by Ctrl-C or SIGTERM).
pub fn main() -> i32 {
    exit_code(program())
}

fn program() -> i32 {
    on_interrupt_stop_cleanly();
    let cli = match parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    if let Command::Diff(a) = &cli.command {
        return run_diff(a, cli.config.clone());
    }
    match run(cli) {
        Ok((report, command)) => {
            print_report(&report, &command);
            report.exit_code()
        }
        Err(e) => {
            print_error(&e);
            2
        }
    }
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP: let the file being written finish
/// or be removed, then end with 130. Every file already in place is
/// complete and recorded in the manifest, and no temporary file is left;
/// the line printed says as much as the run wrote (`interrupted_note`).
fn on_interrupt_stop_cleanly() {
    // Without a handler the default action still ends the process; the
    // next build then removes what it left.
    let _ = ctrlc::set_handler(|| {
        let _no_more_writes = crate::output::interrupt();
        eprintln!("{}", crate::output::interrupted_note());
        std::process::exit(130);
    });
}

/// `code` as the process ends with it: one that does not fit a byte (none
/// should) is 2, not what the system would cut it to.
fn exit_code(code: i32) -> i32 {
    u8::try_from(code).map_or(2, i32::from)
}
