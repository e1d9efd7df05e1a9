#!/usr/bin/env bash
# Time whole `redliner diff` processes against `git diff --word-diff` and
# `dwdiff` on two real statement pairs and a generated 10 MB pair, measure
# peak RSS, and write target/bench/results.md.
#
# Usage: scripts/bench.sh [--no-build]
#
# Environment overrides (all optional):
#   BENCH_DIR      output directory             (default target/bench)
#   REDLINER       binary to benchmark          (default target/release/redliner)
#   RUNS_SMALL     hyperfine runs, small pairs  (default 20; warmup WARMUP_SMALL=3)
#   RUNS_LARGE     hyperfine runs, 10 MB pair   (default 5;  warmup WARMUP_LARGE=1)
#   LARGE_MB       size of the generated pair   (default 10)
#   DIFF_TIMEOUT   seconds one git/dwdiff run may take before that tool is
#                  skipped on that pair         (default 120)
set -euo pipefail

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

BUILD=1
while [[ $# -gt 0 ]]; do
  case $1 in
    --no-build) BUILD=0 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BENCH_DIR=${BENCH_DIR:-target/bench}
REDLINER=${REDLINER:-target/release/redliner}
RUNS_SMALL=${RUNS_SMALL:-20}
WARMUP_SMALL=${WARMUP_SMALL:-3}
RUNS_LARGE=${RUNS_LARGE:-5}
WARMUP_LARGE=${WARMUP_LARGE:-1}
LARGE_MB=${LARGE_MB:-10}
DIFF_TIMEOUT=${DIFF_TIMEOUT:-120}
FALLBACK_RUNS=5
INSTALL_HINT="apt-get install hyperfine dwdiff"

die() { echo "bench.sh: $*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

mkdir -p "$BENCH_DIR"
MANIFEST=$BENCH_DIR/manifest.tsv
NOTES=$BENCH_DIR/notes.txt
: >"$MANIFEST"
: >"$NOTES"
note() { echo "note: $*" | tee -a "$NOTES" >&2; }

# ---------------------------------------------------------------- tools
have python3 || die "python3 is required"
[[ -x /usr/bin/time ]] || die "/usr/bin/time is required (apt-get install time)"
HAVE_HYPERFINE=1
if ! have hyperfine; then
  HAVE_HYPERFINE=0
  note "hyperfine not found (install: $INSTALL_HINT); timing with /usr/bin/time, median of $FALLBACK_RUNS runs"
fi
HAVE_DWDIFF=1
if ! have dwdiff; then
  HAVE_DWDIFF=0
  note "dwdiff not found (install: $INSTALL_HINT); dwdiff skipped"
fi
have git || die "git is required"
have timeout || die "timeout (coreutils) is required"

# ---------------------------------------------------------------- build
if [[ $BUILD == 1 ]]; then
  have cargo || die "cargo not found; build the binary yourself and pass --no-build"
  echo "== cargo build --release" >&2
  cargo build --release
fi
[[ -x $REDLINER ]] || die "$REDLINER not found or not executable"

# ---------------------------------------------------------------- inputs
[[ -d fixtures/wh ]] || die "fixtures/wh not found (run from a full checkout)"
LARGE_OLD=$BENCH_DIR/large-old.md
LARGE_NEW=$BENCH_DIR/large-new.md
# Regenerate when missing, or when the generator, its sources or the size
# changed since the pair was made.
stamp=$( (echo "mb=$LARGE_MB"; cat scripts/gen-large.py fixtures/wh/*.md) | sha256sum | cut -d' ' -f1)
if [[ ! -s $LARGE_OLD || ! -s $LARGE_NEW || "$(cat "$BENCH_DIR/large.stamp" 2>/dev/null || true)" != "$stamp" ]]; then
  echo "== generating the ${LARGE_MB} MB pair into $BENCH_DIR" >&2
  python3 scripts/gen-large.py --mb "$LARGE_MB" --out-dir "$BENCH_DIR" \
    --answer-key "$BENCH_DIR/large-key.json"
  echo "$stamp" >"$BENCH_DIR/large.stamp"
fi

# name | old | new | runs | warmup
PAIRS=(
  "g7|fixtures/wh/g7-2021-06-carbis-bay-communique.md|fixtures/wh/g7-2023-05-hiroshima-communique.md|$RUNS_SMALL|$WARMUP_SMALL"
  "quad|fixtures/wh/quad-2022-05-joint-statement.md|fixtures/wh/quad-2023-05-joint-statement.md|$RUNS_SMALL|$WARMUP_SMALL"
  "large-${LARGE_MB}mb|$LARGE_OLD|$LARGE_NEW|$RUNS_LARGE|$WARMUP_LARGE"
)

# ---------------------------------------------------------------- helpers
# run_once OUT ERR LIMIT CMD...: run CMD once with stdout to OUT and stderr
# to ERR, under `timeout LIMIT` when LIMIT > 0. Sets RC and RSS_KB.
run_once() {
  local out=$1 err=$2 limit=$3 tf
  shift 3
  tf=$(mktemp)
  RC=0
  if [[ $limit -gt 0 ]]; then
    timeout "$limit" /usr/bin/time -f '%M' -o "$tf" "$@" >"$out" 2>"$err" || RC=$?
  else
    /usr/bin/time -f '%M' -o "$tf" "$@" >"$out" 2>"$err" || RC=$?
  fi
  # With a non-zero exit, GNU time writes "Command exited..." first.
  RSS_KB=$(tail -n 1 "$tf" 2>/dev/null || true)
  [[ $RSS_KB =~ ^[0-9]+$ ]] || RSS_KB=""
  rm -f "$tf"
}

# fallback_time JSON NAME CMD [NAME CMD ...]: without hyperfine, run each
# shell command FALLBACK_RUNS times under /usr/bin/time -f '%e %M' and write
# the elapsed times as JSON (the summary takes their median). %e only has
# 10 ms resolution, so bash's EPOCHREALTIME (bash >= 5) is used when set.
fallback_time() {
  local json=$1 first=1 name cmd tf t t0 t1 i times
  shift
  tf=$(mktemp)
  printf '{"fallback": true, "results": [' >"$json"
  while [[ $# -gt 0 ]]; do
    name=$1 cmd=$2
    shift 2
    times=""
    for ((i = 0; i < FALLBACK_RUNS; i++)); do
      t0=${EPOCHREALTIME:-}
      /usr/bin/time -f '%e %M' -o "$tf" sh -c "$cmd" || true
      t1=${EPOCHREALTIME:-}
      if [[ -n $t0 && -n $t1 ]]; then
        t=$(python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.6f}")' "$t0" "$t1")
      else
        t=$(tail -n 1 "$tf" | cut -d' ' -f1)
      fi
      times+="${times:+, }$t"
    done
    echo "  $name: $times s" >&2
    [[ $first == 1 ]] || printf ', ' >>"$json"
    first=0
    printf '{"command": "%s", "times": [%s]}' "$name" "$times" >>"$json"
  done
  printf ']}\n' >>"$json"
  rm -f "$tf"
}

# ---------------------------------------------------------------- benchmark
for spec in "${PAIRS[@]}"; do
  IFS='|' read -r name old new runs warmup <<<"$spec"
  [[ -f $old && -f $new ]] || die "missing input for pair $name: $old / $new"
  echo "== $name: $old vs $new" >&2
  qold=$(printf '%q' "$old")
  qnew=$(printf '%q' "$new")
  names=() cmds=() rss=()

  # redliner: one checked run first (exit 0 or 1, JSON on stdout), which also
  # gives its peak RSS. hyperfine -i below would hide a crash.
  out=$BENCH_DIR/$name.redliner-out.json
  run_once "$out" "$out.err" 0 "$REDLINER" diff "$old" "$new" --format json
  if [[ $RC -gt 1 ]]; then
    cat "$out.err" >&2
    die "redliner exited with $RC on pair $name"
  fi
  python3 - "$out" <<'PY' || die "redliner did not print valid JSON on pair $name (see $out)"
import json, sys
try:
    json.load(open(sys.argv[1], encoding="utf-8"))
except ValueError as e:
    sys.exit(f"bench.sh: {sys.argv[1]}: {e}")
PY
  rm -f "$out" "$out.err"
  echo "  redliner: exit $RC, peak RSS ${RSS_KB:-?} KB" >&2
  names+=(redliner)
  cmds+=("$(printf '%q' "$REDLINER") diff $qold $qnew --format json > /dev/null")
  rss+=("$RSS_KB")

  # The other tools: a first run under `timeout` decides whether they are
  # timed at all (exit 1 just means "files differ").
  for tool in git dwdiff; do
    if [[ $tool == git ]]; then
      argv=(git diff --no-index --word-diff=porcelain "$old" "$new")
      cmd="git diff --no-index --word-diff=porcelain $qold $qnew > /dev/null"
    else
      [[ $HAVE_DWDIFF == 1 ]] || continue
      argv=(dwdiff "$old" "$new")
      cmd="dwdiff $qold $qnew > /dev/null"
    fi
    run_once /dev/null "$BENCH_DIR/$name.$tool.err" "$DIFF_TIMEOUT" "${argv[@]}"
    if [[ $RC -eq 124 ]]; then
      note "$tool took more than ${DIFF_TIMEOUT} s on pair $name; skipped"
      rm -f "$BENCH_DIR/$name.$tool.err"
      continue
    elif [[ $RC -gt 1 ]]; then
      note "$tool exited with $RC on pair $name ($(head -c 200 "$BENCH_DIR/$name.$tool.err")); skipped"
      continue
    fi
    rm -f "$BENCH_DIR/$name.$tool.err"
    echo "  $tool: exit $RC, peak RSS ${RSS_KB:-?} KB" >&2
    names+=("$tool")
    cmds+=("$cmd")
    rss+=("$RSS_KB")
  done

  json=$BENCH_DIR/$name.json
  if [[ $HAVE_HYPERFINE == 1 ]]; then
    hf_args=()
    for i in "${!names[@]}"; do
      hf_args+=(-n "${names[$i]}" "${cmds[$i]}")
    done
    hyperfine --warmup "$warmup" --runs "$runs" --ignore-failure \
      --export-json "$json" "${hf_args[@]}"
  else
    fb_args=()
    for i in "${!names[@]}"; do
      fb_args+=("${names[$i]}" "${cmds[$i]}")
    done
    fallback_time "$json" "${fb_args[@]}"
  fi

  for i in "${!names[@]}"; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "${names[$i]}" "$i" "$json" \
      "${rss[$i]}" "$(wc -c <"$old")" "$(wc -c <"$new")" >>"$MANIFEST"
  done
done

# ---------------------------------------------------------------- summary
export BENCH_CPU BENCH_VERSIONS
BENCH_CPU="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true), $(nproc 2>/dev/null || echo '?') threads"
BENCH_VERSIONS="$(git --version); $( (dwdiff --version 2>/dev/null || echo 'dwdiff absent') | head -n 1); $( (hyperfine --version 2>/dev/null || echo 'hyperfine absent') | head -n 1)"

python3 - "$MANIFEST" "$NOTES" "$BENCH_DIR/results.md" <<'PY'
import json, os, statistics, sys, time

manifest, notes_path, results_path = sys.argv[1:4]
rows, cache = [], {}
for line in open(manifest, encoding="utf-8"):
    pair, tool, idx, path, rss, old_b, new_b = line.rstrip("\n").split("\t")
    if path not in cache:
        cache[path] = json.load(open(path, encoding="utf-8"))
    data = cache[path]
    r = data["results"][int(idx)]
    if data.get("fallback"):
        times = [float(t) for t in r["times"]]
        mean, sd = statistics.median(times), None
    else:
        mean, sd = r["mean"], r.get("stddev")
    rows.append(dict(pair=pair, tool=tool, ms=mean * 1000,
                     sd=None if sd is None else sd * 1000,
                     rss=int(rss) if rss else None,
                     size=f"{int(old_b) / 1000:,.0f} / {int(new_b) / 1000:,.0f}"))

fallback = any(d.get("fallback") for d in cache.values())
red = {r["pair"]: r["ms"] for r in rows if r["tool"] == "redliner"}
head = ["pair", "OLD / NEW KB", "tool", "median ms" if fallback else "mean ms",
        "± ms", "peak RSS KB", "redliner / tool"]
table = [head, ["---"] * len(head)]
for r in rows:
    if r["tool"] == "redliner":
        ratio = ""
    elif r["ms"] > 0:
        ratio = f"{red[r['pair']] / r['ms']:.2f}"
    else:
        ratio = "n/a"
    table.append([r["pair"], r["size"], r["tool"], f"{r['ms']:,.1f}",
                  "" if r["sd"] is None else f"{r['sd']:,.1f}",
                  "" if r["rss"] is None else f"{r['rss']:,}", ratio])
widths = [max(len(row[i]) for row in table) for i in range(len(head))]
lines = []
for row in table:
    if row[0] == "---":
        lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    else:
        lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |")
text = "\n".join(lines)
print()
print(text)

notes = [n.strip().removeprefix("note: ") for n in open(notes_path, encoding="utf-8")
         if n.strip()]
with open(results_path, "w", encoding="utf-8") as f:
    f.write("# redliner benchmark results\n\n")
    f.write(f"- date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}\n")
    f.write(f"- machine: {os.environ.get('BENCH_CPU', '?')}\n")
    f.write(f"- tools: {os.environ.get('BENCH_VERSIONS', '?')}\n")
    f.write("- timings are whole processes"
            + (" (median of 5 runs without hyperfine)" if fallback
               else " (hyperfine, output to /dev/null)")
            + "; peak RSS from one run under /usr/bin/time\n")
    f.write("- redliner / tool < 1 means redliner is faster\n\n")
    f.write(text + "\n")
    if notes:
        f.write("\nNotes:\n\n" + "".join(f"- {n}\n" for n in notes))
print(f"\nwritten: {results_path}")
PY
