# datagen build. `make` builds build/datagen; `make check` runs every test
# (unit tests in a normal and a sanitizer build, then the PostgreSQL
# integration tests); `make demo` writes the default template's dump.

CC      ?= cc
PREFIX  ?= /usr/local
PKGS    := jansson zlib libisal

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wwrite-strings -Wformat=2 \
           -Wno-format-nonliteral
DEFS    := -D_POSIX_C_SOURCE=200809L -D_XOPEN_SOURCE=700
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lz -lisal)
BASE_CFLAGS = -std=c11 $(WARN) $(DEFS) -Isrc -Ibuild/gen $(PKG_CFLAGS) -pthread -MMD -MP
OPT_CFLAGS ?= -O2 -g
SAN_CFLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
LIBS     = $(PKG_LIBS) -pthread -lm

LIB_SRC  := $(sort $(filter-out src/main.c,$(shell find src -name '*.c')))
DATA     := $(sort $(shell find data templates -type f \( -name '*.txt' -o -name '*.json' \) 2>/dev/null))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))

# Two flavours share one rule set: build/ (optimised) and build/asan/.
define flavour
$(1)_OBJ   := $$(patsubst src/%.c,$(2)/obj/%.o,$$(LIB_SRC)) $(2)/obj/embedded_data.o
$(1)_TESTS := $$(patsubst tests/unit/%.c,$(2)/tests/%,$$(TEST_SRC))

$(2)/obj/%.o: src/%.c | build/gen/embedded_data.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $(3) -c $$< -o $$@

$(2)/obj/embedded_data.o: build/gen/embedded_data.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $(3) -c $$< -o $$@

$(2)/obj/main.o: src/main.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $(3) -c $$< -o $$@

$(2)/libdatagen.a: $$($(1)_OBJ)
	rm -f $$@
	ar rcs $$@ $$^

$(2)/datagen: $(2)/obj/main.o $(2)/libdatagen.a
	$$(CC) $(3) -o $$@ $$^ $$(LIBS)

$(2)/tests/%: tests/unit/%.c $(2)/libdatagen.a tests/unit/harness.h
	@mkdir -p $$(dir $$@)
	$$(CC) $$(BASE_CFLAGS) $(3) -Itests/unit -o $$@ $$< $(2)/libdatagen.a $$(LIBS)
endef

$(eval $(call flavour,REL,build,$(OPT_CFLAGS)))
$(eval $(call flavour,SAN,build/asan,$(SAN_CFLAGS)))

.PHONY: all deps check unit unit-asan integration demo bench clean install format

all: build/datagen

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Wextra -Werror -o $@ $<

build/gen/embedded_data.c: build/tools/embed $(DATA)
	@mkdir -p $(dir $@)
	build/tools/embed $@ . $(DATA)

build/bench/deflate_speed: bench/deflate_speed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARN) $(DEFS) $(PKG_CFLAGS) -O2 -o $@ $< $(LIBS)

deps:
	@scripts/deps.sh

unit: $(REL_TESTS)
	@tests/run-unit.sh build/tests $(REL_TESTS)

unit-asan: $(SAN_TESTS)
	@tests/run-unit.sh build/asan/tests $(SAN_TESTS)

check:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build/datagen $(REL_TESTS) $(SAN_TESTS)
	@tests/run-all.sh

demo:
	@scripts/deps.sh build
	@$(MAKE) --no-print-directory build/datagen
	@scripts/demo.sh

bench:
	@scripts/deps.sh build
	@scripts/bench.sh

# PREFIX is where datagen will live, DESTDIR a staging root put before it
# (for packages): the binary, the manual page, and the bash and zsh
# completions in the directories bash-completion and zsh look in.
install: build/datagen
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" \
	    "$(DESTDIR)$(PREFIX)/share/zsh/site-functions"
	install -m 755 build/datagen "$(DESTDIR)$(PREFIX)/bin/datagen"
	install -m 644 man/datagen.1 "$(DESTDIR)$(PREFIX)/share/man/man1/datagen.1"
	install -m 644 completions/datagen.bash \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/datagen"
	install -m 644 completions/_datagen \
	    "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_datagen"

# Removes what install put there (the directories stay: they are shared).
.PHONY: uninstall
uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/datagen" \
	    "$(DESTDIR)$(PREFIX)/share/man/man1/datagen.1" \
	    "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/datagen" \
	    "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_datagen"

format:
	clang-format -i $(shell find src tests/unit tools bench -name '*.[ch]')

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
