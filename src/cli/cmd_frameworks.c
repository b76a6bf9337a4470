/*
 * cmd_frameworks.c - `stocktake frameworks WHICH`: list a reference framework as text or JSON.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *name, *scheme;
} lists[] = {
    {"sdgs", "sdg"},
    {"targets", "sdg_target"},
    {"indicators", "sdg_indicator"},
    {"action-lines", "action_line"},
    {"gdc", "gdc"},
    {"regions", "m49_region"},
    {"itu-regions", "itu_region"},
    {"countries", NULL},
};

struct fw_out {
	struct store *s;
	json_t *arr; /* NULL for text output */
	int rc;
};

static int links_to_json(void *ud, const char *code)
{
	return json_array_append_new(ud, json_string(code)) ? ERR_NOMEM : 0;
}

static int print_item(void *ud, const struct fw_item *it)
{
	struct fw_out *o = ud;
	json_t *j;

	if (!o->arr) {
		printf("%-18s %s\n", it->code, it->title[0] ? it->title[0] : "");
		return 0;
	}
	j = json_pack("{s:s, s:s?}", "code", it->code, "title", it->title[0]);
	if (!j)
		return ERR_NOMEM;
	if (it->short_title[0])
		json_object_set_new(j, "short_title", json_string(it->short_title[0]));
	if (it->parent)
		json_object_set_new(j, "parent", json_string(it->parent));
	if (strcmp(it->scheme, "sdg_indicator") == 0 && it->attr)
		json_object_set_new(j, "unsd_code", json_string(it->attr));
	if (strcmp(it->scheme, "m49_region") == 0 && it->attr)
		json_object_set_new(j, "level", json_string(it->attr));
	if (strcmp(it->scheme, "action_line") == 0) {
		json_t *sdgs = json_array(), *targets = json_array();

		json_object_set_new(j, "group", json_boolean(it->is_group));
		store_fw_links(o->s, "action_line", it->code, "sdg", links_to_json, sdgs);
		store_fw_links(o->s, "action_line", it->code, "sdg_target", links_to_json, targets);
		json_object_set_new(j, "sdgs", sdgs);
		json_object_set_new(j, "sdg_targets", targets);
	}
	return json_array_append_new(o->arr, j) ? ERR_NOMEM : 0;
}

static int print_country(void *ud, const struct country *c)
{
	struct fw_out *o = ud;
	json_t *j;

	if (!o->arr) {
		printf("%s %s %s %-13s %s\n", c->iso2, c->iso3, c->numeric,
		       c->itu_region[0] ? c->itu_region : "-", c->name[0] ? c->name[0] : "");
		return 0;
	}
	j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "code",
		      c->iso2, "title", c->name[0] ? c->name[0] : "", "iso2", c->iso2, "iso3",
		      c->iso3, "numeric", c->numeric, "m49_region", c->m49_region, "m49_subregion",
		      c->m49_subregion, "m49_intermediate", c->m49_intermediate, "itu_region",
		      c->itu_region, "ldc", c->ldc, "lldc", c->lldc, "sids", c->sids);
	if (!j)
		return ERR_NOMEM;
	return json_array_append_new(o->arr, j) ? ERR_NOMEM : 0;
}

int cmd_frameworks(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"lang", required_argument, NULL, 'l'}, {"json", no_argument, NULL, 'j'}, {0}};
	const char *which = NULL, *scheme = NULL;
	struct fw_out o = {0};
	int ch, json = 0, lang = LANG_EN, rc;
	size_t i;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'l') {
			if ((lang = lang_parse(optarg)) < 0)
				return cli_usage_error(
				    "frameworks",
				    _("unknown language \"%s\": use en, fr, es, ru, ar or zh"),
				    optarg);
		} else if (ch == 'j') {
			json = 1;
		} else {
			return cli_bad_option("frameworks", argv, "");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("frameworks", _("name one framework"));
	which = argv[optind];
	for (i = 0; i < sizeof lists / sizeof *lists; i++)
		if (strcmp(lists[i].name, which) == 0)
			break;
	if (i == sizeof lists / sizeof *lists)
		return cli_usage_error("frameworks", _("unknown framework \"%s\""), which);
	scheme = lists[i].scheme;
	if (!(o.s = cli_open(cli, STORE_READONLY)))
		return CLI_FAIL;
	if (json && !(o.arr = json_array())) {
		store_close(o.s);
		return CLI_FAIL;
	}
	if (scheme)
		rc = store_fw_list(o.s, scheme, (enum lang)lang, print_item, &o);
	else
		rc = store_country_list(o.s, (enum lang)lang, print_country, &o);
	if (rc) {
		cli_error("%s", rc == ERR_NOMEM ? _("out of memory") : store_errmsg(o.s));
	} else if (json) {
		if (json_dumpf(o.arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER) ||
		    putchar('\n') == EOF)
			rc = ERR_IO;
	}
	json_decref(o.arr);
	store_close(o.s);
	return rc ? CLI_FAIL : CLI_OK;
}
