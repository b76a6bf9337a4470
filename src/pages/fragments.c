/*
 * fragments.c - pieces of HTML that several pages write the same way (see fragments.h).
 */
#include "pages/fragments.h"

#include "core/i18n.h"

#include <string.h>

/* The names of the record's enumerations, in the order of domain/initiative.c. */
static const char *const value_labels[][2] = {
    {"government", N_("Government")},
    {"private-sector", N_("Private sector")},
    {"civil-society", N_("Civil society")},
    {"academia", N_("Academia")},
    {"international-organisation", N_("International organisation")},
    {"technical-community", N_("Technical community")},
    {"un-entity", N_("UN entity")},
    {"other", N_("Other")},
    {"national", N_("National")},
    {"regional", N_("Regional")},
    {"international", N_("International")},
    {"planned", N_("Planned")},
    {"ongoing", N_("Ongoing")},
    {"completed", N_("Completed")},
    {"draft", N_("Draft")},
    {"submitted", N_("Waiting for review")},
    {"published", N_("Published")},
    {"rejected", N_("Rejected")},
    {"archived", N_("Archived")},
};

const char *page_value_label(const struct app_request *ar, const char *value)
{
	for (size_t i = 0; value && i < sizeof value_labels / sizeof *value_labels; i++)
		if (strcmp(value_labels[i][0], value) == 0)
			return T(ar, value_labels[i][1]);
	return value;
}

void page_initiative_item(struct buf *b, int64_t id, const char *title, const char *organisation,
			  const char *summary)
{
	html_rawf(b, "<li><a href=\"/initiatives/%lld\">", (long long)id);
	html_txt(b, title);
	html_raw(b, "</a>");
	if (organisation) {
		html_raw(b, " <span class=\"muted\">");
		html_txt(b, organisation);
		html_raw(b, "</span>");
	}
	if (summary) {
		html_raw(b, "<br><span class=\"summary\">");
		html_txt_n(b, summary, 300);
		html_raw(b, strlen(summary) > 300 ? "…</span>" : "</span>");
	}
	html_raw(b, "</li>");
}

void page_table_begin(struct app_request *ar, const char *cls, const char *caption,
		      const char *const *cols, size_t n, int num_last)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<table");
	if (cls) {
		html_raw(b, " class=\"");
		html_attr(b, cls);
		html_raw(b, "\"");
	}
	html_raw(b, ">");
	if (caption) {
		html_raw(b, "<caption class=\"visually-hidden\">");
		html_txt(b, caption);
		html_raw(b, "</caption>");
	}
	html_raw(b, "<thead><tr>");
	for (size_t i = 0; i < n; i++) {
		html_raw(b, num_last && i + 1 == n ? "<th scope=\"col\" class=\"num\">"
						   : "<th scope=\"col\">");
		html_txt(b, cols[i]);
		html_raw(b, "</th>");
	}
	html_raw(b, "</tr></thead><tbody>");
}

void page_queue_begin(struct app_request *ar, const char *id, const char *count, int64_t total,
		      size_t rows, const char *const *cols, size_t ncols)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<p id=\"");
	html_attr(b, id);
	html_raw(b, "\">");
	html_txt(b, arena_sprintf(ar->req->arena, count, (long long)total));
	html_raw(b, "</p>");
	if (rows)
		page_table_begin(ar, NULL, T(ar, "Waiting for review, oldest first"), cols, ncols,
				 0);
}
