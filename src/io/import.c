/*
 * import.c - the import service: format detection, record checks against the frameworks,
 * and one transaction per file.
 */
#include "io/import.h"

#include "mapping/map_service.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"auto", "jsonl", "csv", "iati", "dpg", NULL};

int import_format_parse(const char *s)
{
	for (int i = 0; format_names[i]; i++)
		if (s && strcmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

const char *import_format_name(enum import_format f)
{
	return (unsigned)f <= IMPORT_DPG ? format_names[f] : "?";
}

/* contains tells whether the n bytes at h contain the C string needle. */
static int contains(const char *h, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; i + m <= n; i++)
		if (memcmp(h + i, needle, m) == 0)
			return 1;
	return 0;
}

enum import_format import_detect(const char *head, size_t n)
{
	size_t i = 0, line_end;

	if (n >= 3 && (unsigned char)head[0] == 0xef && (unsigned char)head[1] == 0xbb &&
	    (unsigned char)head[2] == 0xbf)
		i = 3;
	while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
		i++;
	if (i < n && head[i] == '<')
		return IMPORT_IATI;
	if (i < n && head[i] == '{') {
		for (line_end = i; line_end < n && head[line_end] != '\n'; line_end++)
			;
		if (contains(head + i, line_end - i, "\"stage\"") &&
		    contains(head + i, line_end - i, "\"sdgs\""))
			return IMPORT_DPG;
		return IMPORT_JSONL;
	}
	return IMPORT_CSV;
}

/*
 * A cache of the framework codes and countries a file's records name: the same few hundred
 * codes come back in every record, and asking the store each time was a tenth of the
 * import's time. Keys are "scheme\x1fcode"; both answers (known, unknown) are kept.
 */
#define CODE_CACHE_SLOTS 4096

struct code_cache {
	char *key[CODE_CACHE_SLOTS];
	unsigned char known[CODE_CACHE_SLOTS];
	size_t used;
};

static uint32_t hash_key(const char *scheme, const char *code)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (const char *p = scheme; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	h = (h ^ 0x1f) * 16777619u;
	for (const char *p = code; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

/* cache_find returns the slot of (scheme, code): its key when cached, or an empty slot. */
static size_t cache_slot(const struct code_cache *c, const char *scheme, const char *code)
{
	size_t sl = strlen(scheme), i = hash_key(scheme, code) & (CODE_CACHE_SLOTS - 1);

	while (c->key[i] && !(strncmp(c->key[i], scheme, sl) == 0 && c->key[i][sl] == 0x1f &&
			      strcmp(c->key[i] + sl + 1, code) == 0))
		i = (i + 1) & (CODE_CACHE_SLOTS - 1);
	return i;
}

/* code_known answers whether scheme/code exists, from the cache (if any) or the store. */
static int code_known(struct store *s, struct code_cache *c, const char *scheme, const char *code,
		      int *found)
{
	size_t i = c ? cache_slot(c, scheme, code) : 0;
	int rc;

	if (c && c->key[i]) {
		*found = c->known[i];
		return 0;
	}
	rc = strcmp(scheme, "country") == 0 ? store_country_exists(s, code, found)
					    : store_fw_exists(s, scheme, code, found);
	if (rc)
		return rc;
	/* Keep the table at most half full; past that, just ask the store. */
	if (c && c->used < CODE_CACHE_SLOTS / 2 && strlen(code) <= INI_MAX_CODE) {
		c->key[i] = malloc(strlen(scheme) + strlen(code) + 2);
		if (c->key[i]) {
			snprintf(c->key[i], strlen(scheme) + strlen(code) + 2, "%s\x1f%s", scheme,
				 code);
			c->known[i] = (unsigned char)*found;
			c->used++;
		}
	}
	return 0;
}

static void cache_cleanup(struct code_cache *c)
{
	for (size_t i = 0; i < CODE_CACHE_SLOTS; i++)
		free(c->key[i]);
	free(c);
}

/* check_code looks a framework code up; an unknown one is an error naming it. */
static int check_code(struct store *s, struct code_cache *c, const char *scheme, const char *code,
		      struct errinfo *e)
{
	int found = 0, rc = code_known(s, c, scheme, code, &found);

	if (rc)
		return errinfo_set(e, rc, "tags", "%s", store_errmsg(s));
	if (!found)
		return errinfo_set(e, ERR_INVALID, "tags", "unknown %s code \"%.64s\"",
				   strcmp(scheme, "sdg") == 0           ? "SDG"
				   : strcmp(scheme, "sdg_target") == 0  ? "SDG target"
				   : strcmp(scheme, "action_line") == 0 ? "Action Line"
				   : strcmp(scheme, "gdc") == 0         ? "GDC objective"
									: scheme,
				   code);
	return 0;
}

static int check_country(struct store *s, struct code_cache *c, const char *iso2, const char *field,
			 struct errinfo *e)
{
	int found = 0, rc = code_known(s, c, "country", iso2, &found);

	if (rc)
		return errinfo_set(e, rc, field, "%s", store_errmsg(s));
	if (!found)
		return errinfo_set(e, ERR_INVALID, field, "unknown country code \"%.16s\"", iso2);
	return 0;
}

/* check_codes looks up a record's countries and codes, with c caching them (or NULL). */
static int check_codes(struct store *s, struct code_cache *c, const struct initiative *ini,
		       struct errinfo *e)
{
	int rc;

	for (size_t i = 0; i < ini->ncountries; i++)
		if ((rc = check_country(s, c, ini->countries[i], "countries", e)))
			return rc;
	if (ini->org.country &&
	    (rc = check_country(s, c, ini->org.country, "organisation_country", e)))
		return rc;
	for (size_t i = 0; i < ini->ntags; i++)
		if ((rc = check_code(s, c, ini->tags[i].scheme, ini->tags[i].code, e)))
			return rc;
	return 0;
}

/* check_record runs every check of a record, with c caching code look-ups (or NULL). */
static int check_record(struct store *s, struct code_cache *c, const struct initiative *ini,
			struct errinfo *e)
{
	int rc = ini_validate(ini, e);

	return rc ? rc : check_codes(s, c, ini, e);
}

int import_check_record(struct store *s, const struct initiative *ini, struct errinfo *e)
{
	return check_record(s, NULL, ini, e);
}

/* name_error puts the file, the record and the field (if any) before a check's message. */
static void name_error(struct errinfo *e, const char *name, const char *where)
{
	if (e->field[0])
		errinfo_prefix(e, "%s: %s: field %s: ", name, where, e->field);
	else
		errinfo_prefix(e, "%s: %s: ", name, where);
}

/* record_defaults fills in what the import assumes of a record that does not say it. */
static void record_defaults(const struct import_opts *opts, struct initiative *ini)
{
	if (!ini->state)
		ini->state = opts->state ? opts->state : "submitted";
	if (!ini->stakeholder_type && ini->org.stakeholder_type)
		ini->stakeholder_type = ini->org.stakeholder_type;
}

/*
 * With a model, records are mapped on a second thread while the first reads, checks and
 * stores: mapping was a third of an import's time, and it needs nothing from the store.
 * The records go in batches through a ring of MAP_RING: the reader fills one (checked
 * records, copied out of its arena) and queues it; the mapping thread maps the queued
 * batches in order; after each batch it queues, the reader stores the batches mapped so
 * far, in file order, and it waits for the thread only when every batch of the ring is
 * full. Reading, storing and mapping then overlap, and the wall time is about the larger
 * of reading plus storing and mapping. Errors name the same record as without threads: a
 * reader's error stops the filling, and the records before it are stored first
 * (job_drain), so a failure among them is the one reported.
 *
 * A JSON Lines file goes to the thread as text: it reads and validates each line, and the
 * reader looks the codes up (the store is its alone) when it stores the record. Its
 * errors come in the same order as when the reader parsed (parsing and validation, then
 * the codes, then mapping) and name the same line; the records read past the failing one
 * are not counted as rejected, as if the reader had stopped there.
 */
#define MAP_BATCH 256
#define MAP_RING 4

struct map_batch {
	struct arena arena; /* the records' copies and their model tags */
	struct initiative ini[MAP_BATCH];
	const char *where[MAP_BATCH];
	const char *text[MAP_BATCH]; /* a JSON Lines record still to read, or NULL */
	size_t len[MAP_BATCH];
	long ordinal[MAP_BATCH];    /* the record's number in the file */
	size_t own[MAP_BATCH];      /* its own tags: those after them are the model's */
	const char *doc[MAP_BATCH]; /* the mapped record's stored document, in arena */
	int rc[MAP_BATCH];          /* what mapping each record gave */
	size_t n;
	size_t err_at;  /* the record whose reading failed (err), or MAP_BATCH */
	int err_unread; /* it failed to parse: a reader never counts such a line */
	struct errinfo err;
};

/* The mapping thread and the ring it shares with the reader. */
struct mapper {
	struct map_batch ring[MAP_RING];
	const struct map_model *model;
	const struct import_opts *opts;
	const char *name;
	struct map_result map; /* the mapping thread's scratch */
	pthread_mutex_t lock;
	pthread_cond_t cond; /* signalled when queued or mapped moves, or at stop */
	/* batch numbers, counting from 0: batch k is ring[k % MAP_RING] */
	unsigned long queued, mapped; /* under lock */
	unsigned long stored;         /* the reader's own */
	int threaded, stop;
	pthread_t thread;
};

struct import_job {
	struct store *s;
	struct code_cache *cache;
	const struct import_opts *opts;
	const char *name;
	struct import_counts counts;
	long read;
	struct arena *arena; /* the reader's, where the record's strings live */
	struct mapper *mp;   /* with a model */
	int failed;          /* a store error: nothing more is stored */
};

/* store_one saves a checked (and mapped) record, with its document when built, and counts it. */
static int store_one(struct import_job *job, const struct initiative *ini, const char *doc,
		     const char *where, struct errinfo *e)
{
	const char *actor = job->opts->actor ? job->opts->actor : "import";
	enum store_save_result res;
	int rc = doc ? store_initiative_save_doc(job->s, ini, doc, actor, &res, NULL)
		     : store_initiative_save(job->s, ini, actor, &res, NULL);

	if (rc) {
		job->failed = 1;
		return errinfo_set(e, rc, NULL, "%s: %s: %s", job->name, where,
				   store_errmsg(job->s));
	}
	if (res == STORE_INSERTED)
		job->counts.inserted++;
	else if (res == STORE_UPDATED)
		job->counts.updated++;
	else
		job->counts.unchanged++;
	return 0;
}

/*
 * map_batch_run maps each record of b and builds the document it is stored as (an eighth
 * of storing it, and the mapping thread has time to spare).
 */
static void map_batch_run(struct mapper *mp, struct map_batch *b)
{
	b->err_at = MAP_BATCH;
	for (size_t i = 0; i < b->n; i++) {
		char *doc;

		if (b->text[i]) {
			int rc = import_jsonl_parse(mp->name, b->text[i], b->len[i], b->where[i],
						    &b->arena, &b->ini[i], &b->err);

			b->err_unread = rc != 0;
			if (!rc) {
				record_defaults(mp->opts, &b->ini[i]);
				if ((rc = ini_validate(&b->ini[i], &b->err)))
					name_error(&b->err, mp->name, b->where[i]);
			}
			if (rc) { /* nothing after it is stored */
				b->err_at = i;
				return;
			}
		}
		b->own[i] = b->ini[i].ntags;
		/* model tags only on a valid record; their codes are checked before storing */
		b->doc[i] = NULL;
		b->rc[i] = map_tag_initiative(mp->model, &mp->map, &b->ini[i], &b->arena, 0, NULL);
		if (b->rc[i])
			continue;
		if (!(doc = store_initiative_dump(&b->ini[i])) ||
		    !(b->doc[i] = arena_strdup(&b->arena, doc)))
			b->rc[i] = ERR_NOMEM;
		free(doc);
	}
}

/* mapper_main maps each queued batch in order until told to stop. */
static void *mapper_main(void *arg)
{
	struct mapper *mp = arg;

	pthread_mutex_lock(&mp->lock);
	for (;;) {
		while (!mp->stop && mp->mapped == mp->queued)
			pthread_cond_wait(&mp->cond, &mp->lock);
		if (mp->mapped == mp->queued) /* stopped, and nothing is left */
			break;
		pthread_mutex_unlock(&mp->lock);
		map_batch_run(mp, &mp->ring[mp->mapped % MAP_RING]);
		pthread_mutex_lock(&mp->lock);
		mp->mapped++;
		pthread_cond_broadcast(&mp->cond);
	}
	pthread_mutex_unlock(&mp->lock);
	return NULL;
}

/* mapper_start sets the ring up and starts the thread (mapping inline if it cannot). */
static int mapper_start(struct mapper *mp, const struct import_opts *opts, const char *name)
{
	for (int i = 0; i < MAP_RING; i++)
		arena_init(&mp->ring[i].arena, 0);
	map_result_init(&mp->map);
	mp->map.flags = MAP_NO_EVIDENCE;
	mp->model = opts->model;
	mp->opts = opts;
	mp->name = name;
	if (pthread_mutex_init(&mp->lock, NULL))
		return ERR_NOMEM;
	if (pthread_cond_init(&mp->cond, NULL)) {
		pthread_mutex_destroy(&mp->lock);
		return ERR_NOMEM;
	}
	mp->threaded = pthread_create(&mp->thread, NULL, mapper_main, mp) == 0;
	return 0;
}

/* mapper_free stops the thread (it first maps what is queued) and frees the ring. */
static void mapper_free(struct mapper *mp)
{
	if (!mp)
		return;
	if (mp->threaded) {
		pthread_mutex_lock(&mp->lock);
		mp->stop = 1;
		pthread_cond_broadcast(&mp->cond);
		pthread_mutex_unlock(&mp->lock);
		pthread_join(mp->thread, NULL);
	}
	pthread_cond_destroy(&mp->cond);
	pthread_mutex_destroy(&mp->lock);
	map_result_cleanup(&mp->map);
	for (int i = 0; i < MAP_RING; i++)
		arena_cleanup(&mp->ring[i].arena);
	free(mp);
}

/* mapper_fill is the batch being filled (the reader's: the thread has not been given it). */
static struct map_batch *mapper_fill(struct mapper *mp)
{
	return &mp->ring[mp->queued % MAP_RING];
}

/*
 * check_model_tags checks the codes mapping added (the tags from own on) like the record's
 * own: the bulk transaction does not enforce foreign keys, and a model may name a code the
 * database's frameworks lack.
 */
static int check_model_tags(struct import_job *job, const struct initiative *ini, size_t own,
			    const char *where, struct errinfo *e)
{
	int rc;

	for (size_t i = own; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if ((rc = check_code(job->s, job->cache, t->scheme, t->code, e))) {
			errinfo_prefix(e, "%s: %s: mapping: ", job->name, where);
			return rc;
		}
	}
	return 0;
}

/* check_own_codes checks the codes of record i of b as read, before mapping added any. */
static int check_own_codes(struct import_job *job, const struct map_batch *b, size_t i,
			   struct errinfo *e)
{
	struct initiative own = b->ini[i];

	own.ntags = b->own[i];
	return check_codes(job->s, job->cache, &own, e);
}

/* store_batch stores a mapped batch in order, then empties it. */
static int store_batch(struct import_job *job, struct map_batch *b, struct errinfo *e)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < b->n; i++) {
		if (i == b->err_at) {
			*e = b->err;
			rc = e->code ? e->code : ERR_INTERNAL;
		} else if (b->text[i] && (rc = check_own_codes(job, b, i, e))) {
			name_error(e, job->name, b->where[i]);
		} else if (b->rc[i]) {
			rc = errinfo_set(e, b->rc[i], NULL, "%s: %s: mapping: %s", job->name,
					 b->where[i], err_message(b->rc[i]));
		} else if (!(rc = check_model_tags(job, &b->ini[i], b->own[i], b->where[i], e))) {
			rc = store_one(job, &b->ini[i], b->doc[i], b->where[i], e);
		}
		/* the lines read after it are not rejected (the reader would have stopped) */
		if (rc)
			job->read = b->ordinal[i] - (i == b->err_at && b->err_unread);
	}
	if (rc)
		job->failed = 1;
	b->n = 0;
	arena_reset(&b->arena);
	return rc;
}

/*
 * job_store stores the batches mapped so far, in order, having first waited until at
 * least upto batches are mapped (0: no waiting; upto is at most the number queued).
 */
static int job_store(struct import_job *job, unsigned long upto, struct errinfo *e)
{
	struct mapper *mp = job->mp;
	unsigned long mapped;
	int rc = 0;

	pthread_mutex_lock(&mp->lock);
	while (mp->mapped < upto)
		pthread_cond_wait(&mp->cond, &mp->lock);
	mapped = mp->mapped;
	pthread_mutex_unlock(&mp->lock);
	while (!rc && mp->stored < mapped)
		rc = store_batch(job, &mp->ring[mp->stored++ % MAP_RING], e);
	return rc;
}

/*
 * job_queue hands the batch being filled to the mapping thread (or maps it here when
 * there is no thread), stores what is mapped, and makes sure the next batch is free.
 */
static int job_queue(struct import_job *job, struct errinfo *e)
{
	struct mapper *mp = job->mp;

	if (!mp->threaded) {
		map_batch_run(mp, mapper_fill(mp));
		mp->queued++;
		mp->mapped++;
	} else {
		pthread_mutex_lock(&mp->lock);
		mp->queued++;
		pthread_cond_broadcast(&mp->cond);
		pthread_mutex_unlock(&mp->lock);
	}
	/* the next batch to fill is the oldest of the ring: wait until it is stored */
	return job_store(job, mp->queued - mp->stored == MAP_RING ? mp->stored + 1 : 0, e);
}

/* job_drain stores what is mapped or read but not yet stored. */
static int job_drain(struct import_job *job, struct errinfo *e)
{
	struct mapper *mp = job->mp;
	int rc = 0;

	if (!mp || job->failed)
		return 0;
	if (mapper_fill(mp)->n)
		rc = job_queue(job, e);
	if (!rc)
		rc = job_store(job, mp->queued, e);
	return rc;
}

static int job_emit(void *ud, struct initiative *ini, const char *where, struct errinfo *e)
{
	struct import_job *job = ud;
	struct map_batch *b = job->mp ? mapper_fill(job->mp) : NULL;
	int rc;

	job->read++;
	if (job->read > IMPORT_MAX_RECORDS)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: more than %ld records", job->name,
				   IMPORT_MAX_RECORDS);
	record_defaults(job->opts, ini);
	if ((rc = check_record(job->s, job->cache, ini, e))) {
		name_error(e, job->name, where);
		return rc;
	}
	if (!b)
		return store_one(job, ini, NULL, where, e);
	if (ini_copy(&b->ini[b->n], ini, &b->arena) ||
	    !(b->where[b->n] = arena_strdup(&b->arena, where)))
		return errinfo_set(e, ERR_NOMEM, NULL, "%s: %s: out of memory", job->name, where);
	b->text[b->n] = NULL;
	b->ordinal[b->n] = job->read;
	if (++b->n == MAP_BATCH)
		return job_queue(job, e);
	return 0;
}

/* job_line queues a JSON Lines record's text for the mapping thread to read. */
static int job_line(void *ud, const char *text, size_t len, const char *where, struct errinfo *e)
{
	struct import_job *job = ud;
	struct map_batch *b = mapper_fill(job->mp);

	job->read++;
	if (job->read > IMPORT_MAX_RECORDS)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: more than %ld records", job->name,
				   IMPORT_MAX_RECORDS);
	if (!(b->text[b->n] = arena_strndup(&b->arena, text, len)) ||
	    !(b->where[b->n] = arena_strdup(&b->arena, where)))
		return errinfo_set(e, ERR_NOMEM, NULL, "%s: %s: out of memory", job->name, where);
	b->len[b->n] = len;
	b->ordinal[b->n] = job->read;
	if (++b->n == MAP_BATCH)
		return job_queue(job, e);
	return 0;
}

static int job_country(void *ud, const char *name, char iso2[3], int *found)
{
	struct import_job *job = ud;

	return store_country_find(job->s, name, iso2, found);
}

static void job_warn(void *ud, const char *where, const char *msg)
{
	struct import_job *job = ud;

	fprintf(stderr, "warning: %s: %s: %s\n", job->name, where, msg);
}

int import_file(struct store *s, const char *path, const struct import_opts *opts,
		struct import_counts *counts, struct errinfo *e)
{
	struct import_job job = {.s = s, .opts = opts, .name = path};
	struct import_sink sink = {job_emit, job_country, job_warn, &job, NULL, NULL};
	enum import_format fmt = opts->format;
	struct arena arena;
	char head[4096];
	size_t n;
	FILE *f;
	int rc;

	f = fopen(path, "rb");
	if (!f)
		return errinfo_set(e, ERR_IO, NULL, "%s: cannot open: %s", path, strerror(errno));
	n = fread(head, 1, sizeof head, f);
	if (n == 0) {
		int err = ferror(f) ? errno : 0; /* a directory opens, then fails to read */

		fclose(f);
		if (err)
			return errinfo_set(e, ERR_IO, NULL, "%s: cannot read: %s", path,
					   strerror(err));
		return errinfo_set(e, ERR_INVALID, NULL, "%s: the file is empty", path);
	}
	rewind(f);
	if (fmt == IMPORT_AUTO)
		fmt = import_detect(head, n);
	arena_init(&arena, 0);
	sink.arena = &arena;
	job.arena = &arena;
	job.cache = calloc(1, sizeof *job.cache);
	if (opts->model && (job.mp = calloc(1, sizeof *job.mp)) &&
	    mapper_start(job.mp, opts, path)) {
		free(job.mp);
		job.mp = NULL;
	}
	if (job.mp)
		sink.line = job_line;
	if (!job.cache || (opts->model && !job.mp)) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "%s: out of memory", path);
		goto out;
	}
	/* Any error below rolls the whole file back, so writes need no savepoints of their own. */
	if ((rc = store_begin_bulk(s))) {
		errinfo_set(e, rc, NULL, "%s: %s", path, store_errmsg(s));
		goto out;
	}
	switch (fmt) {
	case IMPORT_JSONL:
		rc = import_read_jsonl(f, path, &sink, e);
		break;
	case IMPORT_CSV:
		rc = import_read_csv(f, path, &sink, e);
		break;
	case IMPORT_IATI:
		rc = import_read_iati(f, path, &sink, e);
		break;
	case IMPORT_DPG:
		rc = import_read_dpg(f, path, &sink, e);
		break;
	default:
		rc = errinfo_set(e, ERR_INTERNAL, NULL, "%s: no reader for the format", path);
	}
	/* The records read before a reader's error go first: their own error comes first. */
	if (job.mp) {
		struct errinfo drain;
		int drc;

		errinfo_clear(&drain);
		if ((drc = job_drain(&job, &drain))) {
			*e = drain;
			rc = drc;
		}
	}
	if (!rc && job.read == 0)
		rc = errinfo_set(e, ERR_INVALID, NULL, "%s: no records found", path);
	if (!rc) {
		char detail[128];

		snprintf(detail, sizeof detail, "format=%s inserted=%ld updated=%ld unchanged=%ld",
			 import_format_name(fmt), job.counts.inserted, job.counts.updated,
			 job.counts.unchanged);
		rc = store_audit(s, opts->actor ? opts->actor : "import", "import", "file", path,
				 detail);
		if (!rc)
			rc = store_commit(s);
		if (rc)
			errinfo_set(e, rc, NULL, "%s: %s", path, store_errmsg(s));
	}
	if (rc) {
		store_rollback(s);
		counts->rejected += job.read;
	} else {
		counts->inserted += job.counts.inserted;
		counts->updated += job.counts.updated;
		counts->unchanged += job.counts.unchanged;
	}
out:
	mapper_free(job.mp);
	if (job.cache)
		cache_cleanup(job.cache);
	arena_cleanup(&arena);
	fclose(f);
	return rc;
}
