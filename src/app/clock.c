/*
 * clock.c - the server's clock (see clock.h).
 */
#include "app/clock.h"

#include "core/log.h"
#include "core/utc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int app_clock_read(const char *path, int64_t *t)
{
	char line[64];
	struct stat st;
	FILE *f = fopen(path, "r");
	char *end;
	long long v;
	size_t n;

	if (!f)
		return -1;
	if (fstat(fileno(f), &st) != 0 || st.st_uid != geteuid() || !fgets(line, sizeof line, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	v = strtoll(line, &end, 10);
	if (end != line && *end == '\0') {
		*t = v;
		return 0;
	}
	return utc_parse(line, t) == 0 ? 0 : -1;
}

int64_t app_now(const struct app_request *ar)
{
	int64_t t;

	if (!ar->app->clock_file)
		return utc_now();
	if (app_clock_read(ar->app->clock_file, &t) == 0)
		return t;
	log_kv(LOG_WARN, "the clock file cannot be read: using the system clock", "file",
	       ar->app->clock_file, LOG_END);
	return utc_now();
}
