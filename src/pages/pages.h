/*
 * pages.h - the HTML pages, one file each (page_*.c), and the layout they share.
 *
 * A page handler parses its input, calls services, and renders with the layout: page_begin
 * writes everything up to the start of <main>, page_end closes it. Text is written only
 * through the escaping functions of html/html.h.
 */
#ifndef STOCKTAKE_PAGES_PAGES_H
#define STOCKTAKE_PAGES_PAGES_H

#include "app/app.h"
#include "app/search_request.h"
#include "html/html.h"

/* Navigation entries that page_begin marks as current. */
enum page_nav {
	NAV_NONE,
	NAV_HOME,
	NAV_INITIATIVES,
	NAV_FRAMEWORKS,
	NAV_SUBMIT,
	NAV_MODERATION,
	NAV_ACCOUNT,
	NAV_REPORTS,
	NAV_CALLS,
	NAV_TIMELINE
};

/*
 * page_begin starts an HTML page titled title (text, escaped here) in the request's
 * language: the head, the header with navigation, the language chooser and the account
 * links, then <main id="main">. It sets the content type.
 */
void page_begin(struct app_request *ar, const char *title, enum page_nav nav);
/* page_end closes <main>, writes the footer and closes the page. */
void page_end(struct app_request *ar);
/* page_error renders a whole error page with status and message (text). */
void page_error(struct app_request *ar, int status, const char *message);
/* page_csrf_field writes the hidden CSRF input every state-changing form carries. */
void page_csrf_field(struct app_request *ar);
/* The pages. */
void page_home(struct app_request *ar);
void page_lang(struct app_request *ar);
/* accounts */
void page_login(struct app_request *ar);
void page_login_post(struct app_request *ar);
void page_logout(struct app_request *ar);
void page_register(struct app_request *ar);
void page_register_post(struct app_request *ar);
void page_account(struct app_request *ar);
void page_account_password(struct app_request *ar);
void page_account_tokens(struct app_request *ar);
void page_account_token_revoke(struct app_request *ar);
/* search */
void page_initiatives(struct app_request *ar);
void page_initiatives_csv(struct app_request *ar);
void page_initiatives_jsonl(struct app_request *ar);
/*
 * page_search_invalid renders the 400 page of a search whose parameter field was refused
 * with message (text, translated): it names the parameter, shows value (the one refused;
 * NULL when not known) and links to the same search without field and to a new search.
 */
void page_search_invalid(struct app_request *ar, const char *field, const char *value,
			 const char *message);
/* What the home page shows from the search index: the counts and the latest initiatives. */
struct page_home_answer {
	struct search_result res; /* res.total: the published initiatives */
	struct search_item *items;
	size_t n;
};
/*
 * page_home_search reads it (page_home_counts.c): 0; -1 when there is no search index (the
 * page goes on without the counts); 1 when the search failed and answered the error.
 */
int page_home_search(struct app_request *ar, struct page_home_answer *h);
/* page_home_counts writes the counts and latest initiatives of h (page_home.c). */
void page_home_counts(struct app_request *ar, struct page_home_answer *h);
struct search_labels;
struct search_facet;
/*
 * page_facet writes one facet of a search result as a section of links, each adding its
 * value to the current search (or removing it when chosen) with its count; C7's sub-lines
 * nested under it, long facets cut to the 10 most frequent with a "show all" link. Nothing
 * for an empty facet. The values may be reordered.
 */
void page_facet(struct app_request *ar, const struct search_labels *l, int dim,
		struct search_facet *f);
/* initiative, frameworks */
void page_initiative(struct app_request *ar);
void page_frameworks(struct app_request *ar);
void page_framework_sdg(struct app_request *ar);
void page_framework_action_line(struct app_request *ar);
void page_framework_gdc(struct app_request *ar);
void page_framework_countries(struct app_request *ar);
void page_framework_country(struct app_request *ar);
void page_framework_region(struct app_request *ar);
/* submit, moderation, audit */
void page_submit(struct app_request *ar);
void page_submit_post(struct app_request *ar);
void page_edit(struct app_request *ar);
void page_edit_post(struct app_request *ar);
void page_my(struct app_request *ar);
void page_moderation(struct app_request *ar);
void page_moderation_item(struct app_request *ar);
void page_moderation_post(struct app_request *ar);
void page_audit(struct app_request *ar);
void page_static(struct app_request *ar);
/* reports (page_reports.c) */
void page_reports(struct app_request *ar);
void page_report_regional(struct app_request *ar);
void page_report_country(struct app_request *ar);
void page_report_country_pick(struct app_request *ar);
void page_report_matrix(struct app_request *ar);
void page_report_gdc(struct app_request *ar);
/*
 * page_report_download answers with the PDF (pdf) or XLSX of r as an attachment named
 * name.pdf or name.xlsx, written to a temporary file first; 503 when it cannot be made.
 */
struct report;
void page_report_download(struct app_request *ar, const struct report *r, int pdf,
			  const char *name);
/* open data (page_data.c) */
void page_data(struct app_request *ar);
void page_data_csv(struct app_request *ar);
void page_data_jsonl(struct app_request *ar);
void page_data_xlsx(struct app_request *ar);

#endif
