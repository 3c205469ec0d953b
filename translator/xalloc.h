/* SPDX-License-Identifier: GPL-2.0-only */
/* Allocation that cannot fail quietly: out of memory, nothing sensible
 * is left to do. */
#ifndef BPFIPT_XALLOC_H
#define BPFIPT_XALLOC_H

#include <stdint.h>
#include <stdlib.h>

/* p resized to hold n elements of size bytes (at least one). */
static inline void *grow_array(void *p, uint32_t n, size_t size)
{
	p = realloc(p, (n ? n : 1) * size);
	if (!p)
		abort();
	return p;
}

#endif
