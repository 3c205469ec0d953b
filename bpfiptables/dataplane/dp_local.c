// SPDX-License-Identifier: GPL-2.0-only
/* The namespace's own IPv4 addresses, for the ingress programs. */
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>

#include "dp.h"

static int add(int fd, const struct sockaddr *sa, uint32_t *keep, size_t *n, size_t cap)
{
	uint32_t a;
	uint8_t one = 1;

	if (!sa || sa->sa_family != AF_INET)
		return 0;
	a = ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
	if (*n < cap)
		keep[(*n)++] = a;
	return bpf_map_update_elem(fd, &a, &one, BPF_ANY) < 0 ? -errno : 0;
}

static bool kept(const uint32_t *keep, size_t n, uint32_t a)
{
	for (size_t i = 0; i < n; i++)
		if (keep[i] == a)
			return true;
	return false;
}

int dp_local_addrs_update(const struct dp *dp)
{
	int fd = dp->map_fd[DP_M_LOCAL], ret = 0;
	size_t n = 0, cap = 4096;
	uint32_t *keep = calloc(cap, sizeof(*keep)), key, next;
	struct ifaddrs *ifa, *i;
	bool first = true;

	if (!keep)
		return -ENOMEM;
	if (getifaddrs(&ifa) < 0) {
		free(keep);
		return -errno;
	}
	for (i = ifa; i && ret == 0; i = i->ifa_next) {
		ret = add(fd, i->ifa_addr, keep, &n, cap);
		if (ret == 0 && (i->ifa_flags & 0x2 /* IFF_BROADCAST */))
			ret = add(fd, i->ifa_broadaddr, keep, &n, cap);
	}
	freeifaddrs(ifa);
	/* Addresses that went away. */
	while (ret == 0 && bpf_map_get_next_key(fd, first ? NULL : &key, &next) == 0) {
		first = false;
		key = next;
		if (!kept(keep, n, key) && bpf_map_delete_elem(fd, &key) == 0)
			first = true;
	}
	free(keep);
	return ret;
}
