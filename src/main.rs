//! The `wengao` binary: all of it is [`wengao::cli::main`], so that the
//! library's tests reach every step the program takes.

/// mimalloc rather than the system's malloc: see Cargo.toml.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_e` (its `mimalloc.h`;
/// libmimalloc-sys names only some of the options).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    return_freed_memory_at_once();
    wengao::cli::main()
}

/// mimalloc 3 keeps the pages a program frees for a second before it gives
/// them back to the system. A batch frees every draft once it is written,
/// so a long run held a second's worth of them: with some 30 findings a
/// data file, `build` of 1,500 data files took 1.3 MB more than of 150,
/// 0.5 MB when given back at once, in the same time and CPU. A purge delay
/// set in the environment (`MIMALLOC_PURGE_DELAY`) is left as set.
fn return_freed_memory_at_once() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: stores one of mimalloc's option values, first thing in
        // `main`, before the program starts a thread; the option's number
        // is checked by the test below.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 0) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The number is mimalloc's purge delay: the one option whose default
    /// is 1,000 ms (mimalloc 3), and 0 once set.
    #[test]
    fn the_purge_delay_is_set_to_zero() {
        // SAFETY: reads and stores an option value; no other test uses
        // mimalloc's options.
        let default = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
        assert_eq!(default, 1000);
        return_freed_memory_at_once();
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 0);
    }
}
