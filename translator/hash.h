/* SPDX-License-Identifier: GPL-2.0-only */
/* A 64-bit FNV-1a style hash, eight bytes a step: enough to tell a
 * changed rule or table shape from an unchanged one (the dataplane keeps
 * a compiled segment only while the hash of what it was compiled from is
 * the same, bpfiptables/dataplane/dp_plan.c). Not for anything an
 * attacker chooses to collide. */
#ifndef BPFIPT_HASH_H
#define BPFIPT_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_SEED UINT64_C(0xcbf29ce484222325)

static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		uint64_t w;

		memcpy(&w, b + i, 8);
		h = (h ^ w) * UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	if (i < n) {
		/* The last 1 to 7 bytes as one word, zero-padded, with their
		 * count on top so that padding cannot pass for data. One step
		 * instead of one a byte: a rule has four such tails. */
		uint64_t w = (uint64_t)(n - i) << 56;

		memcpy(&w, b + i, n - i);
		h = (h ^ w) * UINT64_C(0x100000001b3);
		h ^= h >> 29;
	}
	return h;
}

/* A string with its terminating NUL, so that "ab","c" and "a","bc" differ. */
static inline uint64_t hash_str(uint64_t h, const char *s)
{
	return hash_bytes(h, s, strlen(s) + 1);
}

#endif
