#!/usr/bin/env bash
# bench_db.sh — the server benchmarks (check_command, describe, simulate).
#
# Runs INSIDE a throwaway cluster (bench/run_bench.sh starts it with
# pg_virtualenv -t), from the repository root, with the extension installed.
# Prints "key=value" lines for bench/report.py on stdout, progress on stderr.
#
#   bench_small   10 clusters x 5 roles, bench_large 100,000 x 50 (5 million
#                 associations), both seeded by bench/bench_seed.sql
#   pgbench       -c 2 -j 2 -M prepared -T BENCH_SECONDS per script, as a
#                 non-superuser (bench_user, as an ETL job would be), every
#                 script once per round, BENCH_ROUNDS rounds; report.py takes
#                 medians of per-round ratios.  Each run first warms up for
#                 BENCH_WARMUP (4) seconds, not counted: a new backend
#                 page-faults on every shared buffer it touches for the first
#                 time, which on the 2 GB catalog costs more than half of the
#                 first seconds' throughput (a pooled, long-lived connection
#                 does not pay it); runs on that catalog warm up twice as
#                 long.  Each transaction picks
#                 a random cluster and role of its catalog, so the large
#                 catalog is not read through a handful of hot pages.
#   describe      describe_clusters over every cluster (100 per page, Marker
#                 followed), time and the backend's peak memory, beside one
#                 plain query that builds the same objects.
set -euo pipefail

S=${BENCH_SECONDS:-5}
R=${BENCH_ROUNDS:-3}
WARM=${BENCH_WARMUP:-4}
LARGE_CLUSTERS=${BENCH_LARGE_CLUSTERS:-100000}
LARGE_ROLES=${BENCH_LARGE_ROLES:-50}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

say() { echo "bench: $*" >&2; }
kv() { echo "$1=$2"; }
now() { date +%s.%N; }

# ---- catalogs ----
say "seeding bench_small (10 x 5) and bench_large ($LARGE_CLUSTERS x $LARGE_ROLES)"
createdb bench_small
createdb bench_large
psql -X -q -v nclusters=10 -v nroles=5 -d bench_small -f bench/bench_seed.sql >/dev/null
t0=$(now)
psql -X -q -v nclusters="$LARGE_CLUSTERS" -v nroles="$LARGE_ROLES" -d bench_large -f bench/bench_seed.sql >/dev/null
kv seed.large_seconds "$(echo "$(now) - $t0" | bc)"
kv seed.large_clusters "$LARGE_CLUSTERS"
kv seed.large_roles "$LARGE_ROLES"
kv seed.large_mb "$(psql -XAt -d bench_large -c "SELECT pg_total_relation_size('redshift_iam.catalog_cluster_iam_roles') / 1048576")"
psql -X -q -d bench_small -f bench/bench_simulate.sql >/dev/null
psql -X -q -d postgres -c "ALTER ROLE bench_user PASSWORD '${PGPASSWORD:-bench}'"
export PGPASSWORD=${PGPASSWORD:-bench}

# ---- pgbench scripts ----
# Cluster c, its role r and the ~300-byte COPY naming that role come from
# public.bench_cluster / bench_role / bench_copy (bench_seed.sql), inlined SQL
# functions that cost every script the same.
PICK='\set c random(1, :nclusters)
\set r random(1, :nroles)'
echo 'SELECT 1;' > "$W/select1.sql"
cat > "$W/view.sql" <<EOF
$PICK
SELECT apply_status FROM redshift_iam.cluster_iam_roles WHERE account_id = '123456789012' AND region = 'us-east-1' AND cluster_identifier = bench_cluster(:c) AND iam_role_arn = bench_role(:c, :r);
EOF
cat > "$W/table.sql" <<EOF
$PICK
SELECT state, ready_at FROM redshift_iam.catalog_cluster_iam_roles WHERE account_id = '123456789012' AND region = 'us-east-1' AND cluster_identifier = bench_cluster(:c) AND iam_role_arn = bench_role(:c, :r);
EOF
cat > "$W/check.sql" <<EOF
$PICK
SELECT redshift_iam.check_command(bench_cluster(:c), bench_copy(:c, :r));
EOF
cat > "$W/validate.sql" <<'EOF'
SELECT count(*) FILTER (WHERE ok) FROM redshift_iam.validate_script(bench_cluster(5), (SELECT script FROM bench_script));
EOF
cat > "$W/simulate.sql" <<'EOF'
SELECT count(*) FROM bench_policies p, redshift_iam.simulate_custom_policy(p.docs, p.actions, p.resources, p.context) WHERE p.n = :n;
EOF

# sanity: the checks must pass once before they are timed
kv check.command_bytes "$(psql -X -At -d bench_small -c 'SELECT length(bench_copy(5, 3))')"
psql -X -q -At -U bench_user -d bench_small \
	-c "SELECT redshift_iam.check_command(bench_cluster(5), bench_copy(5, 3)) ->> 'resolved_role'" >/dev/null
psql -X -q -At -U bench_user -d bench_large \
	-c "SELECT redshift_iam.check_command(bench_cluster($LARGE_CLUSTERS / 2), bench_copy($LARGE_CLUSTERS / 2, $LARGE_ROLES)) ->> 'resolved_role'" >/dev/null
kv validate.ok "$(psql -X -q -At -U bench_user -d bench_small -f "$W/validate.sql")"

# run NAME DB SCRIPT [-D var=value ...]: one pgbench run; prints its TPS as
# pgbench.NAME.rROUND.tps (report.py pairs each figure with its baseline of
# the same round and takes the median of the per-round ratios)
run() {
	local name=$1 db=$2 script=$3 out rc tps
	shift 3
	rc=0
	local warm=${WU:-$WARM}
	out=$(pgbench -n -M prepared -c 2 -j 2 -T "$(( ${DUR:-$S} + warm ))" -P 1 -U bench_user "$@" \
		-f "$script" "$db" 2>&1) || rc=$?
	# the mean of the per-second rates after the warm-up
	tps=$(awk -v w="$warm" '/^progress: / && $2 + 0 > w { s += $4; n++ }
		END { if (n) printf "%.2f", s / n }' <<<"$out")
	[ -n "$tps" ] || tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<<"$out" | head -1)
	if [ "$rc" != 0 ] || [ -z "$tps" ]; then
		say "pgbench $name failed (rc $rc):"
		grep -i -m 5 "error\|abort" <<<"$out" >&2 || true
		kv "pgbench.$name.error" 1
		return
	fi
	say "  $name: $tps tps"
	kv "pgbench.$name.r$round.tps" "$tps"
}

SMALL=(-D nclusters=10 -D nroles=5)
LARGE=(-D nclusters="$LARGE_CLUSTERS" -D nroles="$LARGE_ROLES")
# Write the loaded pages out once (otherwise the first lookups pay for
# evicting them) and read the large catalog into shared buffers, as it
# would be on a server that has been serving it.
psql -X -q -d bench_large -c "CHECKPOINT" \
	-c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
	-c "SELECT pg_prewarm(c) FROM unnest(ARRAY['redshift_iam.catalog_clusters', 'redshift_iam.catalog_clusters_pkey', 'redshift_iam.catalog_cluster_iam_roles_pkey', 'redshift_iam.catalog_cluster_iam_roles']::regclass[]) c" >/dev/null
# Each round runs every script once; a figure and its baseline run one
# after the other, so that both see the same load from the rest of the box.
for ((round = 1; round <= R; round++)); do
	say "pgbench round $round of $R, ${S}s per script"
	run select1 bench_small "$W/select1.sql"
	run small.check bench_small "$W/check.sql" "${SMALL[@]}"
	run small.table bench_small "$W/table.sql" "${SMALL[@]}"
	run small.view bench_small "$W/view.sql" "${SMALL[@]}"
	# twice the warm-up: a new backend needs ~5 s to map the 2 GB it reads
	WU=$((2 * WARM)) run large.check bench_large "$W/check.sql" "${LARGE[@]}"
	WU=$((2 * WARM)) run large.table bench_large "$W/table.sql" "${LARGE[@]}"
	run small.validate bench_small "$W/validate.sql"
	for n in 10 100 1000; do
		run "simulate.$n" bench_small "$W/simulate.sql" -D n=$n
	done
	# the view cannot use the primary key (see bench/README.md): each lookup
	# reads the whole table, so one short run says enough
	if [ "$round" = 1 ]; then
		DUR=3 run large.view bench_large "$W/view.sql" "${LARGE[@]}"
	fi
done
kv pgbench.seconds "$S"
kv pgbench.rounds "$R"
kv pgbench.warmup "$WARM"
kv simulate.evals_per_call 10

# ---- describe_clusters over every cluster, with the backend's peak memory ----
# RssAnon is the backend's private memory (what describe_clusters allocates);
# VmHWM also counts the shared buffers it touched.
describe() {
	local tag=$1 db=$2 pid="" anon=0 hwm=0 a h ppid
	PGAPPNAME=bench_describe psql -X -q -At -v tag="$tag" -d "$db" -f bench/bench_describe.sql > "$W/describe.out" &
	ppid=$!
	while kill -0 "$ppid" 2>/dev/null; do
		if [ -z "$pid" ]; then
			pid=$(psql -X -At -d postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'bench_describe'" 2>/dev/null | head -1)
		fi
		if [ -n "$pid" ] && [ -r "/proc/$pid/status" ]; then
			a=$(awk '/^RssAnon:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
			h=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
			[ "${a:-0}" -gt "$anon" ] && anon=$a
			[ "${h:-0}" -gt "$hwm" ] && hwm=$h
		fi
		sleep 0.05
	done
	wait "$ppid"
	cat "$W/describe.out"
	kv "describe.$tag.peak_anon_kb" "$anon"
	kv "describe.$tag.peak_hwm_kb" "$hwm"
	psql -X -q -At -v tag="$tag" -d "$db" -f bench/bench_describe_base.sql
}
say "describe_clusters over every cluster"
describe small bench_small
describe large bench_large
say "server benchmarks done"
