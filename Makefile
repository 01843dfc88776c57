# mcrun build.  `make` builds build/mcrun; see README.md for the rest.
#
#   make                 optimised build in build/
#   make SAN=1           AddressSanitizer + UBSan build in build-asan/
#   make TSAN=1          ThreadSanitizer build in build-tsan/
#   make DISPATCH=switch switch-based dispatch instead of computed goto
#   make DEBUG=1         assertions and heap verifier, in build-debug/
#   make unit            C unit tests (tests/unit/*.c)

CC ?= gcc
OPT ?= -O2
BASE_CFLAGS = -std=gnu11 -g -Wall -Wextra -Wundef -Wno-unused-parameter \
              -Wno-missing-field-initializers -Wno-dangling-pointer -fno-strict-aliasing -pthread -D_GNU_SOURCE
LDLIBS = -lm -lpthread -ldl

BUILD = build
EXTRA =
ifeq ($(SAN),1)
  BUILD = build-asan
  EXTRA += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  OPT = -O1
endif
ifeq ($(TSAN),1)
  BUILD = build-tsan
  EXTRA += -fsanitize=thread
  OPT = -O1
endif
ifeq ($(DEBUG),1)
  BUILD = build-debug
  EXTRA += -DMC_DEBUG=1
  OPT = -O0
endif
ifeq ($(DISPATCH),switch)
  BUILD := $(BUILD)-switch
  EXTRA += -DMC_THREADED_CODE=0
endif
ifneq ($(STRESS),)
  BUILD := $(BUILD)-stress
  EXTRA += -DMC_GC_STRESS=1
endif

CFLAGS_ALL = $(BASE_CFLAGS) $(OPT) $(EXTRA) $(CFLAGS)
LDFLAGS_ALL = $(EXTRA) $(LDFLAGS)

SRCS := $(wildcard src/*.c)
LIB_SRCS := $(filter-out src/main.c,$(SRCS))
OBJS := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS))
UNIT_SRCS := $(wildcard tests/unit/*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))

all: $(BUILD)/mcrun

$(BUILD)/obj/%.o: src/%.c $(wildcard src/*.h src/*.def) | $(BUILD)/obj
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libmcrun.a: $(OBJS)
	rm -f $@
	ar rcs $@ $^

# Objects are linked directly, not through the archive: primitive tables
# are reached through weak references, which do not pull archive members.
# The executable exports stock's C API for stub libraries (src/capi.c) and
# nothing else: the list is every caml_* symbol that capi.o defines.
$(BUILD)/capi.sym: $(BUILD)/obj/capi.o
	{ echo '{'; nm -g --defined-only $< | awk '$$3 ~ /^caml_/ { print "  " $$3 ";" }'; echo '};'; } >$@

$(BUILD)/mcrun: $(BUILD)/obj/main.o $(OBJS) $(BUILD)/capi.sym
	$(CC) $(LDFLAGS_ALL) -Wl,--dynamic-list=$(BUILD)/capi.sym -o $@ $(BUILD)/obj/main.o $(OBJS) $(LDLIBS)

$(BUILD)/unit/%: tests/unit/%.c $(OBJS) $(wildcard tests/unit/*.h) | $(BUILD)/unit
	$(CC) $(CFLAGS_ALL) -Isrc $< -o $@ $(OBJS) $(LDLIBS)

unit: $(UNIT_BINS)
	@pass=0; fail=0; for t in $(UNIT_BINS); do \
	  if $$t > $(BUILD)/unit/$$(basename $$t).log 2>&1; then pass=$$((pass+1)); echo "PASS $$(basename $$t)"; \
	  else fail=$$((fail+1)); echo "FAIL $$(basename $$t) (see $(BUILD)/unit/$$(basename $$t).log)"; fi; done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# The README's test command: installs what is missing (scripts/setup.sh),
# builds, and runs every test stage.
test:
	scripts/setup.sh
	scripts/test-all.sh

test-asan:
	scripts/setup.sh
	$(MAKE) SAN=1
	scripts/test-all.sh --runtime-build build-asan --quick

# ThreadSanitizer: the differential domain tests (scripts/tsan-check.sh;
# the test-suite directories too with `scripts/tsan-check.sh` alone, about
# 30 minutes on 2 cores).
test-tsan:
	scripts/setup.sh
	$(MAKE) TSAN=1
	scripts/tsan-check.sh --no-build --diff-only

$(BUILD)/obj $(BUILD)/unit:
	mkdir -p $@

clean:
	rm -rf build build-asan build-tsan build-debug build-switch build-*-switch build*-stress

.PHONY: all unit clean test test-asan test-tsan

# Tools with their own make fragments (each defines its targets and adds
# them to TOOLS).
TOOLS :=
-include tools/*/build.mk
all: $(TOOLS)
