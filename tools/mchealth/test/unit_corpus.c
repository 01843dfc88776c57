/* unit_corpus: the corpus parser, expansion, template identities, command
   splitting, the judge's tables and signatures, and line diffs. */
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "corpus.h"
#include "diff.h"
#include "judge.h"
#include "util.h"

static void key_of(corpus_t *c, const char *tmpl, char out[HASH_HEX]) {
  keyb_t k;
  char err[300];
  keyb_init(&k, "t");
  if (corpus_key_template(c, &k, "x", tmpl, NULL, 0, err, sizeof err) != 0) snprintf(out, HASH_HEX, "error");
  else keyb_final(&k, out);
}

int main(void) {
  check_counts_t cc = {0, 0};
  char dir[] = "/tmp/mch-unit-corpus-XXXXXX";
  CHECK(&cc, mkdtemp(dir) != NULL);
  char *tool = path_join(dir, "tool"), *tool2 = path_join(dir, "tool2");
  file_write(tool, "v1", 2);
  file_write(tool2, "v1", 2);
  char err[400];

  const char *text_fmt =
      "# a comment\n"
      "path BASE %s\n"
      "set FLAGS -g -w +a\n"
      "tool CC ${BASE}/tool\n"
      "runtime stock /bin/true\n"
      "runtime test /bin/false\n"
      "timeout 30\n"
      "entry g/one\n"
      "  copy ${BASE}/tool\n"
      "  build ${CC} ${FLAGS} -o x.byte x.ml\n"
      "  run ${RUNTIME} ./x.byte 'a b' \"c d\"\n"
      "  env K=V\n"
      "  expect status 3\n"
      "  output a.out b.out\n"
      "end\n"
      "entry two\n"
      "  run echo $$HOME ${env:MCH_UNIT_UNSET:-fallback}\n"
      "  timeout 5\n";
  char *text = xasprintf(text_fmt, dir);
  corpus_t c;
  corpus_init(&c);
  CHECK(&cc, corpus_parse_text(&c, text, "t.corpus", dir, err, sizeof err) == 0);
  CHECK(&cc, c.nentries == 2 && c.nrts == 2);
  if (c.nentries == 2) {
    centry_t *e = &c.entries[0];
    CHECK_STR(&cc, e->group, "g");
    CHECK_STR(&cc, c.entries[1].group, "misc");
    CHECK(&cc, e->expect == EXPECT_STATUS && e->expect_status == 3);
    CHECK(&cc, e->timeout_s == 30 && c.entries[1].timeout_s == 5);
    CHECK(&cc, e->outputs.n == 2);
    buf_t b;
    buf_init(&b);
    local_var_t l[] = {{"RUNTIME", "/rt", "id"}};
    CHECK(&cc, corpus_expand(&c, e->run.v[0], l, 1, &b, err, sizeof err) == 0);
    CHECK_STR(&cc, b.data, "/rt ./x.byte 'a b' \"c d\"");
    strvec_t argv;
    sv_init(&argv);
    CHECK(&cc, cmd_split(b.data, &argv, err, sizeof err) == 0);
    CHECK(&cc, argv.n == 4);
    if (argv.n == 4) {
      CHECK_STR(&cc, argv.v[2], "a b");
      CHECK_STR(&cc, argv.v[3], "c d");
    }
    sv_free(&argv);
    unsetenv("MCH_UNIT_UNSET");
    CHECK(&cc, corpus_expand(&c, c.entries[1].run.v[0], NULL, 0, &b, err, sizeof err) == 0);
    CHECK_STR(&cc, b.data, "echo $HOME fallback");
    CHECK(&cc, corpus_expand(&c, "${NOPE}", NULL, 0, &b, err, sizeof err) != 0);
    buf_free(&b);
  }

  /* identities: a path's value is not part of a key, a set's value and a
     tool's content are */
  char k1[HASH_HEX], k2[HASH_HEX];
  key_of(&c, "${CC} ${FLAGS} ${BASE}/x", k1);
  corpus_define(&c, "BASE", "/somewhere/else");
  c.vars[0].kind = VAR_PATH;
  key_of(&c, "${CC} ${FLAGS} ${BASE}/x", k2);
  CHECK_STR(&cc, k1, k2);
  corpus_t c2;
  corpus_init(&c2);
  corpus_parse_text(&c2, text, "t.corpus", dir, err, sizeof err);
  key_of(&c2, "${CC} ${FLAGS}", k1);
  corpus_define(&c2, "FLAGS", "-O3");
  key_of(&c2, "${CC} ${FLAGS}", k2);
  CHECK(&cc, strcmp(k1, k2) != 0);
  corpus_free(&c2);
  corpus_init(&c2);
  corpus_parse_text(&c2, text, "t.corpus", dir, err, sizeof err);
  key_of(&c2, "${CC}", k1);
  corpus_free(&c2);
  usleep(2000);
  file_write(tool, "v2", 2);
  corpus_init(&c2);
  corpus_parse_text(&c2, text, "t.corpus", dir, err, sizeof err);
  key_of(&c2, "${CC}", k2);
  CHECK(&cc, strcmp(k1, k2) != 0);
  corpus_free(&c2);
  corpus_free(&c);
  free(text);

  /* parse errors carry the position */
  corpus_init(&c);
  CHECK(&cc, corpus_parse_text(&c, "entry a\n  frobnicate x\n", "bad.corpus", dir, err, sizeof err) != 0);
  CHECK(&cc, strstr(err, "bad.corpus:2") != NULL);
  corpus_free(&c);
  corpus_init(&c);
  CHECK(&cc, corpus_parse_text(&c, "entry a\n  run x\nentry a\n  run y\n", "dup", dir, err, sizeof err) != 0);
  corpus_free(&c);

  /* the diff generator reads the per-file options */
  char *src = path_join(dir, "prog.ml"), *sin = path_join(dir, "prog.stdin");
  const char *prog = "(* flags: -g *)\n(* env: OCAMLRUNPARAM=b X=1 *)\n(* args: a b *)\n(* libs: unix *)\nlet () = ()\n";
  file_write(src, prog, strlen(prog));
  file_write(sin, "in\n", 3);
  buf_t gen;
  buf_init(&gen);
  CHECK(&cc, corpus_gen_dir("diff", "${D}", dir, &gen, err, sizeof err) == 0);
  CHECK(&cc, strstr(gen.data, "build ${OCAMLC} -g -I +unix unix.cma -o prog.byte prog.ml") != NULL);
  CHECK(&cc, strstr(gen.data, "run ${RUNTIME} ./prog.byte a b") != NULL);
  CHECK(&cc, strstr(gen.data, "env OCAMLRUNPARAM=b") && strstr(gen.data, "env X=1"));
  CHECK(&cc, strstr(gen.data, "stdin ${D}/prog.stdin") != NULL);
  buf_free(&gen);
  free(src);
  free(sin);

  /* judge: the category table */
  CHECK(&cc, judge_category(CELL_PASS, CELL_PASS, 0, 0) == CAT_SAME_PASS);
  CHECK(&cc, judge_category(CELL_PASS, CELL_FAIL, 0, 0) == CAT_REGRESSED);
  CHECK(&cc, judge_category(CELL_PASS, CELL_CRASH, 0, 0) == CAT_REGRESSED);
  CHECK(&cc, judge_category(CELL_PASS, CELL_TIMEOUT, 0, 0) == CAT_SPURIOUS);
  CHECK(&cc, judge_category(CELL_PASS, CELL_TIMEOUT, 0, 1) == CAT_REGRESSED);
  CHECK(&cc, judge_category(CELL_PASS, CELL_OOM, 0, 0) == CAT_SPURIOUS);
  CHECK(&cc, judge_category(CELL_FAIL, CELL_PASS, 0, 0) == CAT_FIXED);
  CHECK(&cc, judge_category(CELL_FAIL, CELL_FAIL, 0, 0) == CAT_SAME_FAIL);
  CHECK(&cc, judge_category(CELL_BUILD_FAIL, CELL_BUILD_FAIL, 0, 0) == CAT_BROKEN);
  CHECK(&cc, judge_category(CELL_CRASH, CELL_PASS, 0, 0) == CAT_BROKEN);
  CHECK(&cc, judge_category(CELL_TIMEOUT, CELL_PASS, 0, 0) == CAT_SPURIOUS);
  CHECK(&cc, judge_category(CELL_TIMEOUT, CELL_PASS, 1, 0) == CAT_BROKEN);
  CHECK(&cc, judge_category(CELL_PASS, CELL_INTERNAL, 0, 0) == CAT_SPURIOUS);
  CHECK_STR(&cc, ocamltest_verdict(" ... testing 'a.ml' => passed\n"), "passed");
  CHECK_STR(&cc, ocamltest_verdict(" ... testing 'a.ml' => skipped\n"), "skipped");
  CHECK(&cc, ocamltest_verdict("nothing") == NULL);

  /* judge: cells in differential mode */
  exec_rec_t base, self;
  exec_init(&base);
  exec_init(&self);
  snprintf(base.state, sizeof base.state, "exit");
  snprintf(self.state, sizeof self.state, "exit");
  snprintf(base.stdout_hash, HASH_HEX, "aa");
  snprintf(self.stdout_hash, HASH_HEX, "aa");
  buf_t why;
  buf_init(&why);
  CHECK(&cc, judge_cell(EXPECT_STOCK, 0, NULL, &base, NULL, &why) == CELL_PASS);
  CHECK(&cc, judge_cell(EXPECT_STOCK, 0, NULL, &self, &base, &why) == CELL_PASS);
  self.exit_code = 2;
  CHECK(&cc, judge_cell(EXPECT_STOCK, 0, NULL, &self, &base, &why) == CELL_FAIL);
  snprintf(self.state, sizeof self.state, "signal");
  self.sig = 11;
  CHECK(&cc, judge_cell(EXPECT_STOCK, 0, NULL, &self, &base, &why) == CELL_CRASH);
  buf_adds(&self.err, "Fatal error: exception Not_found\nmcrun: unknown opcode 213 at pc 0x55d0a1b2\n");
  buf_t sig;
  buf_init(&sig);
  judge_signature(CELL_CRASH, &self, &base, &sig);
  CHECK_STR(&cc, sig.data, "signal 11 (Segmentation fault): mcrun: unknown opcode N at pc 0x?");
  buf_t norm;
  buf_init(&norm);
  judge_normalise("Fatal error: cannot open /tmp/x123/foo.ml: 42", &norm);
  CHECK_STR(&cc, norm.data, "Fatal error: cannot open …/foo.ml: N");
  judge_normalise("failed (program output $WORK/_ocamltest/a/b.output differs)", &norm);
  CHECK_STR(&cc, norm.data, "failed (program output …/b.output differs)");
  buf_free(&norm);
  buf_free(&sig);
  buf_free(&why);
  exec_free(&base);
  exec_free(&self);

  /* replacing a path inside binary content (NUL bytes before it) */
  {
    buf_t bin;
    buf_init(&bin);
    buf_add(&bin, "a\0b/work/t1/w\0c/work/t1/w", 26);
    buf_replace(&bin, "/work/t1/w", "$WORK");
    CHECK(&cc, bin.len == 16 && memcmp(bin.data, "a\0b$WORK\0c$WORK", 16) == 0);
    buf_free(&bin);
  }

  /* diffs */
  buf_t d;
  buf_init(&d);
  CHECK(&cc, diff_unified("a\nb\nc\n", "a\nb\nc\n", "x", "y", 3, 100, &d) == 0);
  CHECK(&cc, d.len == 0);
  CHECK(&cc, diff_unified("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n", "x", "y", 1, 100, &d) == 2);
  CHECK(&cc, strstr(d.data, "@@ -4,3 +4,3 @@\n 4\n-5\n+FIVE\n 6\n") != NULL);
  buf_reset(&d);
  CHECK(&cc, diff_unified("", "new\n", "x", "y", 3, 100, &d) == 1);
  CHECK(&cc, strstr(d.data, "+new") != NULL);
  buf_free(&d);

  rm_rf(dir);
  free(tool);
  free(tool2);
  return check_report("unit_corpus", &cc);
}
