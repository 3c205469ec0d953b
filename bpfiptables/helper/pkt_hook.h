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

/* Copy ev->pkt (ev->cap_len bytes, at least an IP header's worth) to out
 * and apply the kernel's edits. Not reproduced: the address a FORWARDed
 * packet's record-route option gets (the router's address towards the
 * sender) and timestamp options (the kernel writes its clock). */
void pkt_at_hook(const struct bpfipt_event *ev, uint8_t out[BPFIPT_EV_PKT_MAX]);

#endif
