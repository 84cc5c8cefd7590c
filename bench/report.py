#!/usr/bin/python3
"""report.py — the one table of `make bench`.

Usage: report.py RESULTS_TXT [--results bench/RESULTS.md]

Reads the key=value lines the benchmarks printed (bench_parser.bin,
bench_peers.py, bench_db.sh), prints one table (figure, value, baseline,
ratio, target, met?) and, with --results, writes it to that Markdown file
with the date, the machine and every raw measurement.
"""
import datetime
import os
import platform
import subprocess
import sys


def load(path):
    kv = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if "=" in line and not line.startswith("#"):
                k, v = line.split("=", 1)
                kv[k.strip()] = v.strip()
    return kv


class Table:
    def __init__(self, kv):
        self.kv = kv
        self.rows = []
        self.missing = []

    def num(self, key):
        v = self.kv.get(key)
        try:
            return float(v)
        except (TypeError, ValueError):
            self.missing.append(key)
            return None

    def rounds(self, name):
        """{round: TPS} of one pgbench script."""
        pre = f"pgbench.{name}.r"
        out = {}
        for k, v in self.kv.items():
            if k.startswith(pre) and k.endswith(".tps"):
                try:
                    out[int(k[len(pre):-4])] = float(v)
                except ValueError:
                    pass
        if not out:
            self.missing.append(f"pgbench.{name}")
        return out

    def tps(self, name, scale=1.0):
        r = self.rounds(name)
        return median([v * scale for v in r.values()]) if r else None

    def paired(self, a, b, fa=1.0, fb=1.0):
        """Median over rounds of (a * fa) / (b * fb), both from the same round."""
        ra, rb = self.rounds(a), self.rounds(b)
        ratios = [ra[k] * fa / (rb[k] * fb) for k in ra if k in rb and rb[k] > 0]
        return median(ratios) if ratios else None

    def section(self, title):
        self.rows.append(("**" + title + "**", "", "", "", "", ""))

    def row(self, figure, value, vfmt, baseline_name, baseline, bfmt,
            ratio=None, target=None, op=None, rfmt="{:.2f}x"):
        """ratio defaults to value / baseline; op(ratio) decides the target."""
        if ratio is None and value is not None and baseline:
            ratio = value / baseline
        vs = fmt(vfmt, value)
        bs = (baseline_name + " " + fmt(bfmt, baseline)).strip() if baseline_name else ""
        if ratio is None:
            rs = "n/a"
        elif rfmt == "{:.2f}x" and 0 < ratio < 0.1:
            rs = f"1/{1 / ratio:,.0f}"      # a peer thousands of times slower
        else:
            rs = fmt(rfmt, ratio)
        if target is None:
            met = ""
        elif ratio is None:
            met = "n/a"
        else:
            met = "yes" if op(ratio) else "**no**"
        self.rows.append((figure, vs, bs, rs, target or "", met))

    def render(self):
        head = ("figure", "value", "baseline (same run)", "ratio", "target", "met?")
        rows = [head] + self.rows
        widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
        lines = []
        for n, r in enumerate(rows):
            lines.append("| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |")
            if n == 0:
                lines.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        return "\n".join(lines)


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def fmt(f, v):
    if v is None:
        return "n/a"
    if callable(f):
        return f(v)
    return f.format(v)


def si(v):
    """Thousands separators, no decimals for big numbers."""
    return f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"


def build(kv):
    t = Table(kv)
    n = t.num

    # ---- 1. parser ----
    mb = n("parser.mb_s")
    t.section(f"1. Parser: corpus ({kv.get('parser.corpus_statements', '?')} statements) "
              f"repeated to {int(n('parser.bytes') or 0) / 1048576:.0f} MB, "
              f"{si(n('parser.statements') or 0)} statements")
    t.row("core split+parse, MB/s", mb, "{:,.1f}", "memchr floor", n("memchr.mb_s"), "{:,.0f}")
    t.row("core split+parse, statements/s", n("parser.stmt_s"), si,
          "PG raw_parser", n("pg.stmt_s"), si)
    t.row("core vs PostgreSQL's parser, per byte (MB/s)", mb, "{:,.1f}",
          f"PG raw_parser ({kv.get('pg.mode', '?')})", n("pg.mb_s"), "{:,.1f}",
          target=">= 30x", op=lambda r: r >= 30)
    t.row("core vs 1 GB/s", mb, "{:,.1f}", "goal", 1024.0, "{:,.0f}",
          target="towards 1x", op=lambda r: r >= 1)
    t.row("  of which: splitter alone (one lexing pass)", n("split.mb_s"), "{:,.1f}",
          "core split+parse", mb, "{:,.1f}")

    # ---- 2. peers ----
    t.section("2. Peers on the same corpus (each statement parsed once per pass)")
    core_stmt = n("parser.stmt_s")
    total = n("parser.corpus_statements")
    auth_total = n("parser.corpus_auth_total")
    core_auth = n("parser.corpus_auth")
    for tool in ("sqlglot", "sqlfluff"):
        if kv.get(tool + ".error"):
            t.rows.append((tool, "error: " + kv[tool + ".error"], "", "", "", ""))
            continue
        ver = kv.get(tool + ".version", "?")
        t.row(f"{tool} {ver}: statements/s", n(tool + ".stmt_s"), si,
              "core", core_stmt, si)
        t.row(f"{tool}: statements parsed at all", n(tool + ".parsed"),
              lambda v: f"{v:.0f}/{total:.0f}", "core", total, lambda v: f"{v:.0f}/{total:.0f}")
        t.row(f"{tool}: parsed into its own tree", n(tool + ".structured"),
              lambda v: f"{v:.0f}/{total:.0f}", "core", total, lambda v: f"{v:.0f}/{total:.0f}")
        t.row(f"{tool}: yield the authorization (= label)", n(tool + ".auth"),
              lambda v: f"{v:.0f}/{auth_total:.0f}", "core", core_auth,
              lambda v: f"{v:.0f}/{auth_total:.0f}")

    # ---- 3. checks ----
    sec = kv.get("pgbench.seconds", "?")
    t.section(f"3. Checks, pgbench -c 2 -j 2 -M prepared, {kv.get('pgbench.warmup', '?')} s warm-up + {sec} s "
              f"x {kv.get('pgbench.rounds', '?')} rounds (medians; ratios paired per round), 10 clusters x 5 roles")
    s1 = t.tps("select1")
    view = t.tps("small.view")
    table = t.tps("small.table")
    chk = t.tps("small.check")
    t.row("SELECT 1, TPS", s1, si, "", None, "")
    t.row("plain SELECT of one row of cluster_iam_roles (view), TPS", view, si,
          "SELECT 1", s1, si, ratio=t.paired("small.view", "select1"))
    t.row("plain SELECT of one row of catalog_cluster_iam_roles (table, PK), TPS",
          table, si, "SELECT 1", s1, si, ratio=t.paired("small.table", "select1"))
    t.row(f"check_command, {kv.get('check.command_bytes', '300')}-byte COPY: vs plain lookup (view)",
          chk, si, "view lookup", view, si, ratio=t.paired("small.check", "small.view"),
          target=">= 0.9x", op=lambda r: r >= 0.9)
    t.row("check_command vs plain lookup (table, PK)", chk, si, "table lookup", table, si,
          ratio=t.paired("small.check", "small.table"),
          target=">= 0.9x", op=lambda r: r >= 0.9)
    t.row("check_command vs SELECT 1", chk, si, "SELECT 1", s1, si,
          ratio=t.paired("small.check", "select1"))
    val = t.tps("small.validate")
    t.row("validate_script, 1,000 statements: TPS", val, "{:,.1f}", "", None, "")
    t.row("validate_script: statements checked/s", val * 1000 if val else None, si,
          "check_command calls/s", chk, si,
          ratio=t.paired("small.validate", "small.check", fa=1000.0))

    # ---- 4. scale ----
    lc = int(n("seed.large_clusters") or 0)
    lr = int(n("seed.large_roles") or 0)
    t.section(f"4. Scale: {lc:,} clusters x {lr} roles ({lc * lr:,} associations, "
              f"{kv.get('seed.large_mb', '?')} MB) vs 10 x 5, same run")
    lchk = t.tps("large.check")
    ltable = t.tps("large.table")
    t.row("check_command TPS, large vs small catalog", lchk, si, "small", chk, si,
          ratio=t.paired("large.check", "small.check"),
          target=">= 0.9x", op=lambda r: r >= 0.9)
    t.row("plain lookup (table, PK) TPS, large vs small", ltable, si, "small", table, si,
          ratio=t.paired("large.table", "small.table"))
    t.row("plain lookup (view) TPS, large vs small", t.tps("large.view"), "{:,.2f}",
          "small", view, si, ratio=t.paired("large.view", "small.view"))
    t.row("check_command vs plain lookup (table, PK), large catalog", lchk, si,
          "table lookup", ltable, si, ratio=t.paired("large.check", "large.table"))
    d = n("describe.large.seconds")
    base = n("describe_base.large.seconds")
    t.row(f"describe_clusters, all {int(n('describe.large.clusters') or 0):,} clusters "
          f"({int(n('describe.large.pages') or 0):,} pages): seconds (ratio = time)",
          d, "{:,.1f} s", "one query building the same JSON", base, "{:,.1f} s")
    t.row("describe_clusters, all clusters: backend peak private memory (RssAnon)",
          (n("describe.large.peak_anon_kb") or 0) / 1024, "{:,.0f} MB",
          "same, 10 clusters", (n("describe.small.peak_anon_kb") or 0) / 1024, "{:,.0f} MB")

    # ---- 5. policies ----
    t.section("5. simulate_custom_policy, 5 actions x 2 resources = 10 evaluations per call")
    epc = n("simulate.evals_per_call") or 10
    ev = {k: t.tps(f"simulate.{k}", epc) for k in (10, 100, 1000)}
    for k in (10, 100, 1000):
        t.row(f"{k:,} statements: evaluations/s", ev[k], si, "10 statements", ev[10], si,
              ratio=t.paired(f"simulate.{k}", "simulate.10"))
    for k in (100, 1000):
        prev = k // 10
        # statement-evaluations per second; linear growth keeps it level
        t.row(f"{k:,} statements: evaluations/s x statements",
              ev[k] * k if ev[k] else None, si, f"at {prev:,}",
              ev[prev] * prev if ev[prev] else None, si,
              ratio=t.paired(f"simulate.{k}", f"simulate.{prev}", fa=k, fb=prev),
              target=">= 0.9x (linear)", op=lambda r: r >= 0.9)
    return t


def machine():
    def sh(cmd):
        try:
            return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()
        except Exception:
            return "?"
    cpu = sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-").strip()
    return {
        "date": sh("date -u '+%Y-%m-%d %H:%M:%S UTC'"),
        "uname": sh("uname -a"),
        "nproc": sh("nproc"),
        "cpu": cpu,
        "mem": sh("free -m | awk '/^Mem:/ {print $2 \" MB\"}'"),
        "load": sh("cat /proc/loadavg"),
    }


def main():
    path = sys.argv[1]
    results = None
    if "--results" in sys.argv:
        results = sys.argv[sys.argv.index("--results") + 1]
    kv = load(path)
    t = build(kv)
    table = t.render()
    print(table)
    missing = sorted(set(t.missing))
    if missing:
        print("\nmissing measurements: " + ", ".join(missing))
    if results:
        m = machine()
        with open(results, "w", encoding="utf-8") as f:
            f.write("# Benchmark results (`make bench`)\n\n")
            f.write("The latest output of `make bench` (bench/README.md explains each figure). "
                    "Every ratio compares two figures measured in the same run.\n\n")
            f.write(f"- date: {m['date']}\n- machine: `{m['uname']}`\n")
            f.write(f"- nproc: {m['nproc']}; CPU: {m['cpu']}; memory: {m['mem']}\n")
            f.write(f"- load average at the end of the run: {m['load']}\n")
            f.write(f"- whole run: {kv.get('total.seconds', '?')} s "
                    f"(loading the large catalog: {float(kv.get('seed.large_seconds', 0)):.0f} s)\n\n")
            f.write(table + "\n")
            if missing:
                f.write("\nmissing measurements: " + ", ".join(missing) + "\n")
            f.write("\n<details><summary>Raw measurements</summary>\n\n```\n")
            for k in sorted(kv):
                f.write(f"{k}={kv[k]}\n")
            f.write("```\n</details>\n")
        print(f"\n(written to {results})")


if __name__ == "__main__":
    main()
