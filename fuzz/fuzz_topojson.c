/*
 * fuzz_topojson.c - libFuzzer driver for the TopoJSON decoder (geo_topojson_decode). Every
 * decoded feature is checked against the decoder's promises: rings start inside the
 * points, in order, and every point is a finite number (read, so the sanitizers see it).
 */
#include "core/arena.h"
#include "core/err.h"
#include "report/geo.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct geo_topology t;
	struct errinfo e;
	struct arena a;

	arena_init(&a, 0);
	errinfo_clear(&e);
	if (geo_topojson_decode((const char *)data, size, "countries", &a, &t, &e) == 0) {
		for (size_t i = 0; i < t.n; i++) {
			const struct geo_feature *f = &t.v[i];

			if (!f->id || !f->name)
				abort();
			for (size_t r = 0; r < f->n_rings; r++)
				if (f->ring_starts[r] > f->n_points ||
				    (r && f->ring_starts[r] < f->ring_starts[r - 1]))
					abort();
			for (size_t p = 0; p < 2 * f->n_points; p++)
				if (!isfinite(f->xy[p]))
					abort();
		}
	} else if (e.msg[0] == '\0') {
		abort(); /* a refusal says why */
	}
	arena_cleanup(&a);
	return 0;
}
