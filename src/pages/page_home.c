/*
 * page_home.c - the home page: what the platform holds, and where to start.
 */
#include "pages/pages.h"

void page_home(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct page_home_answer h;
	int64_t published, organisations;
	int counts = page_home_search(ar, &h), rc;

	if (counts > 0)
		return; /* answered */
	/* the search index has counted the published initiatives; without it SQL counts them */
	if (counts == 0) {
		published = h.res.total;
		rc = store_count_organisations(ar->store, &organisations);
	} else {
		rc = store_summary(ar->store, &published, &organisations);
	}
	if (rc != 0) {
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	page_begin(ar, T(ar, "WSIS+20 stocktaking"), NAV_HOME);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "WSIS+20 stocktaking"));
	html_raw(b, "</h1><p class=\"lead\">");
	html_txt(b,
		 T(ar, "What governments, companies, civil society, academia and international "
		       "organisations do with ICTs for development, mapped to the WSIS Action "
		       "Lines, the Sustainable Development Goals and the Global Digital Compact."));
	html_raw(b, "</p><ul class=\"cards\"><li class=\"card\"><span class=\"figure\">");
	html_rawf(b, "%lld", (long long)published);
	html_raw(b, "</span>");
	html_txt(b,
		 TN(ar, "published initiative", "published initiatives", (unsigned long)published));
	html_raw(b, "</li><li class=\"card\"><span class=\"figure\">");
	html_rawf(b, "%lld", (long long)organisations);
	html_raw(b, "</span>");
	html_txt(b, TN(ar, "organisation", "organisations", (unsigned long)organisations));
	html_raw(b, "</li></ul><p><a class=\"button\" href=\"/initiatives\">");
	html_txt(b, T(ar, "Search the initiatives"));
	html_raw(b, "</a></p>");
	if (counts == 0)
		page_home_counts(ar, &h);
	page_end(ar);
}

void page_lang(struct app_request *ar)
{
	const char *next = http_query(ar->req, "next"), *code = http_query(ar->req, "lang");
	int l = lang_parse(code);
	char *cookie;

	/* Only a path on this site: never an open redirect. */
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		next = "/";
	if (l < 0) {
		app_error(ar, 400, "invalid", T(ar, "Unknown language."), "lang");
		return;
	}
	cookie =
	    arena_sprintf(ar->req->arena, "lang=%s; Path=/; Max-Age=31536000; SameSite=Lax%s",
			  lang_code((enum lang)l), ar->app->cfg.secure_cookies ? "; Secure" : "");
	if (cookie)
		http_header_add(ar->resp, "Set-Cookie", cookie);
	http_redirect(ar->resp, next);
}
