# redshift_iam — PGXS build.
#
#   make && make install && make installcheck     against the server PG_CONFIG names
#   make unit        core unit tests (plain C, no PostgreSQL needed)
#   make prove       pgTAP suites (needs a server with pgtap; see scripts/test.sh)
#   make fuzz        libFuzzer targets (clang)
#   make bench       benchmarks (bench/)

EXTENSION    = redshift_iam
EXTVERSION   = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
MODULE_big   = $(EXTENSION)

CORE_SRCS    = $(sort $(wildcard src/core/*.c))
GLUE_SRCS    = $(sort $(wildcard src/pg/*.c))
CORE_OBJS    = $(CORE_SRCS:.c=.o)
OBJS         = $(CORE_OBJS) $(GLUE_SRCS:.c=.o)

# The install script is assembled from one part per concern (extension/parts).
# Released versions are frozen: extension/redshift_iam--0.1.0.sql is the 0.1.0
# script as shipped and never changes.  The upgrade script from 0.1.0 is the
# hand-written changes to the 0.1.0 parts (extension/upgrade/) followed by
# the parts that 0.1.0 did not have (numbered 30 and up); test/extended/
# upgrade.sh proves that an upgraded database equals a fresh install.
SCRIPT_PARTS = $(sort $(wildcard extension/parts/*.sql))
PARTS_0_1_0  = $(filter extension/parts/00_% extension/parts/10_% extension/parts/20_%,$(SCRIPT_PARTS))
PARTS_NEW    = $(filter-out $(PARTS_0_1_0),$(SCRIPT_PARTS))
UPGRADE_FROM_0_1_0 = extension/$(EXTENSION)--0.1.0--$(EXTVERSION).sql
DATA_built   = extension/$(EXTENSION)--$(EXTVERSION).sql $(UPGRADE_FROM_0_1_0)
DATA         = $(filter-out $(DATA_built),$(wildcard extension/$(EXTENSION)--*.sql))

PG_CPPFLAGS  = -I$(srcdir)/src/include -I$(srcdir)/src/core
# The backend exports a json_object() of its own that captures calls to
# jansson's json_object() from this module; the core therefore creates
# objects with rsi_json_object() (redshift_iam/json_util.h) and the test
# command fails if a direct call appears (scripts/lint.sh).
SHLIB_LINK   = -ljansson
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)
EXTRA_CLEAN  = $(DATA_built) test/unit/*.bin redshift-iam-check src/cli/*.o \
               results regression.diffs regression.out test/fuzz/*.bin *.gcda *.gcno

# no LLVM bitcode: it doubles build time and JIT never inlines these functions
override with_llvm = no

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# no automatic header dependencies in PGXS: every object depends on every header
$(OBJS): $(wildcard src/include/redshift_iam/*.h src/core/*.h src/pg/*.h)

extension/$(EXTENSION)--$(EXTVERSION).sql: $(SCRIPT_PARTS) $(EXTENSION).control
	cat $(SCRIPT_PARTS) > $@

$(UPGRADE_FROM_0_1_0): extension/upgrade/0.1.0--$(EXTVERSION).sql $(PARTS_NEW) $(EXTENSION).control
	cat extension/upgrade/0.1.0--$(EXTVERSION).sql $(PARTS_NEW) > $@

# ---- the core on its own: strict C11, no PostgreSQL headers ----
CORE_CC      ?= gcc
CORE_CFLAGS  ?= -std=c11 -Wall -Wextra -Werror -pedantic -Wmissing-prototypes \
                -Wdeclaration-after-statement -Werror=vla -O2 -g
CORE_INC     = -Isrc/include -Isrc/core
UNIT_SRCS    = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS    = $(UNIT_SRCS:.c=.bin)

test/unit/%.bin: test/unit/%.c $(CORE_SRCS) $(wildcard src/include/redshift_iam/*.h src/core/*.h test/unit/*.h)
	$(CORE_CC) $(CORE_CFLAGS) $(UNIT_CFLAGS) $(CORE_INC) -o $@ $< $(CORE_SRCS) -ljansson

.PHONY: unit unit-build prove cli install-cli
unit-build: $(UNIT_BINS)
unit: unit-build
	@for t in $(UNIT_BINS); do echo "# $$t"; ./$$t $(CURDIR)/../shared/corpus || exit 1; done

prove:
	pg_prove --ext .sql -v test/pgtap/

# ---- the command-line checker ----
CLI_SRCS     = $(sort $(wildcard src/cli/*.c))
CLI_BINDIR  ?= /usr/local/bin
redshift-iam-check: $(CLI_SRCS) $(CORE_SRCS) $(wildcard src/include/redshift_iam/*.h src/core/*.h src/cli/*.h)
	$(CORE_CC) $(CORE_CFLAGS) $(CORE_INC) -o $@ $(CLI_SRCS) $(CORE_SRCS) -ljansson
cli: redshift-iam-check
install-cli: redshift-iam-check
	install -d $(DESTDIR)$(CLI_BINDIR)
	install -m 755 redshift-iam-check $(DESTDIR)$(CLI_BINDIR)/
ifneq ($(wildcard src/cli/*.c),)
all: redshift-iam-check
install: install-cli
endif

# fuzz targets, sanitizer and coverage runs of the core (test/fuzz/fuzz.mk)
-include test/fuzz/fuzz.mk
-include bench/bench.mk
