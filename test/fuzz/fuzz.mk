# test/fuzz/fuzz.mk — fuzzing, sanitizer, valgrind and coverage runs of the
# pure C core.  Included by the top-level Makefile.
#
#   make fuzz            build every libFuzzer target and run each for FUZZ_SECONDS
#   make fuzz-build      only build them (test/fuzz/fuzz_*.bin)
#   make fuzz-regress    run each target once over its committed seeds (no fuzzing)
#   make unit-asan       core unit tests under ASan+UBSan
#   make unit-valgrind   core unit tests under valgrind (memcheck, leaks)
#   make coverage        gcov line and branch coverage of the core (all of src/core) by the unit tests;
#                        fails when a test program does not build or fails
#
# A unit test or fuzz target that does not compile leaves no binary behind
# (each recipe removes its target first): test/extended/fuzz.sh lists the
# binaries it expects and fails for each one missing.
#
# Everything generated goes under FUZZ_WORK (git-ignored).  Variables:
#   FUZZ_SECONDS=30 FUZZ_RUNS=-1 FUZZ_SEED=0 (random) FUZZ_MAX_LEN=65536 FUZZ_TIMEOUT=10 FUZZ_RSS_MB=2048
#   FUZZ_TARGETS="fuzz_lexer ..." FUZZ_FLAGS="-jobs=2 ..." CORPUS=<dir of *.jsonl>
#   COV_FAIL_UNDER_LINES=95 COV_FAIL_UNDER_BRANCHES=90 (unset: report only)

FUZZ_CC        ?= clang-14
FUZZ_SECONDS   ?= 30
FUZZ_MAX_LEN   ?= 65536
FUZZ_TIMEOUT   ?= 10
FUZZ_RSS_MB    ?= 2048
FUZZ_FLAGS     ?=
# FUZZ_RUNS/FUZZ_SEED make a run reproducible (CI sets both: the same inputs
# on every machine, so a red CI is a real finding, not a lucky draw)
FUZZ_RUNS      ?= -1
FUZZ_SEED      ?= 0
CORPUS         ?= $(CURDIR)/../shared/corpus
FUZZ_WORK      ?= test/fuzz/artifacts
FUZZ_CFLAGS    ?= -std=c11 -g -O1 -Wall -Wextra -Werror \
                  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_INC        = -Isrc/core

# the command core: what fuzz_lexer/split/parser/validate/redact link — every
# source of the rooms the parser and the checker use (a list of files broke
# the build each time a room grew a file)
FUZZ_CMD_SRCS   = $(sort $(wildcard $(addprefix src/core/,$(addsuffix /*.c,lex parse check cluster util))))
FUZZ_POLICY_SRCS = $(wildcard src/core/policy/*.c) src/core/util/utf8.c
FUZZ_TARGETS   ?= $(sort $(basename $(notdir $(wildcard test/fuzz/fuzz_*.c))))
FUZZ_BINS       = $(FUZZ_TARGETS:%=test/fuzz/%.bin)
FUZZ_HDRS       = $(CORE_HDRS) $(wildcard test/unit/arena.h)

# sources and seed directories per target (override FUZZ_SRCS_<t> / FUZZ_SEEDS_<t>)
FUZZ_SRCS_fuzz_policy  = $(FUZZ_POLICY_SRCS)
FUZZ_SEEDS_fuzz_policy = test/fuzz/seeds/fuzz_policy
# the Serverless reader and the value rules it uses
FUZZ_SRCS_fuzz_namespace  = $(wildcard $(addprefix src/core/,cluster/namespace.c check/validate.c \
                            cluster/cluster_rules.c util/index_set.c util/utf8.c))
FUZZ_SEEDS_fuzz_namespace = test/fuzz/seeds/fuzz_namespace
# the secret oracle also runs the checker on what parses
FUZZ_SRCS_fuzz_secret_oracle = $(FUZZ_CMD_SRCS)
# redshift-iam-endpoint's pure parts (src/endpoint, the Makefile's EP_PURE and
# EP_CORE) with their libraries: FUZZ_LIBS_<t> and FUZZ_INC_<t> per target
FUZZ_SRCS_fuzz_endpoint_form   = $(addprefix src/endpoint/,form.c actions.c awserr.c xmlout.c) \
                                 src/core/util/urlenc.c src/core/util/utf8.c
FUZZ_INC_fuzz_endpoint_form    = -Isrc/endpoint $(shell xml2-config --cflags 2>/dev/null)
FUZZ_LIBS_fuzz_endpoint_form   = -lxml2
FUZZ_SEEDS_fuzz_endpoint_form  = test/fuzz/seeds/fuzz_endpoint_form
FUZZ_SRCS_fuzz_endpoint_sigv4  = src/endpoint/sigv4.c
FUZZ_INC_fuzz_endpoint_sigv4   = -Isrc/endpoint
FUZZ_LIBS_fuzz_endpoint_sigv4  = -lcrypto
FUZZ_SEEDS_fuzz_endpoint_sigv4 = test/fuzz/seeds/fuzz_endpoint_sigv4
fuzz_srcs  = $(or $(FUZZ_SRCS_$(1)),$(FUZZ_CMD_SRCS))
fuzz_seeds = $(wildcard $(or $(FUZZ_SEEDS_$(1)),test/fuzz/seeds/common test/fuzz/seeds/$(1) \
             $(FUZZ_WORK)/seed-corpus))

test/fuzz/%.bin: test/fuzz/%.c $(CORE_SRCS) $(FUZZ_HDRS) $(wildcard src/endpoint/*.[ch])
	@rm -f $@
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_INC) $(FUZZ_INC_$*) -o $@ $< $(call fuzz_srcs,$*) -ljansson $(FUZZ_LIBS_$*)

.PHONY: fuzz fuzz-build fuzz-regress fuzz-seed-corpus fuzz-clean unit-asan unit-asan-build \
        unit-valgrind coverage
fuzz-build: $(FUZZ_BINS)

# One file per "sql" value of $(CORPUS)/*.jsonl (jq, or python3 when jq is missing).
fuzz-seed-corpus: $(FUZZ_WORK)/seed-corpus/.stamp
$(FUZZ_WORK)/seed-corpus/.stamp: $(wildcard $(CORPUS)/*.jsonl)
	@rm -rf $(FUZZ_WORK)/seed-corpus && mkdir -p $(FUZZ_WORK)/seed-corpus
	@set -e; n=0; for f in $(wildcard $(CORPUS)/*.jsonl); do \
	  if command -v jq >/dev/null 2>&1; then \
	    jq -c '.sql // empty' "$$f" | while IFS= read -r line; do \
	      n=$$((n + 1)); printf '%s' "$$line" | jq -j . > "$(FUZZ_WORK)/seed-corpus/$$(basename "$$f" .jsonl)-$$n"; \
	    done; \
	  else \
	    python3 -c 'import json,sys,os; d,f=sys.argv[1:3]; b=os.path.basename(f)[:-6]; \
	      [open(os.path.join(d,"%s-%d"%(b,i+1)),"w").write(json.loads(l)["sql"]) \
	       for i,l in enumerate(open(f)) if l.strip() and "sql" in json.loads(l)]' \
	      "$(FUZZ_WORK)/seed-corpus" "$$f"; \
	  fi; \
	done
	@echo "# seed corpus: $$(ls $(FUZZ_WORK)/seed-corpus | wc -l) statements from $(CORPUS)"
	@touch $@

# Run one target: new inputs go to $(FUZZ_WORK)/corpus/<t>, crashes to
# $(FUZZ_WORK)/<t>-crash-*; the log is $(FUZZ_WORK)/<t>.log.
fuzz-run-%: test/fuzz/%.bin fuzz-seed-corpus
	@mkdir -p $(FUZZ_WORK)/corpus/$*
	@echo "# $*: fuzzing for $(FUZZ_SECONDS) s"
	@./test/fuzz/$*.bin -max_total_time=$(FUZZ_SECONDS) -runs=$(FUZZ_RUNS) -seed=$(FUZZ_SEED) \
	  -max_len=$(FUZZ_MAX_LEN) \
	  -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=$(FUZZ_RSS_MB) -print_final_stats=1 \
	  -artifact_prefix=$(FUZZ_WORK)/$*- $(FUZZ_FLAGS) \
	  $(FUZZ_WORK)/corpus/$* $(call fuzz_seeds,$*) > $(FUZZ_WORK)/$*.log 2>&1; \
	rc=$$?; echo $$rc > $(FUZZ_WORK)/$*.rc; \
	execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_WORK)/$*.log | tail -1); \
	cov=$$(grep -oE 'cov: [0-9]+' $(FUZZ_WORK)/$*.log | tail -1); \
	if [ $$rc -eq 0 ]; then echo "# $*: ok, $${execs:-0} execs, $$cov"; \
	else echo "# $*: FAILED (exit $$rc), $${execs:-0} execs; see $(FUZZ_WORK)/$*.log"; \
	  grep -E -A25 '^==[0-9]+==ERROR|runtime error|deadly signal|Test unit written' $(FUZZ_WORK)/$*.log | head -60; fi; \
	exit $$rc

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

# Replay the committed seeds (including regress-* inputs of past crashes) once.
fuzz-regress-%: test/fuzz/%.bin fuzz-seed-corpus
	@mkdir -p $(FUZZ_WORK)
	@files=$$(find $(wildcard $(call fuzz_seeds,$*) test/fuzz/seeds/$*) -maxdepth 1 -type f ! -name '.*' 2>/dev/null | sort -u); \
	./test/fuzz/$*.bin -runs=1 $$files > $(FUZZ_WORK)/$*-regress.log 2>&1 \
	  && echo "# $*: $$(echo $$files | wc -w) seeds ok" \
	  || { echo "# $*: FAILED on a seed; see $(FUZZ_WORK)/$*-regress.log"; exit 1; }
fuzz-regress: $(FUZZ_TARGETS:%=fuzz-regress-%)

# ---- unit tests under ASan + UBSan ----
ASAN_CC        ?= $(shell command -v clang-14 >/dev/null 2>&1 && echo clang-14 || echo gcc)
ASAN_CFLAGS    ?= -std=c11 -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
                  -fno-sanitize-recover=all
# tests that allocate from malloc without freeing by design say so next to
# their allocator ("not freed", "leaked on purpose"): leak checking is off
# for them under ASan and valgrind, on for every other test
UNIT_LEAKY     ?= $(basename $(notdir $(shell grep -lE 'not freed|leaked on purpose' $(UNIT_SRCS) /dev/null)))
UNIT_ASAN_BINS  = $(UNIT_SRCS:test/unit/%.c=$(FUZZ_WORK)/asan/%.bin)
ASAN_OBJS       = $(CORE_SRCS:src/core/%.c=$(FUZZ_WORK)/asan/obj/%.o)

$(FUZZ_WORK)/asan/obj/%.o: src/core/%.c $(FUZZ_HDRS)
	@mkdir -p $(dir $@) && rm -f $@
	$(ASAN_CC) $(ASAN_CFLAGS) $(CORE_INC) -c -o $@ $<

$(FUZZ_WORK)/asan/%.bin: test/unit/%.c $(ASAN_OBJS) $(wildcard test/unit/*.h)
	@rm -f $@
	$(ASAN_CC) $(ASAN_CFLAGS) $(CORE_INC) -o $@ $< $(ASAN_OBJS) -ljansson

unit-asan-build: $(UNIT_ASAN_BINS)

# One rule per test, so "make -k -j2 unit-asan" runs them in parallel.  Each
# prints "unit-asan: ok <test>" or "unit-asan: FAILED <test>"; a test fails
# on a non-zero exit or on any sanitizer report in its output.
unit-asan: $(UNIT_SRCS:test/unit/%.c=unit-asan-run-%)
unit-asan-run-%: $(FUZZ_WORK)/asan/%.bin
	@leak=1; case " $(UNIT_LEAKY) " in *" $* "*) leak=0;; esac; \
	ASAN_OPTIONS=detect_leaks=$$leak:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ./$< $(CORPUS) > $(FUZZ_WORK)/asan/$*.log 2>&1; rc=$$?; \
	if [ $$rc -eq 0 ] && ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' $(FUZZ_WORK)/asan/$*.log; \
	then echo "unit-asan: ok $*"; \
	else echo "unit-asan: FAILED $* (exit $$rc; log $(FUZZ_WORK)/asan/$*.log)"; \
	  grep -a -E -m5 -A12 'ERROR: |runtime error:|^not ok' $(FUZZ_WORK)/asan/$*.log | head -40; exit 1; fi

# ---- unit tests under valgrind (the normal -O2 test/unit/*.bin) ----
VALGRIND       ?= valgrind
VALGRIND_FLAGS ?= --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --quiet

unit-valgrind: $(UNIT_SRCS:test/unit/%.c=unit-valgrind-run-%)
unit-valgrind-run-%: test/unit/%.bin
	@mkdir -p $(FUZZ_WORK)/valgrind; \
	lk=""; case " $(UNIT_LEAKY) " in *" $* "*) lk="--leak-check=no";; esac; \
	RSI_UNDER_VALGRIND=1 $(VALGRIND) $(VALGRIND_FLAGS) $$lk ./$< $(CORPUS) \
	  > $(FUZZ_WORK)/valgrind/$*.log 2>&1; rc=$$?; \
	if [ $$rc -eq 0 ]; then echo "unit-valgrind: ok $*"; \
	else echo "unit-valgrind: FAILED $* (exit $$rc; log $(FUZZ_WORK)/valgrind/$*.log)"; \
	  grep -a -E -m5 -A12 '^==[0-9]+== [A-Z]|^not ok' $(FUZZ_WORK)/valgrind/$*.log | head -40; exit 1; fi

# ---- coverage (gcc --coverage, gcov) ----
COV_CC         ?= gcc
COV_DIR        ?= $(FUZZ_WORK)/cov
# every core file is reported, the policy engine too; e.g. COV_EXCLUDE=src/core/policy/%.c
# reports the command core alone
COV_EXCLUDE    ?=
COV_SRCS       ?= $(filter-out $(COV_EXCLUDE),$(CORE_SRCS))
COV_FAIL_UNDER_LINES    ?=
COV_FAIL_UNDER_BRANCHES ?=

coverage:
	@rm -rf $(COV_DIR) && mkdir -p $(COV_DIR)/obj
	@set -e; for s in $(CORE_SRCS); do \
	  $(COV_CC) -std=c11 -O0 -g --coverage $(CORE_INC) -c -o $(COV_DIR)/obj/$$(basename $$s .c).o $$s; done
	@for t in $(UNIT_SRCS); do b=$(COV_DIR)/$$(basename $$t .c); \
	  $(COV_CC) -std=c11 -O0 -g --coverage $(CORE_INC) -o $$b $$t $(COV_DIR)/obj/*.o -ljansson \
	    || { echo "coverage: FAILED $$(basename $$t .c) does not build"; echo $$t >> $(COV_DIR)/failed; continue; }; \
	  $$b $(CORPUS) > $$b.log 2>&1 \
	    || { echo "coverage: FAILED $$(basename $$t .c) exited non-zero (see $$b.log)"; echo $$t >> $(COV_DIR)/failed; }; \
	done
	@gcov -b -n -o $(COV_DIR)/obj $(COV_SRCS) 2>/dev/null | awk \
	  -v fl="$(COV_FAIL_UNDER_LINES)" -v fb="$(COV_FAIL_UNDER_BRANCHES)" ' \
	  /^File / { f = $$2; gsub(/[\047]/, "", f); sub(/.*\//, "", f) } \
	  /^(Calls executed|No calls)/ { f = "" } \
	  /^Lines executed:/ && f != "" { p = $$0; sub(/^Lines executed:/, "", p); split(p, a, "% of "); L[f] = a[1]; LN[f] = a[2] } \
	  /^Taken at least once:/ && f != "" { p = $$0; sub(/^Taken at least once:/, "", p); split(p, a, "% of "); B[f] = a[1]; BN[f] = a[2] } \
	  /^No branches/ && f != "" { B[f] = 100; BN[f] = 0 } \
	  END { printf "%-20s %8s %7s %9s %7s\n", "file", "lines%", "of", "branches%", "of"; \
	    for (f in L) if (f ~ /\.c$$/) { lc += L[f] * LN[f] / 100; ln += LN[f]; bc += B[f] * BN[f] / 100; bn += BN[f]; \
	      printf "%-20s %8.2f %7d %9.2f %7d\n", f, L[f], LN[f], B[f], BN[f] | "sort" } \
	    close("sort"); \
	    tl = ln ? 100 * lc / ln : 0; tb = bn ? 100 * bc / bn : 0; \
	    printf "%-20s %8.2f %7d %9.2f %7d\n", "TOTAL", tl, ln, tb, bn; \
	    if ((fl != "" && tl < fl) || (fb != "" && tb < fb)) { print "coverage: below the threshold"; exit 1 } }'
	@# a test program that does not build or fails leaves its part of the core uncovered: the run fails
	@if [ -s $(COV_DIR)/failed ]; then echo "coverage: $$(wc -l < $(COV_DIR)/failed) test programs did not build or failed"; exit 1; fi

fuzz-clean:
	rm -rf $(FUZZ_WORK) test/fuzz/*.bin

EXTRA_CLEAN += $(FUZZ_WORK)
