/*
 * clock.h - the server's clock, which decides deadlines to the second.
 *
 * It is the system's clock, unless the server was started with `--clock-file FILE`, an
 * option for tests only: then every request reads the time from FILE (UTC seconds since
 * the epoch, or an ISO 8601 UTC time), so a test can stand one second before a deadline and
 * one second after it without waiting. The option is off by default, is written in the
 * server's log at start-up, and the file must belong to the user the server runs as.
 */
#ifndef STOCKTAKE_APP_CLOCK_H
#define STOCKTAKE_APP_CLOCK_H

#include "app/app.h"

#include <stdint.h>

/* app_now is now for this request, in UTC seconds. */
int64_t app_now(const struct app_request *ar);
/* app_clock_read reads a clock file; 0 and *t, or -1 when it is missing or malformed. */
int app_clock_read(const char *path, int64_t *t);

#endif
