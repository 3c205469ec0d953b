/* SPDX-License-Identifier: GPL-2.0-only */
/* Interning a chain's bitvectors: identical ones are stored once, each as
 * its non-zero word span in the image's pool. */
#ifndef BPFIPT_LBVS_BITVEC_H
#define BPFIPT_LBVS_BITVEC_H

#include <stdint.h>

#include "image.h"

struct bv_interner {
	struct lbvs_image *img;
	struct lbvs_chain *chain;
	uint32_t *slots; /* open addressing: bv index + 1, 0 empty */
	uint32_t n_slots;
};

void bv_interner_init(struct bv_interner *in, struct lbvs_image *img, struct lbvs_chain *c);
void bv_interner_free(struct bv_interner *in);
/* Index into c->bv of a bitvector equal to words[0 .. c->n_words). */
uint32_t bv_intern(struct bv_interner *in, const uint64_t *words);
/* The same, told that words outside [first, last] are zero and words
 * first and last are not (first > last: all zero). */
uint32_t bv_intern_span(struct bv_interner *in, const uint64_t *words, uint32_t first,
			uint32_t last);

static inline void bv_set(uint64_t *w, uint32_t bit)
{
	w[bit / 64] |= 1ull << (bit % 64);
}

static inline void bv_clear(uint64_t *w, uint32_t bit)
{
	w[bit / 64] &= ~(1ull << (bit % 64));
}

/* Word i of bitvector b of chain c (zero outside its span). */
static inline uint64_t bv_word(const struct lbvs_image *img, const struct lbvs_bv *b, uint32_t i)
{
	return i < b->first || i > b->last ? 0 : img->pool[b->pool_off + i - b->first];
}

#endif
