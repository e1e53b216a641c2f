//! The peak resident memory of one child process, from `wait4`, which
//! reports that child alone (tests run in parallel threads and spawn other
//! children, so the process-wide `RUSAGE_CHILDREN` would mix them up).
//!
//! Shared by the benchmarks and the memory tests in `tests/testsuite`.

/// Runs `command` with its output discarded and returns its peak resident
/// memory in KB. The child must exit with 0 or 1 (wengao's "findings"): a
/// signal or an abort fails the caller.
///
/// The child is started by a small Python process, not by the caller: a
/// child spawned straight from a test process (Rust spawns with vfork)
/// inherits that process's high-water mark at `exec`, so a test binary that
/// grew large elsewhere would be measured instead of the child. A child
/// forked by a fresh small process starts clean; the intermediary's own
/// footprint (about 10 MB) is a floor under the figure, not added to it.
pub(crate) fn peak_rss_kb(command: &mut std::process::Command) -> i64 {
    const MEASURE: &str = "import resource, subprocess, sys\n\
        r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
        print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n";
    let mut measured = std::process::Command::new("python3");
    measured
        .arg("-c")
        .arg(MEASURE)
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        measured.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => measured.env(key, v),
            None => measured.env_remove(key),
        };
    }
    let out = measured.output().expect("python3 starts");
    assert!(out.status.success(), "{command:?}: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut fields = text.split_whitespace();
    let code: i32 = fields
        .next()
        .and_then(|c| c.parse().ok())
        .expect("an exit code");
    assert!(
        (0..=1).contains(&code),
        "{command:?} ended with status {code}"
    );
    fields
        .next()
        .and_then(|k| k.parse().ok())
        .expect("a peak in KB")
}
