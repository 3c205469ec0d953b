// SPDX-License-Identifier: GPL-2.0-only
/* A field's interval table of n starts takes up to 20 binary-search steps
 * in the BPF classifier, each a bounds-checked map read: with 5,000 rules
 * that search was most of the per-packet cost. One bucket read narrows
 * it to the few intervals that start in the key's bucket. The buckets
 * cover [start[1], start[n-1]] evenly (a shift of the key's distance from
 * start[1]), so the index adapts to where the chain's values are: the
 * 5,000 addresses of 198.19.0.0/16 get buckets of two addresses, not one
 * bucket of the whole /16. A skewed table still works, only slower. */
#include "range_index.h"

#include <stdlib.h>

#include "../../kernel/include/bpfipt_image.h"

uint32_t lbvs_last_at_or_below(const uint32_t *start, uint32_t lo, uint32_t hi, uint64_t v)
{
	while (hi - lo > 1) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (start[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

uint32_t lbvs_range_index(const uint32_t *start, uint32_t n, uint32_t **idx, uint32_t *n_idx)
{
	uint32_t buckets = 8, shift = 0, base = *n_idx, *w;
	uint64_t lo, span;

	if (n < LBVS_INDEX_MIN)
		return BPFIPT_NO_INDEX;
	/* About two intervals per bucket. */
	while (buckets < n / 2 && buckets < BPFIPT_IDX_MAX_BUCKETS)
		buckets *= 2;
	lo = start[1];
	span = start[n - 1] - lo;
	while ((span >> shift) >= buckets)
		shift++;
	w = realloc(*idx, (base + BPFIPT_IDX_HDR + buckets + 1) * sizeof(*w));
	if (!w)
		abort();
	*idx = w;
	w += base;
	w[BPFIPT_IDX_LO] = (uint32_t)lo;
	w[BPFIPT_IDX_SHIFT] = shift;
	w[BPFIPT_IDX_BUCKETS] = buckets;
	for (uint32_t b = 0; b <= buckets; b++)
		w[BPFIPT_IDX_HDR + b] =
			lbvs_last_at_or_below(start, 0, n, lo + ((uint64_t)b << shift));
	*n_idx = base + BPFIPT_IDX_HDR + buckets + 1;
	return base;
}

void lbvs_index_window(const uint32_t *idx, uint32_t n, uint32_t key, uint32_t *lo, uint32_t *hi)
{
	uint64_t b;

	if (key < idx[BPFIPT_IDX_LO]) {
		*lo = 0;
		*hi = 1;
		return;
	}
	b = (uint64_t)(key - idx[BPFIPT_IDX_LO]) >> idx[BPFIPT_IDX_SHIFT];
	if (b >= idx[BPFIPT_IDX_BUCKETS]) {
		*lo = n - 1;
		*hi = n;
		return;
	}
	*lo = idx[BPFIPT_IDX_HDR + b];
	*hi = idx[BPFIPT_IDX_HDR + b + 1] + 1;
}
