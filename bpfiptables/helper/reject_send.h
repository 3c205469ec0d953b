/* SPDX-License-Identifier: GPL-2.0-only */
/* -j REJECT for the resident helper: the reply netfilter's REJECT target
 * sends (a TCP reset or an ICMP destination-unreachable), built from the
 * event and sent from the namespace's own stack through a raw socket, so
 * that it crosses OUTPUT, routing and POSTROUTING as netfilter's does. */
#ifndef BPFIPT_REJECT_SEND_H
#define BPFIPT_REJECT_SEND_H

#include <stddef.h>
#include <stdint.h>

#include "bpfipt_event.h"

/* The longest reply: an ICMP error is at most 576 bytes (RFC 1812). */
#define REJECT_REPLY_MAX 576

/* The IP packet of the reply to ev (a BPFIPT_EV_REJECT event) into out
 * (cap bytes; REJECT_REPLY_MAX suffice). *len = 0 when netfilter would
 * send nothing: a fragment other than the first, an ICMP error or a
 * packet of unknown ICMP type, a TCP reset, a bad checksum, a multicast
 * or limited-broadcast destination, and, for ICMP replies, a frame sent
 * to a link-layer multicast or broadcast address. The reply's source is
 * 0 where netfilter lets routing choose it (ICMP errors in FORWARD and
 * OUTPUT); the IP ID is 0 (the kernel picks one for a raw socket's packet
 * as it does for netfilter's); the TTL is net.ipv4.ip_default_ttl of the
 * calling thread's namespace. 0, or -EINVAL for a malformed event or an
 * unknown reject_with, -ENOSPC when cap is too small, -ENODATA when the
 * event holds less of the packet than the ICMP error quotes (fewer than
 * min(pkt_len, 548) bytes). A packet longer than the event's bytes has
 * its checksum taken as good. */
int reject_build(const struct bpfipt_event *ev, uint8_t *out, size_t cap, size_t *len);

/* What only the namespace's routing knows and an offending packet with
 * IP options needs: reject_send() asks routing and fills it in. */
struct reject_env {
	/* Network byte order, 0 when unknown. */
	uint32_t fwd_rr_addr; /* what a FORWARDed record-route option records */
	uint32_t src;	      /* the reply's source, for an ICMP error that
			       * echoes a record-route option: the option
			       * then carries the source too */
};

/* reject_build with env (NULL: nothing known). */
int reject_build_env(const struct bpfipt_event *ev, const struct reject_env *env, uint8_t *out,
		     size_t cap, size_t *len);

/* A socket for reject_send: raw, IPPROTO_RAW (so IP_HDRINCL), in the
 * calling thread's network namespace. The fd, or -errno. */
int reject_socket(void);

/* Build the reply to ev and send it through raw_fd. What reject_build
 * cannot decide alone is decided here from the namespace's state: a
 * destination that is a local broadcast address gets no reply, and with
 * net.ipv4.icmp_errors_use_inbound_ifaddr an ICMP error in FORWARD comes
 * from the input interface's address. 1 when a reply was sent, 0 when
 * netfilter would have sent none, -errno. */
int reject_send(int raw_fd, const struct bpfipt_event *ev);

#endif
