# stocktake - build, run, test.
#
#   make            build build/stocktake
#   make run        install what is missing, build, create var/stocktake.db with the
#                   reference frameworks and the sample data, and serve it
#   make test       install what is missing, build, run every test (also under ASan+UBSan)
#   make lint       clang-format check, cppcheck, banned calls
#   make fuzz       build the libFuzzer targets (clang)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Libraries with a pkg-config file are found with pkg-config; libcsv, libstemmer and
# liblinear ship none and are linked with plain -l flags.

VERSION    := 0.1.0
PREFIX     ?= /usr/local
DESTDIR    ?=
CC         ?= cc
PKG_CONFIG ?= pkg-config
PKGS       := sqlite3 jansson libxml-2.0 libmicrohttpd libsodium inih libutf8proc
PKGS       += cairo pangocairo xlsxwriter
PLAIN_LIBS := -lcsv -lstemmer -llinear

WARN     := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wformat=2 -Wvla -Wno-format-nonliteral -Wno-format-truncation
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CPPFLAGS += -D_GNU_SOURCE -DSTOCKTAKE_VERSION='"$(VERSION)"' \
            -DSTOCKTAKE_DATADIR='"$(PREFIX)/share/stocktake"' -Isrc
CFLAGS   ?= -O2 -g
CFLAGS   += $(WARN) $(PKG_CFLAGS)
LDLIBS   += $(PKG_LIBS) $(PLAIN_LIBS) -lpthread -lm

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

SRC       := $(shell find src -name '*.c' | sort) build/gen/assets.c
ASSETS    := $(sort $(wildcard src/assets/*)) docs/openapi.json
LIB_SRC   := $(filter-out src/main.c,$(SRC))
UNIT_SRC  := $(shell find tests/unit -name 'test_*.c' | sort)
FUZZ_SRC  := $(wildcard fuzz/fuzz_*.c)

# Normal build in build/, sanitizer build in build/san/.
B  := build
BS := build/san
OBJ      := $(LIB_SRC:%.c=$(B)/%.o)
SAN_OBJ  := $(LIB_SRC:%.c=$(BS)/%.o)
UNIT_BIN := $(UNIT_SRC:%.c=$(B)/%)
SAN_UNIT := $(UNIT_SRC:%.c=$(BS)/%)
TESTLIB  := tests/unit/testutil.c

DB ?= var/stocktake.db
include po/po.mk

.PHONY: all run test unit check-deps deps lint fuzz clean install bench model sample-data
all: $(B)/stocktake

deps:
	@scripts/install-deps

# The static files, embedded in the program.
build/gen/assets.c: $(ASSETS) scripts/embed-assets
	@mkdir -p $(dir $@)
	@scripts/embed-assets $@ $(ASSETS)

$(B)/build/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BS)/build/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -c -o $@ $<

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BS)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/SAN  $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

$(B)/libstocktake.a: $(OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BS)/libstocktake.a: $(SAN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/stocktake: $(B)/src/main.o $(B)/libstocktake.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BS)/stocktake: $(BS)/src/main.o $(BS)/libstocktake.a
	$(CC) $(LDFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS)

$(B)/tests/unit/%: tests/unit/%.c $(B)/tests/unit/testutil.o $(B)/libstocktake.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BS)/tests/unit/%: tests/unit/%.c $(BS)/tests/unit/testutil.o $(BS)/libstocktake.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SAN_FLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(B)/tests/unit/testutil.o: tests/unit/testutil.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) -MMD -MP -c -o $@ $<

$(BS)/tests/unit/testutil.o: tests/unit/testutil.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(CFLAGS) $(SAN_FLAGS) -MMD -MP -c -o $@ $<

# The database with the reference frameworks and the sample data, built once.
$(DB): $(B)/stocktake $(wildcard data/frameworks/*.csv) $(wildcard data/sample/*.jsonl)
	@mkdir -p $(dir $@)
	scripts/load-sample $(B)/stocktake $@

LISTEN ?= 127.0.0.1:8080

run: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory $(DB)
	@$(B)/stocktake --db $(DB) stats
	@$(B)/stocktake --db $(DB) migrate >/dev/null
	@echo "Make an administrator with: $(B)/stocktake --db $(DB) user add EMAIL --role admin"
	exec $(B)/stocktake --db $(DB) serve --listen $(LISTEN)

unit: $(UNIT_BIN)

test: deps
	@$(MAKE) --no-print-directory $(B)/stocktake $(UNIT_BIN) $(BS)/stocktake $(SAN_UNIT)
	@scripts/run-tests $(B) $(BS)

lint:
	@scripts/lint

fuzz:
	@$(MAKE) --no-print-directory -f fuzz/fuzz.mk

bench: $(B)/stocktake
	bench/import/run $(B)/stocktake
	bench/map/run $(B)/stocktake

# The mapping model: retrained from data/training and data/frameworks (fixed seeds, so the
# same data gives the same bytes).
MODEL := data/model/stocktake-map.bin
model: $(B)/stocktake
	$(B)/stocktake model train -o $(MODEL)

bench-web: $(B)/stocktake
	bench/web/run $(B)/stocktake

# bench/search: the CPU time of a search without HTTP (bench/README.md)
.PHONY: bench-search
$(B)/bench/search_bench: bench/search/search_bench.c $(B)/libstocktake.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $^ $(LDLIBS)

bench-search: $(B)/bench/search_bench
	bench/search/run $(B)/bench/search_bench

clean:
	rm -rf build

install: $(B)/stocktake
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
		$(DESTDIR)$(PREFIX)/share/stocktake
	install -m 755 $(B)/stocktake $(DESTDIR)$(PREFIX)/bin/stocktake
	install -m 644 man/stocktake.1 $(DESTDIR)$(PREFIX)/share/man/man1/stocktake.1
	cp -R data/frameworks data/model data/timeline data/geo $(DESTDIR)$(PREFIX)/share/stocktake/

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d)
# and testutil.o's: without them a changed header left it built against the old structs
-include $(B)/tests/unit/testutil.d $(BS)/tests/unit/testutil.d
