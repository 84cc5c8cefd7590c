# bench/bench.mk — `make bench`.  Included by the Makefile; not
# part of the test command.
#
#   make bench                  every benchmark, one table, bench/RESULTS.md
#   make bench/bench_parser.bin the parser benchmark alone:
#                               bench/bench_parser.bin ../shared/corpus [MB] [ROUNDS]
#
# Variables (environment or make): BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_WARMUP=4 BENCH_MB=100
# BENCH_PEER_SECONDS=20 BENCH_LARGE_CLUSTERS=100000 BENCH_LARGE_ROLES=50
# BENCH_RESULTS=bench/RESULTS.md (empty: do not write it).  See bench/README.md.

BENCH_LIBS   = -lpg_query -ljansson -lpthread

.PHONY: bench
bench:
	bash bench/run_bench.sh

# the core as the CLI builds it (CORE_CFLAGS: -O2, strict C11), plus
# libpg_query (Debian libpg-query-dev) for PostgreSQL's own parser
bench/bench_parser.bin: bench/bench_parser.c $(CORE_SRCS) $(CORE_HDRS)
	$(CORE_CC) $(CORE_CFLAGS) $(CORE_INC) -o $@ bench/bench_parser.c $(CORE_SRCS) $(BENCH_LIBS)

EXTRA_CLEAN += bench/*.bin
