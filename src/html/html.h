/*
 * html.h - writing HTML safely: one escaping function per output context.
 *
 * Page code never appends user data to a page directly: text goes through html_txt,
 * attribute values through html_attr, and URL parameters through html_url_arg (then
 * html_attr, as part of an href). JSON inside <script type="application/ld+json"> goes
 * through html_json_script. Literal markup goes through html_raw, which takes only string
 * literals by convention.
 */
#ifndef STOCKTAKE_HTML_HTML_H
#define STOCKTAKE_HTML_HTML_H

#include "core/buf.h"

/* html_raw appends trusted markup (a literal in the program). */
void html_raw(struct buf *b, const char *markup);
/* html_rawf appends formatted trusted markup; arguments must be numbers or trusted text. */
void html_rawf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* html_txt appends s as element text: & < > escaped. NULL appends nothing. */
void html_txt(struct buf *b, const char *s);
/* html_attr appends s for a double-quoted attribute value: & < > " ' escaped. */
void html_attr(struct buf *b, const char *s);
/* html_url_arg appends s percent-encoded for a query parameter name or value. */
void html_url_arg(struct buf *b, const char *s);
/* html_json_script appends JSON text for a <script> block: < > & escaped as \u003c etc. */
void html_json_script(struct buf *b, const char *json);
/* html_txt_n appends at most n bytes of s as text (cut on a UTF-8 boundary). */
void html_txt_n(struct buf *b, const char *s, size_t n);

#endif
