/*
 * test_map_model.c - the model file and mapping through the C API: training the tiny
 * fixture, round trip (same answers after reopening), corruption and truncation, version
 * mismatch, determinism, the JSON rendering, evaluation metrics and the record service.
 */
#include "testutil.h"

#include "core/err.h"
#include "mapping/map_model.h"
#include "mapping/map_service.h"
#include "mapping/map_train.h"
#include "mapping/mapping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *model_path;

/* train_fixture trains the tiny fixture once per process. */
static const char *train_fixture(void)
{
	struct map_train_opts o = {0};
	struct map_train_report rep;
	struct errinfo e;

	if (model_path)
		return model_path;
	o.data_dir = "tests/fixtures/mapping";
	o.frameworks_dir = "data/frameworks";
	model_path = strdup(tu_path("tiny.bin"));
	errinfo_clear(&e);
	if (map_train(&o, model_path, &rep, &e))
		fail_msg("training failed: %s", e.msg);
	assert_int_equal(rep.ngroups, 4); /* official, keywords, alpha, beta */
	assert_int_equal(rep.validation_groups, 2);
	return model_path;
}

static void spit(const char *path, const unsigned char *b, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, n, f), n);
	fclose(f);
}

static const char *health = "Malaria vaccination campaigns in health clinics and hospitals, "
			    "with telemedicine for maternal health.";

static void test_round_trip(void **state)
{
	struct map_model *m = NULL, *m2 = NULL;
	struct map_result r1, r2;
	struct errinfo e;
	int found3 = 0;

	(void)state;
	assert_int_equal(map_model_open(train_fixture(), &m, &e), 0);
	assert_int_equal(map_model_open(model_path, &m2, &e), 0);
	map_result_init(&r1);
	map_result_init(&r2);
	assert_int_equal(map_text(m, health, "en", &r1), 0);
	assert_int_equal(map_text(m2, health, "en", &r2), 0);
	for (int i = 0; i < r1.nsdgs; i++)
		found3 |= strcmp(r1.sdgs[i].code, "3") == 0;
	assert_true(found3);
	assert_true(r1.sdg_score[2] >= 0.5f);
	assert_memory_equal(r1.sdg_score, r2.sdg_score, sizeof r1.sdg_score);
	assert_int_equal(r1.nal, r2.nal);
	assert_true(r1.nal >= 1);
	assert_string_equal(r1.action_lines[0].code, "C7.e-health");
	assert_true(r1.sdgs[0].nevidence > 0);
	/* evidence spans lie in the text */
	for (int i = 0; i < r1.nsdgs; i++)
		for (int k = 0; k < r1.sdgs[i].nevidence; k++)
			assert_true(r1.sdgs[i].evidence[k].end <= strlen(health));
	map_result_cleanup(&r1);
	map_result_cleanup(&r2);
	map_model_close(m);
	map_model_close(m2);
	map_model_close(NULL);
}

static void test_determinism(void **state)
{
	struct map_model *m = NULL;
	struct map_result r;
	struct errinfo e;
	char *a, *b;
	json_t *j;

	(void)state;
	assert_int_equal(map_model_open(train_fixture(), &m, &e), 0);
	map_result_init(&r);
	assert_int_equal(map_text(m, health, NULL, &r), 0);
	j = map_result_json(&r, health, strlen(health), 1);
	a = json_dumps(j, MAP_JSON_FLAGS);
	json_decref(j);
	/* another text in between must not leak into the next answer */
	assert_int_equal(map_text(m, "Solar energy for schools and coral reefs", NULL, &r), 0);
	assert_int_equal(map_text(m, health, NULL, &r), 0);
	j = map_result_json(&r, health, strlen(health), 1);
	b = json_dumps(j, MAP_JSON_FLAGS);
	json_decref(j);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "\"sdgs\":[3"));
	assert_non_null(strstr(a, "\"evidence\":{\"targets\""));
	free(a);
	free(b);
	/* a goal named by number is found whatever the model says of the rest */
	assert_int_equal(map_text(m, "Solar energy for schools", NULL, &r), 0);
	assert_true(r.sdg_score[16] < 0.5f);
	assert_int_equal(map_text(m, "Solar energy for schools, towards SDG 17", NULL, &r), 0);
	assert_true(r.sdg_score[16] >= 0.5f);
	assert_string_equal(r.sdgs[r.nsdgs - 1].code, "17");
	/* empty and NULL text: no labels, no failure */
	assert_int_equal(map_text(m, "", NULL, &r), 0);
	assert_int_equal(r.nsdgs + r.ntargets + r.nal + r.ngdc, 0);
	assert_int_equal(map_text(m, NULL, NULL, &r), 0);
	/* over the limit */
	assert_int_equal(map_textn(m, "x", MAP_MAX_TEXT + 1, NULL, &r), ERR_TOO_LARGE);
	assert_int_equal(r.nsdgs, 0);
	map_result_cleanup(&r);
	map_model_close(m);
}

static void expect_refused(const char *path, const char *what)
{
	struct map_model *m = NULL;
	struct errinfo e;

	errinfo_clear(&e);
	assert_int_not_equal(map_model_open(path, &m, &e), 0);
	assert_null(m);
	if (!strstr(e.msg, what))
		fail_msg("expected \"%s\" in \"%s\"", what, e.msg);
}

static void test_corruption(void **state)
{
	size_t n;
	unsigned char *b = (unsigned char *)tu_read_file(train_fixture(), &n);
	unsigned char *c = malloc(n);
	uint32_t v = 99;

	(void)state;
	/* every region of the file: a flipped byte is caught */
	for (size_t off = 64; off < n; off += n / 7) {
		memcpy(c, b, n);
		c[off] ^= 0x20;
		spit(tu_path("flip.bin"), c, n);
		expect_refused(tu_path("flip.bin"), "checksum does not match");
	}
	spit(tu_path("short.bin"), b, n - 1);
	expect_refused(tu_path("short.bin"), "truncated");
	spit(tu_path("tiny.bin.h"), b, 40);
	expect_refused(tu_path("tiny.bin.h"), "not a stocktake mapping model");
	memcpy(c, b, n);
	c[0] = 'X';
	spit(tu_path("magic.bin"), c, n);
	expect_refused(tu_path("magic.bin"), "bad magic number");
	memcpy(c, b, n);
	memcpy(c + 8, &v, 4);
	spit(tu_path("version.bin"), c, n);
	expect_refused(tu_path("version.bin"), "format version 99");
	expect_refused(tu_path("missing.bin"), "cannot open the model");
	expect_refused(tu_tmpdir(), "not a regular file");
	free(b);
	free(c);
}

static void test_index_checks(void **state)
{
	/* a file with a valid checksum whose contents lie: an index out of range */
	size_t n;
	unsigned char *b = (unsigned char *)tu_read_file(train_fixture(), &n);
	struct map_file_header h;
	struct map_section tab[MAP_SEC__COUNT];

	(void)state;
	memcpy(&h, b, sizeof h);
	memcpy(tab, b + sizeof h, h.nsections * sizeof *tab);
	for (uint32_t i = 0; i < h.nsections; i++)
		if (tab[i].id == MAP_SEC_TVEC) {
			uint32_t bad = 0xffffff;
			memcpy(b + tab[i].offset, &bad, 4);
		}
	h.checksum = map_model_checksum(b + sizeof h, n - sizeof h);
	memcpy(b, &h, sizeof h);
	spit(tu_path("index.bin"), b, n);
	expect_refused(tu_path("index.bin"), "index is out of range");
	free(b);
}

static void test_metrics(void **state)
{
	struct map_confusion c = {.tp = 6, .fp = 2, .tn = 10, .fn = 2};
	struct map_confusion none = {0}, neg = {.tn = 3, .fp = 1};
	struct map_metrics mt;

	(void)state;
	map_metrics_of(&c, &mt);
	assert_int_equal(mt.n, 20);
	assert_float_equal(mt.accuracy, 0.8, 1e-12);
	assert_float_equal(mt.precision, 0.75, 1e-12);
	assert_float_equal(mt.recall, 0.75, 1e-12);
	assert_float_equal(mt.f1, 0.75, 1e-12);
	assert_float_equal(mt.balanced_accuracy, (0.75 + 10.0 / 12.0) / 2, 1e-12);
	map_metrics_of(&none, &mt);
	assert_int_equal(mt.n, 0);
	assert_float_equal(mt.accuracy, 0, 0);
	map_metrics_of(&neg, &mt);
	assert_float_equal(mt.accuracy, 0.75, 1e-12);
	assert_float_equal(mt.precision, 0, 0);
	assert_float_equal(mt.balanced_accuracy, 0.75, 1e-12);
}

static void test_eval_file(void **state)
{
	struct map_model *m = NULL;
	struct map_eval ev;
	struct errinfo e;

	(void)state;
	assert_int_equal(map_model_open(train_fixture(), &m, &e), 0);
	tu_write_file(tu_path("b.csv"),
		      "id,text,sdg,label\n"
		      "1,\"Malaria vaccination in health clinics and hospitals\",3,True\n"
		      "2,\"Coral reefs, fisheries and marine life\",3,false\n"
		      "3,\"Coral reefs, fisheries and marine life\",14,TRUE\n");
	assert_int_equal(map_eval_file(m, tu_path("b.csv"), &ev, &e), 0);
	assert_false(ev.single_label);
	assert_int_equal(ev.rows, 3);
	assert_int_equal(ev.sdg[2].tp, 1);
	assert_int_equal(ev.sdg[2].tn, 1);
	assert_int_equal(ev.sdg[13].tp, 1);
	tu_write_file(tu_path("s.csv"), "text,sdg\n"
					"\"Malaria vaccination in health clinics\",3\n"
					"\"Malaria vaccination in health clinics\",1\n"
					"\"Solar panels and renewable energy\",7\n");
	assert_int_equal(map_eval_file(m, tu_path("s.csv"), &ev, &e), 0);
	assert_true(ev.single_label);
	assert_int_equal(ev.rows, 3);
	assert_int_equal(ev.texts, 2);
	for (int s = 0; s < MAP_NSDG; s++)
		assert_int_equal(ev.sdg[s].tp + ev.sdg[s].fp + ev.sdg[s].tn + ev.sdg[s].fn, 2);
	assert_int_equal(ev.sdg[0].tp + ev.sdg[0].fn, 1); /* the repeated text holds SDG 1 too */
	tu_write_file(tu_path("x.csv"), "words,label\n\"a\",True\n");
	assert_int_equal(map_eval_file(m, tu_path("x.csv"), &ev, &e), ERR_INVALID);
	assert_non_null(strstr(e.msg, "text and sdg"));
	tu_write_file(tu_path("y.csv"), "text,sdg\n");
	assert_int_equal(map_eval_file(m, tu_path("y.csv"), &ev, &e), ERR_INVALID);
	map_model_close(m);
}

static void test_tag_initiative(void **state)
{
	struct map_model *m = NULL;
	struct map_result r;
	struct initiative ini;
	struct arena a;
	struct errinfo e;
	int added = 0, sdg_model = 0;

	(void)state;
	assert_int_equal(map_model_open(train_fixture(), &m, &e), 0);
	map_result_init(&r);
	arena_init(&a, 0);
	ini_init(&ini);
	ini.title = "Telemedicine network";
	ini.description = health;
	assert_int_equal(ini_add_tag(&ini, &a, "gdc", "1", "submitter", 0, 0), 0);
	assert_int_equal(ini_add_tag(&ini, &a, "sdg", "9", "model", 0.7, 1), 0);
	/* import: the record has tags of sdg and gdc, so only targets and Action Lines come */
	assert_int_equal(map_tag_initiative(m, &r, &ini, &a, 0, &added), 0);
	for (size_t i = 0; i < ini.ntags; i++) {
		if (strcmp(ini.tags[i].scheme, "gdc") == 0)
			assert_string_equal(ini.tags[i].origin, "submitter");
		if (strcmp(ini.tags[i].scheme, "sdg") == 0)
			assert_string_equal(ini.tags[i].code, "9");
	}
	assert_true(ini_has_tag_scheme(&ini, "action_line"));
	/* remap: the model tags go, and the model's SDGs come */
	assert_int_equal(map_tag_initiative(m, &r, &ini, &a, 1, &added), 0);
	for (size_t i = 0; i < ini.ntags; i++)
		if (strcmp(ini.tags[i].scheme, "sdg") == 0 &&
		    strcmp(ini.tags[i].origin, "model") == 0) {
			sdg_model++;
			assert_true(ini.tags[i].has_score);
			assert_true(ini.tags[i].score >= 0.5 && ini.tags[i].score <= 1);
		}
	assert_true(sdg_model >= 1);
	assert_int_equal(ini_has_tag_scheme(&ini, "gdc"), 1);
	arena_cleanup(&a);
	map_result_cleanup(&r);
	map_model_close(m);
}

/*
 * map_tag_initiative computes only the schemes a record lacks: whichever of the sixteen
 * combinations of tagged schemes, the model tags it adds are exactly the labels (codes and
 * scores) a full mapping of the text gives in those schemes, except that a record with SDG
 * tags gets targets of its own SDGs only (the full mapping's targets of that SDG).
 */
static void test_tag_initiative_only_missing(void **state)
{
	static const char *const schemes[] = {"sdg", "sdg_target", "action_line", "gdc"};
	const char *own[] = {"9", "9.1", "C1", "1"};
	static const char *const texts[] = {
	    "Malaria vaccination campaigns in health clinics and hospitals, with telemedicine "
	    "for maternal health.",
	    "Broadband access and digital skills for teachers and schools in rural areas.",
	    "Solar energy and water sanitation for farmers and their crops."};
	struct map_model *m = NULL;
	struct map_result full, r;
	struct errinfo e;
	struct arena a;
	int found[4] = {0};

	(void)state;
	assert_int_equal(map_model_open(train_fixture(), &m, &e), 0);
	map_result_init(&full);
	map_result_init(&r);
	full.flags = r.flags = MAP_NO_EVIDENCE;
	arena_init(&a, 0);
	for (size_t t = 0; t < sizeof texts / sizeof *texts; t++) {
		const struct map_label *want[4];
		struct map_label own_targets[MAP_MAX_TARGETS];
		int nwant[4], nown = 0;
		char sdg[4] = "9";

		assert_int_equal(map_text(m, texts[t], NULL, &full), 0);
		/* the record's own SDG: that of the first target found, if any */
		if (full.ntargets)
			snprintf(sdg, sizeof sdg, "%lu", strtoul(full.targets[0].code, NULL, 10));
		own[0] = sdg;
		for (int i = 0; i < full.ntargets; i++)
			if (strtoul(full.targets[i].code, NULL, 10) == strtoul(sdg, NULL, 10))
				own_targets[nown++] = full.targets[i];
		found[3] += nown;
		want[0] = full.sdgs, nwant[0] = full.nsdgs;
		want[1] = full.targets, nwant[1] = full.ntargets;
		want[2] = full.action_lines, nwant[2] = full.nal;
		want[3] = full.gdc, nwant[3] = full.ngdc;
		found[0] += full.nsdgs;
		found[1] += full.ntargets;
		found[2] += full.nal + full.ngdc;
		for (int have = 0; have < 16; have++) {
			struct initiative ini;
			int k[4] = {0}, added;

			arena_reset(&a);
			ini_init(&ini);
			ini.description = texts[t];
			for (int sc = 0; sc < 4; sc++)
				if (have >> sc & 1)
					assert_int_equal(ini_add_tag(&ini, &a, schemes[sc], own[sc],
								     "submitter", 0, 0),
							 0);
			assert_int_equal(map_tag_initiative(m, &r, &ini, &a, 0, &added), 0);
			assert_int_equal(r.flags, MAP_NO_EVIDENCE);
			want[1] = have & 1 ? own_targets : full.targets;
			nwant[1] = have & 1 ? nown : full.ntargets;
			for (size_t i = 0; i < ini.ntags; i++) {
				const struct tag *tg = &ini.tags[i];
				int sc = 0;

				if (strcmp(tg->origin, "model") != 0)
					continue;
				while (strcmp(schemes[sc], tg->scheme) != 0)
					sc++;
				assert_false(have >> sc & 1);
				assert_true(k[sc] < nwant[sc]);
				assert_string_equal(tg->code, want[sc][k[sc]].code);
				assert_true(tg->score == map_tag_score(&want[sc][k[sc]]));
				k[sc]++;
			}
			for (int sc = 0; sc < 4; sc++)
				assert_int_equal(k[sc], have >> sc & 1 ? 0 : nwant[sc]);
		}
	}
	/* the fixture model finds labels of every kind in these texts */
	assert_true(found[0] > 0 && found[1] > 0 && found[2] > 0 && found[3] > 0);
	arena_cleanup(&a);
	map_result_cleanup(&full);
	map_result_cleanup(&r);
	map_model_close(m);
}

static void test_find(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(map_model_find("x.bin", buf, sizeof buf), "x.bin");
	setenv("STOCKTAKE_MODEL", "/tmp/m.bin", 1);
	assert_string_equal(map_model_find(NULL, buf, sizeof buf), "/tmp/m.bin");
	unsetenv("STOCKTAKE_MODEL");
	setenv("STOCKTAKE_DATA", "/srv/st", 1);
	assert_string_equal(map_model_find(NULL, buf, sizeof buf), "/srv/st/" MAP_MODEL_FILE);
	unsetenv("STOCKTAKE_DATA");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_determinism),
	    cmocka_unit_test(test_corruption),
	    cmocka_unit_test(test_index_checks),
	    cmocka_unit_test(test_metrics),
	    cmocka_unit_test(test_eval_file),
	    cmocka_unit_test(test_tag_initiative),
	    cmocka_unit_test(test_find),
	    cmocka_unit_test(test_tag_initiative_only_missing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
