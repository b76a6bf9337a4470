/*
 * page_initiative_jsonld.c - the initiative as schema.org JSON-LD, so search engines and
 * harvesters read it without scraping: a Project (an Organization in schema.org terms)
 * with its organisation, partners, countries and dates, and the SDGs and targets it works
 * on as DefinedTerms with their UN identifiers (http://metadata.un.org/sdg/3,
 * http://metadata.un.org/sdg/3.8).
 *
 * The block is data, not script: browsers do not run it, so the Content-Security-Policy
 * does not stop it. It is written through html_json_script, which escapes '<', '>' and '&',
 * so no text in the record can close the element.
 */
#include "pages/page_initiative.h"

#include <jansson.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SDG_BASE "http://metadata.un.org/sdg/"

static int set_str(json_t *o, const char *key, const char *v)
{
	return v ? json_object_set_new(o, key, json_string(v)) : 0;
}

static json_t *organisation(const char *name, const char *url, const char *country)
{
	json_t *o = json_pack("{s:s, s:s}", "@type", "Organization", "name", name);

	if (!o)
		return NULL;
	if (ini_view_safe_url(url))
		set_str(o, "url", url);
	if (country)
		json_object_set_new(
		    o, "address",
		    json_pack("{s:s, s:s}", "@type", "PostalAddress", "addressCountry", country));
	return o;
}

/* has_word tells whether role mentions word (ASCII, any case): "Funding", "co-funder". */
static int has_word(const char *role, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = role; p && *p; p++)
		if (strncasecmp(p, word, n) == 0)
			return 1;
	return 0;
}

/* add_partners puts each partner under funder, sponsor or member by its role. */
static void add_partners(json_t *o, const struct initiative *ini)
{
	static const char *const keys[] = {"funder", "sponsor", "member"};

	for (size_t i = 0; i < ini->npartners; i++) {
		const struct partner *p = &ini->partners[i];
		const char *key = has_word(p->role, "fund")      ? keys[0]
				  : has_word(p->role, "sponsor") ? keys[1]
								 : keys[2];
		json_t *list = json_object_get(o, key);

		if (!list) {
			list = json_array();
			json_object_set_new(o, key, list);
		}
		json_array_append_new(list, organisation(p->name, NULL, NULL));
	}
}

static json_t *defined_term(const char *code, const struct fw_item *it)
{
	char id[sizeof SDG_BASE + 16];
	json_t *t;

	snprintf(id, sizeof id, SDG_BASE "%s", code);
	t = json_pack("{s:s, s:s, s:s, s:s}", "@type", "DefinedTerm", "@id", id, "termCode", code,
		      "inDefinedTermSet", "http://metadata.un.org/sdg");
	if (t && it)
		set_str(t, "name", it->title[0]);
	return t;
}

static json_t *build(struct ini_view *v)
{
	const struct initiative *ini = &v->ini;
	json_t *o = json_object(), *area, *about, *keywords;
	char *self;

	if (!o)
		return NULL;
	/* a whole address when the site's is known (base_url), else relative to the page */
	self = arena_sprintf(v->ar->req->arena, "%s/initiatives/%lld",
			     v->ar->app->cfg.base_url ? v->ar->app->cfg.base_url : "",
			     (long long)ini->id);
	set_str(o, "@context", "https://schema.org");
	set_str(o, "@type", "Project");
	set_str(o, "@id", self);
	set_str(o, "name", ini->title);
	set_str(o, "description", ini->summary ? ini->summary : ini->description);
	if (ini_view_safe_url(ini->url))
		set_str(o, "url", ini->url);
	set_str(o, "inLanguage", ini->language);
	/* Project is an Organization in schema.org: its dates are founding and dissolution. */
	set_str(o, "foundingDate", ini->start_date);
	set_str(o, "dissolutionDate", ini->end_date);
	if (ini->org.name)
		json_object_set_new(
		    o, "parentOrganization",
		    organisation(ini->org.name, ini->org.website, ini->org.country));
	add_partners(o, ini);
	if (ini->ncountries) {
		area = json_array();
		for (size_t i = 0; i < ini->ncountries; i++) {
			const struct country *c =
			    country_catalog_find(&v->countries, ini->countries[i]);

			json_array_append_new(area,
					      json_pack("{s:s, s:s, s:s}", "@type", "Country",
							"name", c ? c->name[0] : ini->countries[i],
							"identifier", ini->countries[i]));
		}
		json_object_set_new(o, "areaServed", area);
	}
	about = json_array();
	keywords = json_array();
	for (size_t i = 0; i < ini->ntags; i++) {
		const struct tag *t = &ini->tags[i];

		if (strcmp(t->scheme, "sdg") == 0)
			json_array_append_new(
			    about, defined_term(t->code, fw_catalog_find(&v->sdg, t->code)));
		else if (strcmp(t->scheme, "sdg_target") == 0)
			json_array_append_new(
			    about, defined_term(t->code, fw_catalog_find(&v->target, t->code)));
		else if (strcmp(t->scheme, "action_line") == 0)
			json_array_append_new(keywords,
					      json_sprintf("WSIS Action Line %s", t->code));
		else if (strcmp(t->scheme, "gdc") == 0)
			json_array_append_new(
			    keywords, json_sprintf("Global Digital Compact objective %s", t->code));
	}
	if (json_array_size(about))
		json_object_set(o, "about", about);
	if (json_array_size(keywords))
		json_object_set(o, "keywords", keywords);
	json_decref(about);
	json_decref(keywords);
	return o;
}

int ini_view_jsonld(struct ini_view *v)
{
	json_t *o = build(v);
	char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(o);
	if (!s)
		return ERR_NOMEM;
	html_raw(v->b, "<script type=\"application/ld+json\">");
	html_json_script(v->b, s);
	html_raw(v->b, "</script>");
	free(s);
	return 0;
}
