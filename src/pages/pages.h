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
#include "html/html.h"

/* Navigation entries that page_begin marks as current. */
enum page_nav { NAV_NONE, NAV_HOME, NAV_INITIATIVES, NAV_FRAMEWORKS, NAV_SUBMIT, NAV_MODERATION,
		NAV_ACCOUNT };

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
/* search */
/* initiative, frameworks */
/* submit, moderation, audit */
void page_static(struct app_request *ar);

#endif
