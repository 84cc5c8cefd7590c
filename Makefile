# redshift_iam — PGXS build.
#
#   make && make install && make installcheck     against the server PG_CONFIG names
#   make unit        core unit tests (plain C, no PostgreSQL needed)
#   make mutate      mutation check: flipped core rules must fail a unit test (scripts/mutate.sh)
#   make prove       pgTAP suites (needs a server with pgtap; see scripts/test.sh)
#   make fuzz        libFuzzer targets (clang)
#   make bench       benchmarks (bench/)

EXTENSION    = redshift_iam
EXTVERSION   = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" $(EXTENSION).control)
MODULE_big   = $(EXTENSION)

# The core lives in rooms, one folder per concern (src/core/README.md):
# lex, parse, check, cluster, policy, util.  Each room holds its sources,
# its public headers and its internal ones; code includes them by room,
# e.g. #include "lex/lexer.h", with src/core on the include path.
CORE_ROOMS   = lex parse check cluster policy util iam
CORE_SRCS    = $(sort $(wildcard $(addprefix src/core/,$(addsuffix /*.c,$(CORE_ROOMS)))))
CORE_HDRS    = $(sort $(wildcard $(addprefix src/core/,$(addsuffix /*.h,$(CORE_ROOMS)))))
GLUE_SRCS    = $(sort $(wildcard src/pg/*.c))
CORE_OBJS    = $(CORE_SRCS:.c=.o)
OBJS         = $(CORE_OBJS) $(GLUE_SRCS:.c=.o)

# The install script of the current version is assembled from one part per
# concern (extension/parts).  Released versions are frozen: the install and
# upgrade scripts of 0.1.0, 0.2.0 and 0.3.0 are committed as shipped and never
# change.  Each change to an object of the parts is also written, by hand,
# into the upgrade script from the previous release
# (extension/redshift_iam--0.3.0--$(EXTVERSION).sql); test/extended/upgrade.sh
# proves that an upgrade from every release equals a fresh install.
SCRIPT_PARTS = $(sort $(wildcard extension/parts/*.sql))
DATA_built   = extension/$(EXTENSION)--$(EXTVERSION).sql
DATA         = $(filter-out $(DATA_built),$(wildcard extension/$(EXTENSION)--*.sql))

PG_CPPFLAGS  = -I$(srcdir)/src/core
# The backend exports a json_object() of its own that captures calls to
# jansson's json_object() from this module; the core therefore creates
# objects with rsi_json_object() (util/json_util.h) and the test
# command fails if a direct call appears (scripts/lint.sh).
SHLIB_LINK   = -ljansson
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)
EXTRA_CLEAN  = $(DATA_built) test/unit/*.bin redshift-iam-check src/cli/*.o \
               results regression.diffs regression.out test/fuzz/*.bin *.gcda *.gcno

# the library knows its version (redshift_iam_version()); it is rebuilt
# when the control file's default_version changes
src/pg/redshift_iam.o: override CPPFLAGS += -DRSI_VERSION='"$(EXTVERSION)"'
src/pg/redshift_iam.o: $(EXTENSION).control

# no LLVM bitcode: it doubles build time and JIT never inlines these functions
override with_llvm = no

PG_CONFIG   ?= pg_config
PGXS        := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# no automatic header dependencies in PGXS: every object depends on every header
$(OBJS): $(CORE_HDRS) $(wildcard src/pg/*.h)

extension/$(EXTENSION)--$(EXTVERSION).sql: $(SCRIPT_PARTS) $(EXTENSION).control
	cat $(SCRIPT_PARTS) > $@

# ---- the core on its own: strict C11, no PostgreSQL headers ----
CORE_CC      ?= gcc
CORE_CFLAGS  ?= -std=c11 -Wall -Wextra -Werror -pedantic -Wmissing-prototypes \
                -Wdeclaration-after-statement -Werror=vla -O2 -g
CORE_INC     = -Isrc/core
UNIT_SRCS    = $(sort $(wildcard test/unit/test_*.c))
UNIT_BINS    = $(UNIT_SRCS:.c=.bin)

# A test that does not compile must not leave its previous binary behind (it
# would run and pass): the recipe removes the target first, and
# .DELETE_ON_ERROR removes a half-written one.
.DELETE_ON_ERROR:
test/unit/%.bin: test/unit/%.c $(CORE_SRCS) $(CORE_HDRS) $(wildcard test/unit/*.h)
	@rm -f $@
	$(CORE_CC) $(CORE_CFLAGS) $(UNIT_CFLAGS) $(CORE_INC) -o $@ $< $(CORE_SRCS) -ljansson
# it includes the CLI's writer and escaping sources
test/unit/test_cli_escape.bin: $(wildcard src/cli/writer.[ch] src/cli/textutil.[ch])

.PHONY: unit unit-build prove cli install-cli mutate
unit-build: $(UNIT_BINS)
unit: unit-build
	@for t in $(UNIT_BINS); do echo "# $$t"; ./$$t $(CURDIR)/../shared/corpus || exit 1; done

mutate:
	bash scripts/mutate.sh

prove:
	pg_prove --ext .sql -v test/pgtap/

# ---- the command-line checker ----
CLI_SRCS     = $(sort $(wildcard src/cli/*.c))
CLI_BINDIR  ?= /usr/local/bin
MANDIR      ?= /usr/local/share/man
# absolute URI of the directory holding cli.md and rules.md, for SARIF's links
CLI_DOCS_URI ?= file:///usr/share/doc/redshift-iam-check/
# the checker prints the extension's version (--version, SARIF): rebuilt when
# the control file's default_version changes
redshift-iam-check: $(CLI_SRCS) $(CORE_SRCS) $(CORE_HDRS) $(wildcard src/cli/*.h) $(EXTENSION).control
	$(CORE_CC) $(CORE_CFLAGS) $(CORE_INC) -DRSI_VERSION='"$(EXTVERSION)"' -DRSI_DOCS_URI='"$(CLI_DOCS_URI)"' -o $@ $(CLI_SRCS) $(CORE_SRCS) -ljansson -linih
cli: redshift-iam-check
install-cli: redshift-iam-check
	install -d $(DESTDIR)$(CLI_BINDIR)
	install -m 755 redshift-iam-check $(DESTDIR)$(CLI_BINDIR)/
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/redshift-iam-check.1 $(DESTDIR)$(MANDIR)/man1/
ifneq ($(wildcard src/cli/*.c),)
all: redshift-iam-check
install: install-cli
endif

# ---- the AWS Query-protocol endpoint (src/endpoint, docs/endpoint.md) ----
# A separate program over libpq, libmicrohttpd, OpenSSL's libcrypto, libxml2
# and jansson.  EP_PURE is the part that needs no server and no database
# (parsing, signatures, errors, XML): the endpoint's unit tests and fuzz
# targets link it with EP_CORE.
EP_SRCS      = $(sort $(wildcard src/endpoint/*.c))
EP_PURE      = $(addprefix src/endpoint/,form.c sigv4.c awserr.c actions.c xmlout.c)
EP_CORE      = src/core/util/urlenc.c src/core/util/utf8.c
EP_CFLAGS    = $(shell xml2-config --cflags 2>/dev/null) -I$(shell $(PG_CONFIG) --includedir)
EP_LIBS      = -lmicrohttpd -lpq -lcrypto -lxml2 -ljansson -pthread
EP_PURE_LIBS = -lcrypto -lxml2 -ljansson
redshift-iam-endpoint: $(EP_SRCS) $(wildcard src/endpoint/*.h) $(EP_CORE) $(CORE_HDRS) $(EXTENSION).control
	$(CORE_CC) $(CORE_CFLAGS) $(CORE_INC) $(EP_CFLAGS) -DRSI_VERSION='"$(EXTVERSION)"' -o $@ $(EP_SRCS) $(EP_CORE) \
	  -L$(shell $(PG_CONFIG) --libdir) $(EP_LIBS)
test/endpoint/%.bin: test/endpoint/%.c $(EP_PURE) $(wildcard src/endpoint/*.h) $(EP_CORE) $(CORE_HDRS) test/unit/tap.h
	@rm -f $@
	$(CORE_CC) $(CORE_CFLAGS) $(CORE_INC) $(EP_CFLAGS) -Isrc/endpoint -Itest/unit -o $@ $< $(EP_PURE) $(EP_CORE) $(EP_PURE_LIBS)
.PHONY: endpoint install-endpoint endpoint-unit
endpoint: redshift-iam-endpoint
endpoint-unit: $(patsubst %.c,%.bin,$(wildcard test/endpoint/test_*.c))
	@for t in $^; do echo "# $$t"; ./$$t || exit 1; done
install-endpoint: redshift-iam-endpoint
	install -d $(DESTDIR)$(CLI_BINDIR)
	install -m 755 redshift-iam-endpoint $(DESTDIR)$(CLI_BINDIR)/
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 man/redshift-iam-endpoint.1 $(DESTDIR)$(MANDIR)/man1/
ifneq ($(wildcard src/endpoint/*.c),)
all: redshift-iam-endpoint
install: install-endpoint
endif
EXTRA_CLEAN += redshift-iam-endpoint test/endpoint/*.bin

# fuzz targets, sanitizer and coverage runs of the core (test/fuzz/fuzz.mk)
-include test/fuzz/fuzz.mk
-include bench/bench.mk
