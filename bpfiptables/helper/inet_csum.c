// SPDX-License-Identifier: GPL-2.0-only
#include "inet_csum.h"

uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	uint64_t s = sum;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (i < n)
		s += (uint32_t)p[i] << 8;
	/* Fold here already so that callers can chain sums of any length. */
	while (s >> 32)
		s = (s & 0xffffffff) + (s >> 32);
	return (uint32_t)s;
}

uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

uint32_t csum_pseudo(const uint8_t saddr[4], const uint8_t daddr[4], uint8_t proto, uint32_t len)
{
	uint8_t tail[4] = {0, proto, (uint8_t)(len >> 8), (uint8_t)len};
	uint32_t sum = csum_add(0, saddr, 4);

	sum = csum_add(sum, daddr, 4);
	/* Lengths above 65535 (never for a packet in an event) would need
	 * the high half too; the IP total length caps them. */
	return csum_add(sum, tail, sizeof(tail));
}
