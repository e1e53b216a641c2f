//! The peak resident memory of one child process, from `wait4`, which
//! reports that child alone (tests run in parallel threads and spawn other
//! children, so the process-wide `RUSAGE_CHILDREN` would mix them up).
//!
//! Shared by the benchmarks and the memory tests in `tests/testsuite`.

/// Runs `command` with its output discarded and returns its peak resident
/// memory in KB. The child must exit with 0 or 1 (wengao's "findings"): a
/// signal or an abort fails the caller.
pub(crate) fn peak_rss_kb(command: &mut std::process::Command) -> i64 {
    #[expect(
        clippy::zombie_processes,
        reason = "reaped by wait4 below, for its rusage"
    )]
    let child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the child starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value; wait4 fills it in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; the pointers are
    // to live locals.
    let waited = unsafe { libc::wait4(pid, &raw mut status, 0, &raw mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) <= 1,
        "{command:?} ended with status {status:#x}"
    );
    usage.ru_maxrss
}
