/*
 * page_audit.c - the audit log for administrators (GET /admin/audit): every write, newest
 * first, 50 a page by cursor, filtered by actor, action and entity.
 */
#include "pages/pages.h"

#include "core/log.h"
#include "pages/fragments.h"

#include <string.h>

#define AUDIT_PAGE_SIZE 50

/* filter_value returns a query parameter worth filtering on: non-empty, at most 200 bytes. */
static const char *filter_value(struct app_request *ar, const char *name)
{
	const char *v = http_query(ar->req, name);

	return v && *v && strlen(v) <= 200 ? v : NULL;
}

static void filter_field(struct app_request *ar, const char *name, const char *label,
			 const char *value)
{
	struct buf *b = &ar->resp->body;

	html_raw(b, "<div><label for=\"audit-");
	html_attr(b, name);
	html_raw(b, "\">");
	html_txt(b, label);
	html_raw(b, "</label><input type=\"text\" id=\"audit-");
	html_attr(b, name);
	html_raw(b, "\" name=\"");
	html_attr(b, name);
	html_raw(b, "\" value=\"");
	html_attr(b, value ? value : "");
	html_raw(b, "\"></div>");
}

/* query_arg appends "&amp;name=value" (escaped) when value is set. */
static void query_arg(struct buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	html_raw(b, "&amp;");
	html_raw(b, name);
	html_raw(b, "=");
	html_url_arg(b, value);
}

/* entity_cell writes the entity, linked when it has a page. */
static void entity_cell(struct buf *b, const struct store_audit_entry *x)
{
	int linked = strcmp(x->entity, "initiative") == 0 && x->entity_id &&
		     strspn(x->entity_id, "0123456789") == strlen(x->entity_id) && *x->entity_id;

	if (linked) {
		html_raw(b, "<a href=\"/initiatives/");
		html_attr(b, x->entity_id);
		html_raw(b, "\">");
	}
	html_txt(b, x->entity);
	if (x->entity_id) {
		html_raw(b, " ");
		html_txt(b, x->entity_id);
	}
	if (linked)
		html_raw(b, "</a>");
}

void page_audit(struct app_request *ar)
{
	struct buf *b = &ar->resp->body;
	struct store_audit_filter f = {filter_value(ar, "actor"), filter_value(ar, "action"),
				       filter_value(ar, "entity"), filter_value(ar, "entity_id"),
				       0};
	const char *before = http_query(ar->req, "before");
	const char *const cols[] = {T(ar, "Time (UTC)"), T(ar, "Who"), T(ar, "Action"),
				    T(ar, "Record"), T(ar, "Detail")};
	struct store_audit_entry *v;
	size_t n;

	if (before) {
		for (const char *p = before; *p && f.before < INT64_MAX / 10; p++) {
			if (*p < '0' || *p > '9') {
				f.before = 0;
				break;
			}
			f.before = f.before * 10 + (*p - '0');
		}
	}
	if (store_audit_list(ar->store, &f, AUDIT_PAGE_SIZE + 1, ar->req->arena, &v, &n)) {
		log_kv(LOG_ERROR, "reading the audit log failed", "detail", store_errmsg(ar->store),
		       LOG_END);
		app_error(ar, 500, "internal", T(ar, "Something went wrong on our side."), NULL);
		return;
	}
	page_begin(ar, T(ar, "Audit log"), NAV_NONE);
	html_raw(b, "<h1>");
	html_txt(b, T(ar, "Audit log"));
	html_raw(b, "</h1><p>");
	html_txt(b, T(ar, "Every change, newest first. Times are in UTC."));
	html_raw(b, "</p><form method=\"get\" action=\"/admin/audit\" class=\"filters\" "
		    "role=\"search\">");
	filter_field(ar, "actor", T(ar, "Who (email, cli, import)"), f.actor);
	filter_field(ar, "action", T(ar, "Action (create, update, approve, reject, retag ...)"),
		     f.action);
	filter_field(ar, "entity", T(ar, "Kind of record (initiative, user, organisation ...)"),
		     f.entity);
	filter_field(ar, "entity_id", T(ar, "Number of the record"), f.entity_id);
	html_raw(b, "<p><button type=\"submit\">");
	html_txt(b, T(ar, "Filter"));
	html_raw(b, "</button> <a href=\"/admin/audit\">");
	html_txt(b, T(ar, "Show everything"));
	html_raw(b, "</a></p></form>");
	if (!n) {
		html_raw(b, "<p>");
		html_txt(b, T(ar, "No entries match."));
		html_raw(b, "</p>");
		page_end(ar);
		return;
	}
	page_table_begin(ar, "audit", T(ar, "Audit log entries"), cols, 5, 0);
	for (size_t i = 0; i < n && i < AUDIT_PAGE_SIZE; i++) {
		const struct store_audit_entry *x = &v[i];

		html_raw(b, "<tr><td>");
		html_txt(b, x->at);
		html_raw(b, "</td><td>");
		html_txt(b, x->actor);
		html_raw(b, "</td><td>");
		html_txt(b, x->action);
		html_raw(b, "</td><td>");
		entity_cell(b, x);
		html_raw(b, "</td><td>");
		html_txt_n(b, x->detail, 2000);
		html_raw(b, "</td></tr>");
	}
	html_raw(b, "</tbody></table>");
	if (n > AUDIT_PAGE_SIZE) {
		html_raw(b, "<nav class=\"pager\" aria-label=\"");
		html_attr(b, T(ar, "More entries"));
		html_rawf(b, "\"><a href=\"/admin/audit?before=%lld",
			  (long long)v[AUDIT_PAGE_SIZE - 1].id);
		query_arg(b, "actor", f.actor);
		query_arg(b, "action", f.action);
		query_arg(b, "entity", f.entity);
		query_arg(b, "entity_id", f.entity_id);
		html_raw(b, "\">");
		html_txt(b, T(ar, "Older entries"));
		html_raw(b, "</a></nav>");
	}
	page_end(ar);
}
