// SPDX-License-Identifier: GPL-2.0-only
/* One short-lived rtnetlink socket per question: REJECT replies are rare
 * enough, and a fresh socket never mixes answers with anything else. */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "rtnl_query.h"

/* Send req and feed every answer to cb until the kernel is done. */
static int rtnl_ask(struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	char buf[32768]; /* a dump answer of several messages */
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	unsigned seq = (unsigned)time(NULL), portid;
	int ret;

	if (!nl)
		return -errno;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		ret = -errno;
		goto out;
	}
	portid = mnl_socket_get_portid(nl);
	req->nlmsg_seq = seq;
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0) {
		ret = -errno;
		goto out;
	}
	do {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));

		if (n < 0) {
			ret = -errno;
			break;
		}
		ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, data);
		if (ret < 0)
			ret = -errno;
	} while (ret > MNL_CB_STOP);
out:
	mnl_socket_close(nl);
	return ret < 0 ? ret : 0;
}

struct route_answer {
	uint8_t type;
	uint32_t prefsrc;
};

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct route_answer *r = data;
	const struct nlattr *a;

	r->type = rtm->rtm_type;
	mnl_attr_for_each(a, nlh, sizeof(*rtm)) if (mnl_attr_get_type(a) == RTA_PREFSRC)
	    r->prefsrc = mnl_attr_get_u32(a);
	return MNL_CB_STOP;
}

int rtnl_route_get(uint32_t daddr, uint8_t *type, uint32_t *prefsrc)
{
	struct route_answer r = {.type = RTN_UNSPEC};
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;
	int ret;

	nlh->nlmsg_type = RTM_GETROUTE;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	mnl_attr_put_u32(nlh, RTA_DST, daddr);
	ret = rtnl_ask(nlh, route_cb, &r);
	*type = r.type;
	*prefsrc = r.prefsrc;
	return ret;
}

struct iface_pick {
	int ifindex;
	uint32_t dst, match, first;
};

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct iface_pick *p = data;
	const struct nlattr *a;
	uint32_t local = 0, mask;

	/* Secondary addresses and host-scope ones are never picked. */
	if ((int)ifa->ifa_index != p->ifindex || (ifa->ifa_flags & IFA_F_SECONDARY) ||
	    ifa->ifa_scope > RT_SCOPE_LINK)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) if (mnl_attr_get_type(a) == IFA_LOCAL) local =
	    mnl_attr_get_u32(a);
	if (!local)
		return MNL_CB_OK;
	mask = ifa->ifa_prefixlen ? htonl(~0u << (32 - ifa->ifa_prefixlen)) : 0;
	if (!p->first)
		p->first = local;
	if (!p->match && !((local ^ p->dst) & mask))
		p->match = local;
	return MNL_CB_OK;
}

int rtnl_iface_addr(int ifindex, uint32_t dst, uint32_t *addr)
{
	char buf[256];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct iface_pick p = {.ifindex = ifindex, .dst = dst};
	struct ifaddrmsg *ifa;
	int ret;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ret = rtnl_ask(nlh, addr_cb, &p);
	*addr = p.match ? p.match : p.first;
	return ret;
}

static int count_cb(const struct nlmsghdr *nlh, void *data)
{
	if (nlh->nlmsg_type == RTM_NEWTFILTER)
		(*(int *)data)++;
	return MNL_CB_OK;
}

int rtnl_tc_filters(int ifindex, uint32_t parent)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *req = mnl_nlmsg_put_header(buf);
	struct tcmsg *tc;
	int n = 0, ret;

	req->nlmsg_type = RTM_GETTFILTER;
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	tc = mnl_nlmsg_put_extra_header(req, sizeof(*tc));
	tc->tcm_family = AF_UNSPEC;
	tc->tcm_ifindex = ifindex;
	tc->tcm_parent = parent;
	ret = rtnl_ask(req, count_cb, &n);
	return ret < 0 ? ret : n;
}
