#!/bin/sh
# Median time and peak memory of `wengao check` on the 1 MiB worst cases,
# for any build of the binary (to compare before and after a change):
#   benches/check-rss.sh [path/to/wengao] [runs]
# SIZE=81920 benches/check-rss.sh … uses smaller files (an old build may need
# gigabytes on the full size); CASES=many_lines runs only that case.
# The files are those of benches/support/worst_case.rs (the generator of
# `cargo bench --bench check` and of the memory test), here in Python so the
# script needs no build; peak memory from /usr/bin/time.
set -eu
bin=${1:-target/release/wengao}
runs=${2:-5}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The worst cases, exactly as benches/support/worst_case.rs builds them.
python3 - "$dir" "${SIZE:-1048576}" <<'PY'
import sys
d = sys.argv[1]
packed = "甲,乙。。丙 1 千XX“（4千约300人左右２０２６年06月08日一是：--...**加粗。**【待补：甲】{{ x }}"
lines = [packed, "一是甲；二是乙。三是丙，重点抓好三项工作：一是甲，", "**（一）加强领导**我们(甲)(乙)",
         "“甲”、“乙”、《丙》、", "| 甲,乙 | 1 千 | XX |", "我讲三点意见：一要甲。"]
headings = "## 三、标题。\n#### （五）标题\n".encode()
size = int(sys.argv[2])
p = packed.encode()
n = max(1, (size - 1) // len(p))
open(f"{d}/one_line.md", "wb").write(p * n + b"\n")
out = bytearray()
i = 0
while True:
    l = lines[i % len(lines)].encode() + b"\n"
    h = headings if i % 3000 == 2999 else b""
    if len(out) + len(l) + len(h) > size:
        break
    out += l + h
    i += 1
open(f"{d}/many_lines.md", "wb").write(bytes(out))
PY
for case in ${CASES:-one_line many_lines}; do
    : > "$dir/times"
    for _ in $(seq "$runs"); do
        /usr/bin/time -a -o "$dir/times" -f "%e %M" "$bin" check "$dir/$case.md" \
            >/dev/null 2>&1 || true
    done
    # /usr/bin/time also notes a non-zero exit (lint errors exit 1).
    grep -E "^[0-9.]+ [0-9]+$" "$dir/times" > "$dir/figures" || true
    mid=$(( (runs + 1) / 2 ))
    secs=$(cut -d' ' -f1 "$dir/figures" | sort -n | sed -n "${mid}p")
    kb=$(cut -d' ' -f2 "$dir/figures" | sort -n | sed -n "${mid}p")
    echo "$case: median $secs s, median peak RSS $((kb / 1024)) MB ($runs runs)"
done
