//! The `wengao` binary: parse the arguments, run the command, report, and
//! choose the exit code (0 clean, 1 findings with errors, 2 a run that could
//! not start, 130 interrupted by Ctrl-C or SIGTERM).

use std::process::ExitCode;

fn main() -> ExitCode {
    on_interrupt_stop_cleanly();
    let cli = match wengao::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return exit(code),
    };
    match wengao::cli::run(cli) {
        Ok((report, command)) => {
            wengao::cli::print_report(&report, &command);
            exit(report.exit_code())
        }
        Err(e) => {
            wengao::cli::print_error(&e);
            exit(2)
        }
    }
}

/// On Ctrl-C (SIGINT), SIGTERM or SIGHUP: let the file being written finish
/// or be removed, then end with 130. Every file already in place is
/// complete and recorded in the manifest, and no temporary file is left.
fn on_interrupt_stop_cleanly() {
    // Without a handler the default action still ends the process; the
    // next build then removes what it left.
    let _ = ctrlc::set_handler(|| {
        let _no_more_writes = wengao::output::interrupt();
        eprintln!("已中断：写到一半的临时文件已删除，已写好的文件和生成记录保持一致");
        std::process::exit(130);
    });
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
