/*
 * cmd_report.c - `stocktake report KIND`: a regional, country, matrix or GDC report as a
 * file in PDF, HTML, XLSX, CSV or JSON, built by the same service as the web pages, so the
 * numbers are the same everywhere.
 *
 * The file is written whole to FILE.tmp-PID first and renamed into place: a failed run
 * leaves no half-written report behind.
 */
#include "cli/cli.h"

#include "cli/cli_i18n.h"
#include "core/i18n.h"
#include "core/mo.h"
#include "pages/report_html.h"
#include "report/report.h"
#include "report/report_render.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { FMT_PDF, FMT_HTML, FMT_XLSX, FMT_CSV, FMT_JSON };
static const char *const formats[] = {"pdf", "html", "xlsx", "csv", "json", NULL};

/* write_text writes b to path (or standard output for "-") through a temporary file. */
static int write_text(const char *path, const struct buf *b, const char *tmp)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		return fwrite(b->data ? b->data : "", 1, b->len, stdout) == b->len ? 0 : -1;
	if (!(f = fopen(tmp, "wb")))
		return -1;
	if ((b->len && fwrite(b->data, 1, b->len, f) != b->len) | (fclose(f) != 0)) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

static int parse_place(const char *kind, const char *region, const char *country,
		       struct fig_filter *f, char iso2[3])
{
	enum fig_place k;

	if (strcmp(kind, "regional") == 0) {
		if (!region)
			return cli_usage_error("report",
					       _("a regional report needs --region REGION"));
		if (figures_place_kind(region, &k) ||
		    (k != FIG_ITU_REGION && k != FIG_M49_REGION)) {
			cli_error(
			    _("unknown region \"%s\": give an ITU-D region (africa, americas, "
			      "arab-states, asia-pacific, cis, europe) or an M49 region code "
			      "such as 019"),
			    region);
			return CLI_USAGE;
		}
		f->place_kind = k;
		f->place = region;
	} else if (strcmp(kind, "country") == 0) {
		if (!country)
			return cli_usage_error("report",
					       _("a country report needs --country ISO2"));
		if (figures_place_kind(country, &k) || k != FIG_COUNTRY) {
			cli_error(_("unknown country \"%s\": give an ISO 3166-1 alpha-2 code such "
				    "as KE"),
				  country);
			return CLI_USAGE;
		}
		iso2[0] = (char)(country[0] & ~0x20);
		iso2[1] = (char)(country[1] & ~0x20);
		iso2[2] = '\0';
		f->place_kind = FIG_COUNTRY;
		f->place = iso2;
	} else if (region) {
		if (figures_place_kind(region, &k) || k == FIG_COUNTRY) {
			cli_error(_("unknown region \"%s\""), region);
			return CLI_USAGE;
		}
		f->place_kind = k;
		f->place = k == FIG_WORLD ? NULL : region;
	}
	return 0;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {{"region", required_argument, NULL, 'r'},
					     {"country", required_argument, NULL, 'c'},
					     {"format", required_argument, NULL, 'f'},
					     {"output", required_argument, NULL, 'o'},
					     {"from", required_argument, NULL, 'F'},
					     {"to", required_argument, NULL, 'T'},
					     {"stakeholder-type", required_argument, NULL, 's'},
					     {"origin", required_argument, NULL, 'O'},
					     {"state", required_argument, NULL, 'S'},
					     {"lang", required_argument, NULL, 'l'},
					     {"base-url", required_argument, NULL, 'B'},
					     {0}};
	const char *kind, *region = NULL, *country = NULL, *format = NULL, *out = "-";
	struct report_opts o = {LANG_EN, NULL, NULL, NULL};
	struct mo_catalog *cat = NULL;
	struct fig_filter f = {0};
	struct errinfo e;
	struct report r;
	struct arena a;
	struct store *s = NULL;
	struct buf b;
	char iso2[3], tmp[4096], base_url[REPORT_BASE_URL_MAX + 1] = "";
	const char *base_arg = getenv("STOCKTAKE_BASE_URL");
	int ch, fmt = -1, rc, status = CLI_FAIL;

	errinfo_clear(&e);
	arena_init(&a, 0);
	buf_init(&b, 0);
	/* the command line's language unless --lang says: the files are for the person asking */
	if (cli_lang() == LANG_FR || cli_lang() == LANG_ES)
		o.lang = cli_lang();
	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		const char *pname = NULL;

		switch (ch) {
		case 'r':
			region = optarg;
			break;
		case 'c':
			country = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'l':
			if ((rc = lang_parse(optarg)) < 0) {
				status =
				    cli_usage_error("report", _("unknown language \"%s\""), optarg);
				goto done;
			}
			o.lang = (enum lang)rc;
			break;
		case 'B':
			base_arg = optarg;
			break;
		case 'F':
			pname = "from";
			break;
		case 'T':
			pname = "to";
			break;
		case 's':
			pname = "stakeholder_type";
			break;
		case 'O':
			pname = "origin";
			break;
		case 'S':
			pname = "state";
			break;
		default:
			status = cli_bad_option("report", argv, "o:");
			goto done;
		}
		if (pname && report_filter_param(&f, &a, pname, optarg, &e)) {
			cli_error(_("--%s \"%s\": %s"), ch == 's' ? "stakeholder-type" : pname,
				  optarg, _(e.msg));
			status = CLI_USAGE;
			goto done;
		}
	}
	if (optind >= argc) {
		status =
		    cli_usage_error("report", _("which report: regional, country, matrix or gdc"));
		goto done;
	}
	kind = argv[optind++];
	if (strcmp(kind, "regional") && strcmp(kind, "country") && strcmp(kind, "matrix") &&
	    strcmp(kind, "gdc")) {
		status = cli_usage_error(
		    "report", _("unknown report \"%s\": regional, country, matrix or gdc"), kind);
		goto done;
	}
	if (optind < argc) {
		status = cli_usage_error("report", _("unexpected argument \"%s\""), argv[optind]);
		goto done;
	}
	for (int i = 0; format && formats[i]; i++)
		if (strcmp(format, formats[i]) == 0)
			fmt = i;
	if (fmt < 0) {
		status = cli_usage_error(
		    "report",
		    format ? _("unknown format \"%s\": pdf, html, xlsx, csv or json")
			   : _("--format is required: pdf, html, xlsx, csv or json"),
		    format ? format : "");
		goto done;
	}
	if ((fmt == FMT_PDF || fmt == FMT_XLSX) && strcmp(out, "-") == 0) {
		status = cli_usage_error("report", _("%s reports need -o FILE"), formats[fmt]);
		goto done;
	}
	if (f.from_year && f.to_year && f.from_year > f.to_year) {
		status = cli_usage_error("report", _("--from %d is after --to %d"), f.from_year,
					 f.to_year);
		goto done;
	}
	if (base_arg && *base_arg && report_base_url(base_arg, base_url)) {
		status = cli_usage_error("report",
					 _("--base-url takes the site's address, such as "
					   "https://stocktake.example.org, not \"%s\""),
					 base_arg);
		goto done;
	}
	if ((rc = parse_place(kind, region, country, &f, iso2))) {
		status = rc;
		goto done;
	}
	if (o.lang != LANG_EN) {
		snprintf(tmp, sizeof tmp, "%s/%s/LC_MESSAGES/stocktake.mo", i18n_locale_dir(),
			 lang_code(o.lang));
		o.catalog = cat = mo_load(tmp);
	}
	if (!(s = cli_open(cli, STORE_READONLY)))
		goto done;
	if ((rc = report_build(s, kind, &f, &o, &a, &r, &e))) {
		cli_error("%s", e.msg[0] ? e.msg : err_message(rc));
		status = rc == ERR_NOT_FOUND || rc == ERR_INVALID ? CLI_USAGE : CLI_FAIL;
		goto done;
	}
	r.base_url = base_url[0] ? base_url : NULL;
	if (strcmp(out, "-") != 0 && cli_special_file(out)) {
		cli_error(_("cannot write %s: not a regular file (use -o - for standard output)"),
			  out);
		status = CLI_USAGE;
		goto done;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
	switch (fmt) {
	case FMT_PDF:
		rc = report_pdf(&r, tmp, &e);
		break;
	case FMT_XLSX:
		rc = report_xlsx(&r, tmp, &e);
		break;
	case FMT_HTML:
		rc = report_html_page(&b, &r, &o, &a);
		break;
	case FMT_CSV:
		rc = report_csv_buf(&r, &b);
		break;
	default:
		rc = report_json(&r, &b);
		if (!rc)
			rc = buf_putc(&b, '\n');
		break;
	}
	if (rc) {
		cli_error("%s", e.msg[0] ? e.msg : err_message(rc));
		unlink(tmp);
		goto done;
	}
	if (fmt != FMT_PDF && fmt != FMT_XLSX && write_text(out, &b, tmp)) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		goto done;
	}
	if (strcmp(out, "-") != 0 && rename(tmp, out) != 0) {
		cli_error(_("cannot write %s: %s"), out, strerror(errno));
		unlink(tmp);
		goto done;
	}
	status = CLI_OK;
done:
	store_close(s);
	mo_free(cat);
	buf_cleanup(&b);
	arena_cleanup(&a);
	return status;
}
