#!/usr/bin/env bash
# bench_cli.sh — throughput and memory of redshift-iam-check on large,
# varied scripts, beside `grep -c` over the same file (same run).  Part of
# `make bench` (bench/run_bench.sh); runs alone too:
#
#   bash bench/bench_cli.sh [SIZE_MB]      (default 1000: 10^9 bytes)
#
# BENCH_CLI_BASELINE=/path/to/another/redshift-iam-check runs that build
# too, on the same files, right after this one (cli.<kind>.baseline_mb_s
# and the ratio cli.<kind>.vs_baseline): a same-run comparison of two
# builds, for work on the checker.
#
# Two inputs of SIZE_MB each, generated from a fixed seed so every run
# checks the same bytes: "clean", where every command may run, and
# "refused", where about a third of the role-bearing commands are refused
# (roles not associated, a role name instead of an ARN, a role still
# being added).  Statements vary in kind, role, bucket, options, case,
# comments and length (no short block repeated).  Each run must end with
# the exit status the input calls for (0 clean, 1 refused); memory must be
# constant: the peak RSS at SIZE_MB may exceed the peak at SIZE_MB/10 by at
# most 2 MB.  Prints key=value lines for bench/report.py; exits 1 when a
# run fails, ends with the wrong status, or memory grows.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-${BENCH_CLI_MB:-1000}}
BIN=./redshift-iam-check
[ -x "$BIN" ] || make -s redshift-iam-check
[ -x /usr/bin/time ] || { echo "bench_cli: /usr/bin/time is missing (Debian package time)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench_cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
kv() { echo "$1=$2"; }
fail=0

# gen KIND BYTES FILE: a varied script of at least BYTES bytes
gen() {
	python3 - "$1" "$2" "$3" <<'PY'
import random, sys
kind, target, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(20261207)
acct = "123456789012"
ok_roles = ["RedshiftCopyUnload", "SecondRedshiftRole"]      # in-sync on my-redshift-cluster
bad = [                                                       # what makes a refusal
    "IAM_ROLE 'arn:aws:iam::%s:role/NotAssociated%%d'" % acct,
    "IAM_ROLE 'RedshiftCopyUnload'",                            # a name, not an ARN
    "IAM_ROLE 'arn:aws:iam::%s:role/MyRedshiftRole'" % acct,    # not on this cluster
]
tables = ["sales", "public.orders", "\"Stage\".\"Events\"", "analytics.page_views", "lineitem"]
opts = ["FORMAT AS CSV", "CSV DELIMITER ','", "FORMAT AS PARQUET", "JSON 'auto'",
        "DELIMITER '|' IGNOREHEADER 1 REGION 'us-east-1'", "GZIP TIMEFORMAT 'auto' DATEFORMAT 'auto'",
        "FORMAT AS AVRO 'auto' COMPUPDATE OFF STATUPDATE OFF"]
def role():
    r = rng.choice(ok_roles)
    return "IAM_ROLE 'arn:aws:iam::%s:role/%s'" % (acct, r)
def auth(i):
    if kind == "refused" and rng.random() < 0.34:
        return rng.choice(bad).replace("%d", str(i % 97))
    return role()
out = open(path, "w")
n = 0
i = 0
while n < target:
    i += 1
    k = rng.random()
    t = rng.choice(tables)
    day = "2024-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
    if k < 0.45:
        s = "COPY %s FROM 's3://bucket-%d/%s/%s/part-%05d' %s %s;\n" % (
            t, rng.randint(1, 40), t.replace('"', '').replace('.', '/'), day, i % 100000, auth(i), rng.choice(opts))
    elif k < 0.6:
        s = "unload ('select * from %s where day = ''%s'' and note <> ''a;b''')\nto 's3://exports-%d/%s/'\n%s parallel off;\n" % (
            t, day, rng.randint(1, 9), day, auth(i).replace("IAM_ROLE", "iam_role"))
    elif k < 0.68:
        s = "CREATE EXTERNAL SCHEMA IF NOT EXISTS spectrum_%d FROM DATA CATALOG DATABASE 'db_%d'\n%s\nCREATE EXTERNAL DATABASE IF NOT EXISTS;\n" % (
            i % 50, i % 13, auth(i))
    elif k < 0.78:
        s = "-- step %d: refresh %s for %s\nINSERT INTO %s SELECT * FROM staging_%d WHERE day = '%s';\n" % (i, t, day, t, i % 7, day)
    elif k < 0.86:
        s = "/* %s */\nSELECT region, count(*), sum(amount) FROM %s WHERE day BETWEEN '%s' AND '%s' GROUP BY 1 ORDER BY 2 DESC;\n" % (
            "x" * rng.randint(0, 60), t, day, day)
    elif k < 0.93:
        s = "UPDATE %s SET note = $$dollar; quoted %d$$ WHERE id = %d;\n" % (t, i, rng.randint(1, 10**6))
    else:
        s = "COPY %s (id, amount, sold_at) FROM 's3://bucket-%d/in/%s.manifest' %s MANIFEST %s;\n" % (
            t, rng.randint(1, 40), day, auth(i), rng.choice(opts))
    out.write(s)
    n += len(s)
out.close()
PY
}

BASE=${BENCH_CLI_BASELINE:-}
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "bench_cli: BENCH_CLI_BASELINE=$BASE is not an executable" >&2; exit 2; }

# cpu_of BIN FILE OUT: CPU seconds (user + system) of one run, its status in $WORK/rc
cpu_of() {
	local rc=0
	/usr/bin/time -v -o "$WORK/time.txt" "$1" --db-user etl --format json \
		--clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster "$2" \
		> "$3" 2> "$WORK/err.txt" || rc=$?
	echo "$rc" > "$WORK/rc"
	awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$WORK/time.txt"
}

# baseline NAME FILE: the baseline build on the same file; its output must be the same bytes
baseline() {
	local name=$1 file=$2 bytes cpu
	[ -n "$BASE" ] || return 0
	bytes=$(stat -c %s "$file")
	cpu=$(cpu_of "$BASE" "$file" "$WORK/base.json")
	cmp -s "$WORK/out.json" "$WORK/base.json" || { echo "bench_cli: $name: the baseline build's output differs" >&2; fail=1; }
	kv "cli.$name.baseline_mb_s" "$(awk -v b="$bytes" -v c="$cpu" 'BEGIN {printf "%.1f", (c > 0 ? b / c / 1e6 : 0)}')"
	kv "cli.$name.vs_baseline" "$(awk -v a="$LAST_CPU" -v c="$cpu" 'BEGIN {printf "%.2f", (a > 0 ? c / a : 0)}')"
}

# run NAME FILE WANT_STATUS: one checker run; key=value lines
run() {
	local name=$1 file=$2 want=$3 rc=0 bytes t0 t1 rss cpu
	bytes=$(stat -c %s "$file")
	/usr/bin/time -v -o "$WORK/time.txt" "$BIN" --db-user etl --format json \
		--clusters test/cli/fixtures/clusters.json --cluster my-redshift-cluster "$file" \
		> "$WORK/out.json" 2> "$WORK/err.txt" || rc=$?
	if [ "$rc" != "$want" ]; then
		echo "bench_cli: $name: exit status $rc, want $want" >&2
		head -5 "$WORK/err.txt" >&2
		fail=1
	fi
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/time.txt")
	cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$WORK/time.txt")
	LAST_CPU=$cpu
	kv "cli.$name.bytes" "$bytes"
	kv "cli.$name.exit" "$rc"
	kv "cli.$name.findings" "$(wc -l < "$WORK/out.json")"
	kv "cli.$name.cpu_seconds" "$cpu"
	kv "cli.$name.mb_s" "$(awk -v b="$bytes" -v c="$cpu" 'BEGIN {printf "%.1f", (c > 0 ? b / c / 1e6 : 0)}')"
	kv "cli.$name.peak_rss_kb" "$rss"
}

# grep -c over the same bytes: the floor a line-oriented tool reaches
floor() {
	local name=$1 file=$2 cpu t0 t1
	# grep is faster than /usr/bin/time's 10 ms CPU resolution: wall time,
	# best of three, on a file the page cache holds
	cpu=
	for _ in 1 2 3; do
		t0=$(date +%s.%N)
		grep -c ';' "$file" > "$WORK/grep.out" || true  # not /dev/null: GNU grep then stops at the first match
		t1=$(date +%s.%N)
		cpu=$(awk -v a="$t0" -v b="$t1" -v c="$cpu" 'BEGIN {d = b - a; if (c == "" || d < c) c = d; printf "%.4f", c}')
	done
	kv "grep.$name.mb_s" "$(awk -v b="$(stat -c %s "$file")" -v c="$cpu" 'BEGIN {printf "%.1f", (c > 0 ? b / c / 1e6 : 0)}')"
}

small=$(( SIZE_MB * 100000 ))     # SIZE_MB/10, in bytes
for kind in clean refused; do
	want=0; [ "$kind" = refused ] && want=1
	gen "$kind" "$small" "$WORK/$kind.small.sql"
	run "$kind.small" "$WORK/$kind.small.sql" "$want"
	rm -f "$WORK/$kind.small.sql"
	gen "$kind" $(( SIZE_MB * 1000000 )) "$WORK/$kind.sql"
	run "$kind" "$WORK/$kind.sql" "$want"
	baseline "$kind" "$WORK/$kind.sql"
	floor "$kind" "$WORK/$kind.sql"
	rm -f "$WORK/$kind.sql"
done > "$WORK/kv.txt"
cat "$WORK/kv.txt"
kv cli.size_mb "$SIZE_MB"
# constant memory: the big run may not hold more than the small one + 2 MB
for kind in clean refused; do
	big=$(sed -n "s/^cli\.$kind\.peak_rss_kb=//p" "$WORK/kv.txt")
	sm=$(sed -n "s/^cli\.$kind\.small\.peak_rss_kb=//p" "$WORK/kv.txt")
	if [ -z "$big" ] || [ -z "$sm" ] || [ "$big" -gt $(( sm + 2048 )) ]; then
		echo "bench_cli: $kind: peak RSS ${big:-?} kB at $SIZE_MB MB vs ${sm:-?} kB at a tenth: memory grows" >&2
		fail=1
	fi
done
kv cli.ok "$(( 1 - fail ))"
exit "$fail"
