//! The `wengao` binary: all of it is [`wengao::cli::main`], so that the
//! library's tests reach every step the program takes. On Linux with glibc
//! it starts from the C `main`, without Rust's own start-up: see
//! `wengao::start` for why and for what [`wengao::start::run`] does instead.
#![cfg_attr(all(target_os = "linux", target_env = "gnu"), no_main)]

/// mimalloc rather than the system's malloc: see `wengao::memory` and Cargo.toml.
#[global_allocator]
static ALLOCATOR: wengao::memory::Allocator = wengao::memory::Allocator;

/// Called by the C library. The standard library has read the arguments
/// already (glibc hands them to its initialisers too), so
/// `std::env::args` works as ever.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[unsafe(no_mangle)]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    wengao::start::run(wengao::cli::main)
}

/// Elsewhere the arguments reach `std::env::args` only through Rust's
/// start-up.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn main() -> std::process::ExitCode {
    let code = wengao::start::run(wengao::cli::main);
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(2))
}
