#!/usr/bin/env bash
# cli_output.sh — how redshift-iam-check writes, as TAP: every character an
# output format escapes comes out as test/cli/expected/escapes.* say (text
# with carets, JSON, GitHub, JUnit); an output many times larger than the
# checker's buffer is complete and the same through a pipe; a message on
# stderr comes after the findings printed before it; a suppression comment
# is found wherever it is, also across the windows a regular file is
# searched in.  Needs no server.
set -uo pipefail
cd "$(dirname "$0")/../.."
. test/extended/lib/common.bash

make -s redshift-iam-check >/dev/null 2>&1
BIN=$(pwd)/redshift-iam-check
FX=test/cli/fixtures
T=$(mktemp -d)
on_exit "rm -rf '$T'"
if [ ! -x "$BIN" ]; then not_ok "redshift-iam-check builds"; finish; fi
ok "redshift-iam-check builds"

chk() { "$BIN" --db-user etl --clusters "$FX/clusters.json" --cluster my-redshift-cluster "$@"; }
same() { cmp -s "$1" "$2" || { diff "$1" "$2" | head -5 | diag; return 1; }; }

# ---- escaping: byte for byte as expected ----
for f in text:txt json:json github:github junit:xml; do
  chk --format "${f%%:*}" --caret always test/cli/sql/escapes.sql > "$T/esc" 2>&1
  check "escapes.sql in ${f%%:*}: byte for byte test/cli/expected/escapes.${f#*:}" same "$T/esc" "test/cli/expected/escapes.${f#*:}"
done

# ---- an output much larger than the buffer ----
python3 - "$T/many.sql" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    for i in range(20000):
        f.write("COPY t FROM 's3://b/%d' IAM_ROLE 'arn:aws:iam::123456789012:role/Nowhere%d';\nselect %d;\n" % (i, i % 7, i))
PY
chk --format json --stats "$T/many.sql" > "$T/many.json" 2> "$T/many.err"
check "20,000 findings: 20,000 lines of JSON, each one object" python3 -c '
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
assert lines[-1] == "" and len(lines) == 20001, len(lines)
assert all(json.loads(l)["rule"] for l in lines[:-1])' "$T/many.json"
check "--stats counts them all" grep -qF "(20000 refused" "$T/many.err"
chk --format json "$T/many.sql" 2>/dev/null | cat > "$T/many.pipe"
check "the same bytes through a pipe" same "$T/many.json" "$T/many.pipe"

# ---- stdout and stderr in order ----
chk --format text "$T/many.sql" "$T/missing.sql" > "$T/both" 2>&1
check "a file that cannot be read is reported after the previous file's findings" python3 -c '
import sys
t = open(sys.argv[1], encoding="utf-8").read()
i = t.find("missing.sql")
assert i > 0 and t.count("[role-not-associated]") == 20000 and t.rfind("[role-not-associated]") < i, (i, len(t))' "$T/both"

# ---- a suppression comment anywhere in a large file ----
# many.sql's text, with a disable-file comment placed so that the marker
# starts at a given offset: before, across and after a window boundary (1 MiB is one),
# and in the file's last bytes
for at in 5 1048560 1048570 1048576 2097150 end; do
  python3 - "$T/many.sql" "$T/s.sql" "$at" <<'PY'
import sys
src = open(sys.argv[1], "rb").read()
comment = b"-- redshift-iam-check: disable-file=role-not-associated\n"
at = len(src) if sys.argv[3] == "end" else int(sys.argv[3])
cut = src.rfind(b"\n", 0, max(at - 40, 0)) + 1        # a line start before it
pad = max(at - 3 - cut - 1, 0)                           # the marker after "-- " at 'at'
out = src[:cut] + b" " * pad + b"\n" + comment + src[cut:]
assert sys.argv[3] == "end" or out.find(b"redshift-iam-check:") == at, (out.find(b"redshift-iam-check:"), at)
open(sys.argv[2], "wb").write(out)
PY
  chk --format json --stats "$T/s.sql" > "$T/s.json" 2> "$T/s.err"
  check "marker at offset $at: every finding suppressed" grep -qF "20000 findings suppressed" "$T/s.err"
  cat "$T/s.sql" | chk --format json --stats - > "$T/s.json" 2> "$T/s.err"
  check "marker at offset $at, the file through a pipe: the same" grep -qF "20000 findings suppressed" "$T/s.err"
done
finish
