/*
 * import.c - the import service: format detection, record checks against the frameworks,
 * and one transaction per file.
 */
#include "io/import.h"

#include "mapping/map_service.h"

#include <errno.h>
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

/* check_code looks a framework code up; an unknown one is an error naming it. */
static int check_code(struct store *s, const char *scheme, const char *code, struct errinfo *e)
{
	int found = 0, rc = store_fw_exists(s, scheme, code, &found);

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

static int check_country(struct store *s, const char *iso2, const char *field, struct errinfo *e)
{
	int found = 0, rc = store_country_exists(s, iso2, &found);

	if (rc)
		return errinfo_set(e, rc, field, "%s", store_errmsg(s));
	if (!found)
		return errinfo_set(e, ERR_INVALID, field, "unknown country code \"%.16s\"", iso2);
	return 0;
}

int import_check_record(struct store *s, const struct initiative *ini, struct errinfo *e)
{
	int rc;

	if ((rc = ini_validate(ini, e)))
		return rc;
	for (size_t i = 0; i < ini->ncountries; i++)
		if ((rc = check_country(s, ini->countries[i], "countries", e)))
			return rc;
	if (ini->org.country &&
	    (rc = check_country(s, ini->org.country, "organisation_country", e)))
		return rc;
	for (size_t i = 0; i < ini->ntags; i++)
		if ((rc = check_code(s, ini->tags[i].scheme, ini->tags[i].code, e)))
			return rc;
	return 0;
}

struct import_job {
	struct store *s;
	const struct import_opts *opts;
	const char *name;
	struct import_counts counts;
	long read;
	struct arena *arena;   /* the reader's, where the record's strings live */
	struct map_result map; /* reused for every record */
};

static int job_emit(void *ud, struct initiative *ini, const char *where, struct errinfo *e)
{
	struct import_job *job = ud;
	enum store_save_result res;
	int rc;

	job->read++;
	if (job->read > IMPORT_MAX_RECORDS)
		return errinfo_set(e, ERR_TOO_LARGE, NULL, "%s: more than %ld records", job->name,
				   IMPORT_MAX_RECORDS);
	if (!ini->state)
		ini->state = job->opts->state ? job->opts->state : "submitted";
	if (!ini->stakeholder_type && ini->org.stakeholder_type)
		ini->stakeholder_type = ini->org.stakeholder_type;
	if ((rc = import_check_record(job->s, ini, e))) {
		if (e->field[0])
			errinfo_prefix(e, "%s: %s: field %s: ", job->name, where, e->field);
		else
			errinfo_prefix(e, "%s: %s: ", job->name, where);
		return rc;
	}
	/* model tags only on a valid record; their codes come from the same frameworks */
	if (job->opts->model &&
	    (rc = map_tag_initiative(job->opts->model, &job->map, ini, job->arena, 0, NULL)))
		return errinfo_set(e, rc, NULL, "%s: %s: mapping: %s", job->name, where,
				   err_message(rc));
	rc = store_initiative_save(job->s, ini, job->opts->actor ? job->opts->actor : "import",
				   &res, NULL);
	if (rc)
		return errinfo_set(e, rc, NULL, "%s: %s: %s", job->name, where,
				   store_errmsg(job->s));
	if (res == STORE_INSERTED)
		job->counts.inserted++;
	else if (res == STORE_UPDATED)
		job->counts.updated++;
	else
		job->counts.unchanged++;
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
	struct import_sink sink = {job_emit, job_country, job_warn, &job, NULL};
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
		fclose(f);
		return errinfo_set(e, ERR_INVALID, NULL, "%s: the file is empty", path);
	}
	rewind(f);
	if (fmt == IMPORT_AUTO)
		fmt = import_detect(head, n);
	arena_init(&arena, 0);
	sink.arena = &arena;
	job.arena = &arena;
	map_result_init(&job.map);
	if ((rc = store_begin(s))) {
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
	map_result_cleanup(&job.map);
	arena_cleanup(&arena);
	fclose(f);
	return rc;
}
