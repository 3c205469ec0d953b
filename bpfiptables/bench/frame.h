/* SPDX-License-Identifier: GPL-2.0-only */
/* The generator's template frame (frame.c). */
#ifndef BPFIPT_BENCH_FRAME_H
#define BPFIPT_BENCH_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

#define FRAME_MIN 60   /* ETH_ZLEN: a 64-byte frame on the wire */
#define FRAME_MAX 1514 /* veth's default MTU */

size_t frame_build(uint8_t *buf, size_t cap, const struct traffic *t);

#endif
