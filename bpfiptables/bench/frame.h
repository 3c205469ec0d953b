/* SPDX-License-Identifier: GPL-2.0-only */
/* The generator's frames, one flow at a time (frame.c). */
#ifndef BPFIPT_BENCH_FRAME_H
#define BPFIPT_BENCH_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "bench.h"

#define FRAME_MIN 60   /* ETH_ZLEN: a 64-byte frame on the wire */
#define FRAME_MAX 1514 /* veth's default MTU */
/* The bytes that differ between flows: Ethernet 14, IPv4 20, TCP 20 and
 * 4 bytes of one option. bench_gen.bpf.c copies this much of a flow's
 * frame over the start of each frame (its FLOW_HDR_LEN). */
#define FRAME_HDR_LEN 58

/* Bytes handed to the generator for a frame size on the wire (FCS
 * excluded), or 0 when out of range. */
size_t frame_len(unsigned int frame_size);
/* Flow i of the traffic: t->specs[i], or synthetic flow first_flow + i. */
void frame_flow(const struct traffic *t, uint32_t i, struct flow_spec *f);
/* The whole frame of a flow, len bytes (from frame_len). */
void frame_build(uint8_t *buf, size_t len, const struct flow_spec *f);

#endif
