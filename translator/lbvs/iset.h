/* SPDX-License-Identifier: GPL-2.0-only */
/* Sets of integers over a small domain [0, max], as sorted disjoint
 * closed intervals: what a rule accepts of one packet field (a port range,
 * a multiport list, their complement under "!"). */
#ifndef BPFIPT_LBVS_ISET_H
#define BPFIPT_LBVS_ISET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ival {
	uint32_t lo, hi;
};

struct iset {
	struct ival *v;
	size_t n, cap;
};

void iset_init(struct iset *s);
void iset_free(struct iset *s);
void iset_copy(struct iset *dst, const struct iset *src);
void iset_add(struct iset *s, uint32_t lo, uint32_t hi); /* union with [lo, hi] */
void iset_full(struct iset *s, uint32_t max);
void iset_complement(struct iset *s, uint32_t max);
void iset_intersect(struct iset *s, const struct iset *o);
bool iset_contains(const struct iset *s, uint32_t x);
/* Whether all of [lo, hi] is in the set. */
bool iset_covers(const struct iset *s, uint32_t lo, uint32_t hi);
bool iset_is_full(const struct iset *s, uint32_t max);

#endif
