/*
 * utc.h - UTC time helpers: now, ISO 8601 formatting and parsing, partial dates.
 *
 * stocktake stores every time in UTC as `YYYY-MM-DDTHH:MM:SSZ`. Parsing accepts an offset
 * (`+02:00`) and converts to UTC. Dates of initiatives may be partial (`2019`, `2019-03`).
 */
#ifndef STOCKTAKE_CORE_UTC_H
#define STOCKTAKE_CORE_UTC_H

#include <stdint.h>

#define UTC_ISO_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and the NUL */

/* utc_now returns seconds since the Unix epoch. */
int64_t utc_now(void);
/* utc_format writes t as "YYYY-MM-DDTHH:MM:SSZ" into out. */
void utc_format(int64_t t, char out[UTC_ISO_LEN]);
/*
 * utc_parse reads an ISO 8601 date-time: "YYYY-MM-DDTHH:MM[:SS][.fff](Z|+HH:MM|-HH:MM)",
 * or a bare date "YYYY-MM-DD" (midnight UTC). Returns 0 and sets *out, or ERR_INVALID.
 */
int utc_parse(const char *s, int64_t *out);
/*
 * utc_valid_partial_date tells whether s is "YYYY", "YYYY-MM" or "YYYY-MM-DD" with a
 * real calendar date (years 1900 to 2199).
 */
int utc_valid_partial_date(const char *s);
/* utc_days_from_civil: days since 1970-01-01 for a proleptic Gregorian date. */
int64_t utc_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
