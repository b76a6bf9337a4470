/*
 * import_iati.c - the reader for IATI activity XML, standard versions 1.0x and 2.0x.
 *
 * One record per <iati-activity>: identifier, title, description, reporting organisation,
 * participating organisations (as partners), recipient countries and regions, status,
 * dates, sectors and SDG goals and targets (sector vocabularies 7/8, tag vocabularies 2/3).
 * v1 puts text straight in an element; v2 wraps it in <narrative xml:lang=".."> children:
 * both are read, and the English (or unlabelled) text wins over other languages.
 *
 * The file is read with libxml2's streaming reader (xmlTextReader) through a read
 * callback on the FILE, one node at a time in a flat loop, so a big file never sits in
 * memory; only the direct children of an activity that hold what we want are looked at,
 * everything else (transactions, budgets, results...) streams past without a copy.
 *
 * The input is untrusted. The parser never substitutes entities, never loads a DTD or
 * anything from the network, keeps libxml2's default size limits (no XML_PARSE_HUGE),
 * and a document whose DOCTYPE declares entities is refused outright. Files are read as
 * UTF-8, as the standard has them (UTF-16/32 and EBCDIC are refused, and declarations of
 * other encodings ignored), so libxml2 never converts. libxml2's errors go to a handler
 * on this reader only (nothing is printed and no global state is touched); the first one
 * becomes "NAME: line L: malformed XML: ...". Errors about the content of an activity are
 * kept until the activity ends, so the message can name its identifier.
 * The program should call xmlInitParser() once at start-up before readers run in threads.
 */
#include "io/iati_codes.h"
#include "io/import.h"

#include "core/buf.h"
#include "core/text.h"
#include "core/utc.h"

#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlversion.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The children of <iati-activity> whose text we collect. */
enum iati_kind {
	IATI_NONE,
	IATI_IDENTIFIER,
	IATI_TITLE,
	IATI_DESCRIPTION,
	IATI_REPORTING_ORG,
	IATI_PARTICIPATING_ORG,
	IATI_DATE,
};

/* The date slots, in the order of the v2 ActivityDateType codes 1..4. */

/*
 * struct pick holds the best text seen so far for one field; lower rank is better and the
 * first text of a rank wins. lang is the text's own language ("" when it has none).
 */
struct pick {
	const char *text; /* in the sink's arena; NULL when none yet */
	char lang[3];
	int rank;
};

/* The input as the read callback serves it: the first bytes (sniffed), then the FILE. */
struct iati_input {
	FILE *in;
	unsigned char head[4];
	size_t nhead, served; /* bytes in head, and of those handed to libxml2 */
	int read_error;
	int seen_content; /* a byte other than white space has been read */
};

/* The first error libxml2 reported. */
struct iati_xml_error {
	int set;
	long line;
	char msg[300];
};

/* The activity being read. */
struct iati_activity {
	struct initiative ini;
	int depth;  /* of <iati-activity>; -1 when outside one */
	long index; /* 1 for the first activity of the file */
	long line;
	char lang[3]; /* the activity's own xml:lang, "" when none */
	struct pick id, title, description, org;
	int org_seen;
	const char *dates[IATI_DATE_COUNT];

	/* The child element being read (kind IATI_NONE when it is not one we collect). */
	enum iati_kind kind;
	const char *elem;  /* its name, for messages */
	const char *field; /* the record field it feeds, for messages */
	long elem_line;
	int base_rank; /* added to the language rank (descriptions that are not general) */
	int elem_rank;
	char elem_lang[3];
	const char *role; /* of a participating-org */
	struct pick partner;
	int date_slot;

	/* A <narrative> inside it. */
	int narr_depth; /* -1 when outside one */
	int narr_rank;
	char narr_lang[3];

	/* The first problem found in the activity, reported when it ends (e holds the text). */
	int rc;
	long err_line;
};

struct iati_reader {
	xmlTextReaderPtr r;
	const char *name;
	struct import_sink *sink;
	struct errinfo *e;
	struct buf own;  /* text of the current child, outside narratives */
	struct buf narr; /* text of the current narrative */
	struct iati_input input;
	struct iati_xml_error xerr;
	int acts_depth; /* depth of the open <iati-activities>; -1 when none */
	char root_lang[3];
	long nactivities;
	long emitted; /* activities handed to emit */
};

/* read_input is libxml2's read callback: up to len bytes from the FILE, -1 on error. */
static int read_input(void *ctx, char *buffer, int len)
{
	struct iati_input *in = ctx;
	size_t n;

	if (len <= 0)
		return 0;
	if (in->served < in->nhead) {
		n = in->nhead - in->served < (size_t)len ? in->nhead - in->served : (size_t)len;
		memcpy(buffer, in->head + in->served, n);
		in->served += n;
	} else {
		n = fread(buffer, 1, (size_t)len, in->in);
	}
	if (n == 0 && ferror(in->in)) {
		in->read_error = 1;
		return -1;
	}
	for (size_t i = 0; i < n && !in->seen_content; i++)
		if (!isspace((unsigned char)buffer[i]))
			in->seen_content = 1;
	return (int)n;
}

/*
 * not_utf8 tells whether the first n bytes of a file show an encoding that is not UTF-8
 * (UTF-16 or UTF-32 by a byte order mark or zero bytes, EBCDIC). IATI files are UTF-8, and
 * libxml2 would convert the others with messages of its own on stderr.
 */
static int not_utf8(const unsigned char *h, size_t n)
{
	if (n >= 2 && ((h[0] == 0xfe && h[1] == 0xff) || (h[0] == 0xff && h[1] == 0xfe)))
		return 1;
	if (n >= 4 && memcmp(h, "\x4c\x6f\xa7\x94", 4) == 0) /* "<?xm" in EBCDIC */
		return 1;
	return memchr(h, 0, n) != NULL;
}

/*
 * on_xml_error is the reader's structured error handler: it keeps the first error (not
 * warnings) and prints nothing.
 */
#if LIBXML_VERSION >= 21200
static void on_xml_error(void *arg, const xmlError *err)
#else
static void on_xml_error(void *arg, xmlErrorPtr err)
#endif
{
	struct iati_xml_error *x = arg;
	size_t n;

	if (!err || err->level < XML_ERR_ERROR || x->set)
		return;
	x->set = 1;
	x->line = err->line;
	snprintf(x->msg, sizeof x->msg, "%s", err->message ? err->message : "parse error");
	for (char *p = x->msg; *p; p++) /* some messages run over two lines */
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	n = strlen(x->msg);
	while (n && isspace((unsigned char)x->msg[n - 1]))
		x->msg[--n] = '\0';
}

/* node_line gives the line of the reader's current node (or of the parser when unknown). */
static long node_line(xmlTextReaderPtr r)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(r);
	long line = n ? xmlGetLineNo(n) : -1;

	/* libxml2 keeps node lines in 16 bits; past that the parser's line is close enough. */
	if (line <= 0 || line >= 65535)
		line = xmlTextReaderGetParserLineNumber(r);
	return line;
}

/* act_fail records the activity's first problem in e; later ones are dropped. */
static void act_fail(struct iati_reader *ir, struct iati_activity *act, long line, int code,
		     const char *field, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
static void act_fail(struct iati_reader *ir, struct iati_activity *act, long line, int code,
		     const char *field, const char *fmt, ...)
{
	char msg[sizeof ir->e->msg];
	va_list ap;

	if (act->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	act->rc = errinfo_set(ir->e, code, field, "%s", msg);
	act->err_line = line;
}

/* act_where describes the activity for messages: "iati-activity 3 (GB-1-12345)". */
static void act_where(const struct iati_activity *act, char *out, size_t outlen)
{
	if (act->id.text)
		snprintf(out, outlen, "iati-activity %ld (%.120s)", act->index, act->id.text);
	else
		snprintf(out, outlen, "iati-activity %ld", act->index);
}

/* act_warn tells the sink (when it listens) about a value that was left out. */
static void act_warn(struct iati_reader *ir, const struct iati_activity *act, long line,
		     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void act_warn(struct iati_reader *ir, const struct iati_activity *act, long line,
		     const char *fmt, ...)
{
	char where[200], at[240], msg[300];
	va_list ap;

	if (!ir->sink->warn || act->rc)
		return;
	act_where(act, where, sizeof where);
	snprintf(at, sizeof at, "%s, line %ld", where, line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ir->sink->warn(ir->sink->ud, at, msg);
}

/*
 * attr_get returns the value of attribute name of the current element, trimmed, or NULL
 * when it is absent or blank. The caller frees it with xmlFree. A value over
 * IMPORT_MAX_FIELD bytes is an error of the activity (and NULL).
 */
static char *attr_get(struct iati_reader *ir, struct iati_activity *act, const char *name)
{
	char *v = (char *)xmlTextReaderGetAttribute(ir->r, (const xmlChar *)name);

	if (!v)
		return NULL;
	if (strlen(v) > IMPORT_MAX_FIELD) {
		act_fail(ir, act, node_line(ir->r), ERR_TOO_LARGE, act->field,
			 "%s attribute %s is longer than %zu bytes", act->elem, name,
			 IMPORT_MAX_FIELD);
		xmlFree(v);
		return NULL;
	}
	text_trim_in_place(v);
	if (!*v) {
		xmlFree(v);
		return NULL;
	}
	return v;
}

/* attr_lang returns the element's own xml:lang (not inherited); xmlFree it. */
static char *attr_lang(struct iati_reader *ir)
{
	return (char *)xmlTextReaderGetAttributeNs(ir->r, (const xmlChar *)"lang",
						   XML_XML_NAMESPACE);
}

/* arena_copy copies s into the sink's arena; on failure the activity fails. */
static const char *arena_copy(struct iati_reader *ir, struct iati_activity *act, const char *s)
{
	char *p = arena_strdup(ir->sink->arena, s);

	if (!p)
		act_fail(ir, act, act->elem_line, ERR_NOMEM, act->field, "out of memory");
	return p;
}

/*
 * consider offers the text in b (language lang, rank) for pick p: it is trimmed (and its
 * white space collapsed when collapse is set), and replaces p's text when it is not blank
 * and ranks better than what p holds.
 */
static void consider(struct iati_reader *ir, struct iati_activity *act, struct pick *p,
		     struct buf *b, const char *lang, int rank, int collapse)
{
	const char *copy;
	char *s;

	if (!b->data)
		return;
	s = text_trim(b->data);
	if (collapse)
		text_collapse_space(s);
	if (!*s || (p->text && rank >= p->rank))
		return;
	if (!(copy = arena_copy(ir, act, s)))
		return;
	p->text = copy;
	p->rank = rank;
	snprintf(p->lang, sizeof p->lang, "%s", lang);
}

/* append_text adds the current text node to b, failing the activity past the limit. */
static void append_text(struct iati_reader *ir, struct iati_activity *act, struct buf *b)
{
	const char *v = (const char *)xmlTextReaderConstValue(ir->r);
	int rc;

	if (!v)
		return;
	rc = buf_append(b, v, strlen(v));
	if (rc == ERR_TOO_LARGE)
		act_fail(ir, act, act->elem_line, rc, act->field,
			 "%s text is longer than %zu bytes", act->elem, IMPORT_MAX_FIELD);
	else if (rc)
		act_fail(ir, act, act->elem_line, rc, act->field, "out of memory");
}

/* partner_role maps a participating-org role (v2 code or v1 name) to lowercase text. */
static const char *partner_role(struct iati_reader *ir, struct iati_activity *act, const char *role)
{
	static const char *const codes[] = {"funding", "accountable", "extending", "implementing"};
	char *r;

	if (!role)
		return NULL;
	if (role[0] >= '1' && role[0] <= '4' && role[1] == '\0')
		return codes[role[0] - '1'];
	r = arena_strdup(ir->sink->arena, role);
	if (!r) {
		act_fail(ir, act, act->elem_line, ERR_NOMEM, "partners", "out of memory");
		return NULL;
	}
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

/*
 * set_date stores the YYYY-MM-DD at the start of s in slot (the first well-formed date of
 * a slot wins). Anything else is left out with a warning: real files carry junk there.
 * Years before 1901 count as junk too: "1900-01-01" is a common stand-in for "no date".
 */
static void set_date(struct iati_reader *ir, struct iati_activity *act, int slot, const char *s)
{
	char day[11];
	const char *copy;

	if (act->dates[slot])
		return;
	if (!s || !*s) {
		act_warn(ir, act, act->elem_line, "activity-date %s has no date: skipped",
			 iati_date_names[slot]);
		return;
	}
	if (strlen(s) < 10 || (s[10] != '\0' && s[10] != 'T' && s[10] != 'Z' && s[10] != '+' &&
			       s[10] != '-' && !isspace((unsigned char)s[10])))
		goto junk;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!utc_valid_partial_date(day) || strncmp(day, "1901", 4) < 0)
		goto junk;
	if ((copy = arena_copy(ir, act, day)))
		act->dates[slot] = copy;
	return;
junk:
	act_warn(ir, act, act->elem_line,
		 "activity-date %s \"%.40s\" is not a usable date: skipped", iati_date_names[slot],
		 s);
}

static int str_in(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

/* list_fail reports a failed ini_add_* on field. */
static void list_fail(struct iati_reader *ir, struct iati_activity *act, int rc, const char *field,
		      int limit)
{
	if (rc == ERR_TOO_LARGE)
		act_fail(ir, act, act->elem_line, rc, field, "more than %d %s", limit, field);
	else
		act_fail(ir, act, act->elem_line, rc, field, "out of memory");
}

/* add_tag adds an SDG goal or target tag (origin submitter), once. */
static void add_tag(struct iati_reader *ir, struct iati_activity *act, const char *scheme,
		    const char *code)
{
	char norm[INI_MAX_CODE + 8];
	const char *p = code, *copy;
	size_t n = 0;
	int rc;

	/* "05" -> "5", "5.B" -> "5.b": the spelling of the reference frameworks. */
	while (p[0] == '0' && isdigit((unsigned char)p[1]))
		p++;
	for (; *p && n < sizeof norm - 1; p++)
		norm[n++] = (char)tolower((unsigned char)*p);
	norm[n] = '\0';
	if (*p) /* too long for a code: keep it whole so validation reports it */
		snprintf(norm, sizeof norm, "%s", code);
	for (size_t i = 0; i < act->ini.ntags; i++)
		if (strcmp(act->ini.tags[i].scheme, scheme) == 0 &&
		    strcmp(act->ini.tags[i].code, norm) == 0)
			return;
	if (!(copy = arena_copy(ir, act, *p ? code : norm)))
		return;
	if ((rc = ini_add_tag(&act->ini, ir->sink->arena, scheme, copy, "submitter", 0, 0)))
		list_fail(ir, act, rc, "tags", INI_MAX_TAGS);
}

/* on_country handles <recipient-country code="..">. */
static void on_country(struct iati_reader *ir, struct iati_activity *act)
{
	char *code = attr_get(ir, act, "code");
	char iso[3];
	const char *copy;
	int rc;

	if (!code) {
		act_fail(ir, act, act->elem_line, ERR_INVALID, "countries",
			 "recipient-country has no code");
		goto out;
	}
	if (strlen(code) != 2 || !isalpha((unsigned char)code[0]) ||
	    !isalpha((unsigned char)code[1])) {
		act_fail(ir, act, act->elem_line, ERR_INVALID, "countries",
			 "recipient-country code \"%.32s\" is not a two-letter ISO 3166-1 code",
			 code);
		goto out;
	}
	iso[0] = (char)toupper((unsigned char)code[0]);
	iso[1] = (char)toupper((unsigned char)code[1]);
	iso[2] = '\0';
	if (str_in(act->ini.countries, act->ini.ncountries, iso))
		goto out;
	if (!(copy = arena_copy(ir, act, iso)))
		goto out;
	if ((rc = ini_add_country(&act->ini, ir->sink->arena, copy)))
		list_fail(ir, act, rc, "countries", INI_MAX_COUNTRIES);
out:
	xmlFree(code);
}

/* on_region handles <recipient-region code=".." vocabulary="..">. */
static void on_region(struct iati_reader *ir, struct iati_activity *act)
{
	char *code = attr_get(ir, act, "code"), *vocab = attr_get(ir, act, "vocabulary");
	char *region = NULL;
	int rc;

	if (!code) {
		act_fail(ir, act, act->elem_line, ERR_INVALID, "regions",
			 "recipient-region has no code");
		goto out;
	}
	if (!vocab || strcmp(vocab, "1") == 0)
		region = arena_sprintf(ir->sink->arena, "DAC:%s", code);
	else if (strcmp(vocab, "2") == 0)
		region = arena_sprintf(ir->sink->arena, "M49:%s", code);
	else
		region = arena_sprintf(ir->sink->arena, "IATI-%s:%s", vocab, code);
	if (!region) {
		act_fail(ir, act, act->elem_line, ERR_NOMEM, "regions", "out of memory");
		goto out;
	}
	if (str_in(act->ini.regions, act->ini.nregions, region))
		goto out;
	if ((rc = ini_add_region(&act->ini, ir->sink->arena, region)))
		list_fail(ir, act, rc, "regions", INI_MAX_REGIONS);
out:
	xmlFree(code);
	xmlFree(vocab);
}

/* on_sector handles <sector code=".." vocabulary="..">; SDG vocabularies become tags. */
static void on_sector(struct iati_reader *ir, struct iati_activity *act)
{
	char *code = attr_get(ir, act, "code"), *vocab = attr_get(ir, act, "vocabulary");
	char *sector = NULL;
	int rc;

	if (!code) {
		act_warn(ir, act, act->elem_line, "sector without a code: skipped");
		goto out;
	}
	if (vocab && strcmp(vocab, "7") == 0) {
		add_tag(ir, act, "sdg", code);
		goto out;
	}
	if (vocab && strcmp(vocab, "8") == 0) {
		add_tag(ir, act, "sdg_target", code);
		goto out;
	}
	if (!vocab || strcmp(vocab, "1") == 0 || strcasecmp(vocab, "DAC") == 0)
		sector = arena_sprintf(ir->sink->arena, "DAC:%s", code);
	else if (strcmp(vocab, "2") == 0 || strcasecmp(vocab, "DAC-3") == 0)
		sector = arena_sprintf(ir->sink->arena, "DAC3:%s", code);
	else
		sector = arena_sprintf(ir->sink->arena, "IATI-%s:%s", vocab, code);
	if (!sector) {
		act_fail(ir, act, act->elem_line, ERR_NOMEM, "sectors", "out of memory");
		goto out;
	}
	if (str_in(act->ini.sectors, act->ini.nsectors, sector))
		goto out;
	if ((rc = ini_add_sector(&act->ini, ir->sink->arena, sector)))
		list_fail(ir, act, rc, "sectors", INI_MAX_SECTORS);
out:
	xmlFree(code);
	xmlFree(vocab);
}

/* on_tag handles <tag vocabulary="2|3" code="..">: SDG goals and targets. */
static void on_tag(struct iati_reader *ir, struct iati_activity *act)
{
	char *code = attr_get(ir, act, "code"), *vocab = attr_get(ir, act, "vocabulary");

	if (code && vocab && strcmp(vocab, "2") == 0)
		add_tag(ir, act, "sdg", code);
	else if (code && vocab && strcmp(vocab, "3") == 0)
		add_tag(ir, act, "sdg_target", code);
	xmlFree(code);
	xmlFree(vocab);
}

/* on_status maps <activity-status code>: 5 (cancelled) and 6 (suspended) map to nothing. */
static void on_status(struct iati_reader *ir, struct iati_activity *act)
{
	char *code = attr_get(ir, act, "code");

	if (code && strcmp(code, "1") == 0)
		act->ini.status = "planned";
	else if (code && strcmp(code, "2") == 0)
		act->ini.status = "ongoing";
	else if (code && (strcmp(code, "3") == 0 || strcmp(code, "4") == 0))
		act->ini.status = "completed";
	xmlFree(code);
}

/*
 * on_date handles <activity-date type iso-date>. v1 files may give the date as the
 * element's text instead: then the text is collected (kind IATI_DATE).
 */
static void on_date(struct iati_reader *ir, struct iati_activity *act)
{
	char *type = attr_get(ir, act, "type"), *iso = attr_get(ir, act, "iso-date");
	int slot = iati_date_slot(type);

	if (slot < 0)
		act_warn(ir, act, act->elem_line,
			 "activity-date type \"%.40s\" is unknown: skipped", type ? type : "");
	else if (iso)
		set_date(ir, act, slot, iso);
	else {
		act->kind = IATI_DATE;
		act->date_slot = slot;
	}
	xmlFree(type);
	xmlFree(iso);
}

/* on_org handles the attributes of <reporting-org> (the first one only). */
static void on_org(struct iati_reader *ir, struct iati_activity *act)
{
	char *type;

	if (act->org_seen)
		return;
	act->org_seen = 1;
	act->kind = IATI_REPORTING_ORG;
	type = attr_get(ir, act, "type");
	act->ini.stakeholder_type = iati_stakeholder_type(type);
	xmlFree(type);
}

/* on_partner handles the attributes of <participating-org>. */
static void on_partner(struct iati_reader *ir, struct iati_activity *act)
{
	char *role = attr_get(ir, act, "role");

	act->kind = IATI_PARTICIPATING_ORG;
	act->role = partner_role(ir, act, role);
	memset(&act->partner, 0, sizeof act->partner);
	xmlFree(role);
}

/* on_description handles the attributes of <description>: general (type 1) ranks first. */
static void on_description(struct iati_reader *ir, struct iati_activity *act)
{
	char *type = attr_get(ir, act, "type");

	act->kind = IATI_DESCRIPTION;
	act->base_rank =
	    !type || strcmp(type, "1") == 0 || strcasecmp(type, "general") == 0 ? 0 : 2;
	xmlFree(type);
}

/* child_start handles the start tag of a direct child of <iati-activity>. */
static void child_start(struct iati_reader *ir, struct iati_activity *act, const char *name)
{
	static const struct {
		const char *elem, *field;
		void (*fn)(struct iati_reader *, struct iati_activity *);
		enum iati_kind kind;
	} children[] = {
	    {"iati-identifier", "source_id", NULL, IATI_IDENTIFIER},
	    {"title", "title", NULL, IATI_TITLE},
	    {"description", "description", on_description, IATI_NONE},
	    {"reporting-org", "organisation", on_org, IATI_NONE},
	    {"participating-org", "partners", on_partner, IATI_NONE},
	    {"recipient-country", "countries", on_country, IATI_NONE},
	    {"recipient-region", "regions", on_region, IATI_NONE},
	    {"activity-status", "status", on_status, IATI_NONE},
	    {"activity-date", "start_date", on_date, IATI_NONE},
	    {"sector", "sectors", on_sector, IATI_NONE},
	    {"tag", "tags", on_tag, IATI_NONE},
	};
	char *lang;

	act->kind = IATI_NONE;
	for (size_t i = 0; i < sizeof children / sizeof children[0]; i++) {
		if (strcmp(name, children[i].elem) != 0)
			continue;
		act->elem = children[i].elem;
		act->field = children[i].field;
		act->elem_line = node_line(ir->r);
		act->base_rank = 0;
		act->kind = children[i].kind;
		if (children[i].fn)
			children[i].fn(ir, act);
		break;
	}
	if (act->kind == IATI_NONE)
		return;
	lang = attr_lang(ir);
	act->elem_rank = iati_xml_lang_rank(lang);
	iati_xml_lang_code(lang, act->elem_lang);
	xmlFree(lang);
	buf_reset(&ir->own);
}

/* child_end finishes a collected child: its own text competes with its narratives. */
static void child_end(struct iati_reader *ir, struct iati_activity *act)
{
	int rc;

	switch (act->kind) {
	case IATI_IDENTIFIER:
		consider(ir, act, &act->id, &ir->own, "", 0, 0);
		break;
	case IATI_TITLE:
		consider(ir, act, &act->title, &ir->own, act->elem_lang, act->elem_rank, 1);
		break;
	case IATI_DESCRIPTION:
		consider(ir, act, &act->description, &ir->own, act->elem_lang,
			 act->base_rank + act->elem_rank, 0);
		break;
	case IATI_REPORTING_ORG:
		consider(ir, act, &act->org, &ir->own, act->elem_lang, act->elem_rank, 1);
		break;
	case IATI_PARTICIPATING_ORG:
		consider(ir, act, &act->partner, &ir->own, act->elem_lang, act->elem_rank, 1);
		if (act->rc)
			break;
		if (!act->partner.text) {
			act_warn(ir, act, act->elem_line,
				 "participating-org without a name: skipped");
			break;
		}
		for (size_t i = 0; i < act->ini.npartners; i++) {
			const struct partner *p = &act->ini.partners[i];

			if (strcmp(p->name, act->partner.text) == 0 &&
			    ((!p->role && !act->role) ||
			     (p->role && act->role && strcmp(p->role, act->role) == 0)))
				goto out;
		}
		rc = ini_add_partner(&act->ini, ir->sink->arena, act->partner.text, act->role);
		if (rc)
			list_fail(ir, act, rc, "partners", INI_MAX_PARTNERS);
		break;
	case IATI_DATE:
		if (ir->own.data)
			text_trim_in_place(ir->own.data);
		set_date(ir, act, act->date_slot, ir->own.data);
		break;
	case IATI_NONE:
		break;
	}
out:
	act->kind = IATI_NONE;
}

/* narrative_start handles <narrative> inside a collected child (not dates or ids). */
static void narrative_start(struct iati_reader *ir, struct iati_activity *act, int depth)
{
	char *lang = attr_lang(ir);

	act->narr_depth = depth;
	if (lang) {
		act->narr_rank = iati_xml_lang_rank(lang);
		iati_xml_lang_code(lang, act->narr_lang);
	} else { /* a narrative without a language speaks its parent's */
		act->narr_rank = act->elem_rank;
		memcpy(act->narr_lang, act->elem_lang, sizeof act->narr_lang);
	}
	xmlFree(lang);
	buf_reset(&ir->narr);
}

static void narrative_end(struct iati_reader *ir, struct iati_activity *act)
{
	struct pick *p = NULL;
	int collapse = 1;

	act->narr_depth = -1;
	switch (act->kind) {
	case IATI_TITLE:
		p = &act->title;
		break;
	case IATI_DESCRIPTION:
		p = &act->description;
		collapse = 0; /* keep paragraphs */
		break;
	case IATI_REPORTING_ORG:
		p = &act->org;
		break;
	case IATI_PARTICIPATING_ORG:
		p = &act->partner;
		break;
	default:
		return;
	}
	consider(ir, act, p, &ir->narr, act->narr_lang, act->base_rank + act->narr_rank, collapse);
}

/* activity_start begins a record at <iati-activity>. */
static int activity_start(struct iati_reader *ir, struct iati_activity *act, int depth)
{
	char *lang;

	memset(act, 0, sizeof *act);
	ini_init(&act->ini);
	act->depth = depth;
	act->narr_depth = -1;
	act->index = ++ir->nactivities;
	act->line = node_line(ir->r);
	if (act->index > IMPORT_MAX_RECORDS)
		return errinfo_set(ir->e, ERR_TOO_LARGE, NULL,
				   "%s: line %ld: more than %ld iati-activity elements", ir->name,
				   act->line, IMPORT_MAX_RECORDS);
	lang = attr_lang(ir);
	iati_xml_lang_code(lang, act->lang);
	xmlFree(lang);
	return 0;
}

/* xml_failure fills e for a document libxml2 could not read, or that has no activity. */
static int xml_failure(struct iati_reader *ir)
{
	if (ir->input.read_error)
		return errinfo_set(ir->e, ERR_IO, NULL, "%s: read error", ir->name);
	if (!ir->input.seen_content)
		return errinfo_set(ir->e, ERR_INVALID, NULL, "%s: no iati-activity elements found",
				   ir->name);
	if (ir->xerr.set)
		return errinfo_set(
		    ir->e, ERR_INVALID, NULL, "%s: line %ld: malformed XML: %s", ir->name,
		    ir->xerr.line > 0 ? ir->xerr.line : xmlTextReaderGetParserLineNumber(ir->r),
		    ir->xerr.msg);
	return errinfo_set(ir->e, ERR_INVALID, NULL, "%s: line %d: malformed XML", ir->name,
			   xmlTextReaderGetParserLineNumber(ir->r));
}

/*
 * activity_end completes the record: required fields, the fields derived from several
 * elements (dates, scope, language), then hands it to the sink and resets the arena.
 */
static int activity_end(struct iati_reader *ir, struct iati_activity *act)
{
	struct initiative *ini = &act->ini;
	char where[200], lang[3];
	size_t n;
	int rc;

	act->depth = -1;
	if (ir->xerr.set) /* never emit what libxml2 found fault with */
		return xml_failure(ir);
	if (!act->rc && !act->id.text)
		act_fail(ir, act, act->line, ERR_INVALID, "source_id",
			 "iati-identifier is missing");
	if (!act->rc && !act->title.text)
		act_fail(ir, act, act->line, ERR_INVALID, "title", "title is missing");
	if (!act->rc && act->description.text &&
	    (n = text_utf8_len(act->description.text)) > INI_MAX_DESCRIPTION)
		act_fail(ir, act, act->line, ERR_TOO_LARGE, "description",
			 "description is %zu characters long; the limit is %d", n,
			 INI_MAX_DESCRIPTION);
	act_where(act, where, sizeof where);
	if (act->rc) {
		errinfo_prefix(ir->e, "%s: %s, line %ld: ", ir->name, where, act->err_line);
		return act->rc;
	}

	ini->source = "iati";
	ini->source_id = act->id.text;
	ini->title = act->title.text;
	ini->description = act->description.text;
	if (act->org.text) {
		ini->org.name = act->org.text;
		ini->org.stakeholder_type = ini->stakeholder_type;
	}
	ini->start_date = act->dates[IATI_START_ACTUAL] ? act->dates[IATI_START_ACTUAL]
							: act->dates[IATI_START_PLANNED];
	ini->end_date = act->dates[IATI_END_ACTUAL] ? act->dates[IATI_END_ACTUAL]
						    : act->dates[IATI_END_PLANNED];
	if (ini->start_date && ini->end_date && strcmp(ini->end_date, ini->start_date) < 0) {
		act_warn(ir, act, act->line,
			 "end date %s is before start date %s: end date left out", ini->end_date,
			 ini->start_date);
		ini->end_date = NULL;
	}
	if (ini->ncountries == 1 && ini->nregions == 0)
		ini->scope = "national";
	else if (ini->ncountries > 1 || ini->nregions > 0)
		ini->scope = "regional";
	/* The activity's language, else the file's, else that of the title we took. */
	if (act->lang[0])
		memcpy(lang, act->lang, sizeof lang);
	else if (ir->root_lang[0])
		memcpy(lang, ir->root_lang, sizeof lang);
	else
		memcpy(lang, act->title.lang, sizeof lang);
	if (lang[0] && !(ini->language = arena_strdup(ir->sink->arena, lang)))
		return errinfo_set(ir->e, ERR_NOMEM, NULL, "%s: %s: out of memory", ir->name,
				   where);

	ir->emitted++;
	rc = ir->sink->emit(ir->sink->ud, ini, where, ir->e);
	arena_reset(ir->sink->arena);
	return rc;
}

/*
 * check_dtd refuses a DOCTYPE that declares entities: IATI never uses them, and refusing
 * them shuts out entity expansion attacks whatever libxml2 would make of them.
 */
static int check_dtd(struct iati_reader *ir)
{
	xmlNodePtr n = xmlTextReaderCurrentNode(ir->r);
	xmlDtdPtr dtd = n && n->type == XML_DTD_NODE ? (xmlDtdPtr)n : NULL;

	if (dtd && (dtd->entities || dtd->pentities))
		return errinfo_set(ir->e, ERR_INVALID, NULL,
				   "%s: line %ld: the DOCTYPE declares entities, which IATI files "
				   "do not use",
				   ir->name, node_line(ir->r));
	return 0;
}

/* element_start handles a start tag anywhere in the document. */
static int element_start(struct iati_reader *ir, struct iati_activity *act, int depth)
{
	const char *name = (const char *)xmlTextReaderConstLocalName(ir->r);
	int empty = xmlTextReaderIsEmptyElement(ir->r) == 1;
	int rc = 0;
	char *lang;

	/* IATI elements have no namespace; anything namespaced is an extension. */
	if (!name || xmlTextReaderConstNamespaceUri(ir->r))
		return 0;
	if (act->depth < 0) {
		if (strcmp(name, "iati-activity") == 0 &&
		    (depth == 0 || (ir->acts_depth >= 0 && depth == ir->acts_depth + 1))) {
			if ((rc = activity_start(ir, act, depth)) == 0 && empty)
				rc = activity_end(ir, act);
		} else if (strcmp(name, "iati-activities") == 0 && ir->acts_depth < 0 && !empty) {
			ir->acts_depth = depth;
			lang = attr_lang(ir);
			iati_xml_lang_code(lang, ir->root_lang);
			xmlFree(lang);
		}
		return rc;
	}
	if (depth == act->depth + 1) {
		child_start(ir, act, name);
		if (empty)
			child_end(ir, act);
	} else if (depth == act->depth + 2 && act->narr_depth < 0 &&
		   strcmp(name, "narrative") == 0 &&
		   (act->kind == IATI_TITLE || act->kind == IATI_DESCRIPTION ||
		    act->kind == IATI_REPORTING_ORG || act->kind == IATI_PARTICIPATING_ORG)) {
		narrative_start(ir, act, depth);
		if (empty)
			narrative_end(ir, act);
	}
	return 0;
}

/* element_end handles an end tag anywhere in the document. */
static int element_end(struct iati_reader *ir, struct iati_activity *act, int depth)
{
	if (act->depth < 0) {
		if (depth == ir->acts_depth)
			ir->acts_depth = -1;
		return 0;
	}
	if (act->narr_depth >= 0) {
		if (depth == act->narr_depth)
			narrative_end(ir, act);
	} else if (depth == act->depth + 1) {
		child_end(ir, act);
	} else if (depth == act->depth) {
		return activity_end(ir, act);
	}
	return 0;
}

/* on_node dispatches one node of the document. */
static int on_node(struct iati_reader *ir, struct iati_activity *act)
{
	int depth = xmlTextReaderDepth(ir->r);

	switch (xmlTextReaderNodeType(ir->r)) {
	case XML_READER_TYPE_DOCUMENT_TYPE:
		return check_dtd(ir);
	case XML_READER_TYPE_ELEMENT:
		return element_start(ir, act, depth);
	case XML_READER_TYPE_END_ELEMENT:
		return element_end(ir, act, depth);
	case XML_READER_TYPE_TEXT:
	case XML_READER_TYPE_CDATA:
	case XML_READER_TYPE_WHITESPACE:
	case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
		if (act->depth < 0 || act->kind == IATI_NONE)
			return 0;
		if (act->narr_depth >= 0)
			append_text(ir, act, &ir->narr);
		else
			append_text(ir, act, &ir->own);
		return 0;
	default:
		return 0;
	}
}

int import_read_iati(FILE *in, const char *name, struct import_sink *sink, struct errinfo *e)
{
	struct iati_reader ir;
	struct iati_activity act;
	int rc = 0, ret;

	memset(&ir, 0, sizeof ir);
	memset(&act, 0, sizeof act);
	act.depth = -1;
	act.narr_depth = -1;
	ir.name = name;
	ir.sink = sink;
	ir.e = e;
	ir.input.in = in;
	ir.acts_depth = -1;
	buf_init(&ir.own, IMPORT_MAX_FIELD);
	buf_init(&ir.narr, IMPORT_MAX_FIELD);

	ir.input.nhead = fread(ir.input.head, 1, sizeof ir.input.head, in);
	if (not_utf8(ir.input.head, ir.input.nhead)) {
		rc = errinfo_set(e, ERR_INVALID, NULL,
				 "%s: the file is not UTF-8 (UTF-16, UTF-32 or EBCDIC): IATI files "
				 "are UTF-8",
				 name);
		goto out;
	}
	/*
	 * No XML_PARSE_NOENT, DTDLOAD or HUGE: entities stay unexpanded, limits stay on.
	 * IGNORE_ENC reads every file as UTF-8, as the IATI standard has them, whatever the
	 * declaration says: libxml2's conversions report their errors on stderr, not to us.
	 */
	ir.r = xmlReaderForIO(read_input, NULL, &ir.input, NULL, NULL,
			      XML_PARSE_NONET | XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC);
	if (!ir.r) {
		rc = errinfo_set(e, ERR_NOMEM, NULL, "%s: cannot start the XML reader", name);
		goto out;
	}
	xmlTextReaderSetStructuredErrorHandler(ir.r, on_xml_error, &ir.xerr);
	while ((ret = xmlTextReaderRead(ir.r)) == 1)
		if ((rc = on_node(&ir, &act)))
			goto out;
	if (ret < 0 || ir.xerr.set) {
		rc = xml_failure(&ir);
		goto out;
	}
	if (ir.nactivities == 0)
		rc = errinfo_set(e, ERR_INVALID, NULL, "%s: no iati-activity elements found", name);
out:
	/* an activity begun and never emitted failed inside: a record not read */
	if (rc && ir.nactivities > ir.emitted)
		sink->unread = 1;
	if (rc)
		arena_reset(sink->arena);
	if (ir.r)
		xmlFreeTextReader(ir.r);
	buf_cleanup(&ir.own);
	buf_cleanup(&ir.narr);
	return rc;
}
