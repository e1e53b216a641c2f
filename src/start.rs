//! How the `wengao` process starts and ends: from the C `main`, without
//! Rust's own start-up (`#![no_main]` in `src/main.rs`).
//!
//! Before a Rust `fn main`, the standard library reads every line of
//! `/proc/self/maps` to place the main thread's stack guard, and gives the
//! main thread and every thread it starts a signal stack, for a message
//! when a stack overflows. To size that guard it asks glibc for each new
//! thread's attributes, which allocates with glibc's own `malloc`: each
//! thread then sets up a glibc arena of its own (a 128 MB reservation and
//! its first pages) beside the allocator wengao uses. A cold `build` of one
//! data file spent some 0.8 of its 10 ms of CPU on all of that.
//!
//! What that start-up does that wengao needs is done here ([`run`]): the
//! standard streams, when closed, opened on `/dev/null`; `SIGPIPE` ignored;
//! standard output flushed at the end; a panic ends the process with 101.
//! What is given up: a stack overflow ends the process with `SIGSEGV`
//! instead of a line saying so (the input limits keep every recursion
//! shallow), and a panic names its thread `<unnamed>`, not `main`.

/// Runs `program` as the whole process and returns its exit code.
pub fn run(program: fn() -> i32) -> i32 {
    #[cfg(unix)]
    unix::start();
    crate::memory::return_freed_memory_at_once();
    // The panic hook has printed the message; 101 is what Rust's start-up
    // ended a panicking `main` with.
    let code = std::panic::catch_unwind(program).unwrap_or(101);
    // The C `exit` knows nothing of Rust's buffer of standard output.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    code
}

#[cfg(unix)]
mod unix {
    use std::io::Error;

    /// What Rust's start-up does on Unix that wengao needs.
    pub(super) fn start() {
        open_closed_standard_streams();
        // SAFETY: sets the disposition of one signal before any thread is
        // started; no handler of wengao's runs.
        unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
    }

    /// Opens each standard stream the caller left closed on `/dev/null`.
    /// Otherwise the first file wengao opens takes the number of the
    /// closed one, and what is printed goes into that file: a draft, the
    /// manifest.
    fn open_closed_standard_streams() {
        for fd in 0..3 {
            // SAFETY: only asks for the descriptor's flags.
            let closed = unsafe { libc::fcntl(fd, libc::F_GETFD) } == -1
                && Error::last_os_error().raw_os_error() == Some(libc::EBADF);
            // SAFETY: a NUL-terminated path. The descriptors below `fd`
            // are open by now, so the one opened is `fd`.
            if closed && unsafe { libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) } != fd {
                // As Rust's start-up does: printing would go astray.
                std::process::abort();
            }
        }
    }
}
