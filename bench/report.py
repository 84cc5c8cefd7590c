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
        self.missed = []

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

    def pair(self, name, c):
        """Median over rounds of A's throughput / B's, from one pgbench run
        per round that interleaved both scripts: b_ms / a_ms."""
        pre = f"pair.{name}.c{c}.r"
        a, b = {}, {}
        for k, v in self.kv.items():
            if k.startswith(pre):
                rnd, _, what = k[len(pre):].partition(".")
                try:
                    (a if what == "a_ms" else b)[int(rnd)] = float(v)
                except ValueError:
                    pass
        ratios = [b[r] / a[r] for r in a if r in b and a[r] > 0]
        if not ratios:
            self.missing.append(f"pair.{name}.c{c}")
            return None, None, None
        return median(ratios), median(list(a.values())), median(list(b.values()))

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
        if target is not None and met != "yes":
            self.missed.append(f"{figure}: {rs} (goal {target})")
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
    t.section(f"1. Parser (MB/s = 10^6 bytes/s; medians of {kv.get('parser.rounds', '?')} rounds, "
              f"min-max in brackets); only statements that parse to the end are timed")
    spread = lambda k: (lambda v: f"{v:,.1f} [{n(k + '.mb_s_min') or 0:,.0f}-{n(k + '.mb_s_max') or 0:,.0f}]")
    t.row(f"core split+parse, corpus ({kv.get('parser.corpus_statements', '?')} statements, "
          f"{kv.get('parser.corpus_excluded', '?')} left out) repeated to "
          f"{(n('parser.bytes') or 0) / 1e6:,.0f} MB", mb, spread("parser"),
          "goal", 1000.0, "{:,.0f}", target=">= 1 GB/s", op=lambda r: r >= 1)
    t.row("  memchr floor over the same bytes", n("memchr.mb_s"), spread("memchr"),
          "core", mb, "{:,.1f}")
    t.row("  splitter alone (one lexing pass) over the same bytes", n("split.mb_s"), spread("split"),
          "core split+parse", mb, "{:,.1f}")
    t.row(f"core vs PostgreSQL's parser on the same {(n('twin.bytes') or 0) / 1e6:,.0f} MB of COPY "
          f"({si(n('twin.statements') or 0)} statements; the authorization clause blanked for PostgreSQL)",
          n("twin.core.mb_s"), spread("twin.core"), "PG raw_parser", n("twin.pg.mb_s"), spread("twin.pg"),
          ratio=n("twin.ratio"))
    t.row("every timed statement parsed (core and PostgreSQL)", n("parser.all_parsed"),
          lambda v: "yes" if v else "no", "", None, "", ratio=n("parser.all_parsed"),
          target="all", op=lambda r: r == 1, rfmt="{:.0f}")

    # ---- 2. peers ----
    t.section("2. Peers on the same corpus (each statement parsed once per pass)")
    core_stmt = (n("parser.statements") or 0) / max(1e-9, (n("parser.bytes") or 1) / 1e6 / (mb or 1))
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

    # ---- 3. offline checker ----
    if "cli.size_mb" in kv:
        t.section(f"3. redshift-iam-check on {kv['cli.size_mb']} MB scripts (MB per CPU second; "
                  "grep -c over the same file as the floor)")
        for kind, goal in (("clean", 500.0), ("refused", 300.0)):
            what = "every command may run" if kind == "clean" else "a third of the commands refused"
            t.row(f"{kind} ({what}), exit {kv.get(f'cli.{kind}.exit', '?')}", n(f"cli.{kind}.mb_s"),
                  "{:,.1f}", "goal", goal, "{:,.0f}", target=f">= {goal:.0f} MB/s", op=lambda r: r >= 1)
            t.row(f"  {kind}: vs grep -c", n(f"cli.{kind}.mb_s"), "{:,.1f}", "grep -c",
                  n(f"grep.{kind}.mb_s"), "{:,.0f}")
            t.row(f"  {kind}: peak RSS at full size vs at a tenth", (n(f"cli.{kind}.peak_rss_kb") or 0) / 1024,
                  "{:,.1f} MB", "a tenth", (n(f"cli.{kind}.small.peak_rss_kb") or 0) / 1024, "{:,.1f} MB",
                  target="<= +2 MB", op=lambda r, k=kind: (n(f"cli.{k}.peak_rss_kb") or 1e9)
                  <= (n(f"cli.{k}.small.peak_rss_kb") or 0) + 2048)
        t.row("every run ended with the status its input calls for", n("cli.ok"),
              lambda v: "yes" if v else "no", "", None, "", ratio=n("cli.ok"),
              target="all", op=lambda r: r == 1, rfmt="{:.0f}")

    # ---- 4. checks: one pgbench run per pair ----
    sec = kv.get("pgbench.seconds", "?")
    t.section(f"4. Checks: each figure and its baseline interleaved in ONE pgbench run (-M prepared, "
              f"-r), {sec} s x {kv.get('pgbench.rounds', '?')} rounds, as a non-superuser; "
              "ratio = baseline latency / figure latency, median of rounds")
    ms = lambda v: f"{v:,.3f} ms"
    for c in (1, 4, 16):
        r, a, b = t.pair("check_vs_table", c)
        t.row(f"check_command ({kv.get('check.command_bytes', '300')}-byte COPY) vs primary-key "
              f"lookup of the association, {c} client(s)", a, ms, "lookup", b, ms, ratio=r,
              target=">= 0.95x", op=lambda x: x >= 0.95)
    r, a, b = t.pair("check_iam_vs_check", 1)
    t.row("check_command with an IAM snapshot (trust and permissions evaluated) vs the association-only "
          "check, 1 client (two databases: pgbench runs in the order A B B A, latencies averaged per side)", a, ms,
          "association only", b, ms, ratio=(1 / r if r else None), target="< 1.5x", op=lambda x: x < 1.5)
    r, a, b = t.pair("check_vs_view", 4)
    t.row("check_command vs lookup through the view cluster_iam_roles, 4 clients", a, ms,
          "view lookup", b, ms, ratio=r)
    r, a, b = t.pair("validate_vs_check", 4)
    t.row("validate_script, 1,000 statements: statements checked/s vs check_command calls/s",
          a, ms, "check_command", b, ms, ratio=(r * 1000 if r else None))

    # ---- 5. scale ----
    lc = int(n("seed.large_clusters") or 0)
    lr = int(n("seed.large_roles") or 0)
    t.section(f"5. Scale: {lc:,} clusters x {lr} roles ({lc * lr:,} associations, "
              f"{kv.get('seed.large_mb', '?')} MB)")
    r, a, b = t.pair("large_check_vs_table", 4)
    t.row("check_command vs primary-key lookup, large catalog, 4 clients", a, ms, "lookup", b, ms,
          ratio=r, target=">= 0.95x", op=lambda x: x >= 0.95)
    d = n("describe.large.seconds")
    base = n("describe_base.large.seconds")
    t.row(f"describe_clusters, all {int(n('describe.large.clusters') or 0):,} clusters "
          f"({int(n('describe.large.pages') or 0):,} pages of 100): seconds", d, "{:,.1f} s",
          "the same paging by a plain query", base, "{:,.1f} s")
    t.row("describe_clusters, all clusters: backend peak private memory (RssAnon)",
          (n("describe.large.peak_anon_kb") or 0) / 1024, "{:,.0f} MB",
          "same, 10 clusters", (n("describe.small.peak_anon_kb") or 0) / 1024, "{:,.0f} MB")

    # ---- 6. policies ----
    t.section("6. simulate_custom_policy (5 actions x 2 resources = 10 evaluations per call)")
    r, a, b = t.pair("simulate_100_vs_1000", 2)
    # linear: a 1,000-statement call costs 10x a 100-statement one
    t.row("1,000 vs 100 statements: time per call x 100/1,000 (1 = linear)", b, ms, "100 statements",
          a, ms, ratio=(10 / r if r else None), target=">= 0.9x (linear)", op=lambda x: x >= 0.9)
    r, a, b = t.pair("simulate_1000_evals_10_vs_100", 2)
    if a and b and b > a:
        per_eval = (b - a) / 90
        overhead = a - 10 * per_eval
        t.row("1,000 statements: per-call work (reading and compiling the policy) vs its 10 evaluations",
              overhead, ms, "10 evaluations", 10 * per_eval, ms, ratio=overhead / (10 * per_eval),
              target="<= 2x", op=lambda x: x <= 2)
    else:
        t.missing.append("pair.simulate_1000_evals_10_vs_100 (no growth with evaluations)")

    # ---- 7. import_clusters (bench_import.sh, run by bench_db.sh) ----
    if "import.ratio" in kv:
        t.section(f"7. import_clusters vs a set-based INSERT of the same rows into the same tables "
                  f"(rounds interleaved, medians of {kv.get('import.rounds', '?')}; per-round ratios "
                  f"min/median/max {kv.get('import.ratio_min_median_max', '?')})")
        t.row(f"import_clusters, {kv.get('import.mb', '?')} MB ({kv.get('import.clusters', '?')} clusters, "
              f"{kv.get('import.roles', '?')} roles)", n("import.seconds"), "{:,.2f} s",
              "set-based INSERT", n("import.base_seconds"), "{:,.2f} s",
              ratio=n("import.ratio"), target="<= 1.25x", op=lambda x: x <= 1.25)
    else:
        t.missing.append("import.ratio (import_clusters vs a set-based INSERT)")
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
    # a goal without its measurement is missed too
    missed = t.missed + [f"{m}: not measured" for m in missing]
    if missed:
        print("\ngoals missed (make bench fails):")
        for m in missed:
            print("  - " + m)
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
            f.write(f"\nParameters of this run: `{kv.get('bench.params', '?')}`.\n")
            f.write("\nReproduce: `make bench` (as root, on a 2-core machine; bench/README.md). "
                    "Each part alone: see bench/README.md, \"Running one part\".\n")
            if missed:
                f.write("\nGoals missed:\n\n" + "".join(f"- {m}\n" for m in missed))
            if missing:
                f.write("\nmissing measurements: " + ", ".join(missing) + "\n")
            f.write("\n<details><summary>Raw measurements</summary>\n\n```\n")
            for k in sorted(kv):
                f.write(f"{k}={kv[k]}\n")
            f.write("```\n</details>\n")
        print(f"\n(written to {results})")
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
