// SPDX-License-Identifier: GPL-2.0-only
#include <string.h>

#include "pkt_hook.h"

enum { OPT_END = 0, OPT_NOP = 1, OPT_RR = 7 };

/* The receive side of option processing (ip_rcv_options) that changes
 * bytes: bytes after an end-of-options become end-of-options, and a
 * record-route option with room left gets the address the packet was
 * received on: for local delivery its destination, for forwarding the
 * router's address towards the sender (rr_addr). The kernel
 * leaves the header checksum stale after these edits (the packet was
 * already checked), and so does this. Malformed options never get here:
 * the kernel drops such packets before the hooks. */
static void options_on_receipt(uint8_t *ip, unsigned optlen, int hook, uint32_t rr_addr)
{
	uint8_t *p = ip + 20;

	for (unsigned l = optlen; l > 0;) {
		if (*p == OPT_END) {
			memset(p, OPT_END, l);
			return;
		}
		if (*p == OPT_NOP) {
			p++;
			l--;
			continue;
		}
		if (l < 2 || p[1] < 2 || p[1] > l)
			return;
		if (*p == OPT_RR && p[1] >= 3 && p[2] >= 4 && p[2] + 3u <= p[1]) {
			if (hook == BPFIPT_HOOK_INPUT)
				memcpy(p + p[2] - 1, ip + 16, 4);
			else
				memcpy(p + p[2] - 1, &rr_addr, 4);
			p[2] += 4;
		}
		l -= p[1];
		p += p[1];
	}
}

/* ip_decrease_ttl: the checksum is patched, not recomputed, and the
 * patch is the kernel's end-around-carry arithmetic, so that the result
 * matches to the bit (0x0000 against 0xffff included). */
static void decrease_ttl(uint8_t *ip)
{
	uint32_t check = (uint32_t)ip[10] << 8 | ip[11];

	check += 0x0100;
	check += check >= 0xffff;
	ip[10] = (uint8_t)(check >> 8);
	ip[11] = (uint8_t)check;
	ip[8]--;
}

void pkt_at_hook(const struct bpfipt_event *ev, uint32_t fwd_rr_addr,
		 uint8_t out[BPFIPT_EV_PKT_MAX])
{
	unsigned ihl;

	memcpy(out, ev->pkt, ev->cap_len);
	if (ev->cap_len < 20 || ev->hook == BPFIPT_HOOK_OUTPUT)
		return;
	ihl = (out[0] & 0x0fu) * 4;
	if (ihl > 20 && ihl <= ev->cap_len)
		options_on_receipt(out, ihl - 20, (int)ev->hook, fwd_rr_addr);
	if (ev->hook == BPFIPT_HOOK_FORWARD)
		decrease_ttl(out);
}
