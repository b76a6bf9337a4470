/*
 * cmd_init.c - `stocktake init` and `stocktake migrate`.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "frameworks/frameworks.h"
#include "io/timeline.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* ensure_parent_dir creates the directory that will hold path, if it is missing. */
static void ensure_parent_dir(const char *path)
{
	char dir[4096];
	char *slash;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return;
	*slash = '\0';
	mkdir(dir, 0755); /* an error shows up when the database is opened */
}

static int migrate(struct cli *cli, struct store *s)
{
	int applied = 0, version = 0;

	if (store_migrate(s, &applied)) {
		cli_error("%s", store_errmsg(s));
		return CLI_FAIL;
	}
	store_schema_version(s, &version);
	if (applied)
		printf(Q_("%s: applied %d migration; schema version %d\n",
			  "%s: applied %d migrations; schema version %d\n", applied),
		       cli->db_path, applied, version);
	else
		printf(_("%s: schema is up to date (version %d)\n"), cli->db_path, version);
	return CLI_OK;
}

/* load_timeline loads the review timeline beside the frameworks directory, when there is one. */
static int load_timeline(struct store *s, const char *fw_dir)
{
	char dir[4096], path[4200];
	struct errinfo e;
	int loaded = 0, changed = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", timeline_dir_for(fw_dir, dir, sizeof dir),
		 TIMELINE_FILE);
	if (!(f = fopen(path, "rb")))
		return CLI_OK; /* an installation without the timeline */
	fclose(f);
	errinfo_clear(&e);
	if (timeline_load(s, path, &loaded, &changed, &e)) {
		cli_error(_("loading the timeline from %s failed: %s"), path, e.msg);
		return CLI_FAIL;
	}
	printf(Q_("loaded the review timeline from %s: %d event, %d new or changed\n",
		  "loaded the review timeline from %s: %d events, %d new or changed\n", loaded),
	       path, loaded, changed);
	return CLI_OK;
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"data", required_argument, NULL, 'd'}, {0}};
	const char *data = NULL, *dir;
	struct fw_counts c;
	struct errinfo e;
	struct store *s;
	char buf[4096];
	int ch, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'd')
			data = optarg;
		else
			return cli_bad_option("init", argv, "");
	}
	if (optind < argc)
		return cli_usage_error("init", _("unexpected argument \"%s\""), argv[optind]);
	dir = fw_find_dir(data, buf, sizeof buf);
	ensure_parent_dir(cli->db_path);
	if (!(s = cli_open(cli, STORE_CREATE)))
		return CLI_FAIL;
	if ((rc = migrate(cli, s)) != CLI_OK)
		goto out;
	errinfo_clear(&e);
	if (fw_load(s, dir, &c, &e)) {
		cli_error(_("loading the frameworks from %s failed: %s"), dir, e.msg);
		rc = CLI_FAIL;
		goto out;
	}
	printf(_("loaded frameworks from %s: %ld SDGs, %ld targets, %ld indicators, %ld Action "
		 "Lines, %ld GDC objectives, %ld regions, %ld ITU-D regions, %ld countries, %ld "
		 "WSIS-SDG links\n"),
	       dir, c.sdgs, c.targets, c.indicators, c.action_lines, c.gdc, c.regions,
	       c.itu_regions, c.countries, c.links);
	rc = load_timeline(s, dir);
out:
	store_close(s);
	return rc;
}

int cmd_migrate(struct cli *cli, int argc, char **argv)
{
	struct store *s;
	int rc;

	if (argc > 1)
		return cli_usage_error("migrate", _("unexpected argument \"%s\""), argv[1]);
	if (!(s = cli_open(cli, STORE_CREATE)))
		return CLI_FAIL;
	rc = migrate(cli, s);
	store_close(s);
	return rc;
}
