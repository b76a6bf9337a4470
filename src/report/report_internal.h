/*
 * report_internal.h - what the files of the report layer share: translation into a
 * report's language, numbers formatted for people, and URL encoding for links.
 */
#ifndef STOCKTAKE_REPORT_REPORT_INTERNAL_H
#define STOCKTAKE_REPORT_REPORT_INTERNAL_H

#include "report/report.h"

/* report__int formats n for people ("12,345"), in a; NULL when out of memory. */
const char *report__int(struct arena *a, int64_t n);
/* report__url_arg appends s percent-encoded for a URL query to b. */
int report__url_arg(struct buf *b, const char *s);

#endif
