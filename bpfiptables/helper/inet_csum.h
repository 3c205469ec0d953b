/* SPDX-License-Identifier: GPL-2.0-only */
/* The Internet checksum (RFC 1071) over packet bytes, for building the
 * replies REJECT sends and for checking a packet's checksum the way
 * nf_reject does before it answers. */
#ifndef BPFIPT_INET_CSUM_H
#define BPFIPT_INET_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* One's complement sum of n bytes added to sum (not folded). Bytes are
 * taken as big-endian 16-bit words; an odd last byte is padded with 0. */
uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n);
/* The sum folded to 16 bits and complemented: the value a checksum field
 * gets, and 0 when the summed bytes include a correct checksum. */
uint16_t csum_fold(uint32_t sum);
/* The TCP/UDP pseudo-header (addresses in network order as bytes). */
uint32_t csum_pseudo(const uint8_t saddr[4], const uint8_t daddr[4], uint8_t proto, uint32_t len);

#endif
