//! The `wengao` binary: all of it is [`wengao::cli::main`], so that the
//! library's tests reach every step the program takes.

fn main() -> std::process::ExitCode {
    wengao::cli::main()
}
