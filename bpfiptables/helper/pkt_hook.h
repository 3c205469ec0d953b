/* SPDX-License-Identifier: GPL-2.0-only */
/* The packet of an event as netfilter holds it at the event's hook. The
 * dataplane copies it off the wire, but before the INPUT and FORWARD
 * hooks the kernel has already edited it: ip_forward lowered the TTL,
 * and option processing on receipt filled in record-route slots and
 * blanked what follows an end-of-options. LOG prints, and REJECT quotes,
 * the edited packet. */
#ifndef BPFIPT_PKT_HOOK_H
#define BPFIPT_PKT_HOOK_H

#include <stdint.h>

#include "bpfipt_event.h"

/* Copy ev->pkt (ev->cap_len bytes) to out and apply the kernel's edits.
 * fwd_rr_addr (network order) is what a FORWARDed packet's record-route
 * option gets: the router's own address towards the sender, which only
 * routing can tell (0 when unknown; the slot is filled all the same, as
 * the kernel fills it). Not reproduced: timestamp options, into which
 * the kernel writes its clock. */
void pkt_at_hook(const struct bpfipt_event *ev, uint32_t fwd_rr_addr,
		 uint8_t out[BPFIPT_EV_PKT_MAX]);

#endif
