//! A province-scale batch of data files, made from the sample data in
//! `data/`: each file takes one of the samples and gives it its own region
//! name, its own figures (counts scaled, percentages moved a little, so the
//! comparisons read differently) and its own list lengths (practices,
//! problems, measures and their points cut to fewer items). The same `n`
//! always gives the same files.

use std::path::Path;

/// The sample data files the batch is made from: (file name, text).
/// Each stands alone in its folder of the batch, so none relies on an
/// earlier file of its series for a comparison base (2026-Q2 and 2026-Q3
/// of 柳川县 take theirs from the files beside them).
const SAMPLES: [(&str, &str); 3] = [
    (
        "2026-Q1.yaml",
        include_str!("../../data/liuchuan/2026-Q1.yaml"),
    ),
    (
        "2026-01~03.yaml",
        include_str!("../../data/qingshi/2026-01~03.yaml"),
    ),
    (
        "2026-Q3.yaml",
        include_str!("../../data/tongxi/2026-Q3.yaml"),
    ),
];

/// Characters region names are made of (two each): plain place-name
/// characters that form no word the lint would object to.
const NAME_CHARS: &[char] = &[
    '青', '云', '白', '石', '东', '西', '南', '北', '长', '安', '永', '平', '清', '河', '金', '山',
    '丰', '泰', '和', '宁', '兴', '华', '阳', '江', '林', '峰', '溪', '源', '新', '城', '桃', '花',
    '龙', '泉', '松', '柏',
];

/// A small deterministic generator (xorshift64*), seeded per file.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

/// Writes `n` data files under `root` (`root/<region><i>/<period>.yaml`)
/// and returns their total size in bytes.
pub(super) fn write_batch(root: &Path, n: usize) -> u64 {
    write_each(root, n, |text| text)
}

/// The same batch with a space before every "，" of the data: some 30 lint
/// warnings a data file, as a batch of real data may have many. What a run
/// keeps of its findings must not grow with the batch either.
pub(super) fn write_batch_with_findings(root: &Path, n: usize) -> u64 {
    write_each(root, n, |text| text.replace('，', " ，"))
}

fn write_each(root: &Path, n: usize, edit: impl Fn(String) -> String) -> u64 {
    let mut bytes = 0;
    for i in 0..n {
        let (name, text) = variant(i);
        let text = edit(text);
        let dir = root.join(&name.0);
        std::fs::create_dir_all(&dir).expect("batch folder");
        std::fs::write(dir.join(name.1), &text).expect("batch file");
        bytes += text.len() as u64;
    }
    bytes
}

/// The `i`th file of the batch: ((folder, file name), text).
pub(super) fn variant(i: usize) -> ((String, &'static str), String) {
    let (file, sample) = SAMPLES[i % SAMPLES.len()];
    let mut rng = Rng::new(i as u64 + 1);
    let region = sample
        .lines()
        .find_map(|l| {
            let l = l.trim();
            l.strip_prefix("region: ")
                .or_else(|| l.strip_prefix("地区: "))
        })
        .expect("the sample names its region");
    // The region without its 县/区 suffix, which the text also uses alone
    // (柳川县委老干部局).
    let stem: String = {
        let chars: Vec<char> = region.chars().collect();
        chars[..chars.len() - 1].iter().collect()
    };
    let new_stem: String = (0..2)
        .map(|_| NAME_CHARS[rng.range(0, NAME_CHARS.len() - 1)])
        .collect();
    let text = sample.replace(&stem, &new_stem);
    // One factor for all counts of the file, so that a part stays smaller
    // than its whole.
    let factor = 0.5 + rng.range(0, 250) as f64 / 100.0;
    let text = vary_figures(&text, factor, &mut rng);
    let text = vary_lists(&text, &mut rng);
    ((format!("{new_stem}{i:04}"), file), text)
}

/// Scales every count in `metrics` by `factor` and moves every percentage
/// by up to a few points (staying within 0–100), keeping each figure's
/// number of decimals.
fn vary_figures(text: &str, factor: f64, rng: &mut Rng) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut in_metrics = false;
    let mut percent = false;
    for (k, line) in lines.iter().enumerate() {
        if !line.starts_with(' ') && !line.starts_with('#') && !line.is_empty() {
            in_metrics = line.starts_with("metrics:");
        }
        if in_metrics && line.starts_with("  ") && !line.starts_with("   ") {
            // A new metric: is it a percentage?
            percent = lines[k + 1..]
                .iter()
                .take_while(|l| l.starts_with("    "))
                .any(|l| l.trim() == "unit: \"%\"");
        }
        let figure = [
            "value: ",
            "previous: ",
            "last_year: ",
            "target: ",
            "year_end: ",
        ]
        .iter()
        .find_map(|key| {
            line.strip_prefix("    ")?
                .strip_prefix(key)
                .map(|v| (key, v))
        });
        match figure {
            Some((key, value)) if in_metrics && value.parse::<f64>().is_ok() => {
                let v: f64 = value.parse().expect("checked");
                let decimals = value.split_once('.').map_or(0, |(_, d)| d.len());
                let varied = if percent {
                    (v + rng.range(0, 40) as f64 / 10.0 - 2.5).clamp(0.0, 100.0)
                } else {
                    (v * factor).max(1.0)
                };
                out.push_str(&format!("    {key}{varied:.decimals$}\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// Keeps a random number of the items of `practices`, `problems` and
/// `measures` (at least one, at most all), and of each item's points.
fn vary_lists(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len());
    let mut section = "";
    // The items of the current list section, each its lines.
    let mut items: Vec<Vec<&str>> = Vec::new();
    let flush = |items: &mut Vec<Vec<&str>>, out: &mut String, rng: &mut Rng| {
        if items.is_empty() {
            return;
        }
        let keep = rng.range(items.len().saturating_sub(2).max(1), items.len());
        for item in items.drain(..).take(keep) {
            let points = item.iter().filter(|l| l.starts_with("      - ")).count();
            let keep_points = if points > 1 {
                rng.range(1, points)
            } else {
                points
            };
            let mut seen = 0;
            for line in item {
                if line.starts_with("      - ") {
                    seen += 1;
                    if seen > keep_points {
                        continue;
                    }
                }
                out.push_str(line);
                out.push('\n');
            }
        }
    };
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            flush(&mut items, &mut out, rng);
            section = line;
        }
        let listed = [
            "practices:",
            "problems:",
            "measures:",
            "做法:",
            "问题:",
            "对策:",
        ]
        .contains(&section);
        if listed && line.starts_with("  ") {
            if line.starts_with("  - ") {
                items.push(Vec::new());
            }
            if let Some(item) = items.last_mut() {
                item.push(line);
                continue;
            }
        }
        if listed && line.is_empty() && !items.is_empty() {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    flush(&mut items, &mut out, rng);
    out
}
