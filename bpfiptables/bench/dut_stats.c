// SPDX-License-Identifier: GPL-2.0-only
/* What the device under test processed: the rx_packets of its ingress
 * veth bd0. veth counts a frame there when its NAPI poll takes it off the
 * ring, whatever happens next (an XDP drop, a TC drop, netfilter's DROP
 * or a delivery), and never counts the frames the ring had no room for.
 * So it is the same counter for every system, including rulesets that
 * drop everything, where the sink would see nothing. */
#define _GNU_SOURCE
#include <ifaddrs.h>
#include <linux/if_link.h>
#include <netpacket/packet.h>
#include <string.h>
#include <sys/socket.h>

#include "bench.h"

int dut_rx(struct sandbox *sb, uint64_t *rx)
{
	struct ifaddrs *all, *ifa;
	int rc = -1;

	if (enter_ns(sb->dut_fd) < 0)
		return -1;
	if (getifaddrs(&all) == 0) {
		for (ifa = all; ifa; ifa = ifa->ifa_next) {
			if (!ifa->ifa_addr || ifa->ifa_addr->sa_family != AF_PACKET ||
			    !ifa->ifa_data || strcmp(ifa->ifa_name, "bd0") != 0)
				continue;
			*rx = ((const struct rtnl_link_stats *)ifa->ifa_data)->rx_packets;
			rc = 0;
			break;
		}
		freeifaddrs(all);
	}
	enter_ns(sb->home_fd);
	return rc;
}
