//! The `wengao` binary: parse the arguments, run the command, report, and
//! choose the exit code (0 clean, 1 findings with errors, 2 a run that could
//! not start).

use std::process::ExitCode;

fn main() -> ExitCode {
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

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(2))
}
