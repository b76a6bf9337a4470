/*
 * test_submission.c - the submission service (io/submission.h) and the moderation part of
 * the store, against a real database: who may create, change and publish what, the
 * (source, source_id) a web record gets and may not steal, tag origins, organisations a
 * submitter cannot rewrite, approve / reject / retag with their audit records, nothing
 * written on refusal, and the queue, "my initiatives", revisions and audit listings.
 */
#include "testutil.h"

#include "core/arena.h"
#include "io/submission.h"

#include <string.h>

#define HASH "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"

struct fixture {
	struct store *s;
	const char *db;
	struct arena a;
	struct submission_actor ann, bob, mod;
};

static void setup(struct fixture *f, const char *name)
{
	f->s = tu_store_new(name);
	f->db = tu_path(name);
	arena_init(&f->a, 0);
	f->ann = (struct submission_actor){.email = "ann@example.org"};
	f->bob = (struct submission_actor){.email = "bob@example.org"};
	f->mod = (struct submission_actor){.email = "mod@example.org", .moderator = 1};
	assert_int_equal(store_user_create(f->s, f->ann.email, "", HASH, "submitter", NULL, "t",
					   &f->ann.user_id),
			 0);
	assert_int_equal(store_user_create(f->s, f->bob.email, "", HASH, "submitter", NULL, "t",
					   &f->bob.user_id),
			 0);
	assert_int_equal(store_user_create(f->s, f->mod.email, "", HASH, "moderator", NULL, "t",
					   &f->mod.user_id),
			 0);
}

static void teardown(struct fixture *f)
{
	arena_cleanup(&f->a);
	store_close(f->s);
}

/* record fills ini with a valid record titled title (strings static). */
static void record(struct fixture *f, struct initiative *ini, const char *title)
{
	ini_init(ini);
	ini->title = title;
	assert_int_equal(ini_add_country(ini, &f->a, "KE"), 0);
	assert_int_equal(ini_add_tag(ini, &f->a, "sdg", "3", "moderator", 0.5, 1), 0);
}

static int64_t create(struct fixture *f, const struct submission_actor *who, const char *title,
		      const char *state)
{
	struct initiative ini;
	struct errinfo e;
	int64_t id = 0;

	record(f, &ini, title);
	ini.state = state;
	errinfo_clear(&e);
	assert_int_equal(submission_save(f->s, &ini, who, &f->a, &id, NULL, &e), 0);
	assert_true(id > 0);
	return id;
}

static void test_create(void **state)
{
	struct fixture f;
	struct initiative ini, got;
	struct store_ini_access acc;
	struct errinfo e;
	int64_t id, n;

	(void)state;
	setup(&f, "create.db");
	id = create(&f, &f.ann, "Telemedicine", NULL);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_string_equal(got.state, "submitted");
	assert_string_equal(got.source, "web");
	assert_int_equal(strlen(got.source_id), 32);
	/* A submitter's tags are theirs, whatever the request claimed. */
	assert_string_equal(got.tags[0].origin, "submitter");
	assert_int_equal(got.tags[0].has_score, 0);
	assert_int_equal(store_initiative_access(f.s, id, &f.a, &acc), 0);
	assert_int_equal(acc.submitted_by, f.ann.user_id);

	/* Two web records get two identities. */
	assert_int_not_equal(create(&f, &f.ann, "Second", "draft"), id);

	/* Only moderators publish; a refusal writes nothing. */
	n = tu_count(f.db, "SELECT count(*) FROM initiative");
	record(&f, &ini, "Published?");
	ini.state = "published";
	errinfo_clear(&e);
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &id, NULL, &e), ERR_FORBIDDEN);
	assert_string_equal(e.field, "state");
	record(&f, &ini, "");
	errinfo_clear(&e);
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &id, NULL, &e), ERR_INVALID);
	assert_string_equal(e.field, "title");
	assert_int_equal(tu_count(f.db, "SELECT count(*) FROM initiative"), n);

	/* A moderator may publish and keeps the origins given. */
	id = create(&f, &f.mod, "By a moderator", "published");
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_string_equal(got.state, "published");
	assert_string_equal(got.tags[0].origin, "moderator");
	teardown(&f);
}

static void test_source(void **state)
{
	struct fixture f;
	struct initiative ini, got;
	struct errinfo e;
	int64_t a, b, id;

	(void)state;
	setup(&f, "source.db");
	record(&f, &ini, "From a partner system");
	ini.source = "partner";
	ini.source_id = "1";
	errinfo_clear(&e);
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &a, NULL, &e), 0);
	/* Another account cannot take it over by naming the same pair. */
	record(&f, &ini, "Take-over");
	ini.source = "partner";
	ini.source_id = "1";
	assert_int_equal(submission_save(f.s, &ini, &f.bob, &f.a, &id, NULL, &e), ERR_CONFLICT);
	assert_string_equal(e.field, "source_id");
	b = create(&f, &f.bob, "Bob's", NULL);
	record(&f, &ini, "Bob's");
	ini.id = b;
	ini.source = "partner";
	ini.source_id = "1";
	assert_int_equal(submission_save(f.s, &ini, &f.bob, &f.a, &id, NULL, &e), ERR_CONFLICT);
	/* A replacement without a pair keeps the stored one. */
	record(&f, &ini, "Renamed");
	ini.id = a;
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &id, NULL, &e), 0);
	assert_int_equal(store_initiative_get(f.s, a, &f.a, &got), 0);
	assert_string_equal(got.source, "partner");
	assert_string_equal(got.source_id, "1");
	assert_string_equal(got.title, "Renamed");
	teardown(&f);
}

static void test_edit_rules(void **state)
{
	struct fixture f;
	struct initiative ini, got;
	struct errinfo e;
	int64_t id, got_id, revs;

	(void)state;
	setup(&f, "edit.db");
	id = create(&f, &f.ann, "Ann's", NULL);
	errinfo_clear(&e);
	assert_int_equal(submission_may_edit(f.s, id, &f.ann, &f.a, &e), 0);
	assert_int_equal(submission_may_edit(f.s, id, &f.bob, &f.a, &e), ERR_FORBIDDEN);
	assert_int_equal(submission_may_edit(f.s, id, &f.mod, &f.a, &e), 0);
	assert_int_equal(submission_may_edit(f.s, id + 99, &f.ann, &f.a, &e), ERR_NOT_FOUND);
	record(&f, &ini, "Bob's now");
	ini.id = id;
	assert_int_equal(submission_save(f.s, &ini, &f.bob, &f.a, &got_id, NULL, &e),
			 ERR_FORBIDDEN);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_string_equal(got.title, "Ann's");

	/* Published, then changed by its submitter: back to review, old version kept. */
	assert_int_equal(submission_approve(f.s, id, f.mod.email, &f.a, &e), 0);
	assert_int_equal(store_revision_count(f.s, id, &revs), 0);
	record(&f, &ini, "Ann's, changed");
	ini.id = id;
	ini.state = "submitted";
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &got_id, NULL, &e), 0);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_string_equal(got.state, "submitted");
	{
		struct store_revision r;
		int found = 0;

		assert_int_equal(store_revision_last(f.s, id, "published", &f.a, &r, &found), 0);
		assert_true(found);
		assert_non_null(strstr(r.doc, "\"title\":\"Ann's\""));
		assert_int_equal(store_revision_last(f.s, id, "rejected", &f.a, &r, &found), 0);
		assert_false(found);
	}
	/* Archived: closed to the submitter, open to moderators. */
	record(&f, &ini, "Archived");
	ini.id = id;
	ini.state = "archived";
	assert_int_equal(submission_save(f.s, &ini, &f.mod, &f.a, &got_id, NULL, &e), 0);
	assert_int_equal(submission_may_edit(f.s, id, &f.ann, &f.a, &e), ERR_FORBIDDEN);
	assert_int_equal(submission_may_edit(f.s, id, &f.mod, &f.a, &e), 0);
	teardown(&f);
}

static void test_organisation_kept(void **state)
{
	struct fixture f;
	struct initiative ini, got;
	struct errinfo e;
	int64_t id;

	(void)state;
	setup(&f, "org.db");
	record(&f, &ini, "First");
	ini.org.name = "Health Link";
	ini.org.website = "https://healthlink.example.org";
	ini.org.stakeholder_type = "civil-society";
	errinfo_clear(&e);
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &id, NULL, &e), 0);
	/* Another submitter names the organisation with other details: they are not taken. */
	record(&f, &ini, "Second");
	ini.org.name = "Health Link";
	ini.org.website = "https://evil.example.org";
	assert_int_equal(submission_save(f.s, &ini, &f.bob, &f.a, &id, NULL, &e), 0);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_string_equal(got.org.website, "https://healthlink.example.org");
	assert_string_equal(got.stakeholder_type, "civil-society");
	assert_int_equal(tu_count(f.db, "SELECT count(*) FROM organisation WHERE website = "
					"'https://evil.example.org'"),
			 0);
	teardown(&f);
}

static void test_decisions(void **state)
{
	struct fixture f;
	struct store_ini_access acc;
	struct initiative ini;
	struct errinfo e;
	int64_t id, other, got_id;

	(void)state;
	setup(&f, "decide.db");
	id = create(&f, &f.ann, "To review", NULL);
	other = create(&f, &f.ann, "A draft", "draft");
	errinfo_clear(&e);
	assert_int_equal(submission_reject(f.s, id, "  \n", f.mod.email, &f.a, &e), ERR_INVALID);
	assert_string_equal(e.field, "reason");
	assert_int_equal(submission_reject(f.s, other, "no", f.mod.email, &f.a, &e), ERR_CONFLICT);
	assert_int_equal(submission_approve(f.s, id + 99, f.mod.email, &f.a, &e), ERR_NOT_FOUND);
	assert_int_equal(tu_count(f.db, "SELECT count(*) FROM audit WHERE action = 'reject'"), 0);

	assert_int_equal(submission_reject(f.s, id, "Name the countries.", f.mod.email, &f.a, &e),
			 0);
	assert_int_equal(store_initiative_access(f.s, id, &f.a, &acc), 0);
	assert_string_equal(acc.state, "rejected");
	assert_string_equal(acc.moderation_note, "Name the countries.");
	assert_int_equal(tu_count(f.db,
				  "SELECT count(*) FROM audit WHERE action = 'reject' AND "
				  "actor = 'mod@example.org' AND detail = 'Name the countries.'"),
			 1);
	assert_int_equal(submission_approve(f.s, id, f.mod.email, &f.a, &e), ERR_CONFLICT);

	/* Sent again: the reason is answered. */
	record(&f, &ini, "To review");
	ini.id = id;
	ini.state = "submitted";
	assert_int_equal(submission_save(f.s, &ini, &f.ann, &f.a, &got_id, NULL, &e), 0);
	assert_int_equal(store_initiative_access(f.s, id, &f.a, &acc), 0);
	assert_null(acc.moderation_note);
	assert_int_equal(submission_approve(f.s, id, f.mod.email, &f.a, &e), 0);
	assert_int_equal(store_initiative_access(f.s, id, &f.a, &acc), 0);
	assert_string_equal(acc.state, "published");
	assert_int_equal(tu_count(f.db, "SELECT count(*) FROM audit WHERE action = 'approve'"), 1);
	teardown(&f);
}

static void test_retag(void **state)
{
	struct fixture f;
	struct initiative got;
	struct errinfo e;
	struct tag want[3] = {
	    {"sdg", "3", NULL, 0, 0}, {"sdg", "9", NULL, 0, 0}, {"gdc", "1", NULL, 0, 0}};
	struct tag bad[1] = {{"sdg", "18", NULL, 0, 0}};
	size_t added = 9, removed = 9;
	int64_t id, revs, revs2;

	(void)state;
	setup(&f, "retag.db");
	id = create(&f, &f.ann, "Tagged", NULL);
	errinfo_clear(&e);
	assert_int_equal(
	    submission_retag(f.s, id, want, 3, f.mod.email, &f.a, &added, &removed, &e), 0);
	assert_int_equal(added, 2);
	assert_int_equal(removed, 0);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_int_equal(got.ntags, 3);
	assert_string_equal(got.tags[0].origin, "submitter"); /* kept */
	assert_string_equal(got.tags[1].origin, "moderator");
	assert_string_equal(got.tags[2].origin, "moderator");
	assert_int_equal(tu_count(f.db, "SELECT count(*) FROM audit WHERE action = 'retag' AND "
					"detail = 'added: sdg 9, gdc 1; removed: '"),
			 1);
	/* Nothing to change: nothing written. */
	assert_int_equal(store_revision_count(f.s, id, &revs), 0);
	assert_int_equal(
	    submission_retag(f.s, id, want, 3, f.mod.email, &f.a, &added, &removed, &e), 0);
	assert_int_equal(added + removed, 0);
	assert_int_equal(store_revision_count(f.s, id, &revs2), 0);
	assert_int_equal(revs, revs2);
	/* Remove one; an unknown code changes nothing. */
	assert_int_equal(
	    submission_retag(f.s, id, want + 1, 2, f.mod.email, &f.a, &added, &removed, &e), 0);
	assert_int_equal(removed, 1);
	assert_int_equal(submission_retag(f.s, id, bad, 1, f.mod.email, &f.a, NULL, NULL, &e),
			 ERR_INVALID);
	assert_int_equal(store_initiative_get(f.s, id, &f.a, &got), 0);
	assert_int_equal(got.ntags, 2);
	teardown(&f);
}

static void test_lists(void **state)
{
	struct fixture f;
	struct store_submission *v;
	struct store_audit_entry *au;
	struct store_cursor cur;
	struct store_audit_filter af = {0};
	int64_t a, b, c, total;
	struct errinfo e;
	size_t n;

	(void)state;
	setup(&f, "lists.db");
	a = create(&f, &f.ann, "A", NULL);
	b = create(&f, &f.bob, "B", NULL);
	c = create(&f, &f.ann, "C", "draft");
	assert_int_equal(store_moderation_queue(f.s, NULL, 10, &f.a, &v, &n, &total), 0);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, a);
	assert_int_equal(v[1].id, b);
	assert_string_equal(v[1].submitter_email, "bob@example.org");
	cur.at = v[0].updated_at;
	cur.id = v[0].id;
	assert_int_equal(store_moderation_queue(f.s, &cur, 10, &f.a, &v, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, b);

	assert_int_equal(store_user_initiatives(f.s, f.ann.user_id, 0, 10, &f.a, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].id, c); /* newest first */
	assert_int_equal(v[1].id, a);
	assert_int_equal(store_user_initiatives(f.s, f.ann.user_id, c, 10, &f.a, &v, &n), 0);
	assert_int_equal(n, 1);

	errinfo_clear(&e);
	assert_int_equal(submission_reject(f.s, b, "why", f.mod.email, &f.a, &e), 0);
	af.action = "reject";
	assert_int_equal(store_audit_list(f.s, &af, 10, &f.a, &au, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(au[0].actor, "mod@example.org");
	assert_string_equal(au[0].entity, "initiative");
	af.action = NULL;
	af.actor = "ann@example.org";
	assert_int_equal(store_audit_list(f.s, &af, 2, &f.a, &au, &n), 0);
	assert_int_equal(n, 2);
	assert_true(au[0].id > au[1].id);
	af.before = au[1].id;
	assert_int_equal(store_audit_list(f.s, &af, 100, &f.a, &au, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_true(au[i].id < af.before);
		assert_string_equal(au[i].actor, "ann@example.org");
	}
	teardown(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_create),     cmocka_unit_test(test_source),
	    cmocka_unit_test(test_edit_rules), cmocka_unit_test(test_organisation_kept),
	    cmocka_unit_test(test_decisions),  cmocka_unit_test(test_retag),
	    cmocka_unit_test(test_lists),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
