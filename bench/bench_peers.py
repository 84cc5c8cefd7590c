#!/usr/bin/python3
"""bench_peers.py — the parsers users would otherwise reach for.

Usage: bench_peers.py CORPUS_DIR [SECONDS]

Runs sqlglot (Debian python3-sqlglot, read="redshift") and sqlfluff (Debian
sqlfluff, dialect redshift, Linter.parse_string: lex + parse, no rules) over
every corpus statement, a few passes each, capped at SECONDS per tool
(default 30; at least one whole pass always runs).  Prints "key=value"
lines for bench/report.py:

  <tool>.stmt_s          statements per second (all attempts, parsed or not)
  <tool>.parsed          statements parsed at all (no exception, and for
                         sqlfluff no "unparsable" segment)
  <tool>.structured      parsed into a tree of their own (sqlglot: not the
                         opaque exp.Command fallback, which keeps the rest of
                         the statement as one string literal)
  <tool>.auth            statements whose tree yields the authorization
  <tool>.auth_total      statements that have an authorization clause

How "yields the authorization" is counted: the tree must hold the value as a
distinct node attached to its clause, and the value must equal the label.
  sqlfluff: a keyword segment IAM_ROLE / CREDENTIALS / ACCESS_KEY_ID (any
    case; WITH CREDENTIALS AS too) followed, among its siblings, by a
    quoted_literal (or the keyword DEFAULT); its unquoted value is compared
    with the label.
  sqlglot: a string Literal node (not the Command fallback's single literal
    holding the rest of the statement) whose value equals the expected
    value, or for IAM_ROLE default a node whose name is "iam_role" /
    "credentials" with a DEFAULT value.
  Expected value per label: iam_role -> the chain joined with ","; default
  -> DEFAULT; credentials_role -> a CREDENTIALS string containing
  "aws_iam_role=<chain>"; credentials_keys -> a CREDENTIALS string with
  aws_access_key_id=; access_keys -> an ACCESS_KEY_ID value.
"""
import glob
import json
import os
import sys
import time
import warnings


def load(corpus):
    rows = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            rows.extend(json.loads(line) for line in f if line.strip())
    return rows


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
        v = v[1:-1].replace(v[0] * 2, v[0])
    return v


def matches(label, clause, value):
    """Does (clause keyword, value) carry the labelled authorization?"""
    method = label["auth_method"]
    chain = ",".join(label.get("roles") or [])
    clause = clause.lower()
    if method == "iam_role":
        return clause == "iam_role" and value == chain
    if method == "iam_role_default":
        return clause == "iam_role" and value.lower() == "default"
    if method == "credentials_role":
        return clause == "credentials" and ("aws_iam_role=" + chain) in value
    if method == "credentials_keys":
        return clause == "credentials" and "aws_access_key_id=" in value
    if method == "access_keys":
        return clause == "access_key_id" and value != ""
    return False


# ---------------------------------------------------------------- sqlfluff

def sqlfluff_tool():
    from sqlfluff.core import FluffConfig, Linter

    linter = Linter(config=FluffConfig(overrides={"dialect": "redshift"}))

    def run(sql):
        parsed = linter.parse_string(sql)
        tree = parsed.tree
        if tree is None or parsed.violations:
            return None
        for seg in tree.recursive_crawl_all():
            if seg.is_type("unparsable"):
                return None
        return tree

    def clauses(tree):
        found = []
        for seg in tree.recursive_crawl_all():
            kids = [k for k in getattr(seg, "segments", ())
                    if not (k.is_whitespace or k.is_comment or k.is_meta)]
            for i, k in enumerate(kids):
                if not k.is_type("keyword"):
                    continue
                kw = k.raw.lower()
                if kw not in ("iam_role", "credentials", "access_key_id"):
                    continue
                for nxt in kids[i + 1:i + 3]:   # allow WITH CREDENTIALS AS '...'
                    if nxt.is_type("quoted_literal"):
                        found.append((kw, unquote(nxt.raw)))
                        break
                    if nxt.is_type("keyword") and nxt.raw.lower() == "default":
                        found.append((kw, "default"))
                        break
                    if not (nxt.is_type("keyword") and nxt.raw.lower() == "as"):
                        break
        return found

    return run, (lambda tree: True), clauses


# ---------------------------------------------------------------- sqlglot

def sqlglot_tool():
    import sqlglot
    from sqlglot import exp

    def run(sql):
        return sqlglot.parse_one(sql, read="redshift")

    def structured(tree):
        return not isinstance(tree, exp.Command)

    def clauses(tree):
        found = []
        if isinstance(tree, exp.Command):
            return found        # one literal holding the rest of the statement
        for node in tree.walk(bfs=False):
            node = node[0] if isinstance(node, tuple) else node
            key = (getattr(node, "key", "") or "").lower()
            if key in ("iam_role", "credentials", "access_key_id"):
                val = node.args.get("this") or node.args.get("expression")
                text = val.name if isinstance(val, exp.Expression) else str(val or "")
                found.append((key, text))
            elif isinstance(node, exp.Literal) and node.is_string:
                # a literal of its own: the clause is whatever precedes it
                for kw in ("iam_role", "credentials", "access_key_id"):
                    found.append((kw, node.this))
        return found

    return run, structured, clauses


def bench(name, factory, rows, seconds):
    try:
        run, structured, clauses = factory()
    except Exception as e:      # not installed: report, do not fail the table
        print(f"{name}.error={type(e).__name__}: {e}".replace("\n", " "))
        return
    with_auth = [r for r in rows if r["auth_method"] != "none"]
    parsed = struct = auth = 0
    attempts = 0
    t0 = time.perf_counter()
    passes = 0
    while True:
        for r in rows:
            try:
                tree = run(r["sql"])
            except Exception:
                tree = None
            attempts += 1
            if passes == 0 and tree is not None:
                parsed += 1
                if structured(tree):
                    struct += 1
                if r["auth_method"] != "none":
                    if any(matches(r, c, v) for c, v in clauses(tree)):
                        auth += 1
        passes += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds or passes >= 20:
            break
    print(f"{name}.version={version(name)}")
    print(f"{name}.passes={passes}")
    print(f"{name}.seconds={elapsed:.2f}")
    print(f"{name}.stmt_s={attempts / elapsed:.1f}")
    print(f"{name}.statements={len(rows)}")
    print(f"{name}.parsed={parsed}")
    print(f"{name}.structured={struct}")
    print(f"{name}.auth={auth}")
    print(f"{name}.auth_total={len(with_auth)}")


def version(name):
    try:
        mod = __import__(name)
        return getattr(mod, "__version__", "?")
    except Exception:
        return "?"


def main():
    corpus = sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    warnings.simplefilter("ignore")
    rows = load(corpus)
    bench("sqlglot", sqlglot_tool, rows, seconds)
    bench("sqlfluff", sqlfluff_tool, rows, seconds)


if __name__ == "__main__":
    main()
