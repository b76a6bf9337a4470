/*
 * layout.c - the page shell every HTML page shares: head, header, navigation, language
 * chooser, account links, footer. Assets are versioned by their hash (see static.c).
 */
#include "pages/pages.h"

#include "pages/assets.h"

#include <string.h>

static const char *const lang_names[LANG__COUNT] = {"English", "Français", "Español",
						    "Русский", "العربية",  "中文"};

static void nav_item(struct app_request *ar, const char *href, const char *label, int current)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<li><a href=\"");
	html_attr(b, href);
	html_raw(b, current ? "\" aria-current=\"page\">" : "\">");
	html_txt(b, label);
	html_raw(b, "</a></li>");
}

void page_csrf_field(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<input type=\"hidden\" name=\"csrf\" value=\"");
	html_attr(b, ar->csrf);
	html_raw(b, "\">");
}

static void lang_chooser(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<form class=\"lang\" method=\"get\" action=\"/lang\">"
		    "<input type=\"hidden\" name=\"next\" value=\"");
	html_attr(b, ar->req->path);
	if (ar->req->query.n) {
		/* keep the page's state: the query string without any lang= */
		int first = 1;
		for (size_t i = 0; i < ar->req->query.n; i++) {
			if (strcmp(ar->req->query.v[i].name, "lang") == 0)
				continue;
			html_raw(b, first ? "?" : "&amp;");
			first = 0;
			html_url_arg(b, ar->req->query.v[i].name);
			html_raw(b, "=");
			html_url_arg(b, ar->req->query.v[i].value);
		}
	}
	html_raw(b, "\"><label for=\"lang-select\">");
	html_txt(b, T(ar, "Language"));
	html_raw(b, "</label> <select id=\"lang-select\" name=\"lang\">");
	for (int l = 0; l < LANG__COUNT; l++) {
		if (l != LANG_EN && !ar->app->catalog[l])
			continue;
		html_rawf(b, "<option value=\"%s\" lang=\"%s\"%s>", lang_code((enum lang)l),
			  lang_code((enum lang)l), (enum lang)l == ar->lang ? " selected" : "");
		html_txt(b, lang_names[l]);
		html_raw(b, "</option>");
	}
	html_raw(b, "</select> <button type=\"submit\">");
	html_txt(b, T(ar, "Change"));
	html_raw(b, "</button></form>");
}

static void account_links(struct app_request *ar, enum page_nav nav)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<ul class=\"account\">");
	if (ar->user.id) {
		nav_item(ar, "/account",
			 ar->user.name && *ar->user.name ? ar->user.name : ar->user.email,
			 nav == NAV_ACCOUNT);
		html_raw(b, "<li><form method=\"post\" action=\"/logout\">");
		page_csrf_field(ar);
		html_raw(b, "<button type=\"submit\" class=\"link\">");
		html_txt(b, T(ar, "Log out"));
		html_raw(b, "</button></form></li>");
	} else {
		nav_item(ar, "/login", T(ar, "Log in"), 0);
		nav_item(ar, "/register", T(ar, "Register"), 0);
	}
	html_raw(b, "</ul>");
}

void page_begin(struct app_request *ar, const char *title, enum page_nav nav)
{
	struct buf *b = &ar->resp->body;

	ar->resp->content_type = "text/html; charset=utf-8";
	html_rawf(b,
		  "<!DOCTYPE html>\n<html lang=\"%s\" dir=\"%s\"><head><meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		  "<title>",
		  lang_code(ar->lang), ar->lang == LANG_AR ? "rtl" : "ltr");
	html_txt(b, title);
	html_raw(b, " · stocktake</title>");
	html_rawf(b, "<link rel=\"stylesheet\" href=\"/static/app.css?v=%s\">",
		  asset_version("app.css"));
	html_rawf(b, "<link rel=\"icon\" href=\"/static/favicon.svg?v=%s\" type=\"image/svg+xml\">",
		  asset_version("favicon.svg"));
	html_rawf(b, "<script src=\"/static/app.js?v=%s\" defer></script>",
		  asset_version("app.js"));
	html_raw(b, "</head><body><a class=\"skip\" href=\"#main\">");
	html_txt(b, T(ar, "Skip to content"));
	html_raw(b, "</a><header class=\"site\"><div class=\"bar\"><a class=\"brand\" href=\"/\">"
		    "stocktake <span>WSIS+20</span></a>");
	account_links(ar, nav);
	lang_chooser(ar);
	html_raw(b, "</div><nav aria-label=\"");
	html_attr(b, T(ar, "Main"));
	html_raw(b, "\"><ul>");
	nav_item(ar, "/", T(ar, "Home"), nav == NAV_HOME);
	nav_item(ar, "/initiatives", T(ar, "Initiatives"), nav == NAV_INITIATIVES);
	nav_item(ar, "/frameworks", T(ar, "Frameworks"), nav == NAV_FRAMEWORKS);
	nav_item(ar, "/reports", T(ar, "Reports"), nav == NAV_REPORTS);
	nav_item(ar, "/calls", T(ar, "Calls for inputs"), nav == NAV_CALLS);
	nav_item(ar, "/timeline", T(ar, "Timeline"), nav == NAV_TIMELINE);
	if (ar->user.id)
		nav_item(ar, "/submit", T(ar, "Submit an initiative"), nav == NAV_SUBMIT);
	if (ar->user.role >= ROLE_MODERATOR)
		nav_item(ar, "/moderation", T(ar, "Moderation"), nav == NAV_MODERATION);
	html_raw(b, "</ul></nav></header><main id=\"main\">");
}

void page_end(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "</main><footer class=\"site\"><p>");
	html_txt(b, T(ar, "stocktake: the WSIS+20 stocktaking platform. Data: WSIS Stocktaking, "
			  "UN SDG framework, Global Digital Compact."));
	html_raw(b, " <a href=\"/api/v1/openapi.json\">API</a> · ");
	html_raw(b, "<a href=\"/data\">");
	html_txt(b, T(ar, "Open data"));
	html_raw(b, "</a></p></footer></body></html>\n");
}

void page_error(struct app_request *ar, int status, const char *message)
{
	const char *title = status == 404   ? T(ar, "Page not found")
			    : status == 403 ? T(ar, "Not allowed")
			    : status == 401 ? T(ar, "Please log in")
			    : status >= 500 ? T(ar, "Something went wrong")
					    : T(ar, "This request cannot be handled");

	ar->resp->status = status;
	buf_reset(&ar->resp->body);
	page_begin(ar, title, NAV_NONE);
	html_raw(&ar->resp->body, "<h1>");
	html_txt(&ar->resp->body, title);
	html_raw(&ar->resp->body, "</h1><p>");
	html_txt(&ar->resp->body, message);
	html_raw(&ar->resp->body, "</p><p><a href=\"/\">");
	html_txt(&ar->resp->body, T(ar, "Go to the home page"));
	html_raw(&ar->resp->body, "</a></p>");
	page_end(ar);
}
