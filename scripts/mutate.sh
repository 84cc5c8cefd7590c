#!/usr/bin/env bash
# mutate.sh — mutation check of the core's unit tests, as TAP.
#
# Each "flip" below breaks one rule of the core on purpose (a role still
# being added is accepted, Deny stops winning, a secret is not masked ...).
# For each flip the script applies it to a scratch copy of src/ and
# test/unit/ (the working tree is never modified), rebuilds the unit tests
# and runs them: at least one must fail ("killed").  A flip that no test
# notices ("survived") is a rule the unit tests do not pin down.
#
# A flip is   FILE @@ EXTENDED REGEX @@ REPLACEMENT @@ WHAT IT BREAKS
# The regex must match exactly one line of FILE and the mutant must
# compile; otherwise the flip fails with "pattern matches N lines" or "does
# not compile".  When the code changes under a flip, update its pattern
# (choose a line that says the rule itself, not its surroundings).
#
#   bash scripts/mutate.sh            every flip
#   bash scripts/mutate.sh 3 5        flips 3 and 5 only
#   make mutate
# Environment: CORPUS (default ../shared/corpus), MUTATE_CC (default gcc),
# MUTATE_TIMEOUT (seconds per test program, default 60).
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
CORPUS=${CORPUS:-$ROOT/../shared/corpus}
CC=${MUTATE_CC:-gcc}
TIMEOUT=${MUTATE_TIMEOUT:-60}
# no -Werror: a flip may leave a variable unused; -O1 builds and runs fast
CFLAGS="-std=c11 -O1 -g0 -w"

FLIPS=(
  "src/core/check/check.c @@ deny\(v, \"28000\", \"role-adding\"\); @@ v->allowed = 1; v->sqlstate = \"00000\"; v->rule = \"ok\"; return; @@ a role whose ApplyStatus is adding is accepted like an in-sync one"
  "src/core/check/check.c @@ deny\(v, \"28000\", \"role-removing\"\); @@ v->allowed = 1; v->sqlstate = \"00000\"; v->rule = \"ok\"; return; @@ a role whose ApplyStatus is removing is still accepted"
  "src/core/check/check.c @@ check_role\(cl, opt, cmd->roles\[0\], ROLE_NAMED, v\); @@ check_role(cl, opt, cmd->roles[cmd->nroles - 1], ROLE_NAMED, v); @@ the last role of a chain must be associated instead of the first"
  "src/core/check/check.c @@ if \(opt->keys_mode == RSI_KEYS_MODE_DENY \|\| @@ if (0 || @@ access_keys = deny lets access keys through"
  "src/core/check/check.c @@ !\(temporary && cmd->session_token\) @@ !(temporary) @@ access_keys = temporary accepts an ASIA key without a session token"
  "src/core/policy/policy_eval.c @@ win = st\.nhits\[1\] > 0 \? 1 : 0; @@ win = st.nhits[0] > 0 ? 0 : 1; @@ an Allow wins over an explicit Deny"
  "src/core/policy/policy_glob.c @@ return g->icase && fold\(pc\) == fold\(sc\); @@ return fold(pc) == fold(sc); @@ wildcard matching ignores case where it must not"
  "src/core/check/redact.c @@ replace\(&st->r, t->off, e, apart \? \" '\*\*\*'\" : \"'\*\*\*'\"\); @@ ; @@ a quoted secret value is not masked"
  "src/core/check/validate.c @@ return \"IAM ARNs have no region: .*$ @@ ; @@ a role ARN with a region is accepted"
  "src/core/check/validate.c @@ if \(q - p != 12\) @@ if (q - p > 12) @@ an account ID of fewer than 12 digits is accepted in a role ARN"
  "src/core/check/validate.c @@ if \(n - p > 12 && s\[p \+ 12\] == ':' && digits12\(s \+ p\)\) @@ if (n - p > 12 && s[p + 12] == ':') @@ an account ID of twelve characters that are not all digits is accepted in a role ARN"
  "src/core/check/validate.c @@ if \(!has_prefix\(s, n, \"AKIA\"\) && !has_prefix\(s, n, \"ASIA\"\)\) @@ if (0) @@ an access key ID need not start with AKIA or ASIA"
  "src/core/check/validate.c @@ if \(s\[n - 1\] == '-'\) @@ if (0) @@ a cluster identifier may end with a hyphen"
  "src/core/parse/parse_auth.c @@ if \(count > \(size_t\) p->max_chain\) @@ if (count > (size_t) p->max_chain + 1) @@ a role chain one longer than the limit is accepted"
  "src/core/parse/parse_auth.c @@ rsi_parser_problem\(p, RSI_PROB_CHAIN_HAS_SPACES, @@ if (0) rsi_parser_problem(p, RSI_PROB_CHAIN_HAS_SPACES, @@ spaces inside a role chain are accepted"
  "src/core/check/hint.c @@ if \(style == RSI_HINTS_AWS_CLI\) @@ if (0) @@ the CLI's hints are the server's SQL instead of AWS CLI commands"
  "src/core/check/hint.c @@ plain = 0; @@ ; @@ an ARN with shell characters is put in an AWS CLI command unquoted"
  "src/core/cluster/cluster_rules.c @@ if \(nodes < t->min_nodes \|\| nodes > max\) @@ if (nodes > max) @@ a node count below the node type's minimum is accepted"
  "src/core/lex/template.c @@ if \(p >= len \|\| buf\[pos\] != ':' \|\| buf\[p\] == ':' \|\| \(pos > 0 && buf\[pos - 1\] == ':'\)\) @@ if (p >= len || buf[pos] != ':') @@ the second colon of a :: cast reads as a psql variable"
  "src/core/lex/template.c @@ if \(buf\[i\] >= 'a' && buf\[i\] <= 'z'\) @@ if (0) @@ a lower-case \$name in an S3 location reads as a shell variable"
  "src/core/check/check.c @@ if \(cmd->templated\[RSI_TPL_ROLE\]\.present\) @@ if (0) @@ a templated role is checked as written instead of being templated-value"
  "src/core/check/check.c @@ if \(v->allowed && cmd->ncatalog_roles > 0\) @@ if (0) @@ CATALOG_ROLE is not checked against the cluster"
  "src/core/parse/parse_external.c @@ else if \(rsi_parser_is_kw\(p, \"mtls\"\)\) @@ else if (0) @@ AUTHENTICATION mtls is refused"
  "src/core/parse/parse_model.c @@ if \(p->auth_clause == NULL\) @@ if (0) @@ CREATE MODEL without IAM_ROLE is accepted"
  "src/core/parse/parse_library.c @@ if \(p->auth_clause == NULL && strncasecmp\(p->cmd->location, \"s3://\", 5\) == 0\) @@ if (0) @@ CREATE LIBRARY from S3 without an authorization is accepted"
  "src/core/parse/parser.c @@ return \"CREATE MODEL\"; @@ return NULL; @@ CREATE MODEL escapes ASSUMEROLE"
  "src/core/cluster/describe.c @@ if \(strcmp\(st, \"in-sync\"\) != 0 && strcmp\(st, \"adding\"\) != 0 && strcmp\(st, \"removing\"\) != 0\) @@ if (0) @@ an unknown ApplyStatus in describe-clusters input is accepted"
  "src/core/iam/iam_check.c @@ refuse_assume\(c, \"role-not-trusted\", arn\); @@ return; @@ a role whose trust policy does not allow redshift.amazonaws.com is accepted"
  "src/core/iam/iam_check.c @@ refuse_assume\(c, \"chain-link-not-trusted\", next\); @@ return; @@ a chain link the next role's trust policy refuses is accepted"
  "src/core/iam/iam_check.c @@ ce\[1\]\.key = \"aws:SourceArn\"; @@ ce[1].key = \"aws:NoSuchKey\"; @@ Redshift's aws:SourceArn is not in the trust request context"
  "src/core/iam/iam_check.c @@ else if \(res->decision == RSI_DECISION_ALLOWED\) @@ else if (1) @@ a cross-account request no longer needs the resource owner's policy to allow"
  "src/core/iam/permissions.c @@ return s3 && !manifest; @@ return 0; @@ COPY from S3 asks no s3:GetObject or s3:ListBucket"
  "src/core/policy/policy_eval.c @@ if \(pr->account != NULL && strcmp\(pr->account, e->account\) == 0\) @@ if (pr->account != NULL) @@ an account principal matches callers of any account"
  "src/core/policy/policy_eval.c @@ st->via_account = \(!s->not_principal && m == 2\); @@ st->via_account = 0; @@ a resource policy naming only the caller's account grants by itself instead of delegating"
  "src/core/policy/policy_doc.c @@ if \(principal == NULL\)$ @@ if (0) @@ a trust or resource-based policy statement without a Principal is accepted"
  "src/core/cluster/namespace.c @@ ^[[:space:]]{2}\*status = \"in-sync\"; @@ *status = \"adding\"; @@ a plain role ARN of older list-namespaces output is read as adding, not in-sync"
  "src/core/cluster/namespace.c @@ return strcmp\(st, \"AVAILABLE\"\) == 0 \|\| strcmp\(st, \"MODIFYING\"\) == 0; @@ return 1; @@ a namespace or workgroup being deleted counts as available"
  "src/core/check/check.c @@ return cl->serverless \? \"namespace\" : \"cluster\"; @@ return \"cluster\"; @@ a namespace's findings call it a cluster"
  "src/core/cluster/cluster_rules.c @@ if \(strcmp\(status, \"deleting\"\) == 0 \|\| strcmp\(status, \"final-snapshot\"\) == 0 \|\| @@ if (strcmp(status, \"final-snapshot\") == 0 || @@ a cluster being deleted is checked as if it were only paused"
  "src/core/cluster/cluster_rules.c @@ return setting < 10 \? setting : 10; @@ return setting; @@ the isolated regions get the setting's quota instead of 10"
  "src/core/cluster/cluster_rules.c @@ out->cluster_type = have_nodes && nodes > 1 \? CT_MULTI : CT_SINGLE; @@ out->cluster_type = CT_MULTI; @@ without ClusterType a cluster is multi-node even of one node (no inference from NumberOfNodes)"
  "src/core/cluster/cluster_rules.c @@ if \(have_nodes && nodes != 1\) @@ if (0) @@ a single-node cluster of several nodes is accepted"
  "src/core/cluster/cluster_rules.c @@ if \(t->min_nodes > 1\) @@ if (0) @@ a multi-node-only node type is accepted as a single node"
  "src/core/cluster/cluster_rules.c @@ if \(!have_nodes \|\| nodes < 2\) @@ if (!have_nodes) @@ a multi-node cluster of one node is accepted"
  "src/core/cluster/cluster_rules.c @@ if \(nodes > t->max_nodes\) @@ if (nodes > t->max_resize) @@ counts that only elastic resize reaches are accepted at creation"
  "src/core/cluster/cluster_rules.c @@ return \"the identifier is longer than 255 characters\"; @@ ; @@ a snapshot identifier of more than 255 characters is accepted"
  "src/core/cluster/describe.c @@ if \(region && opt && opt->region && strcmp\(region, opt->region\) != 0\) @@ if (0) @@ a region set explicitly that contradicts the input is accepted"
  "src/core/check/check.c @@ if \(cl->found && usability\(cl\) == RSI_CLUSTER_NOT_NOW\) @@ if (0) @@ a paused cluster gives no warning"
  "src/core/iam/snapshot.c @@ rp->account = sdup\(s, owner\); @@ ; @@ a bucket listed without AccountId no longer belongs to the export's one account"
  "src/core/iam/snapshot.c @@ \(in_arn && strcmp\(a, json_string_value\(acct\)\) != 0\)\)\) @@ 0)) @@ an AccountId that contradicts a key's or function's ARN is accepted"
  "src/core/iam/iam_check.c @@ if \(resource_refused\) @@ if (0) @@ a refusal by a resource-based policy asks to change the role's own policies"
  "src/core/check/redact.c @@ return word_around\(s, n, p, \"credentials\", 11, 3\); @@ return 0; @@ text with a CREDENTIALS string is copied unredacted by the bounded redaction"
  "src/core/check/redact.c @@ \(st\.r\.span_from == st\.r\.span_to \? prev_end > st\.r\.span_from @@ (st.r.span_from == st.r.span_to ? prev_end >= st.r.span_from @@ the span test stops before a replacement that starts at the span"
  "src/core/check/redact.c @@ \(p >= 14 && key_name_at\(s, n, p - 14\)\) \|\| @@ 0 || @@ a string holding secret_access_key is not recognised as holding a key name"
  "src/core/iam/iam_check.c @@ mask_secret_values\(cmd, v, res\); @@ ; @@ the IAM evaluation prints a location or SECRET_ARN that holds a secret key name"
  "src/core/check/redact.c @@ \(st->after_value && t->kind == RSI_TOK_QIDENT\) \|\| @@ 0 || @@ a quoted identifier displaced from a secret's value position is not masked"
  "src/core/check/redact.c @@ \(st->after_value == 2 && t->kind == RSI_TOK_DOLLAR\)\)\) @@ 0)) @@ a dollar quote displaced from a secret's value position is not masked"
  "src/core/check/redact.c @@ buf\[t\.off\] == '\|' && buf\[t\.off \+ 1\] == '\|'\) @@ 0) @@ a string joined to a secret value with || is not masked"
  "src/core/check/validate.c @@ for \(q = p; n - q >= 8 && digits8\(s \+ q\); q \+= 8\) @@ for (q = p; n - q >= 8 && digits8(s + q); q += 9) @@ the account ID's eight-digit step skips a byte that is not a digit"
  "src/core/util/utf8.c @@ if \(\+\+steps == 126\) @@ if (++steps == 300) @@ the SIMD newline count lets a byte lane overflow on dense newlines"
  "src/core/util/utf8.c @@ while \(s\[e - 1\] != '.n'\) @@ while (e > 1 && s[e - 2] != 10) @@ the column restarts one byte early after the last newline"
  "src/core/parse/parser.c @@ if \(opt && opt->no_other_message\) @@ if (opt) @@ the message of a statement of another kind is dropped for every caller"
)

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; printf '%s' "${s%"${s##*[![:space:]]}"}"; }

n=0; failed=0
ok()     { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

if [ $# -gt 0 ]; then sel=("$@"); else sel=($(seq 1 ${#FLIPS[@]})); fi
echo "1..$(( ${#sel[@]} + 1 ))"

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/tree" "$W/obj" "$W/base" "$W/bin"
cp -a src "$W/tree/src"
mkdir -p "$W/tree/test/cli" && cp -a test/unit "$W/tree/test/unit"
cp -a test/cli/fixtures "$W/tree/test/cli/fixtures"	# test_iam reads its IAM export there
cd "$W/tree"
INC="-Isrc/core"

# the baseline: every object once, every test program built and passing
build_err=""
for s in src/core/*/*.c; do
  $CC $CFLAGS $INC -c -o "$W/base/$(basename "$s" .c).o" "$s" 2>> "$W/build.log" || build_err="$build_err $s"
done
for t in test/unit/test_*.c; do
  $CC $CFLAGS $INC -c -o "$W/base/$(basename "$t" .c).t.o" "$t" 2>> "$W/build.log" || build_err="$build_err $t"
done
tests=$(ls test/unit/test_*.c | sed 's|.*/||; s|\.c$||')
link_all() {
  local t
  for t in $tests; do
    $CC -o "$W/bin/$t" "$W/obj/$t.t.o" $(ls "$W"/obj/*.o | grep -v '\.t\.o$') -ljansson 2>> "$W/build.log" || return 1
  done
}
# run_tests: the name of the first test program that fails, or nothing
run_tests() {
  local t
  for t in $order; do
    timeout "$TIMEOUT" "$W/bin/$t" "$CORPUS" > "$W/run.log" 2>&1 || { echo "$t"; return; }
  done
}
cp "$W"/base/*.o "$W/obj/"
if [ -n "$build_err" ] || ! link_all; then
  not_ok "baseline: the core and the unit tests build ($build_err)"; sed 's/^/# /' "$W/build.log" | head -20
  exit 1
fi
# fastest first: a mutant is usually caught in the first few programs
order=$(for t in $tests; do
  s=$(date +%s%N); timeout "$TIMEOUT" "$W/bin/$t" "$CORPUS" > /dev/null 2>&1; rc=$?
  echo "$(( ($(date +%s%N) - s) / 1000000 )) $t $rc"
done | sort -n | tee "$W/times" | awk '{ print $2 }')
if awk '$3 != 0 { bad = 1 } END { exit !bad }' "$W/times"; then
  not_ok "baseline: every unit test passes unmutated (failing: $(awk '$3 != 0 { printf "%s ", $2 }' "$W/times"))"
  exit 1
fi
ok "baseline: ${#FLIPS[@]} flips, $(echo $tests | wc -w) unit test programs pass unmutated ($(awk '{ s += $1 } END { print s }' "$W/times") ms)"

for i in "${sel[@]}"; do
  f=${FLIPS[$((i - 1))]}
  file=${f%% @@ *}; f=${f#* @@ }; pat=${f%% @@ *}; f=${f#* @@ }; rep=${f%% @@ *}; what=${f#* @@ }
  file=$(trim "$file"); pat=$(trim "$pat"); rep=$(trim "$rep"); what=$(trim "$what")
  name="flip $i ($file): $what"
  cnt=$(grep -cE -- "$pat" "$file")
  if [ "$cnt" -ne 1 ]; then
    not_ok "$name — pattern matches $cnt lines, not 1: update the flip in scripts/mutate.sh"
    echo "#   pattern: $pat"; continue
  fi
  cp "$file" "$W/orig.c"
  d=$'\001'
  sed -E -i "s${d}${pat}${d}${rep//&/\\&}${d}" "$file"
  if cmp -s "$file" "$W/orig.c"; then
    not_ok "$name — the flip changed nothing"; continue
  fi
  o="$W/obj/$(basename "$file" .c).o"
  : > "$W/build.log"
  if ! $CC $CFLAGS $INC -c -o "$o" "$file" 2>> "$W/build.log" || ! link_all; then
    not_ok "$name — the mutant does not compile: update the flip"
    sed 's/^/#   /' "$W/build.log" | head -10
  else
    killer=$(run_tests)
    if [ -n "$killer" ]; then
      ok "$name — killed by $killer"
    else
      not_ok "$name — survived: no unit test fails"
      diff "$W/orig.c" "$file" | sed 's/^/#   /'
    fi
  fi
  cp "$W/orig.c" "$file"
  cp "$W/base/$(basename "$file" .c).o" "$o"
done
[ "$failed" -eq 0 ]
