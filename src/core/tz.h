/*
 * tz.h - IANA time zones ("Europe/Zurich") from the system's tz database, without the TZ
 * environment variable.
 *
 * localtime_r and mktime read the zone from TZ, which is process-wide: switching it per
 * request would race between the server's threads (setenv is not thread-safe against a
 * concurrent getenv). So tz reads the compiled zone file itself (TZif, RFC 8536, from
 * /usr/share/zoneinfo, Debian's tzdata), with its POSIX TZ footer for times after the last
 * listed transition. Nothing is cached or shared: each call reads what it needs, so any
 * thread may call any function at any time.
 */
#ifndef STOCKTAKE_CORE_TZ_H
#define STOCKTAKE_CORE_TZ_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define TZ_NAME_MAX 64          /* longest zone name accepted */
#define TZ_FILE_MAX (256 << 10) /* largest zone file read */
#define TZ_LOCAL_LEN 26         /* "YYYY-MM-DDTHH:MM:SS+hh:mm" and the NUL */
#define TZ_ABBR_MAX 16

/* The rule of one zone: what it says about a moment. */
struct tz_info {
	int32_t offset; /* seconds east of UTC */
	int isdst;
	char abbr[TZ_ABBR_MAX]; /* "CET", "EDT", "+03" */
};

/*
 * tz_valid_name tells whether name is shaped like an IANA zone name: 1 to TZ_NAME_MAX bytes
 * of letters, digits, '/', '_', '-' and '+', not starting with '/' and with no ".." (so it
 * can never name a file outside the zone directory).
 */
int tz_valid_name(const char *name);
/*
 * tz_lookup finds what zone says about the UTC time t. An unknown or malformed zone is
 * ERR_NOT_FOUND / ERR_INVALID with the reason in e (field "tz").
 */
int tz_lookup(const char *zone, int64_t t, struct tz_info *out, struct errinfo *e);
/*
 * tz_parse_tzif reads the zone file data (len bytes) and finds what it says about t: the
 * part of tz_lookup that does not touch the file system (and the fuzz target's entry).
 */
int tz_parse_tzif(const unsigned char *data, size_t len, int64_t t, struct tz_info *out,
		  struct errinfo *e);
/*
 * tz_posix_rule applies a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3") to the UTC time t;
 * ERR_INVALID when it cannot be read.
 */
int tz_posix_rule(const char *rule, int64_t t, struct tz_info *out);
/*
 * tz_parse_time reads a moment for a deadline: "YYYY-MM-DDTHH:MM[:SS]" (or with a space
 * for the T) is a wall-clock time in zone; with a trailing "Z" or "+hh:mm"/"-hh:mm" it is
 * that exact moment whatever the zone. A wall-clock time that does not exist (skipped by a
 * daylight-saving change) is refused; one that happens twice (clocks going back) is the
 * first of the two. At most 64 bytes. Errors name the field in e.
 */
int tz_parse_time(const char *s, const char *zone, const char *field, int64_t *utc,
		  struct errinfo *e);
/*
 * tz_format writes t as the wall-clock time of zone with its offset,
 * "2025-03-14T23:59:59+01:00", and the zone's abbreviation into abbr (may be NULL).
 */
int tz_format(const char *zone, int64_t t, char out[TZ_LOCAL_LEN], char abbr[TZ_ABBR_MAX],
	      struct errinfo *e);
/* tz_dir is where zone files are read from: $TZDIR, else /usr/share/zoneinfo. */
const char *tz_dir(void);

#endif
