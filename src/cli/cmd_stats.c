/*
 * cmd_stats.c - `stocktake stats`: what the database holds.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

int cmd_stats(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"json", no_argument, NULL, 'j'}, {0}};
	struct store_stats st;
	struct store *s;
	int ch, json = 0, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else
			return cli_bad_option("stats", argv, "");
	}
	if (optind < argc)
		return cli_usage_error("stats", _("unexpected argument \"%s\""), argv[optind]);
	if (!(s = cli_open(cli, STORE_READONLY)))
		return CLI_FAIL;
	rc = store_stats(s, &st);
	if (rc) {
		cli_error("%s", store_errmsg(s));
		store_close(s);
		return CLI_FAIL;
	}
	if (json) {
		json_t *o = json_object(), *states = json_object(), *tags = json_object();

		for (int i = 0; ini_states[i]; i++)
			json_object_set_new(states, ini_states[i], json_integer(st.by_state[i]));
		for (int i = 0; ini_tag_schemes[i]; i++)
			json_object_set_new(tags, ini_tag_schemes[i],
					    json_integer(st.tags_by_scheme[i]));
		json_object_set_new(o, "initiatives", json_integer(st.initiatives));
		json_object_set_new(o, "by_state", states);
		json_object_set_new(o, "tags", json_integer(st.tags));
		json_object_set_new(o, "tags_by_scheme", tags);
		json_object_set_new(o, "organisations", json_integer(st.organisations));
		json_object_set_new(o, "countries", json_integer(st.countries));
		json_object_set_new(o, "revisions", json_integer(st.revisions));
		json_object_set_new(o, "audit_records", json_integer(st.audit_records));
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		printf(_("%s\n"), cli->db_path);
		printf(_("initiatives: %lld\n"), (long long)st.initiatives);
		for (int i = 0; ini_states[i]; i++)
			printf("  %-12s %lld\n", ini_states[i], (long long)st.by_state[i]);
		printf(_("tags: %lld\n"), (long long)st.tags);
		for (int i = 0; ini_tag_schemes[i]; i++)
			printf("  %-12s %lld\n", ini_tag_schemes[i],
			       (long long)st.tags_by_scheme[i]);
		printf(_("organisations: %lld\ncountries: %lld\nrevisions: %lld\naudit records: "
			 "%lld\n"),
		       (long long)st.organisations, (long long)st.countries,
		       (long long)st.revisions, (long long)st.audit_records);
	}
	store_close(s);
	return CLI_OK;
}
