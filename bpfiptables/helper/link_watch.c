// SPDX-License-Identifier: GPL-2.0-only
/* A link watch: one rtnetlink socket subscribed to RTMGRP_LINK (and
 * RTMGRP_IPV4_IFADDR: addresses make INPUT), and one
 * for dumps, so that dump answers never interleave with events. Both are
 * made at open: a netlink socket belongs to the namespace it was made
 * in, whatever namespace the thread that later uses it is in. */
#include <errno.h>
#include <libmnl/libmnl.h>
/* net/if.h before linux/if.h, which then leaves out what both define. */
#include <net/if.h>
#include <linux/if.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "link_watch.h"

/* Link messages carry statistics and more: a dump datagram holds many. */
#define LW_BUF 32768
/* Room for bursts of events (many interfaces created at once). */
#define LW_RCVBUF (1 << 20)
/* A dump the kernel interrupted (links changed meanwhile) is retried. */
#define LW_DUMP_TRIES 5

struct link_watch {
	struct mnl_socket *nl, *dump;
	unsigned seq;
	link_watch_cb cb;
	void *arg;
	int calls;
};

/* An IPv4 address added or removed changes what is local (INPUT): it is
 * reported as a change of its link, which is present. */
static int addr_msg(const struct nlmsghdr *nlh, struct link_watch *lw)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	char name[IFNAMSIZ];

	if (ifa->ifa_family != AF_INET || !if_indextoname(ifa->ifa_index, name))
		return MNL_CB_OK;
	lw->cb(lw->arg, (int)ifa->ifa_index, name, true);
	lw->calls++;
	return MNL_CB_OK;
}

static int link_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct link_watch *lw = data;
	const char *name = "";
	const struct nlattr *a;

	if (nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR)
		return addr_msg(nlh, lw);
	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	/* A bridge reports its ports under AF_BRIDGE in the same group,
	 * RTM_DELLINK included when a port merely leaves the bridge. */
	if (ifi->ifi_family != AF_UNSPEC)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) if (mnl_attr_get_type(a) == IFLA_IFNAME &&
						    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) == 0)
	    name = mnl_attr_get_str(a);
	lw->cb(lw->arg, ifi->ifi_index, name, nlh->nlmsg_type == RTM_NEWLINK);
	lw->calls++;
	return MNL_CB_OK;
}

int link_watch_open(struct link_watch **out, link_watch_cb cb, void *arg)
{
	struct link_watch *lw = calloc(1, sizeof(*lw));
	int rcvbuf = LW_RCVBUF, ret;

	*out = NULL;
	if (!lw)
		return -ENOMEM;
	lw->cb = cb;
	lw->arg = arg;
	lw->nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (!lw->nl) {
		ret = -errno;
		free(lw);
		return ret;
	}
	/* Best effort: the default buffer holds a few dozen events only. */
	setsockopt(mnl_socket_get_fd(lw->nl), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	lw->dump = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!lw->dump || mnl_socket_bind(lw->nl, RTMGRP_LINK | RTMGRP_IPV4_IFADDR, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_bind(lw->dump, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		link_watch_close(lw);
		return ret;
	}
	lw->seq = (unsigned)time(NULL);
	*out = lw;
	return 0;
}

void link_watch_close(struct link_watch *lw)
{
	if (!lw)
		return;
	if (lw->nl)
		mnl_socket_close(lw->nl);
	if (lw->dump)
		mnl_socket_close(lw->dump);
	free(lw);
}

int link_watch_fd(const struct link_watch *lw)
{
	return mnl_socket_get_fd(lw->nl);
}

int link_watch_dispatch(struct link_watch *lw)
{
	char *buf = malloc(LW_BUF);
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	lw->calls = 0;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(lw->nl, buf, LW_BUF);

		if (n < 0) {
			ret = errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
			break;
		}
		/* Sequence and port 0: events are not answers to a request. */
		if (mnl_cb_run(buf, (size_t)n, 0, 0, link_msg, lw) < 0) {
			ret = -errno;
			break;
		}
	}
	free(buf);
	return ret < 0 ? ret : lw->calls;
}

/* After an error in the middle of a dump, read up to its end so that
 * the next dump starts on a clean socket; returns err. */
static int drain_dump(struct link_watch *lw, char *buf, unsigned seq, unsigned portid, int err)
{
	int ret;

	do {
		ssize_t n = mnl_socket_recvfrom(lw->dump, buf, LW_BUF);

		if (n < 0)
			break;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, NULL, NULL);
	} while (ret > MNL_CB_STOP || (ret < 0 && errno == EINTR));
	return err;
}

static int dump_once(struct link_watch *lw, char *buf)
{
	unsigned seq = ++lw->seq, portid = mnl_socket_get_portid(lw->dump);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifi;
	int ret;

	nlh->nlmsg_type = RTM_GETLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	nlh->nlmsg_seq = seq;
	ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	if (mnl_socket_sendto(lw->dump, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		ssize_t n = mnl_socket_recvfrom(lw->dump, buf, LW_BUF);

		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, link_msg, lw);
		if (ret < 0)
			/* -EINTR: NLM_F_DUMP_INTR, links changed meanwhile.
			 * The rest of that dump still arrives: read it out. */
			return drain_dump(lw, buf, seq, portid, -errno);
	} while (ret > MNL_CB_STOP);
	return 0;
}

int link_watch_dump(struct link_watch *lw)
{
	char *buf = malloc(LW_BUF);
	int ret = -EINTR;

	if (!buf)
		return -ENOMEM;
	for (int i = 0; i < LW_DUMP_TRIES && ret == -EINTR; i++) {
		lw->calls = 0;
		ret = dump_once(lw, buf);
	}
	free(buf);
	return ret < 0 ? ret : lw->calls;
}
