/*
 * text.h - small string checks shared by the importers and validators.
 */
#ifndef STOCKTAKE_CORE_TEXT_H
#define STOCKTAKE_CORE_TEXT_H

#include <stddef.h>

/*
 * text_utf8_valid tells whether the n bytes at s are well-formed UTF-8 (no overlong forms,
 * no surrogates, nothing above U+10FFFF) without NUL bytes.
 */
int text_utf8_valid(const char *s, size_t n);
/* text_utf8_len counts the code points of the valid UTF-8 string s. */
size_t text_utf8_len(const char *s);
/* text_trim returns s without leading and trailing ASCII white space, written in place. */
char *text_trim(char *s);
/* text_trim_in_place strips white space from both ends of s, keeping the pointer. */
void text_trim_in_place(char *s);
/* text_collapse_space turns each run of white space in s into one space (trimmed). */
void text_collapse_space(char *s);
/* text_is_blank tells whether s is NULL or only white space. */
int text_is_blank(const char *s);

#endif
