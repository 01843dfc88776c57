# tools/mchealth/build.mk: builds build/mchealth, the regression checker, and
# runs its tests (`make mchealth-test`).  Included by the root Makefile.

MCH_DIR := tools/mchealth
MCH_SRCS := $(wildcard $(MCH_DIR)/src/*.c)
MCH_HDRS := $(wildcard $(MCH_DIR)/src/*.h)
MCH_LIB_SRCS := $(filter-out $(MCH_DIR)/src/main.c,$(MCH_SRCS))
MCH_OBJDIR := $(BUILD)/mchealth-obj
MCH_OBJS := $(patsubst $(MCH_DIR)/src/%.c,$(MCH_OBJDIR)/%.o,$(MCH_LIB_SRCS))
MCH_CFLAGS := -std=gnu11 -g -O2 -Wall -Wextra -Wundef -D_GNU_SOURCE $(EXTRA)
MCH_LIBS := -lsqlite3 -lz
MCH_UNIT_SRCS := $(wildcard $(MCH_DIR)/test/unit_*.c)
MCH_UNIT_BINS := $(patsubst $(MCH_DIR)/test/%.c,$(MCH_OBJDIR)/%,$(MCH_UNIT_SRCS))

TOOLS += $(BUILD)/mchealth

$(MCH_OBJDIR)/%.o: $(MCH_DIR)/src/%.c $(MCH_HDRS) | $(MCH_OBJDIR)
	$(CC) $(MCH_CFLAGS) -c $< -o $@

$(BUILD)/mchealth: $(MCH_OBJDIR)/main.o $(MCH_OBJS)
	$(CC) $(EXTRA) -o $@ $^ $(MCH_LIBS)

$(MCH_OBJDIR)/unit_%: $(MCH_DIR)/test/unit_%.c $(MCH_DIR)/test/check.h $(MCH_OBJS)
	$(CC) $(MCH_CFLAGS) -I$(MCH_DIR)/src $< -o $@ $(MCH_OBJS) $(MCH_LIBS)

$(MCH_OBJDIR):
	mkdir -p $@

# C unit tests, the end-to-end test with a broken runtime, the kill-and-resume
# test and the headless Chromium test; ends with "N passed, N failed".
mchealth-test: $(BUILD)/mchealth $(MCH_UNIT_BINS)
	$(MCH_DIR)/test/run-tests.sh $(BUILD)

.PHONY: mchealth-test
