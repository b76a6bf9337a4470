/*
 * snippet.c - a result's passage as FTS5's snippet() makes it, without asking the index.
 *
 * The tokenizer follows unicode61 with remove_diacritics 2 (the table's, schema_sqlite.c):
 * a token is a run of letters and digits (categories L*, N*, Co), everything else separates,
 * and tokens compare case- and accent-folded. It knows ASCII, the Latin-1 letters that fold
 * to an ASCII letter (é, Ç, ü...), and characters that are certainly separators (Latin-1
 * punctuation and symbols, General Punctuation: ’ — “ …, currency signs, ™, emoji); any
 * other character makes it decline, and the caller asks FTS5.
 *
 * The passage is chosen as FTS5's fts5SnippetFunction chooses it (SQLite 3.40), over the
 * phrase instances of the column in token order:
 *   - for each instance at token i, the window of ntoken tokens from i scores 1000 for each
 *     distinct phrase in it and 1 for each repeat; the window is then centred on the
 *     instances it holds (and kept inside the text);
 *   - the window starting at the beginning of the instance's sentence (a token after '.' or
 *     ':' and white space, or the first token) scores the same plus 100 (120 at the text's
 *     start), when the text is longer than ntoken tokens;
 *   - the first best score wins. An ellipsis marks cut text at either end.
 * Then the window's tokens are copied with the instances (overlapping ones merged) between
 * SNIPPET_OPEN and SNIPPET_CLOSE, as fts5HighlightCb does.
 * tests/unit/search/test_snippet.c compares every passage with FTS5's on the sample data.
 */
#include "search/snippet.h"

#include "core/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct phrase {
	int ntok, prefix;
	const char **tok; /* folded, NUL-terminated */
	size_t *len;
};

struct snippet_query {
	int nphrase;
	struct phrase ph[SNIPPET_MAX_PHRASES];
};

/* A token of the text: its bytes [start, end) and its folded form in the scratch buffer. */
struct token {
	uint32_t start, end, fold, nfold;
};

/* An instance of a phrase: its first token and length in tokens. */
struct inst {
	int pos, phrase, ntok;
};

/* Latin-1 U+00C0..U+00FF: the ASCII letter each folds to; 0 a separator; '?' unknown. */
static const char latin1_fold[64] = "aaaaaa?ceeeeiiii?nooooo\0?uuuuy??"
				    "aaaaaa?ceeeeiiii?nooooo\0?uuuuy?y";

/*
 * Runs of characters above U+00FF that SQLite 3.40's unicode61 takes as separators (its
 * Unicode tables are older than the characters' newest assignments: an emoji added later
 * than they were is a token to it, so the runs were read from the tokenizer itself and
 * test_snippet checks them): punctuation, currency, arrows, technical and mathematical
 * signs, boxes and shapes, dingbats, emoji.
 */
static const uint32_t separators[][2] = {
    {0x2000, 0x2064},   {0x206a, 0x206f},   {0x207a, 0x207e},   {0x208a, 0x208e},
    {0x20a0, 0x20b9},   {0x20d0, 0x20f0},   {0x2100, 0x2101},   {0x2103, 0x2106},
    {0x2108, 0x2109},   {0x2114, 0x2114},   {0x2116, 0x2118},   {0x211e, 0x2123},
    {0x2125, 0x2125},   {0x2127, 0x2127},   {0x2129, 0x2129},   {0x212e, 0x212e},
    {0x213a, 0x213b},   {0x2140, 0x2144},   {0x214a, 0x214d},   {0x214f, 0x214f},
    {0x2190, 0x23f3},   {0x2400, 0x2426},   {0x2440, 0x244a},   {0x249c, 0x24e9},
    {0x2500, 0x26ff},   {0x2701, 0x2775},   {0x2794, 0x2b4c},   {0x2b50, 0x2b59},
    {0x1f300, 0x1f320}, {0x1f330, 0x1f335}, {0x1f337, 0x1f37c}, {0x1f380, 0x1f393},
    {0x1f3a0, 0x1f3c4}, {0x1f3c6, 0x1f3ca}, {0x1f3e0, 0x1f3f0}, {0x1f400, 0x1f43e},
    {0x1f440, 0x1f440}, {0x1f442, 0x1f4f7}, {0x1f4f9, 0x1f4fc}, {0x1f500, 0x1f53d},
    {0x1f540, 0x1f543}, {0x1f550, 0x1f567}, {0x1f5fb, 0x1f640}, {0x1f645, 0x1f64f},
    {0x1f680, 0x1f6c5},
};

/*
 * fold_cp classifies code point c: its folded ASCII letter, 0 for a separator, -1 when the
 * builder does not know it.
 */
static int fold_cp(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return (int)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			return (int)c;
		return 0;
	}
	if (c < 0xc0) {
		/* ª ² ³ µ ¹ º ¼ ½ ¾ are letters or numbers */
		if (c == 0xaa || c == 0xb2 || c == 0xb3 || c == 0xb5 || c == 0xb9 || c == 0xba ||
		    (c >= 0xbc && c <= 0xbe))
			return -1;
		return 0;
	}
	if (c < 0x100)
		return latin1_fold[c - 0xc0] == '?' ? -1 : latin1_fold[c - 0xc0];
	for (size_t i = 0; i < sizeof separators / sizeof *separators; i++)
		if (c >= separators[i][0] && c <= separators[i][1])
			return 0;
	return -1;
}

/*
 * next_cp decodes the UTF-8 character at s[*i] (strictly: shortest form, no surrogates) and
 * advances *i; -1 when the bytes are not UTF-8.
 */
static int64_t next_cp(const unsigned char *s, size_t n, size_t *i)
{
	unsigned char b = s[*i];
	uint32_t c;
	size_t k;

	if (b < 0x80) {
		(*i)++;
		return b;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		c = b & 0x1f;
		k = 1;
	} else if (b >= 0xe0 && b <= 0xef) {
		c = b & 0x0f;
		k = 2;
	} else if (b >= 0xf0 && b <= 0xf4) {
		c = b & 0x07;
		k = 3;
	} else {
		return -1;
	}
	if (*i + k >= n)
		return -1;
	for (size_t j = 1; j <= k; j++) {
		if ((s[*i + j] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[*i + j] & 0x3f);
	}
	if ((k == 2 && c < 0x800) || (k == 3 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*i += k + 1;
	return c;
}

/*
 * tokenize splits the n bytes at s into tokens (*tok, *ntok, malloc'd) with their folded
 * forms in fold (room for n bytes: folding never lengthens). 0, -1 to decline, -2 out of
 * memory.
 */
static int tokenize(const char *text, size_t n, char *fold, struct token **tok, int *ntok)
{
	const unsigned char *s = (const unsigned char *)text;
	struct token *v = NULL, *nv;
	size_t i = 0, cap = 0, nf = 0;
	int k = 0, in = 0;

	*tok = NULL;
	*ntok = 0;
	while (i < n) {
		size_t at = i;
		int64_t c = s[i] < 0x80 ? s[i++] : next_cp(s, n, &i);
		int f = c < 0 || c == 0 ? -1 : fold_cp((uint32_t)c);

		if (f < 0) {
			free(v);
			return -1;
		}
		if (!f) {
			in = 0;
			continue;
		}
		if (!in) {
			if ((size_t)k == cap) {
				cap = cap ? cap * 2 : 64;
				if (!(nv = realloc(v, cap * sizeof *v))) {
					free(v);
					return -2;
				}
				v = nv;
			}
			v[k].start = (uint32_t)at;
			v[k].fold = (uint32_t)nf;
			v[k].nfold = 0;
			k++;
			in = 1;
		}
		fold[nf++] = (char)f;
		v[k - 1].nfold++;
		v[k - 1].end = (uint32_t)i;
	}
	*tok = v;
	*ntok = k;
	return 0;
}

struct snippet_query *snippet_query(const char *fts, struct arena *a)
{
	struct snippet_query *q;
	const char *p = fts;

	if (!fts || !(q = arena_alloc(a, sizeof *q)))
		return NULL;
	q->nphrase = 0;
	while (*p) {
		struct phrase *ph;
		struct token *tok;
		char *raw, *fold;
		size_t n = 0;
		int ntok, rc;

		if (*p++ != '"' || q->nphrase == SNIPPET_MAX_PHRASES)
			return NULL;
		if (!(raw = arena_alloc(a, strlen(p) + 1)))
			return NULL;
		/* the phrase's text, "" standing for " */
		for (;;) {
			if (!*p)
				return NULL;
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++;
			raw[n++] = *p++;
		}
		p++;
		ph = &q->ph[q->nphrase++];
		ph->prefix = 0;
		if (*p == '*') {
			ph->prefix = 1;
			p++;
		}
		if (*p == ' ')
			p++;
		else if (*p)
			return NULL;
		if (!(fold = arena_alloc(a, n + 1)))
			return NULL;
		if ((rc = tokenize(raw, n, fold, &tok, &ntok)) || !ntok) {
			free(tok);
			return NULL;
		}
		ph->ntok = ntok;
		ph->tok = arena_alloc(a, (size_t)ntok * sizeof *ph->tok);
		ph->len = arena_alloc(a, (size_t)ntok * sizeof *ph->len);
		for (int i = 0; ph->tok && ph->len && i < ntok; i++) {
			ph->tok[i] = arena_strndup(a, fold + tok[i].fold, tok[i].nfold);
			ph->len[i] = tok[i].nfold;
			if (!ph->tok[i])
				ph->tok = NULL;
		}
		free(tok);
		if (!ph->tok || !ph->len)
			return NULL;
	}
	return q->nphrase ? q : NULL;
}

/* matches: phrase ph starts at token i of the text. */
static int matches(const struct phrase *ph, const struct token *tok, int ntok, const char *fold,
		   int i)
{
	if (i + ph->ntok > ntok)
		return 0;
	for (int j = 0; j < ph->ntok; j++) {
		const struct token *t = &tok[i + j];
		int last = j == ph->ntok - 1;

		if (last && ph->prefix) {
			if (t->nfold < ph->len[j] || memcmp(fold + t->fold, ph->tok[j], ph->len[j]))
				return 0;
		} else if (t->nfold != ph->len[j] || memcmp(fold + t->fold, ph->tok[j], t->nfold)) {
			return 0;
		}
	}
	return 1;
}

/*
 * score: fts5SnippetScore. The window [pos, pos + ntoken) scores 1000 for each phrase's first
 * instance in it and 1 for each other; *adj (when adj) is the window moved to centre them.
 */
static int score(const struct inst *in, int ninst, int nphrase, int ndoc, int pos, int ntoken,
		 int *adj)
{
	unsigned char seen[SNIPPET_MAX_PHRASES] = {0};
	int64_t end = (int64_t)pos + ntoken, first = -1, last = 0, a;
	int s = 0;

	(void)nphrase;
	for (int i = 0; i < ninst; i++) {
		if (in[i].pos < pos || in[i].pos >= end)
			continue;
		s += seen[in[i].phrase] ? 1 : 1000;
		seen[in[i].phrase] = 1;
		if (first < 0)
			first = in[i].pos;
		last = (int64_t)in[i].pos + in[i].ntok;
	}
	if (adj) {
		a = first - (ntoken - (last - first)) / 2;
		if (a + ntoken > ndoc)
			a = ndoc - ntoken;
		if (a < 0)
			a = 0;
		*adj = (int)a;
	}
	return s;
}

/* A merged instance: tokens [start, end]; start -1 at the end. */
struct cinst {
	const struct inst *in;
	int ninst, next, start, end;
};

static void cinst_next(struct cinst *c)
{
	c->start = c->end = -1;
	while (c->next < c->ninst) {
		const struct inst *i = &c->in[c->next];
		int e = i->pos + i->ntok - 1;

		if (c->start < 0) {
			c->start = i->pos;
			c->end = e;
		} else if (i->pos <= c->end) {
			if (e > c->end)
				c->end = e;
		} else {
			break;
		}
		c->next++;
	}
}

/* The highlighting pass (fts5HighlightCb over the window's tokens). */
struct hl {
	const char *text;
	struct buf *out;
	struct cinst it;
	int range_start, range_end, err;
	size_t off;
};

static void put(struct hl *h, const char *p, size_t n)
{
	if (!h->err && buf_append(h->out, p, n))
		h->err = 1;
}

static void hl_token(struct hl *h, int pos, size_t start, size_t end)
{
	if (pos < h->range_start || pos > h->range_end)
		return;
	if (h->range_start && pos == h->range_start)
		h->off = start;
	if (pos == h->it.start) {
		put(h, h->text + h->off, start - h->off);
		put(h, SNIPPET_OPEN, 1);
		h->off = start;
	}
	if (pos == h->it.end) {
		if (h->it.start < h->range_start)
			put(h, SNIPPET_OPEN, 1);
		put(h, h->text + h->off, end - h->off);
		put(h, SNIPPET_CLOSE, 1);
		h->off = end;
		cinst_next(&h->it);
	}
	if (pos == h->range_end) {
		put(h, h->text + h->off, end - h->off);
		h->off = end;
		if (pos >= h->it.start && pos < h->it.end)
			put(h, SNIPPET_CLOSE, 1);
	}
}

/* sentence_start: token t follows '.' or ':' and white space (fts5SentenceFinderCb). */
static int sentence_start(const char *text, const struct token *t)
{
	int64_t i = (int64_t)t->start - 1;
	char c = 0;

	for (; i >= 0; i--) {
		c = text[i];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
	}
	return i != (int64_t)t->start - 1 && (c == '.' || c == ':');
}

enum snippet_rc snippet_make(const struct snippet_query *q, const char *text, size_t n, int ntoken,
			     struct arena *a, const char **out)
{
	struct token *tok = NULL;
	struct inst *in = NULL;
	int *first = NULL;
	char *fold = NULL;
	int ntok = 0, ninst = 0, nfirst = 0, best = 0, best_start = 0;
	size_t cap = 0;
	enum snippet_rc rc = SNIPPET_NOMEM;
	struct buf b;
	struct hl h;

	*out = NULL;
	if (!q || n > SNIPPET_MAX_TEXT || ntoken < 1)
		return SNIPPET_DECLINED;
	if (!text || !n)
		return SNIPPET_NONE;
	buf_init(&b, 0);
	if (!(fold = malloc(n)))
		goto done;
	switch (tokenize(text, n, fold, &tok, &ntok)) {
	case -1:
		rc = SNIPPET_DECLINED;
		goto done;
	case -2:
		goto done;
	default:
		break;
	}
	/* the instances, by token and then phrase, as xInst gives them */
	for (int i = 0; i < ntok; i++)
		for (int p = 0; p < q->nphrase; p++) {
			if (!matches(&q->ph[p], tok, ntok, fold, i))
				continue;
			if ((size_t)ninst == cap) {
				struct inst *nv;

				cap = cap ? cap * 2 : 16;
				if (!(nv = realloc(in, cap * sizeof *in)))
					goto done;
				in = nv;
			}
			in[ninst++] = (struct inst){i, p, q->ph[p].ntok};
		}
	if (!ninst) {
		rc = SNIPPET_NONE;
		goto done;
	}
	if (!(first = malloc((size_t)ntok * sizeof *first)))
		goto done;
	for (int i = 0; i < ntok; i++)
		if (i == 0 || sentence_start(text, &tok[i]))
			first[nfirst++] = i;
	for (int i = 0; i < ninst; i++) {
		int io = in[i].pos, adj = 0, s, j;

		s = score(in, ninst, q->nphrase, ntok, io, ntoken, &adj);
		if (s > best) {
			best = s;
			best_start = adj;
		}
		if (nfirst && ntok > ntoken) {
			for (j = 0; j < nfirst - 1; j++)
				if (first[j + 1] > io)
					break;
			if (first[j] < io) {
				s = score(in, ninst, q->nphrase, ntok, first[j], ntoken, NULL);
				s += first[j] == 0 ? 120 : 100;
				if (s > best) {
					best = s;
					best_start = first[j];
				}
			}
		}
	}
	memset(&h, 0, sizeof h);
	h.text = text;
	h.out = &b;
	h.it = (struct cinst){in, ninst, 0, -1, -1};
	cinst_next(&h.it);
	h.range_start = best_start;
	h.range_end = best_start + ntoken - 1;
	if (best_start > 0)
		put(&h, SNIPPET_ELLIPSIS, strlen(SNIPPET_ELLIPSIS));
	while (h.it.start >= 0 && h.it.start < best_start)
		cinst_next(&h.it);
	for (int i = 0; i < ntok && i <= h.range_end; i++)
		hl_token(&h, i, tok[i].start, tok[i].end);
	if (h.range_end >= ntok - 1)
		put(&h, text + h.off, n - h.off);
	else
		put(&h, SNIPPET_ELLIPSIS, strlen(SNIPPET_ELLIPSIS));
	if (!h.err && (*out = arena_strndup(a, b.data ? b.data : "", b.len)))
		rc = SNIPPET_MADE;
done:
	buf_cleanup(&b);
	free(first);
	free(in);
	free(tok);
	free(fold);
	return rc;
}
