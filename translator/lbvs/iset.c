// SPDX-License-Identifier: GPL-2.0-only
#include "iset.h"

#include <stdlib.h>
#include <string.h>

void iset_init(struct iset *s)
{
	memset(s, 0, sizeof(*s));
}

void iset_free(struct iset *s)
{
	free(s->v);
	iset_init(s);
}

static void reserve(struct iset *s, size_t n)
{
	if (n <= s->cap)
		return;
	s->cap = n < 8 ? 8 : n * 2;
	s->v = realloc(s->v, s->cap * sizeof(*s->v));
	if (!s->v)
		abort();
}

void iset_copy(struct iset *dst, const struct iset *src)
{
	dst->n = 0;
	reserve(dst, src->n);
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*src->v));
	dst->n = src->n;
}

void iset_add(struct iset *s, uint32_t lo, uint32_t hi)
{
	size_t i = 0, j;

	if (lo > hi)
		return;
	/* Skip intervals wholly below, not even touching [lo, hi]. */
	while (i < s->n && (uint64_t)s->v[i].hi + 1 < lo)
		i++;
	/* Merge every interval that overlaps or touches. */
	for (j = i; j < s->n && s->v[j].lo <= (uint64_t)hi + 1; j++) {
		lo = s->v[j].lo < lo ? s->v[j].lo : lo;
		hi = s->v[j].hi > hi ? s->v[j].hi : hi;
	}
	if (j == i) {
		reserve(s, s->n + 1);
		memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
		s->n++;
	} else if (j > i + 1) {
		memmove(&s->v[i + 1], &s->v[j], (s->n - j) * sizeof(*s->v));
		s->n -= j - i - 1;
	}
	s->v[i].lo = lo;
	s->v[i].hi = hi;
}

void iset_full(struct iset *s, uint32_t max)
{
	s->n = 0;
	iset_add(s, 0, max);
}

void iset_complement(struct iset *s, uint32_t max)
{
	struct iset c;
	uint64_t next = 0;

	iset_init(&c);
	for (size_t i = 0; i < s->n; i++) {
		if (s->v[i].lo > next)
			iset_add(&c, (uint32_t)next, s->v[i].lo - 1);
		next = (uint64_t)s->v[i].hi + 1;
	}
	if (next <= max)
		iset_add(&c, (uint32_t)next, max);
	iset_free(s);
	*s = c;
}

void iset_intersect(struct iset *s, const struct iset *o)
{
	struct iset r;
	size_t i = 0, j = 0;

	iset_init(&r);
	while (i < s->n && j < o->n) {
		uint32_t lo = s->v[i].lo > o->v[j].lo ? s->v[i].lo : o->v[j].lo;
		uint32_t hi = s->v[i].hi < o->v[j].hi ? s->v[i].hi : o->v[j].hi;

		if (lo <= hi)
			iset_add(&r, lo, hi);
		if (s->v[i].hi < o->v[j].hi)
			i++;
		else
			j++;
	}
	iset_free(s);
	*s = r;
}

bool iset_covers(const struct iset *s, uint32_t lo, uint32_t hi)
{
	size_t a = 0, b = s->n;

	/* The only interval that can cover lo is the last one starting at or
	 * below it. */
	while (a < b) {
		size_t m = a + (b - a) / 2;

		if (s->v[m].lo <= lo)
			a = m + 1;
		else
			b = m;
	}
	return a > 0 && s->v[a - 1].hi >= hi;
}

bool iset_contains(const struct iset *s, uint32_t x)
{
	return iset_covers(s, x, x);
}

bool iset_is_full(const struct iset *s, uint32_t max)
{
	return s->n == 1 && s->v[0].lo == 0 && s->v[0].hi == max;
}
