/*
 * report_fixture.h - a report built by hand for the renderers' tests (PDF, XLSX): a title
 * page's worth of text, key figures, a world map with its table, a table long enough to
 * run over pages, initiatives with names in Arabic, Chinese and Cyrillic, and a methodology
 * section. Included by one test file per program.
 */
#ifndef STOCKTAKE_TESTS_REPORT_FIXTURE_H
#define STOCKTAKE_TESTS_REPORT_FIXTURE_H

#include "core/arena.h"
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FIX_ROWS 70

static const char *const fix_map_codes[] = {"KE", "NG", "ZA", "SC"};
static const char *const fix_map_names[] = {"Kenya", "Nigeria", "South Africa", "Seychelles"};
static const double fix_map_values[] = {640, 402, 150, 12};
static const char *const fix_map_links[] = {"/initiatives?country=KE", "/initiatives?country=NG",
					    "/initiatives?country=ZA", "/initiatives?country=SC"};

/* report_fixture fills r (in a) with the fixture report; empty makes the empty one. */
static void report_fixture(struct report *r, struct arena *a, int empty)
{
	static const struct report_figure figs[] = {{"Initiatives", 1204, "1,204"},
						    {"Countries", 54, "54"},
						    {"Countries with none", 3, "3"},
						    {"Action Lines covered", 18, "18"}};
	static const char *const map_headers[] = {"Country", "ISO code", "Initiatives"};
	static const char *const al_headers[] = {"Action Line", "Code", "Initiatives", "Share"};
	static const char *const ini_headers[] = {"Initiative", "Organisation", "Country", "Year"};
	static const char *const ini_cells[] = {"Сеть цифровых школ",
						"Министерство образования",
						"Kazakhstan",
						"2019",
						"الحكومة الإلكترونية للجميع",
						"وزارة الاتصالات",
						"Egypt",
						"2021",
						"数字乡村医疗平台",
						"国家卫生健康委员会",
						"China",
						"2022",
						"M-Pesa for health",
						"Safaricom",
						"Kenya",
						"2015"};
	static const struct chart_series map_series = {
	    .label = "Initiatives", .values = fix_map_values, .links = fix_map_links};
	struct report_block *b;
	struct report_table *t;
	struct chart *c;
	char **cells, **links;
	double *nums;

	memset(r, 0, sizeof *r);
	r->kind = "regional";
	r->title = "Africa: WSIS stocktaking report";
	r->subtitle = "Twenty years of the World Summit on the Information Society in Africa";
	r->filters = "2004\u20132025, all stakeholders";
	r->query = "from=2004&to=2025";
	r->made_at = "2025-06-01T12:00:00Z";
	r->lang = "en";
	r->empty = empty;
	if (empty) {
		b = report_add(r, a, BLOCK_PARAGRAPH);
		b->text = "No initiative in Africa matches these filters.";
		return;
	}
	b = report_add(r, a, BLOCK_HEADING);
	b->level = 1, b->text = "Key figures";
	b = report_add(r, a, BLOCK_FIGURES);
	b->figures = figs, b->n_figures = 4;

	b = report_add(r, a, BLOCK_HEADING);
	b->level = 1, b->text = "Initiatives by country";
	c = arena_alloc(a, sizeof *c);
	*c = (struct chart){.kind = CHART_MAP,
			    .title = "Initiatives by country",
			    .desc = "A map of Africa's initiatives by country",
			    .y_label = "Initiatives",
			    .n_categories = 4,
			    .categories = fix_map_names,
			    .category_codes = fix_map_codes,
			    .n_series = 1,
			    .series = &map_series,
			    .no_data = "No data"};
	t = arena_alloc(a, sizeof *t);
	cells = arena_alloc(a, 12 * sizeof *cells);
	nums = arena_alloc(a, 12 * sizeof *nums);
	for (size_t i = 0; i < 4; i++) {
		cells[3 * i] = (char *)fix_map_names[i];
		cells[3 * i + 1] = (char *)fix_map_codes[i];
		cells[3 * i + 2] = arena_sprintf(a, "%.0f", fix_map_values[i]);
		nums[3 * i] = nums[3 * i + 1] = NAN;
		nums[3 * i + 2] = fix_map_values[i];
	}
	*t = (struct report_table){"by-country", "Initiatives by country",   3,    4,
				   map_headers,  (const char *const *)cells, nums, NULL};
	b = report_add(r, a, BLOCK_CHART);
	b->chart = c, b->table = t;

	b = report_add(r, a, BLOCK_HEADING);
	b->level = 2, b->text = "Action Lines";
	t = arena_alloc(a, sizeof *t);
	cells = arena_alloc(a, FIX_ROWS * 4 * sizeof *cells);
	nums = arena_alloc(a, FIX_ROWS * 4 * sizeof *nums);
	links = arena_alloc(a, FIX_ROWS * 4 * sizeof *links);
	for (size_t i = 0; i < FIX_ROWS; i++) {
		cells[4 * i] = arena_sprintf(a, "Action Line row %zu", i + 1);
		cells[4 * i + 1] = arena_sprintf(a, "C%zu", i + 1);
		cells[4 * i + 2] = arena_sprintf(a, "%zu", 1000 + i);
		cells[4 * i + 3] = arena_sprintf(a, "%.1f%%", (double)i / 2);
		nums[4 * i] = nums[4 * i + 1] = NAN;
		nums[4 * i + 2] = (double)(1000 + i);
		nums[4 * i + 3] = (double)i / 200;
		links[4 * i] =
		    arena_sprintf(a, "https://example.org/initiatives?action_line=C%zu", i + 1);
	}
	*t = (struct report_table){
	    "by-action-line", "Initiatives by Action Line", 4,    FIX_ROWS,
	    al_headers,       (const char *const *)cells,   nums, (const char *const *)links};
	b = report_add(r, a, BLOCK_TABLE);
	b->table = t;

	b = report_add(r, a, BLOCK_HEADING);
	b->level = 2, b->text = "Most cited initiatives";
	t = arena_alloc(a, sizeof *t);
	*t = (struct report_table){
	    "most-cited", "Most cited initiatives", 4, 4, ini_headers, ini_cells, NULL, NULL};
	b = report_add(r, a, BLOCK_INITIATIVES);
	b->table = t;

	b = report_add(r, a, BLOCK_HEADING);
	b->level = 1, b->text = "Methodology and data sources";
	b = report_add(r, a, BLOCK_PARAGRAPH);
	b->text = "Counts are of distinct published initiatives whose start year falls in the "
		  "range. The world map is Natural Earth's, in the Equal Earth projection.";
}

#endif
