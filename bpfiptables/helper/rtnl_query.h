/* SPDX-License-Identifier: GPL-2.0-only */
/* Questions for the namespace's rtnetlink: the two REJECT's reply needs
 * (what kind of address a destination is, which address an interface
 * answers from), and whether an interface still has TC filters (teardown
 * removes the clsact qdisc only when none is left). */
#ifndef BPFIPT_RTNL_QUERY_H
#define BPFIPT_RTNL_QUERY_H

#include <stdint.h>

/* What routing says about daddr (network byte order): the route type
 * (RTN_LOCAL, RTN_BROADCAST, RTN_UNICAST, ...), whence the kernel's
 * RTCF_LOCAL and RTCF_BROADCAST, and the preferred source for talking
 * to it (0 if none). 0 or -errno. */
int rtnl_route_get(uint32_t daddr, uint8_t *type, uint32_t *prefsrc);

/* The address the kernel's inet_select_addr picks on interface ifindex
 * for talking to dst at link scope: the first primary address whose
 * subnet holds dst, else the first primary address. 0 (*addr = 0 when the
 * interface has none) or -errno. Addresses in network byte order. */
int rtnl_iface_addr(int ifindex, uint32_t dst, uint32_t *addr);

/* How many TC filters hang under `parent` (e.g. clsact's ingress) on
 * ifindex: >= 0, or -errno. */
int rtnl_tc_filters(int ifindex, uint32_t parent);

#endif
