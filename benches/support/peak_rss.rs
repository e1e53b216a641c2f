//! The peak resident memory of one child process, from `wait4`, which
//! reports that child alone (tests run in parallel threads and spawn other
//! children, so the process-wide `RUSAGE_CHILDREN` would mix them up).
//!
//! Shared by the benchmarks and the memory tests in `tests/testsuite`.

use std::path::Path;

/// GNU time: a process of about 1.5 MB that forks the command and reports
/// its `wait4` figures.
const GNU_TIME: &str = "/usr/bin/time";

/// The fallback without GNU time: a Python without its site packages
/// (about 8.5 MB) forks the command and reports its `wait4` figures.
const MEASURE: &str = "import os, sys\n\
    pid = os.fork()\n\
    if pid == 0:\n\
    \x20   null = os.open(os.devnull, os.O_RDWR)\n\
    \x20   os.dup2(null, 1)\n\
    \x20   os.dup2(null, 2)\n\
    \x20   try:\n\
    \x20       os.execvp(sys.argv[1], sys.argv[1:])\n\
    \x20   finally:\n\
    \x20       os._exit(127)\n\
    _, status, usage = os.wait4(pid, 0)\n\
    print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n";

/// Runs `command` with its output discarded and returns its peak resident
/// memory in KB. The child must exit with 0 or 1 (wengao's "findings"): a
/// signal or an abort fails the caller.
///
/// The child is started by a small process, not by the caller: a child
/// spawned straight from a test process (Rust spawns with vfork) inherits
/// that process's high-water mark at `exec`, so a test binary that grew
/// large elsewhere would be measured instead of the child. The child of a
/// fresh small process inherits only that one's high-water mark, a floor
/// under the figure, not added to it: about 1.5 MB with GNU time, 8.5 MB
/// with the Python fallback (with the modules `subprocess` loads, 14 MB:
/// above what `wengao build` needs for a small batch, which then read as
/// the floor, hiding any growth).
pub(crate) fn peak_rss_kb(command: &mut std::process::Command) -> i64 {
    let report = tempfile::NamedTempFile::new().expect("a temporary file");
    let mut measured = if Path::new(GNU_TIME).exists() {
        let mut time = std::process::Command::new(GNU_TIME);
        time.arg("-o")
            .arg(report.path())
            .args(["-f", "%x %M", "--"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        time
    } else {
        let mut python = std::process::Command::new("python3");
        python.args(["-S", "-c", MEASURE]);
        python
    };
    measured.arg(command.get_program()).args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        measured.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(v) => measured.env(key, v),
            None => measured.env_remove(key),
        };
    }
    let out = measured.output().expect("the measuring process starts");
    let text = if Path::new(GNU_TIME).exists() {
        std::fs::read_to_string(report.path()).unwrap_or_default()
    } else {
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(
        !text.contains("signal"),
        "{command:?} was ended by a signal: {text}"
    );
    // GNU time says "Command exited with non-zero status 1" first.
    let mut fields = text.lines().last().unwrap_or_default().split_whitespace();
    let code: i32 = fields
        .next()
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{command:?}: no exit code in {text:?} ({out:?})"));
    assert!(
        (0..=1).contains(&code),
        "{command:?} ended with status {code}"
    );
    fields
        .next()
        .and_then(|k| k.parse().ok())
        .expect("a peak in KB")
}
