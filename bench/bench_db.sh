#!/usr/bin/env bash
# bench_db.sh — the server benchmarks (check_command, describe, simulate).
#
# Runs INSIDE a throwaway cluster (bench/run_bench.sh starts it with
# pg_virtualenv -t), from the repository root, with the extension installed.
# Prints "key=value" lines for bench/report.py on stdout, progress on stderr.
#
#   bench_small   10 clusters x 5 roles, bench_large 100,000 x 50 (5 million
#                 associations), both seeded by bench/bench_seed.sql
#   pgbench       every figure and its baseline in ONE pgbench run (-f A -f B,
#                 per-script latency with -r), at 1, 4 and 16 clients, as a
#                 non-superuser (bench_user, as an ETL job would be: it pays
#                 the ASSUMEROLE lookup), BENCH_SECONDS per run after an
#                 uncounted warm-up (BENCH_WARMUP seconds, twice that on the
#                 large catalog, whose new backends page-fault on every shared
#                 buffer they touch first), BENCH_ROUNDS rounds; report.py
#                 takes the median of the per-round ratios.  Each transaction
#                 picks a random cluster and role of its catalog, so the
#                 large catalog is not read through a handful of hot pages.
#   describe      describe_clusters over every cluster (100 per page, Marker
#                 followed), time and the backend's peak memory, beside one
#                 plain query that builds the same objects.
set -euo pipefail

S=${BENCH_SECONDS:-5}
R=${BENCH_ROUNDS:-3}
WARM=${BENCH_WARMUP:-4}
LARGE_CLUSTERS=${BENCH_LARGE_CLUSTERS:-100000}
LARGE_ROLES=${BENCH_LARGE_ROLES:-50}
# BENCH_PARTS=checks runs only the check_command pairs (small catalog at 1,
# 4 and 16 clients, large catalog at 4, IAM vs association-only); BENCH_REUSE=1
# keeps bench_small / bench_large when they exist (a second run against the
# same server, e.g. a development cluster the PG* variables name)
PARTS=${BENCH_PARTS:-all}
REUSE=${BENCH_REUSE:-0}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

say() { echo "bench: $*" >&2; }
kv() { echo "$1=$2"; }
now() { date +%s.%N; }

# ---- catalogs ----
db_exists() { [ "$(psql -X -At -d postgres -c "SELECT count(*) FROM pg_database WHERE datname = '$1'")" = 1 ]; }
say "seeding bench_small (10 x 5) and bench_large ($LARGE_CLUSTERS x $LARGE_ROLES)"
if [ "$REUSE" = 1 ] && db_exists bench_small; then
	say "  bench_small kept"
else
	createdb bench_small
	psql -X -q -v nclusters=10 -v nroles=5 -d bench_small -f bench/bench_seed.sql >/dev/null
	psql -X -q -d bench_small -f bench/bench_simulate.sql >/dev/null
fi
t0=$(now)
if [ "$REUSE" = 1 ] && db_exists bench_large; then
	say "  bench_large kept"
else
	createdb bench_large
	psql -X -q -v nclusters="$LARGE_CLUSTERS" -v nroles="$LARGE_ROLES" -d bench_large -f bench/bench_seed.sql >/dev/null
fi
kv seed.large_seconds "$(echo "$(now) - $t0" | bc)"
kv seed.large_clusters "$LARGE_CLUSTERS"
kv seed.large_roles "$LARGE_ROLES"
kv seed.large_mb "$(psql -XAt -d bench_large -c "SELECT pg_total_relation_size('redshift_iam.catalog_cluster_iam_roles') / 1048576")"
psql -X -q -d postgres -c "ALTER ROLE bench_user PASSWORD '${PGPASSWORD:-bench}'"
export PGPASSWORD=${PGPASSWORD:-bench}

# ---- pgbench scripts ----
# Cluster c, its role r and the ~300-byte COPY naming that role come from
# public.bench_cluster / bench_role / bench_copy (bench_seed.sql), inlined SQL
# functions that cost every script the same.
PICK='\set c random(1, :nclusters)
\set r random(1, :nroles)'
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

# sanity: the checks must pass once before they are timed
kv check.command_bytes "$(psql -X -At -d bench_small -c 'SELECT length(bench_copy(5, 3))')"
psql -X -q -At -U bench_user -d bench_small \
	-c "SELECT redshift_iam.check_command(bench_cluster(5), bench_copy(5, 3)) ->> 'resolved_role'" >/dev/null
psql -X -q -At -U bench_user -d bench_large \
	-c "SELECT redshift_iam.check_command(bench_cluster($LARGE_CLUSTERS / 2), bench_copy($LARGE_CLUSTERS / 2, $LARGE_ROLES)) ->> 'resolved_role'" >/dev/null
kv validate.ok "$(psql -X -q -At -U bench_user -d bench_small -f "$W/validate.sql")"

cat > "$W/simulate100.sql" <<'EOF'
SELECT count(*) FROM bench_policies p, redshift_iam.simulate_custom_policy(p.docs, p.actions, p.resources, p.context) WHERE p.n = 100;
EOF
cat > "$W/simulate1000.sql" <<'EOF'
SELECT count(*) FROM bench_policies p, redshift_iam.simulate_custom_policy(p.docs, p.actions, p.resources, p.context) WHERE p.n = 1000;
EOF
# the same 1,000-statement policy asked 10 x as many questions (50 actions x
# 2 resources): the difference is the cost of 90 evaluations; the rest of a
# 10-evaluation call is per-call work (reading and compiling the policy)
cat > "$W/simulate1000x100.sql" <<'EOF'
SELECT count(*) FROM bench_policies p, redshift_iam.simulate_custom_policy(p.docs, (SELECT array_agg(a) FROM unnest(p.actions) a, generate_series(1, 10)), p.resources, p.context) WHERE p.n = 1000;
EOF

# pair NAME DB CLIENTS USER SCRIPT_A SCRIPT_B [-D var=value ...]: ONE pgbench
# run that interleaves both scripts (weight 1 each, chosen at random per
# transaction), so both see exactly the same load; -r reports each script's
# mean latency.  A warm-up run first (WU seconds, default BENCH_WARMUP) is
# not counted.  Prints pair.NAME.cCLIENTS.rROUND.a_ms and .b_ms; report.py
# takes A's throughput relative to B's as b_ms / a_ms per round, and the
# median over the rounds.
pair() {
	local name=$1 db=$2 c=$3 user=$4 a=$5 b=$6 out rc=0 la lb j
	shift 6
	j=$(( c < $(nproc) ? c : $(nproc) ))
	pgbench -n -M prepared -c "$c" -j "$j" -T "${WU:-$WARM}" -U "$user" "$@" -f "$a@1" -f "$b@1" "$db" >/dev/null 2>&1 || true
	out=$(pgbench -n -M prepared -c "$c" -j "$j" -T "$S" -r -U "$user" "$@" \
		-f "$a@1" -f "$b@1" "$db" 2>&1) || rc=$?
	# one "SQL script N: ..." block per script, each with " - latency average = X ms"
	la=$(awk '/^SQL script 1:/ {s = 1} /^SQL script 2:/ {s = 2} s == 1 && /latency average/ {print $5; exit}' <<<"$out")
	lb=$(awk '/^SQL script 1:/ {s = 1} /^SQL script 2:/ {s = 2} s == 2 && /latency average/ {print $5; exit}' <<<"$out")
	if [ "$rc" != 0 ] || [ -z "$la" ] || [ -z "$lb" ] || grep -q 'number of failed transactions: [1-9]' <<<"$out"; then
		say "pgbench pair $name (-c $c) failed (rc $rc):"
		grep -i -m 5 "error\|abort\|failed" <<<"$out" >&2 || true
		kv "pair.$name.c$c.error" 1
		return
	fi
	say "  $name -c $c: $(basename "$a") $la ms, $(basename "$b") $lb ms"
	kv "pair.$name.c$c.r$round.a_ms" "$la"
	kv "pair.$name.c$c.r$round.b_ms" "$lb"
}

# check_command with the IAM evaluation (trust, permissions against the
# imported export test/cli/fixtures/iam-account.json) against the
# association-only check of the same cluster and command in a database
# without a snapshot.  The snapshot is per database, so the two cannot be
# one pgbench run: each round runs them one at a time in the order A B B A
# (two pgbench runs at once on two cores measured the scheduler more than
# the check: 1.1x to 1.9x between rounds).  Prints
# pair.check_iam_vs_check.cCLIENTS.rROUND.a_ms (with IAM) and .b_ms.
iam_setup() {
	local db=$1 import=$2
	if [ "$REUSE" = 1 ] && db_exists "$db"; then return; fi
	createdb "$db"
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -v import="$import" >/dev/null <<-'EOSQL'
		\set export `cat test/cli/fixtures/iam-account.json`
		SET client_min_messages = warning;
		CREATE EXTENSION IF NOT EXISTS redshift_iam;
		SELECT format('ALTER DATABASE %I SET redshift_iam.account_id = %L', current_database(), '123456789012') \gexec
		SELECT format('ALTER DATABASE %I SET redshift_iam.region = %L', current_database(), 'us-east-1') \gexec
		SELECT format('ALTER DATABASE %I SET redshift_iam.log_checks = none', current_database()) \gexec
		SET redshift_iam.account_id = '123456789012';
		SET redshift_iam.region = 'us-east-1';
		SET redshift_iam.apply_delay = 0;
		-- the export's trust policy names my-redshift-cluster
		SELECT redshift_iam.create_cluster('my-redshift-cluster', 'dc2.large', 2,
		  ARRAY['arn:aws:iam::123456789012:role/RedshiftCopyUnload']) IS NULL;
		SELECT redshift_iam.apply_pending_changes() IS NULL;
		SELECT redshift_iam.import_iam(:'export'::jsonb) IS NULL WHERE :import;
		-- no colon in the pgbench script: -M prepared would take ":aws" for a variable
		CREATE FUNCTION public.iam_copy() RETURNS text LANGUAGE sql IMMUTABLE AS
		  $c$ SELECT 'COPY t FROM ''s3://my-bucket/sales/2024/'' IAM_ROLE ''arn:aws:iam::123456789012:role/RedshiftCopyUnload'' CSV' $c$;
		DO $d$ BEGIN
		  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'bench_user') THEN
		    CREATE ROLE bench_user LOGIN;
		  END IF;
		END $d$;
		GRANT USAGE ON SCHEMA redshift_iam TO bench_user;
		GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO bench_user;
	EOSQL
	# the check must pass, and with the snapshot be evaluated
	psql -X -q -At -U bench_user -d "$db" -c "SELECT redshift_iam.check_command('my-redshift-cluster', public.iam_copy()) ? 'iam'" >&2
}
iam_pair() {
	local c=$1 la lb j side db t
	j=$(( c < $(nproc) ? c : $(nproc) ))
	echo "SELECT redshift_iam.check_command('my-redshift-cluster', public.iam_copy());" > "$W/iam.sql"
	for db in bench_iam_on bench_iam_off; do
		pgbench -n -M prepared -c "$c" -j "$j" -T "$WARM" -U bench_user -f "$W/iam.sql" "$db" >/dev/null 2>&1
	done
	# A B B A, each alone on the machine: the two sides' latencies are
	# averaged over runs placed symmetrically in time, so a drift in the
	# machine's load falls on both
	: > "$W/iam_on.lat"
	: > "$W/iam_off.lat"
	for side in on off off on; do
		pgbench -n -M prepared -c "$c" -j "$j" -T "$S" -U bench_user -f "$W/iam.sql" "bench_iam_$side" > "$W/iam_$side.out" 2>&1
		t=$(awk '/latency average/ {print $4; exit}' "$W/iam_$side.out")
		if [ -z "$t" ] || grep -q 'number of failed transactions: [1-9]' "$W/iam_$side.out"; then
			say "pgbench pair check_iam_vs_check (-c $c) failed"
			kv "pair.check_iam_vs_check.c$c.error" 1
			return
		fi
		echo "$t" >> "$W/iam_$side.lat"
	done
	la=$(awk '{ s += $1 } END { printf "%.3f", s / NR }' "$W/iam_on.lat")
	lb=$(awk '{ s += $1 } END { printf "%.3f", s / NR }' "$W/iam_off.lat")
	say "  check_iam_vs_check -c $c: with IAM $la ms, association only $lb ms"
	kv "pair.check_iam_vs_check.c$c.r$round.a_ms" "$la"
	kv "pair.check_iam_vs_check.c$c.r$round.b_ms" "$lb"
}
iam_setup bench_iam_on true
iam_setup bench_iam_off false

SMALL=(-D nclusters=10 -D nroles=5)
LARGE=(-D nclusters="$LARGE_CLUSTERS" -D nroles="$LARGE_ROLES")
SU=${PGUSER:-$(id -un)}
# Write the loaded pages out once (otherwise the first lookups pay for
# evicting them) and read the large catalog into shared buffers, as it
# would be on a server that has been serving it.
psql -X -q -d bench_large -c "CHECKPOINT" \
	-c "CREATE EXTENSION IF NOT EXISTS pg_prewarm" \
	-c "SELECT pg_prewarm(c) FROM unnest(ARRAY['redshift_iam.catalog_clusters', 'redshift_iam.catalog_clusters_pkey', 'redshift_iam.catalog_cluster_iam_roles_pkey', 'redshift_iam.catalog_cluster_iam_roles']::regclass[]) c" >/dev/null
for ((round = 1; round <= R; round++)); do
	say "pgbench round $round of $R, ${S}s per pair"
	# as the ETL role (not a superuser: it pays the ASSUMEROLE lookup)
	for c in 1 4 16; do
		pair check_vs_table bench_small "$c" bench_user "$W/check.sql" "$W/table.sql" "${SMALL[@]}"
	done
	WU=$((2 * WARM)) pair large_check_vs_table bench_large 4 bench_user "$W/check.sql" "$W/table.sql" "${LARGE[@]}"
	iam_pair 1
	[ "$PARTS" = checks ] && continue
	pair check_vs_view bench_small 4 bench_user "$W/check.sql" "$W/view.sql" "${SMALL[@]}"
	pair validate_vs_check bench_small 4 bench_user "$W/validate.sql" "$W/check.sql" "${SMALL[@]}"
	# the simulator needs no ASSUMEROLE: run it as the superuser
	pair simulate_100_vs_1000 bench_small 2 "$SU" "$W/simulate100.sql" "$W/simulate1000.sql"
	pair simulate_1000_evals_10_vs_100 bench_small 2 "$SU" "$W/simulate1000.sql" "$W/simulate1000x100.sql"
done
kv pgbench.seconds "$S"
kv pgbench.rounds "$R"
kv pgbench.warmup "$WARM"

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
if [ "$PARTS" = checks ]; then
	say "server benchmarks done (checks only)"
	exit 0
fi
say "describe_clusters over every cluster"
describe small bench_small
describe large bench_large

# ---- import_clusters of a 10 MB document vs a set-based INSERT ----
say "import_clusters of a 10 MB describe-clusters document (bench_import.sh)"
createdb bench_import
PGDATABASE=bench_import bash bench/bench_import.sh ||
	say "bench_import: the goal was missed or the run failed (the table says which)"
say "server benchmarks done"
