/*
 * fuzz_tz.c - libFuzzer driver for the time-zone parsers of src/core/tz.h: the first byte
 * picks the parser, the rest is its input.
 *
 *   0  a TZif file (tz_parse_tzif), asked about several moments
 *   1  a POSIX TZ rule (tz_posix_rule)
 *   2  a deadline as typed (tz_parse_time) in zones with and without daylight-saving time
 *
 * Besides the sanitizers' findings, it aborts when a parser fails without saying why, gives
 * an offset beyond +-26 hours, or accepts a wall-clock time that does not format back to
 * the same moment.
 */
#include "core/tz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_info(const struct tz_info *i)
{
	if (i->offset < -26 * 3600 || i->offset > 26 * 3600 || strlen(i->abbr) >= TZ_ABBR_MAX)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t moments[] = {INT64_MIN / 4, -1,           0,
					  1741500000,    4102444800LL, INT64_MAX / 4};
	static const char *const zones[] = {"UTC", "America/New_York", "Pacific/Auckland",
					    "Asia/Kolkata"};
	struct tz_info info;
	struct errinfo e;
	char *s;

	if (size < 1 || size > 65536)
		return 0;
	if (data[0] == 0) {
		for (size_t i = 0; i < sizeof moments / sizeof *moments; i++) {
			errinfo_clear(&e);
			if (tz_parse_tzif(data + 1, size - 1, moments[i], &info, &e) == 0)
				check_info(&info);
			else if (!e.msg[0])
				abort();
		}
		return 0;
	}
	if (!(s = malloc(size)))
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	if (data[0] == 1) {
		for (size_t i = 0; i < sizeof moments / sizeof *moments; i++)
			if (tz_posix_rule(s, moments[i], &info) == 0)
				check_info(&info);
	} else {
		for (size_t z = 0; z < sizeof zones / sizeof *zones; z++) {
			int64_t t;

			errinfo_clear(&e);
			if (tz_parse_time(s, zones[z], "closes", &t, &e) != 0) {
				if (!e.msg[0] || strcmp(e.field, "closes") != 0)
					abort();
				continue;
			}
			{
				char local[TZ_LOCAL_LEN];
				int64_t back;

				/* what is shown can be typed back in to the same second */
				if (tz_format(zones[z], t, local, NULL, &e) != 0 ||
				    tz_parse_time(local, zones[z], "closes", &back, &e) != 0 ||
				    back != t)
					abort();
			}
		}
	}
	free(s);
	return 0;
}
