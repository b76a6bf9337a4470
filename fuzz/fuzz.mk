# fuzz/fuzz.mk - libFuzzer targets for the importers and the report filter (see fuzz/README.md).
#
# Run from the repository root:
#   make fuzz                            build build/fuzz/fuzz_* (this file's default goal)
#   make -f fuzz/fuzz.mk fuzz-run        run each for SECONDS (default 30) over its corpus
#   make -f fuzz/fuzz.mk fuzz-run SECONDS=600 FUZZERS=fuzz_import_csv
#
# Every fuzz/fuzz_NAME.c becomes build/fuzz/fuzz_NAME, linked against all of src/ but
# main.c, compiled here with clang and the sanitizers into build/fuzz/obj/. A driver's
# seed corpus is fuzz/corpus/X, where X is NAME without "import_" (fuzz_import_csv: csv;
# fuzz_topojson: topojson).

FUZZ_CC    ?= clang
PKG_CONFIG ?= pkg-config
PKGS       := sqlite3 jansson libxml-2.0 libutf8proc libsodium xlsxwriter cairo pangocairo
SECONDS    ?= 30
MAX_LEN    ?= 65536

FB := build/fuzz
# -fno-sanitize-recover: a UBSan report is a crash that libFuzzer keeps, not just a message.
SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CPPFLAGS := -D_GNU_SOURCE -DSTOCKTAKE_VERSION='"fuzz"' -Isrc
FUZZ_CFLAGS   := -std=c11 -g -O1 -Wall -Wextra $(SAN) \
                 $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
FUZZ_LDLIBS   := $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lcsv -lstemmer -llinear -lm

# The readers and what they stand on (and the report layer, for its filter parser); the web
# layers (and their libraries) are not needed.
LIB_SRC  := $(sort $(wildcard $(addsuffix /*.c,$(addprefix src/,core domain io store frameworks mapping search report))))
# the form decoding the answer form of calls for inputs (fuzz_call_form, io/call_form.c) takes
LIB_SRC  += src/http/params.c
LIB_OBJ  := $(LIB_SRC:%.c=$(FB)/obj/%.o)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
FUZZERS  ?= $(notdir $(FUZZ_SRC:.c=))
FUZZ_BIN := $(FUZZERS:%=$(FB)/%)

.PHONY: all fuzz-run
# The objects are kept between builds (make would delete them as intermediates).
.SECONDARY: $(LIB_OBJ)
all: $(FUZZ_BIN)

# The library is instrumented for coverage (fuzzer-no-link); only the drivers get
# libFuzzer's main.
$(FB)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC/FUZZ $<"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FB)/fuzz_%: fuzz/fuzz_%.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD/FUZZ $@"
	@$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(LIB_OBJ) \
		$(FUZZ_LDLIBS)

# New inputs go to build/fuzz/corpus/X (the working copy); fuzz/corpus/X is only read.
# Crashes are written to build/fuzz/crashes/.
fuzz-run: $(FUZZ_BIN)
	@mkdir -p $(FB)/crashes
	@set -e; for f in $(FUZZERS); do \
		c=$$(echo $$f | sed -e 's/^fuzz_import_//' -e 's/^fuzz_//'); \
		mkdir -p $(FB)/corpus/$$c; \
		echo "== $$f: $(SECONDS) s over fuzz/corpus/$$c"; \
		$(FB)/$$f -max_total_time=$(SECONDS) -max_len=$(MAX_LEN) -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix=$(FB)/crashes/$$f- \
			$(FB)/corpus/$$c fuzz/corpus/$$c; \
	done

-include $(LIB_OBJ:.o=.d)
