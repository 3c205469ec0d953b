/* SPDX-License-Identifier: GPL-2.0-only */
/* The tests' random numbers: one linear congruential sequence per test
 * program, set by assigning rng_state (deterministic for a given seed). */
#ifndef BPFIPT_TEST_RNG_H
#define BPFIPT_TEST_RNG_H

#include <stdint.h>

static uint32_t rng_state; /* one test program, one sequence */

/* A number in [0, n); 0 when n is 0. */
static inline uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return n ? (rng_state >> 8) % n : 0;
}

#endif
