//! The batch the benchmark drafts (`benches/batch.rs`): every generated
//! data file must check clean, so the benchmark measures the work of real
//! drafts, and the files must differ from one another.

use std::collections::HashSet;
use std::process::Command;

#[path = "../../benches/support/province.rs"]
mod province;

#[test]
fn the_benchmark_batch_checks_clean_and_varies() {
    let dir = tempfile::tempdir().unwrap();
    let n = 45;
    province::write_batch(&dir.path().join("data"), n);
    let out = Command::new(env!("CARGO_BIN_EXE_wengao"))
        .args(["check", "data"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr.trim_end(),
        format!("已检查{n}个文件；0个错误，0个警告")
    );

    let variants: Vec<_> = (0..n).map(province::variant).collect();
    let folders: HashSet<_> = variants.iter().map(|v| v.0.0.clone()).collect();
    let texts: HashSet<_> = variants.iter().map(|v| v.1.clone()).collect();
    let sizes: HashSet<_> = variants.iter().map(|v| v.1.len()).collect();
    assert_eq!(folders.len(), n);
    assert_eq!(texts.len(), n);
    assert!(
        sizes.len() > n / 2,
        "list lengths vary: {} sizes",
        sizes.len()
    );
    // The same index always gives the same file.
    assert_eq!(province::variant(7).1, variants[7].1);
}
