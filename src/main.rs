//! The `wengao` binary: all of it is [`wengao::cli::main`], so that the
//! library's tests reach every step the program takes.

/// mimalloc rather than the system's malloc: see `wengao::memory` and Cargo.toml.
#[global_allocator]
static ALLOCATOR: wengao::memory::Allocator = wengao::memory::Allocator;

fn main() -> std::process::ExitCode {
    wengao::memory::return_freed_memory_at_once();
    wengao::cli::main()
}
