/* SPDX-License-Identifier: GPL-2.0-only */
/* Bump allocation for objects that live exactly as long as their owner:
 * the rules a loaded table brings with it (ruleset_io.c) are freed all
 * at once with the table, not one malloc and one free each. Loading a
 * 10,000-rule table made some 30,000 allocations, a third of the load. */
#ifndef BPFIPT_ARENA_H
#define BPFIPT_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena_chunk;

/* Zeroed memory for `size` bytes, aligned for any type; it lives until
 * arena_free. *arena starts out NULL. */
void *arena_alloc(struct arena_chunk **arena, size_t size);
/* Room for `size` more bytes, its pages faulted in at once: for a
 * caller that knows how much it is about to allocate. */
void arena_reserve(struct arena_chunk **arena, size_t size);
void arena_free(struct arena_chunk *arena);

#endif
