// SPDX-License-Identifier: GPL-2.0-only
#include "bitvec.h"

#include <stdlib.h>
#include <string.h>

static uint64_t hash_words(const uint64_t *w, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (uint32_t i = 0; i < n; i++) {
		h ^= w[i];
		h *= 0x100000001b3ull;
		h ^= h >> 29;
	}
	return h;
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

static bool same(const struct bv_interner *in, uint32_t idx, const uint64_t *w)
{
	const struct lbvs_bv *b = &in->chain->bv[idx];

	for (uint32_t i = 0; i < in->chain->n_words; i++)
		if (bv_word(in->img, b, i) != w[i])
			return false;
	return true;
}

static void grow(struct bv_interner *in);

static uint32_t *find_slot(struct bv_interner *in, const uint64_t *w, uint64_t h)
{
	uint32_t i = (uint32_t)(h & (in->n_slots - 1));

	while (in->slots[i] && !same(in, in->slots[i] - 1, w))
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

static uint32_t store(struct bv_interner *in, const uint64_t *w)
{
	struct lbvs_chain *c = in->chain;
	struct lbvs_bv b = {.first = 1, .last = 0, .pool_off = 0};
	uint32_t i;

	for (i = 0; i < c->n_words && !w[i]; i++)
		;
	if (i < c->n_words) {
		uint32_t j = c->n_words - 1;

		while (!w[j])
			j--;
		b.first = i;
		b.last = j;
		b.pool_off = pool_append(in->img, w + i, j - i + 1);
	}
	c->bv = realloc(c->bv, (c->n_bv + 1) * sizeof(*c->bv));
	if (!c->bv)
		abort();
	c->bv[c->n_bv] = b;
	return c->n_bv++;
}

uint32_t bv_intern(struct bv_interner *in, const uint64_t *w)
{
	uint64_t h = hash_words(w, in->chain->n_words);
	uint32_t *slot = find_slot(in, w, h);

	if (*slot)
		return *slot - 1;
	*slot = store(in, w) + 1;
	if (in->chain->n_bv * 2 > in->n_slots)
		grow(in);
	return in->chain->n_bv - 1;
}

static void grow(struct bv_interner *in)
{
	uint32_t old_n = in->n_slots;
	uint32_t *old = in->slots;
	uint64_t *w = calloc(in->chain->n_words, sizeof(*w));

	in->n_slots *= 2;
	in->slots = calloc(in->n_slots, sizeof(*in->slots));
	if (!in->slots || !w)
		abort();
	for (uint32_t i = 0; i < old_n; i++) {
		if (!old[i])
			continue;
		const struct lbvs_bv *b = &in->chain->bv[old[i] - 1];

		for (uint32_t k = 0; k < in->chain->n_words; k++)
			w[k] = bv_word(in->img, b, k);
		*find_slot(in, w, hash_words(w, in->chain->n_words)) = old[i];
	}
	free(w);
	free(old);
}
