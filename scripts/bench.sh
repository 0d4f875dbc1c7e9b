#!/usr/bin/env bash
# Whole-process benchmarks of ocidoctor against grep and ripgrep, with the same patterns as the
# catalog, measured side by side in one run; prints a Markdown table of the performance targets.
#
#   scripts/bench.sh                 # everything (about 15 minutes on 2 cores; longer when busy)
#   BENCH_RUNS=10 scripts/bench.sh   # fewer runs per single-error measurement
#   BENCH_ONLY=hook scripts/bench.sh # only the shell hook rows (a minute)
#
# What it does:
#   1. builds the release binary, and a second one from a copy of rules/ grown 4x (every rule
#      copied three times as <name>-copy2..4) via OCIDOCTOR_RULES_DIR, in its own target dir;
#   2. writes the inputs under $BENCH_DIR (default ${TMPDIR:-/tmp}/ocidoctor-bench, reused when
#      present): one file per dev-corpus text, the catalog's `match.any` patterns for grep and
#      ripgrep, and a 1 GiB log of ordinary noise with real error lines from the dev corpus
#      (a 16 MiB block of generated lines, repeated);
#   3. times with hyperfine (--export-json; min / median / max):
#      - one error: `ocidoctor FILE` (both catalogs), `grep -E -f`, `rg -f` on each corpus text,
#        and the two catalogs' instruction counts (callgrind) on every 10th text;
#      - a scan: `ocidoctor --scan` on the full log and, beside grep and rg, on a prefix of it
#        (grep and rg with every catalog pattern are far too slow for the full gigabyte);
#      - peak RSS of `ocidoctor --scan` (GNU time) on 1 MiB and 1 GiB;
#      - the bash hook: shell start-up with and without it, and a successful wrapped command
#        against the bare command and the same command with its stderr through tee (interleaved
#        rounds); and, at a terminal (one script(1) session), a call that keeps its terminal
#        through the pseudo-terminal wrapper.
#
# Needs: cargo, hyperfine, python3 with PyYAML, GNU grep, ripgrep, GNU time (/usr/bin/time, the
# Debian package `time`), bash; valgrind for the instruction-count row. A missing tool skips its
# rows and says so.
# Settings (environment): BENCH_DIR, BENCH_RUNS (single error, default 20), BENCH_RG_RUNS
# (single error with rg, default 3), BENCH_SCAN_RUNS (default 3), BENCH_LOG_MB (default 1024),
# BENCH_PREFIX_MB (default 1: rg with every catalog pattern runs at 0.02-0.03 MiB/s), BENCH_GREP_MB
# (a second, larger prefix for grep, which is faster: default 64), BENCH_TIMEOUT
# (seconds per grep/rg scan run, default 300), BENCH_SKIP_BUILD=1 (use the binaries as built),
# BENCH_REPORT_ONLY=1 (print the table again from the last run's measurements).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=${BENCH_DIR:-${TMPDIR:-/tmp}/ocidoctor-bench}
RUNS=${BENCH_RUNS:-20}
RG_RUNS=${BENCH_RG_RUNS:-3}
SCAN_RUNS=${BENCH_SCAN_RUNS:-3}
LOG_MB=${BENCH_LOG_MB:-1024}
PREFIX_MB=${BENCH_PREFIX_MB:-1}
GREP_MB=${BENCH_GREP_MB:-64}
TIMEOUT=${BENCH_TIMEOUT:-300}
CORPUS=${BENCH_CORPUS:-$ROOT/../shared/corpus/dev.jsonl}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case "$TARGET" in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac
BIN=$TARGET/release/ocidoctor
BIN4=$WORK/target-4x/release/ocidoctor
mkdir -p "$WORK/texts" "$WORK/json"

say() { printf '%s\n' "bench: $*" >&2; }
have() { command -v "$1" >/dev/null 2>&1; }
for tool in cargo hyperfine python3; do
    have "$tool" || { say "needs $tool"; exit 2; }
done
python3 -c 'import yaml' 2>/dev/null || { say "needs PyYAML (pip install pyyaml or apt-get install python3-yaml)"; exit 2; }
HAVE_RG=0; have rg && HAVE_RG=1
HAVE_GTIME=0; /usr/bin/time -f %M true >/dev/null 2>&1 && HAVE_GTIME=1
[ "$HAVE_RG" = 1 ] || say "SKIPPED ripgrep rows: rg not found"
[ "$HAVE_GTIME" = 1 ] || say "SKIPPED peak RSS rows: GNU time not found (apt-get install time)"

if [ "${BENCH_REPORT_ONLY:-0}" != 1 ]; then
# --- 1. the 4x catalog and both binaries ------------------------------------------------------
say "writing the 4x catalog under $WORK/rules-4x"
python3 - "$ROOT/rules" "$WORK/rules-4x" <<'EOF'
import os, re, sys
src, dst = sys.argv[1], sys.argv[2]
def put(path, text):
    # Rewrite only what changed, so cargo does not rebuild a catalog that is already built.
    if os.path.exists(path) and open(path, encoding="utf-8").read() == text:
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w", encoding="utf-8").write(text)
count = 0
for stage in sorted(os.listdir(src)):
    if not os.path.isdir(os.path.join(src, stage)):
        continue
    for name in sorted(os.listdir(os.path.join(src, stage))):
        base, ext = os.path.splitext(name)
        if ext not in (".yaml", ".yml"):
            continue
        text = open(os.path.join(src, stage, name), encoding="utf-8").read()
        put(os.path.join(dst, stage, name), text)
        for k in (2, 3, 4):
            copy, n = re.subn(r"(?m)^id:.*$", f"id: {stage}/{base}-copy{k}", text, count=1)
            assert n == 1, f"{stage}/{name}: no id line"
            put(os.path.join(dst, stage, f"{base}-copy{k}{ext}"), copy)
        count += 4
print(f"bench: 4x catalog: {count} rule files", file=sys.stderr)
EOF

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    say "building release ($TARGET)"
    cargo build --release --quiet
    if [ "${BENCH_ONLY:-}" != hook ]; then
        say "building release with the 4x catalog ($WORK/target-4x; the first time compiles everything)"
        CARGO_TARGET_DIR=$WORK/target-4x OCIDOCTOR_RULES_DIR=$WORK/rules-4x cargo build --release --quiet
    fi
fi
[ -x "$BIN" ] || { say "no binary at $BIN"; exit 2; }
HAVE_4X=0; [ -x "$BIN4" ] && HAVE_4X=1

# --- 2. inputs ---------------------------------------------------------------------------------
say "writing inputs under $WORK"
python3 - "$ROOT/rules" "$CORPUS" "$WORK" "$LOG_MB" "$ROOT/examples" <<'EOF'
import glob, json, os, random, re, subprocess, sys
import yaml
rules, corpus, work, log_mb, examples = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

# The texts: the dev corpus, else the bundled examples.
texts = []
if os.path.exists(corpus):
    for line in open(corpus, encoding="utf-8"):
        if line.strip():
            item = json.loads(line)
            texts.append((item.get("id") or f"text-{len(texts)}", item["text"]))
else:
    for path in sorted(glob.glob(os.path.join(examples, "*.txt"))):
        texts.append((os.path.basename(path)[:-4], open(path, encoding="utf-8").read()))
tdir = os.path.join(work, "texts")
for f in glob.glob(os.path.join(tdir, "*.txt")):
    os.remove(f)
for i, (name, text) in enumerate(texts):
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    with open(os.path.join(tdir, f"{i:03d}-{safe}.txt"), "w", encoding="utf-8") as f:
        f.write(text if text.endswith("\n") else text + "\n")
print(f"bench: {len(texts)} single-error texts from {corpus if os.path.exists(corpus) else examples}",
      file=sys.stderr)

# The catalog's `match.any` patterns.
patterns = []
for path in sorted(glob.glob(os.path.join(rules, "*", "*.y*ml"))):
    rule = yaml.safe_load(open(path, encoding="utf-8"))
    patterns.extend((rule.get("match") or {}).get("any") or [])

def rg_form(p):
    """ripgrep speaks the same syntax; it refuses duplicate group names, so groups lose names."""
    if "\n" in p or "\\n" in p:
        return None
    return re.sub(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>", "(", p)

CLASS_OUT = {"d": "[0-9]", "D": "[^0-9]", "s": "[[:space:]]", "S": "[^[:space:]]",
             "w": "[[:alnum:]_]", "W": "[^[:alnum:]_]"}
CLASS_IN = {"d": "0-9", "s": "[:space:]", "w": "[:alnum:]_"}
ERE_SPECIAL = set(".[]()*+?{}|^$\\")

def ere_form(p):
    """POSIX ERE for grep -E: (?:/(?P<x> become plain groups, (?i) is dropped (grep runs
    case-sensitive), Perl classes become POSIX ones; None when it cannot be said in ERE."""
    if "\n" in p or "\\n" in p:
        return None
    p = re.sub(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>", "(", p).replace("(?:", "(")
    p = re.sub(r"^\(\?i\)", "", p)
    if "(?" in p:
        return None
    out, i, inside = [], 0, False
    while i < len(p):
        c = p[i]
        if c == "\\" and i + 1 < len(p):
            n = p[i + 1]
            if inside:
                if n in CLASS_IN:
                    out.append(CLASS_IN[n])
                elif n in "-]^" or n.isalnum():
                    return None
                else:
                    out.append(n)
            elif n in CLASS_OUT:
                out.append(CLASS_OUT[n])
            elif n in "bB":
                out.append("\\" + n)  # GNU grep has \b and \B
            elif n in ERE_SPECIAL:
                out.append("\\" + n)
            elif n.isalnum():
                return None
            else:
                out.append(n)
            i += 2
            continue
        if c == "[" and not inside:
            inside = True
            out.append(c)
            i += 1
            if i < len(p) and p[i] == "^":
                out.append("^"); i += 1
            if i < len(p) and p[i] == "]":
                out.append("]"); i += 1
            continue
        if c == "]" and inside:
            inside = False
        out.append(c)
        i += 1
    return "".join(out)

def accepted(tool, pattern):
    cmd = {"grep": ["grep", "-E", "-e", pattern, "/dev/null"],
           "rg": ["rg", "--no-config", "-e", pattern, "/dev/null"]}[tool]
    r = subprocess.run(cmd, capture_output=True, env=dict(os.environ, LC_ALL="C"))
    return r.returncode in (0, 1) and not r.stderr.strip()

have_rg = subprocess.run(["sh", "-c", "command -v rg"], capture_output=True).returncode == 0
cache = os.path.join(work, "patterns.json")
old = json.load(open(cache)) if os.path.exists(cache) else {}
if old.get("patterns") != patterns:
    grep_ok = [q for q in map(ere_form, patterns) if q is not None and accepted("grep", q)]
    rg_ok = [q for q in map(rg_form, patterns) if q is not None and have_rg and accepted("rg", q)]
    json.dump({"patterns": patterns, "grep": grep_ok, "rg": rg_ok}, open(cache, "w"))
else:
    grep_ok, rg_ok = old["grep"], old["rg"]
for name, items in (("patterns.txt", patterns), ("patterns.grep.txt", grep_ok), ("patterns.rg.txt", rg_ok)):
    with open(os.path.join(work, name), "w", encoding="utf-8") as f:
        f.write("".join(q.replace("\n", "\\n") + "\n" for q in items))
with open(os.path.join(work, "pattern-counts"), "w") as f:
    f.write(f"{len(patterns)} {len(grep_ok)} {len(rg_ok)}\n")
print(f"bench: patterns: catalog {len(patterns)}, grep -E {len(grep_ok)}, rg {len(rg_ok)}", file=sys.stderr)

# The log: ordinary noise with a real error line about every 200 lines. A 16 MiB block of
# generated lines is repeated to the size asked for (fast to write; the period is far larger
# than any cache a tool keeps).
log = os.path.join(work, f"log-{log_mb}m.log")
if not os.path.exists(log) or os.path.getsize(log) < log_mb << 20:
    rnd = random.Random(42)
    errors = [l.strip() for _, t in texts for l in t.splitlines() if len(l.strip()) > 20]
    words = ("request", "completed", "worker", "cache", "connection", "handler", "session",
             "upload", "queue", "metrics", "flush", "shard", "lease", "sync", "batch")
    def noise(n):
        ts = f"2026-11-29T{n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}.{n % 1000:03d}Z"
        k = rnd.randrange(8)
        if k == 0:
            return f'{ts} INFO [worker-{rnd.randrange(16)}] GET /api/v1/items/{rnd.randrange(10**6)} 200 {rnd.random() * 40:.1f}ms'
        if k == 1:
            return f'time="{ts}" level=info msg="{rnd.choice(words)} {rnd.choice(words)}" id={rnd.getrandbits(64):016x}'
        if k == 2:
            return f'#{rnd.randrange(1, 30)} {rnd.random() * 90:.3f} Get:{rnd.randrange(1, 80)} http://deb.debian.org/debian bookworm/main amd64 lib{rnd.choice(words)}{rnd.randrange(9)} amd64 {rnd.randrange(1, 9)}.{rnd.randrange(20)}-{rnd.randrange(5)} [{rnd.randrange(10, 900)} kB]'
        if k == 3:
            return f'I1129 12:{n // 60 % 60:02d}:{n % 60:02d}.{rnd.randrange(10**6):06d}       1 reconciler.go:{rnd.randrange(50, 900)}] "{rnd.choice(words)} {rnd.choice(words)}" pod="default/web-{rnd.randrange(40)}"'
        if k == 4:
            return f'10.0.{rnd.randrange(256)}.{rnd.randrange(256)} - - [29/Nov/2026:12:00:{n % 60:02d} +0000] "GET /static/{rnd.choice(words)}.js HTTP/1.1" 200 {rnd.randrange(100, 90000)} "-" "Mozilla/5.0"'
        if k == 5:
            return f'web_{rnd.randrange(1, 4)}  | {ts} {rnd.choice(words)} {rnd.choice(words)}: {rnd.randrange(10**4)} items in {rnd.random():.3f}s'
        if k == 6:
            return f'Step {rnd.randrange(1, 20)}/20 : RUN pip install --no-cache-dir {rnd.choice(words)}=={rnd.randrange(1, 5)}.{rnd.randrange(20)}'
        return f'{ts} DEBUG {rnd.choice(words)}.{rnd.choice(words)}: ok ({rnd.randrange(10**5)} bytes, attempt {rnd.randrange(1, 4)})'
    lines, size, n = [], 0, 0
    while size < 16 << 20:
        line = rnd.choice(errors) if errors and rnd.randrange(200) == 0 else noise(n)
        lines.append(line)
        size += len(line.encode()) + 1
        n += 1
    block = ("\n".join(lines) + "\n").encode()
    with open(log + ".tmp", "wb") as f:
        written = 0
        while written < log_mb << 20:
            f.write(block)
            written += len(block)
    os.replace(log + ".tmp", log)
    print(f"bench: wrote {log}", file=sys.stderr)
EOF
LOG=$WORK/log-${LOG_MB}m.log
head -c $((PREFIX_MB << 20)) "$LOG" > "$WORK/log-prefix.log"
head -c $((GREP_MB << 20)) "$LOG" > "$WORK/log-grep.log"
head -c $((1 << 20)) "$LOG" > "$WORK/log-1m.log"

# --- 3. measurements ---------------------------------------------------------------------------
HF=(hyperfine --style none -N --ignore-failure)
if [ "${BENCH_ONLY:-}" = hook ]; then
    rm -f "$WORK"/json/hook-*.json
else
rm -f "$WORK"/json/*.json "$WORK"/rss-*.txt

say "one error: $(ls "$WORK"/texts | wc -l) texts x $RUNS runs"
for f in "$WORK"/texts/*.txt; do
    name=$(basename "$f" .txt)
    cmds=(-n ocidoctor "$BIN $f")
    [ "$HAVE_4X" = 1 ] && cmds+=(-n ocidoctor-4x "$BIN4 $f")
    cmds+=(-n grep "grep -E -f $WORK/patterns.grep.txt $f")
    LC_ALL=C "${HF[@]}" --warmup 3 --runs "$RUNS" --export-json "$WORK/json/single-$name.json" \
        "${cmds[@]}" >/dev/null 2>&1 || say "hyperfine failed on $name"
    # rg compiles every pattern into one regex first (about 0.2 s a run): fewer runs.
    if [ "$HAVE_RG" = 1 ]; then
        "${HF[@]}" --warmup 1 --runs "$RG_RUNS" --export-json "$WORK/json/rg-$name.json" \
            -n rg "rg --no-config -f $WORK/patterns.rg.txt $f" >/dev/null 2>&1 || say "hyperfine (rg) failed on $name"
    fi
done

# The same comparison in instructions (callgrind): free of the machine's noise, on every 10th text.
rm -f "$WORK/instructions.txt"
if [ "$HAVE_4X" = 1 ] && have valgrind; then
    say "instructions of one error, 1x and 4x catalog (callgrind, every 10th text)"
    irs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | sed -n 's/.*refs: *//p' | tr -d ,; }
    for f in $(ls "$WORK"/texts/*.txt | awk 'NR % 10 == 1'); do
        echo "$(irs "$BIN" "$f") $(irs "$BIN4" "$f")" >> "$WORK/instructions.txt"
    done
else
    say "SKIPPED the instruction count row: needs valgrind and the 4x binary"
fi

say "scan: ${PREFIX_MB} MiB prefix (ocidoctor, grep, rg), ${GREP_MB} MiB (ocidoctor, grep), the full ${LOG_MB} MiB log (ocidoctor)"
scan_cmds=(-n ocidoctor "$BIN --scan $WORK/log-prefix.log"
    -n grep "timeout $TIMEOUT grep -E -c -f $WORK/patterns.grep.txt $WORK/log-prefix.log")
[ "$HAVE_RG" = 1 ] && scan_cmds+=(-n rg "timeout $TIMEOUT rg --no-config -c -f $WORK/patterns.rg.txt $WORK/log-prefix.log")
LC_ALL=C "${HF[@]}" --warmup 1 --runs "$SCAN_RUNS" --export-json "$WORK/json/scan-prefix.json" "${scan_cmds[@]}" >/dev/null 2>&1 ||
    say "hyperfine failed on the prefix scan"
LC_ALL=C "${HF[@]}" --warmup 1 --runs "$SCAN_RUNS" --export-json "$WORK/json/scan-grep.json" \
    -n ocidoctor "$BIN --scan $WORK/log-grep.log" \
    -n grep "timeout $TIMEOUT grep -E -c -f $WORK/patterns.grep.txt $WORK/log-grep.log" >/dev/null 2>&1 ||
    say "hyperfine failed on the ${GREP_MB} MiB prefix scan"
"${HF[@]}" --warmup 1 --runs "$SCAN_RUNS" --export-json "$WORK/json/scan-full.json" \
    -n ocidoctor "$BIN --scan $LOG" >/dev/null 2>&1 || say "hyperfine failed on the full scan"

if [ "$HAVE_GTIME" = 1 ]; then
    say "peak RSS of --scan on 1 MiB and ${LOG_MB} MiB"
    for size in 1m "${LOG_MB}m"; do
        for _ in 1 2 3; do
            /usr/bin/time -f %M -a -o "$WORK/rss-$size.txt" "$BIN" --scan "$WORK/log-$size.log" >/dev/null || true
        done
    done
fi
fi # BENCH_ONLY

say "shell hook (bash)"
printf '' > "$WORK/rc-plain"
printf 'eval "$(%q init bash)"\n' "$BIN" > "$WORK/rc-hook"
# What `ocidoctor setup bash` installs: the hook in a file, sourced by the rc file.
"$BIN" init bash > "$WORK/hook.bash"
printf '[ -f %q ] && . %q\n' "$WORK/hook.bash" "$WORK/hook.bash" > "$WORK/rc-cached"
"${HF[@]}" --warmup 5 --runs 100 --export-json "$WORK/json/hook-startup.json" \
    -n plain "bash --rcfile $WORK/rc-plain -i -c exit" \
    -n hook "bash --rcfile $WORK/rc-hook -i -c exit" \
    -n hook-cached "bash --rcfile $WORK/rc-cached -i -c exit" >/dev/null 2>&1 || say "hyperfine failed on the hook start-up"
# A successful wrapped command: the real `docker --version` when docker is here (a Go binary,
# 15-20 ms and noisy), and a stand-in named docker that is /bin/true, so that the wrapper's own
# cost is not lost in the command's noise. Each is timed bare (`command docker`), with its stderr
# through tee, and through the hook, in 5 interleaved rounds of 20 runs: the machine's drift over
# the half minute a round takes would otherwise count as a difference between the three.
mkdir -p "$WORK/standin"
ln -sf "$(type -P true)" "$WORK/standin/docker"
wrapped() { # name, PATH prefix
    local path=$2${2:+:}$PATH
    local round
    for round in 1 2 3 4 5; do
        "${HF[@]}" --warmup 3 --runs 20 --export-json "$WORK/json/hook-$1-round$round.json" \
            -n bare "env PATH=$path bash --rcfile $WORK/rc-cached -i -c 'command docker --version'" \
            -n tee "env PATH=$path bash --rcfile $WORK/rc-cached -i -c 'command docker --version 2> >(tee /dev/null >&2)'" \
            -n wrapped "env PATH=$path bash --rcfile $WORK/rc-cached -i -c 'docker --version'" >/dev/null 2>&1 ||
            say "hyperfine failed on the wrapped command ($1)"
    done
}
if have docker; then wrapped docker ""; else say "SKIPPED the real docker row: docker not found"; fi
wrapped standin "$WORK/standin"
# At a terminal, a call that may draw progress on its standard error (a build, compose, a pull,
# a run that pulls) goes through the pseudo-terminal wrapper instead, so that it keeps drawing.
# hyperfine runs inside one script(1) session and passes its terminal on to every run
# (--output=inherit), so script's own start-up is not in the figures; the stand-in is timed as
# `docker build`.
if have script; then
    standin_rc="env PATH=$WORK/standin:$PATH bash --rcfile $WORK/rc-cached -i -c"
    hf_pty=$(printf '%q ' "${HF[@]}" --output=inherit --warmup 5 --runs 100 --export-json "$WORK/json/hook-pty.json" \
        -n bare "$standin_rc 'command docker build'" -n wrapped "$standin_rc 'docker build'")
    script -qec "$hf_pty" /dev/null >/dev/null 2>&1 ||
        say "hyperfine failed on the wrapped command at a terminal"
else
    say "SKIPPED the wrapped command at a terminal: script(1) not found"
fi

fi # BENCH_REPORT_ONLY
read -r N_PATTERNS N_GREP N_RG < "$WORK/pattern-counts"

# --- 4. the table ------------------------------------------------------------------------------
python3 - "$WORK" "$PREFIX_MB" "$LOG_MB" "$N_PATTERNS" "$N_GREP" "$N_RG" "$TIMEOUT" "$RUNS" "$GREP_MB" "$RG_RUNS" <<'EOF'
import glob, json, math, os, statistics, sys
work, prefix_mb, log_mb, n_pat, n_grep, n_rg, timeout, runs, grep_mb, rg_runs = sys.argv[1:]
prefix_mb, log_mb, timeout, grep_mb = int(prefix_mb), int(log_mb), float(timeout), int(grep_mb)
med = statistics.median

def load(path):
    try:
        return {r["command"]: r for r in json.load(open(path))["results"]}
    except (OSError, ValueError, KeyError):
        return {}

def ms(x):
    return f"{x * 1000:.2f}"

rows = []
def row(target, measured, ratio, ok):
    rows.append((target, measured, ratio, "n/a" if ok is None else ("pass" if ok else "FAIL")))

# One error: per text, each tool's min / median / max; then the median over texts of each.
single = []
for path in sorted(glob.glob(os.path.join(work, "json", "single-*.json"))):
    s = load(path)
    s.update(load(path.replace("single-", "rg-")))
    if "ocidoctor" in s:
        single.append(s)
def over_texts(tool):
    got = [s[tool] for s in single if tool in s]
    if not got:
        return None
    return tuple(med(r[k] for r in got) for k in ("min", "median", "max"))
def spread(t):
    return f"{ms(t[0])} / {ms(t[1])} / {ms(t[2])} ms"
od, od4, gr, rg = (over_texts(t) for t in ("ocidoctor", "ocidoctor-4x", "grep", "rg"))
per_text = [s["ocidoctor"]["median"] / s["grep"]["median"] for s in single if "grep" in s]
if od and gr:
    worst = max(per_text)
    row(f"One error ({len(single)} dev-corpus texts, one process each): ocidoctor vs `grep -E -f` "
        f"({n_grep} of {n_pat} patterns)",
        f"ocidoctor {spread(od)}; grep {spread(gr)}" + (f"; rg ({n_rg} patterns) {spread(rg)}" if rg else ""),
        f"{od[1] / gr[1]:.2f} (texts over 1.0: {sum(r > 1 for r in per_text)}, worst {worst:.2f})",
        od[1] / gr[1] <= 1.0)
    worst_ms = max(s["ocidoctor"]["median"] for s in single)
    row("One error: under 5 ms", f"{spread(od)} (slowest text's median {ms(worst_ms)} ms)",
        f"{od[1] * 1000 / 5:.2f} of 5 ms", od[1] < 0.005)
if od and od4:
    growth = [s["ocidoctor-4x"]["median"] / s["ocidoctor"]["median"] for s in single if "ocidoctor-4x" in s]
    row("Catalog 4x larger: single-error time grows at most 20%",
        f"4x {spread(od4)} vs 1x {spread(od)}",
        f"{od4[1] / od[1]:.2f} (median per-text ratio {med(growth):.2f})", od4[1] / od[1] <= 1.20)

try:
    pairs = [tuple(map(int, l.split())) for l in open(os.path.join(work, "instructions.txt")) if len(l.split()) == 2]
except (OSError, ValueError):
    pairs = []
if pairs:
    ratios = sorted(b / a for a, b in pairs)
    row(f"Catalog 4x larger, in instructions (callgrind, {len(pairs)} texts; free of timing noise)",
        f"4x {med(b for _, b in pairs) / 1e6:.2f} M vs 1x {med(a for a, _ in pairs) / 1e6:.2f} M (median)",
        f"{ratios[0]:.2f} / {med(ratios):.2f} / {ratios[-1]:.2f}", ratios[-1] <= 1.20)

# Scan throughput, MB/s = MiB / seconds; min/median/max from the fastest, median and slowest run.
prefix = load(os.path.join(work, "json", "scan-prefix.json"))
full = load(os.path.join(work, "json", "scan-full.json"))
def mbps(r, size):
    if r is None:
        return None
    times = r["times"]
    tout = any(t >= timeout * 0.99 for t in times)
    return (size / max(times), size / med(times), size / min(times), tout)
def num(x):
    return f"{x:.1f}" if x >= 10 else f"{x:.2g}"
def times(x):
    return f"{x:.0f}x" if x >= 10 else f"{x:.2f}"
def tput(t):
    s = f"{num(t[0])} / {num(t[1])} / {num(t[2])} MiB/s"
    return s + (" (timed out: at most)" if t[3] else "")
o_p, g_p, r_p = (mbps(prefix.get(k), prefix_mb) for k in ("ocidoctor", "grep", "rg"))
o_f = mbps(full.get("ocidoctor"), log_mb)
if o_p and r_p:
    row(f"Scan: at least half of ripgrep's throughput, same patterns ({prefix_mb} MiB prefix; "
        f"rg {n_rg} patterns, grep {n_grep})",
        f"ocidoctor {tput(o_p)}; rg {tput(r_p)}" + (f"; grep {tput(g_p)}" if g_p else ""),
        times(o_p[1] / r_p[1]), o_p[1] / r_p[1] >= 0.5)
sg = load(os.path.join(work, "json", "scan-grep.json"))
o_g, g_g = (mbps(sg.get(k), grep_mb) for k in ("ocidoctor", "grep"))
if o_g and g_g:
    row(f"Scan, beside grep on a {grep_mb} MiB prefix (no target; rg is left out: it would take hours)",
        f"ocidoctor {tput(o_g)}; grep {tput(g_g)}", f"{o_g[1] / g_g[1]:.2f} of grep's", None)
if o_f:
    row(f"Scan of the full {log_mb} MiB log (ocidoctor only; rg/grep time out with every pattern)",
        f"{tput(o_f)} ({full['ocidoctor']['median']:.1f} s)",
        f"{times(o_f[1] / r_p[1])} rg's rate on the prefix" if r_p else "-",
        o_f[1] / r_p[1] >= 0.5 if r_p else None)

def rss(size):
    try:
        vals = sorted(int(l) for l in open(os.path.join(work, f"rss-{size}.txt")) if l.strip().isdigit())
    except OSError:
        return None
    return (vals[0] / 1024, med(vals) / 1024, vals[-1] / 1024) if vals else None
r1, rbig = rss("1m"), rss(f"{log_mb}m")
if r1 and rbig:
    row(f"Scan peak RSS under 32 MB, not growing (1 MiB vs {log_mb} MiB)",
        f"1 MiB {r1[0]:.1f} / {r1[1]:.1f} / {r1[2]:.1f} MiB; {log_mb} MiB {rbig[0]:.1f} / {rbig[1]:.1f} / {rbig[2]:.1f} MiB",
        f"{rbig[1] / r1[1]:.2f}", rbig[2] < 32 and rbig[1] / r1[1] <= 1.5)

hs = load(os.path.join(work, "json", "hook-startup.json"))
def startup(k):
    return spread((hs[k]["min"], hs[k]["median"], hs[k]["max"]))
if "plain" in hs and "hook-cached" in hs:
    add = hs["hook-cached"]["median"] - hs["plain"]["median"]
    row("Shell hook: under 1 ms added to `bash -i` start-up, as `ocidoctor setup bash` installs it "
        "(the hook saved to a file that ~/.bashrc sources)",
        f"+{ms(add)} ms (plain {startup('plain')}; hook {startup('hook-cached')})",
        f"{add * 1000:.2f} of 1 ms", add < 0.001)
if "plain" in hs and "hook" in hs:
    add = hs["hook"]["median"] - hs["plain"]["median"]
    row("Shell hook through `eval \"$(ocidoctor init bash)\"` instead (starts one process per shell; no target)",
        f"+{ms(add)} ms (hook {startup('hook')})", "-", None)
def noise(a, b):
    """Two standard errors of the difference of two means: below it, a difference is noise."""
    return 2 * math.sqrt(a["stddev"] ** 2 / len(a["times"]) + b["stddev"] ** 2 / len(b["times"]))
def load_rounds(prefix):
    """The rounds of one measurement, each command's runs pooled."""
    pooled = {}
    for path in sorted(glob.glob(prefix + "-round*.json")):
        for command, r in load(path).items():
            pooled.setdefault(command, []).extend(r["times"])
    return {c: {"times": t, "min": min(t), "median": med(t), "max": max(t), "stddev": statistics.stdev(t)}
            for c, t in pooled.items() if len(t) > 1}
for name, what in (("docker", "`docker --version`"), ("standin", "stand-in (`/bin/true` named docker)")):
    hw = load_rounds(os.path.join(work, "json", f"hook-{name}"))
    if not {"bare", "tee", "wrapped"} <= hw.keys():
        continue
    over_tee = hw["wrapped"]["median"] - hw["tee"]["median"]
    limit = max(0.0005, noise(hw["wrapped"], hw["tee"]))
    row(f"Shell hook: no measurable cost beyond the tee, successful {what} "
        f"(measurable: over {ms(limit)} ms, the larger of 0.5 ms and 2 standard errors)",
        "; ".join(f"{k} {spread(tuple(hw[k][s] for s in ('min', 'median', 'max')))}" for k in ("wrapped", "tee", "bare")),
        f"+{ms(over_tee)} ms over tee (+{ms(hw['wrapped']['median'] - hw['bare']['median'])} ms over bare)",
        over_tee <= limit)

hp = load(os.path.join(work, "json", "hook-pty.json"))
if {"bare", "wrapped"} <= hp.keys():
    row("Shell hook at a terminal, a call that may draw progress there (stand-in timed as `docker build`, "
        "all runs in one script(1) session): through the pseudo-terminal wrapper, so that it keeps drawing (no target)",
        f"wrapped {spread(tuple(hp['wrapped'][s] for s in ('min', 'median', 'max')))}; "
        f"bare {spread(tuple(hp['bare'][s] for s in ('min', 'median', 'max')))}",
        f"+{ms(hp['wrapped']['median'] - hp['bare']['median'])} ms over bare", None)

print("| Target | Measured (min / median / max) | Ratio | Result |")
print("|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
print()
print(f"One error: hyperfine -N, 3 warm-up runs and {runs} runs per text and tool (rg: {rg_runs}); each figure is the "
      "median over texts of that statistic. grep runs with LC_ALL=C, case-sensitive ((?i) dropped); "
      "patterns grep -E or rg cannot take are left out (counts above).")
EOF
