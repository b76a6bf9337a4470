/*
 * record_text.h - the record format's JSON text read and written directly, without building
 * a jansson tree: the fast path of bulk import, export and the stored documents.
 *
 * Both functions are exact stand-ins for the jansson path in record_json.h. record_text_parse
 * handles the records stocktake itself writes and most others, and declines the rest (odd
 * spellings, anything that is or might be an error), so the caller falls back to
 * json_loadb + record_from_json, which reads everything and words every error.
 * record_text_dump writes the same bytes as record_dump. Tests compare both with the jansson
 * path (tests/unit/domain/test_record_text.c, fuzz/fuzz_record_text.c).
 */
#ifndef STOCKTAKE_DOMAIN_RECORD_TEXT_H
#define STOCKTAKE_DOMAIN_RECORD_TEXT_H

#include "domain/initiative.h"

struct buf;

/* record_text_parse's answer when it leaves the text to the jansson path. */
#define RECORD_TEXT_DECLINED (-1)

/*
 * record_text_parse reads the n bytes at s as one record into ini (ini_init'd by the caller),
 * copying strings into a. It returns 0 only when json_loadb(s, n, JSON_REJECT_DUPLICATES)
 * followed by record_from_json would succeed and give the same record; otherwise
 * RECORD_TEXT_DECLINED, with ini partly filled (ini_init it again before the fallback) and
 * perhaps some of a used. It declines, among others: duplicate or unknown keys, keys with
 * escapes, numbers other than an integer id or a tag's score, strings with \u0000 or over the
 * length limit, invalid UTF-8, empty list items and lists past their limits.
 */
int record_text_parse(const char *s, size_t n, struct arena *a, struct initiative *ini);

/*
 * record_text_dump appends ini to out as one compact JSON line, byte for byte what
 * record_dump(ini, meta) returns. The strings of ini must be valid UTF-8 (record_dump's
 * rule). 0, ERR_NOMEM or ERR_TOO_LARGE (out's limit), or ERR_INVALID for a score that is
 * not a finite number (which record_dump cannot write either).
 */
int record_text_dump(const struct initiative *ini, int meta, struct buf *out);

/*
 * record_text_summary copies the summary of a stored document (the n bytes at doc, a valid
 * record as record_dump or record_text_dump writes it) to out, escapes decoded, and sets *len
 * to its length; out has room for n + 1 bytes (a string never decodes longer than it is
 * written) and is NUL-terminated. No summary (absent or null) is "". Without a full parse:
 * the key found where it is. RECORD_TEXT_DECLINED (and "") for a summary that is not a valid
 * JSON string, which a valid record does not have. Tests compare it with jansson
 * (tests/unit/domain/test_record_text.c, fuzz/fuzz_record_text.c).
 */
int record_text_summary(const char *doc, size_t n, char *out, size_t *len);

#endif
