/* domain.h: the two state records of mcrun, per domain and per runtime.
 *
 * mcrun keeps no mutable process-global state.  Everything lives in one of:
 *
 *   struct mc_runtime  shared by all domains of one running program: the
 *                      loaded code, primitives, global data, named values,
 *                      custom operations, the shared part of the GC.
 *   struct mc_domain   owned by one domain (one OS thread): its minor heap,
 *                      interpreter stack, exception context, local roots,
 *                      remembered set, major-heap allocation pools, mark
 *                      work, backtrace buffer, statistics.
 *
 * Every C function that can allocate, raise or run OCaml code takes the
 * domain as its first argument (`d`).  Fields of mc_runtime say what
 * protects them; "immutable after startup" fields may be read freely.
 */
#ifndef MC_DOMAIN_H
#define MC_DOMAIN_H

#include <setjmp.h>
#include <stdbool.h>
#include <stdatomic.h>
#include <pthread.h>
#include "value.h"
#include "gc_stats.h"

/* One iteration of a spin-wait: tells the processor (and a hypervisor)
 * that this thread is waiting. */
static inline void mc_cpu_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

struct mc_runtime;
struct mc_domain;
struct mc_heap;       /* gc_major.c: per-domain allocation pools */
struct mc_mark;       /* gc_major.c: per-domain mark work */
struct mc_channel;    /* io.h */
struct mc_debuginfo;  /* backtrace.c */
struct mc_primdef;    /* prims.h */
struct mc_ser;        /* marshal_out.c: an output_value in progress */
struct mc_deser;      /* marshal_in.c: an input_value in progress */
typedef struct mc_domain mc_domain;
typedef void (*mc_prim_fn_t)(void);
/* A function run by every domain in a stop-the-world section. */
typedef void (*mc_stw_fn)(struct mc_domain *d, void *arg, bool leader);

/* Domain status, under rt->stw.lock (see domain.c). */
enum mc_domain_status { DOMAIN_RUNNING, DOMAIN_BLOCKED };

/* The stop-the-world rendezvous (domain.c).  All fields under `lock`,
 * except participants, which is stable while a section runs. */
struct mc_stw {
  pthread_mutex_t lock;
  pthread_cond_t cond;          /* a participant arrived or left */
  pthread_cond_t barrier_cond;  /* a barrier opened */
  pthread_cond_t done_cond;     /* a section ended */
  pthread_cond_t start_cond;    /* every participant has arrived */
  bool active;
  bool started;                 /* participants may run the function */
  bool serial;                  /* only the leader runs it (set with participants) */
  uint64_t generation;          /* sections completed */
  mc_stw_fn fn;
  void *arg;
  enum mc_pause_kind kind;      /* for the pause statistics */
  struct mc_domain *leader;
  int participants, arrived;
  int barrier_count;
  uint64_t barrier_gen;
  /* Spinning before blocking (domain.c): the processors online, and how
   * long a wait spins now (atomic, relaxed; adapted to how often spinning
   * paid off). */
  int ncpus;
  unsigned spin_ns;
};
typedef struct mc_runtime mc_runtime;

/* ---- Interpreter stacks ----
 * The stack grows downward from `high`.  A running stack's sp lives in the
 * interpreter's register; `sp` here is valid whenever the interpreter has
 * saved it (C calls, GC, stack switches).  Trap frames link to each other
 * by offsets from `high`, so a stack can be moved to grow it.
 * The three handler closures belong to the effect handler that runs this
 * stack (fibers); they are unit on the main stack. */
struct mc_stack {
  value *sp;
  value *base;              /* lowest usable word */
  value *high;              /* one past the highest word */
  struct mc_stack *parent;  /* stack of the enclosing handler, or NULL */
  value handle_value;
  value handle_exn;
  value handle_effect;
  int64_t id;
  size_t size_words;        /* high - base */
  bool separate_buffer;     /* base is its own malloc block (else inline) */
  bool shared;              /* held by a copied continuation (Obj.dup): never
                               freed by the GC, as stock never frees them */
  struct mc_stack *next_free; /* link in the domain's cache of free stacks */
  value inline_words[];     /* first buffer of a fiber stack */
};

/* ---- Local roots ----
 * C code registers the addresses of its value variables in a frame that
 * lives on the C stack, so that a GC can find and update them.  Frames are
 * chained from d->local_roots and popped automatically at scope exit
 * (GNU cleanup attribute); a raise restores the chain saved at its catch
 * point.  Use GC_ROOTS(d, &a, &b, ...) once per scope. */
struct mc_rootframe {
  struct mc_rootframe *prev;
  size_t count;
  value **slots;
  mc_domain *owner;
  value *array;        /* optional: a C array of values ... */
  size_t array_len;    /* ... of this length, also roots */
};

/* ---- Catch points for exceptions raised from C ----
 * Each interpreter activation (and each C function that must intercept an
 * OCaml exception) pushes one.  mc_raise longjmps to the innermost. */
struct mc_catch {
  jmp_buf buf;
  struct mc_catch *prev;
  struct mc_rootframe *roots;  /* local roots to restore */
  void *capi_roots;            /* the same for stubs' CAMLparam frames (capi.c) */
  value exn;                   /* the exception, set before longjmp */
};

/* Growable vector of pointers to fields (the remembered set). */
struct mc_ptrvec {
  value **base, **ptr, **end, **cap;  /* end <= cap: see mc_remember */
};

/* Growable vector of values, used as GC root sets owned by a domain. */
struct mc_valvec {
  value *base;
  size_t len, cap;
};

/* A finaliser registered with Gc.finalise or Gc.finalise_last. */
struct mc_final {
  value val;     /* the finalised value (weak until it dies) */
  value fn;      /* the closure to call */
  intptr_t age;  /* scratch: alive (1) or dead (0) in the running collection */
};
struct mc_finaltab {
  struct mc_final *items;
  size_t len, cap;
  size_t young;  /* items[young..len) were added since the last minor GC */
};

/* Statistics shown by Gc.stat, Gc.counters and OCAMLRUNPARAM=v=0x400. */
struct mc_gcstats {
  double minor_words;       /* words allocated in the minor heap */
  double promoted_words;    /* words promoted by minor collections */
  double major_words;       /* words allocated in the major heap (incl. promoted) */
  intptr_t minor_collections;
  intptr_t major_collections;
  intptr_t forced_major_collections;
  intptr_t compactions;
  intptr_t stack_grow;
};

/* Stock's caml_domain_state (its domain_state.tbl): 60 fields of one
 * 8-byte-aligned word each, then 64 words of extra parameters; 124 words
 * in all.  local_roots is field 20 and id field 36.  Checked by
 * tests/stublibs-check.sh against stock's headers. */
#define MC_CAPI_STATE_WORDS 124
#define MC_CAPI_LOCAL_ROOTS 20
#define MC_CAPI_DOMAIN_ID 36

/* Per-domain state.  Owner domain only, except where a field says so. */
struct mc_domain {
  /* Minor heap, allocation downward from young_end to young_start. */
  value *young_ptr;
  value *young_start;
  value *young_end;
  /* Allocation slow path triggers when young_ptr would pass young_limit.
   * Other domains (and signal handlers) set it to young_end to ask this
   * domain to reach a safepoint: atomic, relaxed. */
  _Atomic(uvalue) young_limit;
  _Atomic(int) action_pending;  /* a safepoint has work: relaxed */
  unsigned relax_count;         /* Domain.cpu_relax calls (own domain only) */

  /* Interpreter */
  struct mc_stack *stack;       /* the stack running now */
  intptr_t trap_sp_off;         /* offset of innermost trap from stack->high; > 0: none */
  struct mc_catch *catch_point; /* innermost C catch point */
  struct mc_rootframe *local_roots;
  int interp_depth;             /* nested interpreter activations (callbacks) */

  struct mc_runtime *rt;
  int id;                       /* index in rt->domains (Domain.self_index) */
  int64_t unique_id;            /* Domain.self */
  pthread_t thread;

  /* Stop-the-world bookkeeping: status, stw_participant and stw_arrived
   * under rt->stw.lock; stw_requested is atomic (release/acquire). */
  enum mc_domain_status status;
  bool stw_participant, stw_arrived;
  _Atomic(int) stw_requested;
  bool blocked_alone;           /* in a blocking section while the only domain */
  int64_t next_stack_id;

  /* Write barrier: fields of major blocks that point into the minor heap. */
  struct mc_ptrvec remembered;
  /* Young custom blocks with finalisers, and young ephemerons. */
  struct mc_valvec young_customs;
  struct mc_valvec young_ephes;
  /* Continuations allocated since the last minor collection (their stacks
   * are freed if they die young), and old continuations whose stack chain
   * received young values (reperform): scanned by the next minor GC. */
  struct mc_valvec young_conts;
  struct mc_valvec dirty_conts;
  /* Cache of free fiber stacks of the initial size. */
  struct mc_stack *free_stacks;
  size_t nfree_stacks;
  /* Stack on which the innermost interpreter activation started: effects
   * and exceptions do not cross it (C frames lie beyond). */
  struct mc_stack *activation_stack;
  /* Blocks promoted by the running minor collection, still to scan. */
  struct mc_valvec minor_todo;
  /* All ephemerons allocated by this domain, linked through EPHE_LINK
   * (weak links: ephemerons are ABSTRACT_TAG, never scanned). */
  value ephe_list;
  /* Words allocated directly in the major heap, and promoted, since the
   * last major slice: drives the slice's amount of work. */
  double alloc_since_slice;
  /* Work of the last major slice left undone because another domain asked
   * for a stop-the-world section meanwhile: added to the next slice. */
  intptr_t major_debt;

  struct mc_heap *heap;         /* major-heap pools this domain allocates from */
  struct mc_mark *mark;         /* this domain's share of marking */
  /* Read by other domains deciding whether marking / sweeping is over
   * (atomic, relaxed; the decision itself is taken in a section). */
  _Atomic(int) mark_nonempty;
  _Atomic(int) sweep_pending;

  /* Finalisers registered by this domain. */
  struct mc_finaltab final_first;   /* Gc.finalise */
  struct mc_finaltab final_last;    /* Gc.finalise_last */
  struct mc_valvec final_todo;      /* pairs (fn, arg) ready to run */
  bool running_finalisers;

  /* Exception backtrace (Printexc.record_backtrace). */
  bool backtrace_active;
  intptr_t backtrace_pos;
  code_t *backtrace_buffer;     /* MC_BACKTRACE_SIZE entries, or NULL */
  value backtrace_last_exn;

  /* Domain.DLS state (an OCaml array). */
  value dls_root;
  /* Gc.Memprof profile of this domain (a block [status; ...]), or unit. */
  value memprof_config;
  /* The threads library's state of this domain (threads.c), or NULL. */
  struct mc_threads *threads;
  /* Parsing.set_trace switch (OCAMLRUNPARAM=p also turns tracing on). */
  bool parser_trace;
  /* Object ids are handed out in chunks from rt->oo_next_id. */
  intptr_t oo_next_id_local;

  /* Minor heap size in words, set by Gc.set or OCAMLRUNPARAM=s. */
  size_t minor_heap_wsize;
  /* Requests raised by allocation and Gc functions, serviced at safepoints. */
  bool request_minor_gc;
  bool request_major_slice;

  struct mc_gcstats stats;
  struct mc_pause_stats pauses;   /* owner only; merged at exit */

  /* What stock's C API calls the domain state (capi.c): a zeroed area
   * with the layout of stock's caml_domain_state, which the TLS variable
   * `caml_state` of every thread running this domain points to.  Foreign
   * stubs' CAMLparam/CAMLlocal frames are chained from its local_roots
   * word (MC_CAPI_LOCAL_ROOTS), a GC root like local_roots above. */
  uintptr_t capi_state[MC_CAPI_STATE_WORDS] __attribute__((aligned(16)));
  /* The marshalling in progress while a foreign custom block's serialize
   * or deserialize function runs, for stock's caml_serialize_* and
   * caml_deserialize_* (capi.c); NULL otherwise.  Owner thread only. */
  struct mc_ser *capi_ser;
  struct mc_deser *capi_deser;
};

#define MC_BACKTRACE_SIZE 1024

/* ---- Local root frames (see struct mc_rootframe) ---- */
static inline void mc_rootframe_pop(struct mc_rootframe *f) { f->owner->local_roots = f->prev; }

#define MC_CAT_(a, b) a##b
#define MC_CAT(a, b) MC_CAT_(a, b)
#define GC_ROOTS(d, ...) GC_ROOTS_(d, __COUNTER__, __VA_ARGS__)
#define GC_ROOTS_(d, n, ...)                                                      \
  value *MC_CAT(mc_rs_, n)[] = {__VA_ARGS__};                                     \
  struct mc_rootframe MC_CAT(mc_rf_, n) __attribute__((cleanup(mc_rootframe_pop))) = { \
      (d)->local_roots, sizeof(MC_CAT(mc_rs_, n)) / sizeof(value *), MC_CAT(mc_rs_, n), \
      (d), NULL, 0};                                                              \
  (d)->local_roots = &MC_CAT(mc_rf_, n)
/* Registers a C array of `len` values as roots for the rest of the scope. */
#define GC_ROOTS_ARRAY(d, arr, len) GC_ROOTS_ARRAY_(d, __COUNTER__, arr, len)
#define GC_ROOTS_ARRAY_(d, n, arr, len)                                           \
  struct mc_rootframe MC_CAT(mc_rf_, n) __attribute__((cleanup(mc_rootframe_pop))) = { \
      (d)->local_roots, 0, NULL, (d), (arr), (len)};                              \
  (d)->local_roots = &MC_CAT(mc_rf_, n)

/* Parameters from OCAMLRUNPARAM and the command line (immutable after startup,
 * except those Gc.set changes, which are protected by the GC's STW). */
struct mc_params {
  uvalue init_minor_heap_wsz;   /* s */
  uvalue space_overhead;        /* o */
  uvalue max_stack_wsz;         /* l */
  uvalue backtrace_enabled;     /* b */
  uvalue verbose;               /* v */
  uvalue max_domains;           /* d */
  uvalue custom_major_ratio;    /* M */
  uvalue custom_minor_ratio;    /* m */
  uvalue custom_minor_max_bsz;  /* n */
  uvalue parser_trace;          /* p */
  uvalue cleanup_on_exit;       /* c */
  uvalue runtime_events_log_wsize; /* e */
  uvalue trace_level;           /* t */
  uvalue verify_heap;           /* V */
  uvalue runtime_warnings;      /* W */
};

/* The fragment table: MC_FRAG_CHUNKS chunks of MC_FRAG_CHUNK entries. */
#define MC_FRAG_CHUNK 64
#define MC_FRAG_CHUNKS 4096

/* A contiguous region of loaded bytecode. */
struct mc_code_fragment {
  code_t start;                 /* NULL once removed (relaxed atomic) */
  size_t size_bytes;            /* in bytes */
  unsigned char digest[16];
  bool digest_valid;
  bool user_code;               /* program or Dynlink code (has debug events) */
  bool owned;                   /* code allocated for this fragment (reified);
                                 * freed at teardown if still registered */
  int id;
};

/* A named value (Callback.register). */
struct mc_named_value {
  char *name;
  value val;                    /* a GC root */
  struct mc_named_value *next;
};

/* A global root registered from C (mc_register_global_root). */
struct mc_global_root {
  value *ptr;
  struct mc_global_root *next;
};

/* The runtime, shared by every domain. */
struct mc_runtime {
  struct mc_params params;      /* see above */

  /* Code: fragments are added by the loader, Dynlink and the toplevel
   * (append only).  Writers hold code_lock.  Readers (backtraces, on any
   * domain) take no lock: entries live in chunks that never move, an entry
   * is filled before nfragments is raised (release store; readers load it
   * with acquire), and `start` is read and cleared with relaxed atomics.
   * mc_code_fragment_at (loader.c) finds entry i. */
  pthread_mutex_t code_lock;
  struct mc_code_fragment *frag_chunks[MC_FRAG_CHUNKS];
  int nfragments;
  code_t main_code;             /* main program's code (threaded) */
  size_t main_code_size;        /* in bytes */
  char *jumptable_base;         /* threaded-code base (interp.c) */
  const void *const *jumptable; /* label address per opcode */
  code_t stop_code;             /* one STOP instruction, threaded */
  code_t callback_code;         /* shared return point of callbacks */
  code_t raise_code;            /* ACC 0; RAISE (fiber.c) */
  value raise_closure;          /* closure over raise_code (global root) */

  /* Primitives named by the PRIM section, in order (immutable after load). */
  const struct mc_primdef **prims;
  size_t nprims;
  char **prim_names;
  mc_prim_fn_t *prim_fns;       /* prims[i]->fn, or a stub, for the interpreter */
  void **retired;               /* tables replaced by mc_add_primitive, freed at exit */
  size_t nretired;

  /* Global data (root; written via mc_modify). */
  value global_data;
  /* What an exception raised while the global data is being read said
   * (the exception itself cannot be built yet); main domain only. */
  char early_failure[96];

  /* Named values and global roots: protected by roots_lock. */
  pthread_mutex_t roots_lock;
  struct mc_named_value *named_values;
  struct mc_global_root *global_roots;

  /* Custom operations registered for unmarshalling: protected by roots_lock. */
  struct mc_custom_ops_node *custom_ops;
  /* mcrun's operations standing for those of foreign custom blocks
   * (capi.c): protected by roots_lock. */
  struct mc_capi_custom *capi_customs;

  /* Open channels, for flushing at exit and out_channels_list:
   * protected by channels_lock. */
  pthread_mutex_t channels_lock;
  struct mc_channel *channels;

  /* Debug information (DBUG section), loaded lazily: protected by code_lock. */
  struct mc_debuginfo *debuginfo;
  bool debuginfo_loaded;

  /* Program name and arguments (Sys.executable_name, Sys.argv). */
  char *exe_name;
  /* Embedding (embed.c): caml_startup calls not yet matched by
   * caml_shutdown, and whether the last one came.  Touched only by the
   * thread that started the runtime. */
  int embed_starts;
  bool embed_shut_down;
  char **argv;
  int argc;
  char **shared_lib_path;       /* where stub libraries are searched (stublibs.c) */
  int nshared_lib_path;
  /* C stub libraries opened (stublibs.c) and the descriptors of the
   * primitives found in them: under code_lock after startup. */
  struct mc_stublib *stublibs;
  struct mc_foreign_prim *foreign_prims;

  /* Sys and signal state (signals.c): created on first use, then
   * immutable as a pointer; atomic, acquire/release. */
  _Atomic(struct mc_sysstate *) sys;

  /* Shared GC state (gc_major.c). */
  struct mc_gc_shared *gc;

  /* Domains.  Slots are written under stw.lock, and only outside
   * stop-the-world sections; nslots is one past the highest slot ever
   * used.  ndomains_live is atomic (acquire/release): 1 means the single
   * domain may skip the protocol. */
  pthread_mutex_t domains_lock;
  struct mc_domain *domains[MC_MAX_DOMAINS];
  /* The memory of each slot's domain structure: allocated when the slot
   * is first used and kept until mc_runtime_free, so that a signal handler
   * or a late reader that loads domains[i] never touches freed memory.
   * Written under stw.lock. */
  struct mc_domain *domain_mem[MC_MAX_DOMAINS];
  /* A slot is busy from mc_domain_new until its domain's thread has
   * released the structure (after the slot left domains[]).  stw.lock. */
  bool slot_busy[MC_MAX_DOMAINS];
  int nslots;
  _Atomic(int) ndomains_live;
  int64_t next_unique_id;       /* under stw.lock */
  struct mc_pause_stats dead_pauses; /* of terminated domains, under stw.lock */
  struct mc_stw stw;
  /* The threads library's runtime-wide state (threads.c), or NULL. */
  struct mc_threads_runtime *threads_rt;

  /* Next chunk of object ids (Oo.id): atomic, relaxed. */
  _Atomic(intptr_t) oo_next_id;

  /* Set when the program is exiting: at_exit handlers have run. */
  _Atomic(int) exiting;
  /* Domain threads started and not yet finished, counting a thread until
   * its last access to the runtime (so a terminated domain's thread still
   * counts while it unwinds).  Atomic, acq_rel; mc_exit frees the runtime
   * only once it is 0. */
  _Atomic(int) domain_threads;
};

#endif
