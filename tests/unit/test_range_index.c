// SPDX-License-Identifier: GPL-2.0-only
/* The bucket index of an interval table (translator/lbvs/range_index.c)
 * against a plain binary search over the whole table: random tables of
 * starts (dense, sparse, clustered, reaching 2^32-1) and keys at, around
 * and between every start, at 0 and at 2^32-1. The interval the index
 * leads to must always be the one the whole search finds. */
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "lbvs/range_index.h"
#include "../../kernel/include/bpfipt_image.h"

static uint64_t state = 88172645463325252ull;

static uint32_t rnd32(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (uint32_t)(state >> 16);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* A table of n strictly increasing starts, start[0] = 0. */
static uint32_t make_table(uint32_t *start, uint32_t n, int kind)
{
	uint32_t m = 1;

	start[0] = 0;
	for (uint32_t i = 1; i < n; i++) {
		switch (kind) {
		case 0: /* the whole space, to its top */
			start[i] = i == n - 1 ? UINT32_MAX : rnd32() | 1;
			break;
		case 1: /* clustered, like 198.19.x.y */
			start[i] = 0xc6130000u + rnd32() % (4 * n);
			break;
		case 2: /* dense, like ports */
			start[i] = 1 + rnd32() % 65537;
			break;
		default: /* two far clusters: a skewed index */
			start[i] = (rnd32() & 1 ? 0x10000000u : 0xf0000000u) + rnd32() % 64;
		}
	}
	qsort(start, n, sizeof(*start), cmp_u32);
	for (uint32_t i = 1; i < n; i++)
		if (start[i] > start[m - 1])
			start[m++] = start[i];
	return m;
}

int main(void)
{
	static uint32_t start[20000];
	unsigned long keys = 0, wrong = 0, indexed = 0;

	for (int t = 0; t < 400; t++) {
		uint32_t n = make_table(start, 2 + rnd32() % (t < 200 ? 200 : 20000), t % 4);
		uint32_t *idx = NULL, n_idx = 0, at = lbvs_range_index(start, n, &idx, &n_idx);

		if (at == BPFIPT_NO_INDEX) {
			CHECK(n < LBVS_INDEX_MIN, "table %d of %u intervals gets an index", t, n);
			continue;
		}
		indexed++;
		for (uint32_t i = 0; i < n + 2; i++) {
			uint32_t probe[4] = {i < n ? start[i] : 0, i < n ? start[i] - 1 : UINT32_MAX,
					     i < n ? start[i] + 1 : rnd32(), rnd32()};

			for (int k = 0; k < 4; k++) {
				uint32_t lo, hi;

				lbvs_index_window(idx + at, n, probe[k], &lo, &hi);
				keys++;
				if (lo >= hi || hi > n ||
				    lbvs_last_at_or_below(start, lo, hi, probe[k]) !=
					    lbvs_last_at_or_below(start, 0, n, probe[k]))
					wrong++;
			}
		}
		free(idx);
	}
	printf("# %lu indexed tables, %lu keys, %lu wrong\n", indexed, keys, wrong);
	CHECK(indexed >= 300, "most tables are long enough for an index");
	CHECK(wrong == 0, "the index always leads to the whole search's interval");
	return check_exit();
}
