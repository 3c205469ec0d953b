// SPDX-License-Identifier: GPL-2.0-only
#include "arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <sys/mman.h>

/* Large enough that a big table takes a handful of chunks. */
#define CHUNK_MIN (256 * 1024)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, cap, mapped;
	alignas(max_align_t) unsigned char data[];
};

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* A chunk of its own pages (zeroed by the kernel). `populate`: all of
 * them at once, when the caller knows it will fill them: one page fault
 * a page cost a 10,000-rule table load 0.3 ms more. */
static struct arena_chunk *chunk_new(size_t cap, bool populate)
{
	size_t len = round_up(sizeof(struct arena_chunk) + cap, 4096);
	struct arena_chunk *c = mmap(NULL, len, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0),
				     -1, 0);

	if (c == MAP_FAILED)
		abort(); /* out of memory: nothing sensible to do */
	c->mapped = len;
	c->cap = len - sizeof(*c);
	return c;
}

void arena_reserve(struct arena_chunk **arena, size_t size)
{
	struct arena_chunk *c;

	if (*arena && (*arena)->cap - (*arena)->used >= size)
		return;
	c = chunk_new(size, true);
	c->next = *arena;
	*arena = c;
}

void *arena_alloc(struct arena_chunk **arena, size_t size)
{
	struct arena_chunk *c = *arena;

	size = round_up(size ? size : 1, alignof(max_align_t));
	if (!c || c->cap - c->used < size) {
		c = chunk_new(size > CHUNK_MIN ? size : CHUNK_MIN, false);
		c->next = *arena;
		*arena = c;
	}
	void *p = c->data + c->used;

	c->used += size;
	return p;
}

void arena_free(struct arena_chunk *arena)
{
	while (arena) {
		struct arena_chunk *next = arena->next;

		munmap(arena, arena->mapped);
		arena = next;
	}
}
