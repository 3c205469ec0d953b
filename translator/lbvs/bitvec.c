// SPDX-License-Identifier: GPL-2.0-only
/* Interning works on a vector's non-zero span only: a chain of 10,000
 * rules has 157-word vectors, most of them zero but for a word or two,
 * and build_range interns one per interval boundary. Hashing and
 * comparing whole vectors was a quarter of a single-rule update. */
#include "bitvec.h"
#include "../hash.h"

#include <stdlib.h>
#include <string.h>

/* The span [first, last] and its words identify a vector. */
static uint64_t hash_span(const uint64_t *span, uint32_t first, uint32_t last)
{
	size_t words = first <= last ? (size_t)(last - first) + 1 : 0;

	return hash_bytes(HASH_SEED ^ first, span, words * sizeof(*span));
}

void bv_interner_init(struct bv_interner *in, struct lbvs_image *img, struct lbvs_chain *c)
{
	in->img = img;
	in->chain = c;
	in->n_slots = 64;
	in->slots = calloc(in->n_slots, sizeof(*in->slots));
	if (!in->slots)
		abort();
}

void bv_interner_free(struct bv_interner *in)
{
	free(in->slots);
	in->slots = NULL;
}

/* span: the words first..last of the vector (nothing when first > last). */
static bool same(const struct bv_interner *in, uint32_t idx, const uint64_t *span, uint32_t first,
		 uint32_t last)
{
	const struct lbvs_bv *b = &in->chain->bv[idx];

	if (first > last)
		return b->first > b->last;
	return b->first == first && b->last == last &&
	       memcmp(in->img->pool + b->pool_off, span, (last - first + 1) * sizeof(*span)) == 0;
}

static void grow(struct bv_interner *in);

static uint32_t *find_slot(struct bv_interner *in, const uint64_t *span, uint32_t first,
			   uint32_t last, uint64_t h)
{
	uint32_t i = (uint32_t)(h & (in->n_slots - 1));

	while (in->slots[i] && !same(in, in->slots[i] - 1, span, first, last))
		i = (i + 1) & (in->n_slots - 1);
	return &in->slots[i];
}

static uint32_t pool_append(struct lbvs_image *img, const uint64_t *w, uint32_t n)
{
	uint32_t off = img->pool_words;

	if (img->pool_words + n > img->pool_cap) {
		img->pool_cap = (img->pool_words + n) * 2 + 64;
		img->pool = realloc(img->pool, img->pool_cap * sizeof(*img->pool));
		if (!img->pool)
			abort();
	}
	memcpy(img->pool + off, w, n * sizeof(*w));
	img->pool_words += n;
	return off;
}

static uint32_t store(struct bv_interner *in, const uint64_t *span, uint32_t first, uint32_t last)
{
	struct lbvs_chain *c = in->chain;
	struct lbvs_bv b = {.first = 1, .last = 0, .pool_off = 0};

	if (first <= last) {
		b.first = first;
		b.last = last;
		b.pool_off = pool_append(in->img, span, last - first + 1);
	}
	c->bv = realloc(c->bv, (c->n_bv + 1) * sizeof(*c->bv));
	if (!c->bv)
		abort();
	c->bv[c->n_bv] = b;
	return c->n_bv++;
}

uint32_t bv_intern_span(struct bv_interner *in, const uint64_t *w, uint32_t first, uint32_t last)
{
	const uint64_t *span = w + (first <= last ? first : 0);
	uint32_t *slot = find_slot(in, span, first, last, hash_span(span, first, last));

	if (*slot)
		return *slot - 1;
	*slot = store(in, span, first, last) + 1;
	if (in->chain->n_bv * 2 > in->n_slots)
		grow(in);
	return in->chain->n_bv - 1;
}

uint32_t bv_intern(struct bv_interner *in, const uint64_t *w)
{
	uint32_t n = in->chain->n_words, first = 0, last;

	while (first < n && !w[first])
		first++;
	if (first == n)
		return bv_intern_span(in, w, 1, 0);
	last = n - 1;
	while (!w[last])
		last--;
	return bv_intern_span(in, w, first, last);
}

static void grow(struct bv_interner *in)
{
	uint32_t old_n = in->n_slots;
	uint32_t *old = in->slots;

	in->n_slots *= 2;
	in->slots = calloc(in->n_slots, sizeof(*in->slots));
	if (!in->slots)
		abort();
	for (uint32_t i = 0; i < old_n; i++) {
		if (!old[i])
			continue;
		const struct lbvs_bv *b = &in->chain->bv[old[i] - 1];
		const uint64_t *span = in->img->pool + b->pool_off;

		*find_slot(in, span, b->first, b->last, hash_span(span, b->first, b->last)) = old[i];
	}
	free(old);
}
