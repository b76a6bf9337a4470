/*
 * log.h - levelled key=value logging to stderr.
 *
 * One line per event: `ts=2025-03-14T12:00:00Z level=info msg="imported" file=x.jsonl n=3`.
 * Values with spaces, quotes or control characters are quoted and escaped, so a log line
 * stays one line whatever a user typed. The level threshold is per process and set once
 * at start-up (log_set_level), before any thread starts.
 */
#ifndef STOCKTAKE_CORE_LOG_H
#define STOCKTAKE_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

/* log_set_level sets the lowest level written. */
void log_set_level(enum log_level level);
/* log_level_parse maps "debug", "info", "warn", "error", "off"; -1 for anything else. */
int log_level_parse(const char *s);
/*
 * log_kv writes one line: msg, then pairs of key, value (const char *) ending with NULL.
 * Example: log_kv(LOG_INFO, "imported", "file", path, "records", "12", NULL);
 */
void log_kv(enum log_level level, const char *msg, ...) __attribute__((sentinel));
/* LOG_END ends the pairs of log_kv (a typed NULL, as variadic functions need). */
#define LOG_END ((const char *)NULL)

#endif
