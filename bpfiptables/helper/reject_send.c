// SPDX-License-Identifier: GPL-2.0-only
/* REJECT's reply on its way out: the namespace-dependent decisions, then
 * one sendmsg() on a raw socket.
 *
 * Why a raw IP_HDRINCL socket reproduces netfilter's path: the packet
 * enters ip_local_out like netfilter's reply (nf_send_reset calls it
 * directly; icmp_send through its per-CPU ICMP socket), so it crosses
 * OUTPUT, routing and POSTROUTING the same way. The route is looked up
 * with the same key: the destination is the offender's source, and the
 * source given through IP_PKTINFO is the reply's source (a hdrincl
 * socket may name any source, as ip_route_me_harder allows for the
 * reset), or 0 where icmp_send lets routing choose; the TOS (IP_TOS)
 * and the mark (SO_MARK, net.ipv4.fwmark_reflect) are those icmp_send
 * and nf_send_reset route with. When the source is 0, the kernel writes
 * the route's preferred source into the header, which is the address
 * icmp_route_lookup takes in that case. */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "reject_send.h"
#include "rtnl_query.h"

int reject_socket(void)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);

	return fd < 0 ? -errno : fd;
}

static unsigned sysctl_uint(const char *path)
{
	FILE *f = fopen(path, "re");
	unsigned v = 0;

	if (f) {
		if (fscanf(f, "%u", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/* What the routes say that reject_build cannot know: a destination
 * that is a subnet broadcast gets no reply at all (RTCF_BROADCAST). An
 * ICMP error's source is the destination for a locally generated packet
 * to a local address (RTCF_LOCAL); the input interface's address for a
 * forwarded packet with icmp_errors_use_inbound_ifaddr; otherwise
 * routing's preferred source towards the offender, which is needed here
 * only when the reply echoes a record-route option, and which is also
 * what a forwarded packet's record-route recorded. Returns 1 to send, 0
 * not to, -errno. */
static int route_facts(const struct bpfipt_event *ev, struct reject_env *env)
{
	uint32_t daddr, saddr, pref, dpref;
	uint8_t type, stype;
	int ret;

	memcpy(&daddr, ev->pkt + 16, 4);
	memcpy(&saddr, ev->pkt + 12, 4);
	ret = rtnl_route_get(daddr, &type, &dpref);
	if (ret < 0)
		return ret;
	if (type == RTN_BROADCAST || type == RTN_MULTICAST)
		return 0;
	if (ev->hook == BPFIPT_HOOK_INPUT)
		return 1;
	if ((ev->pkt[0] & 0x0f) > 5) {
		ret = rtnl_route_get(saddr, &stype, &pref);
		if (ret < 0)
			return ret;
		env->src = pref;
		if (ev->hook == BPFIPT_HOOK_FORWARD)
			env->fwd_rr_addr = pref;
	}
	if (ev->hook == BPFIPT_HOOK_OUTPUT && type == RTN_LOCAL)
		env->src = daddr;
	else if (ev->hook == BPFIPT_HOOK_FORWARD &&
		 sysctl_uint("/proc/sys/net/ipv4/icmp_errors_use_inbound_ifaddr"))
		return rtnl_iface_addr((int)ev->in_ifindex, saddr, &env->src) < 0 ? -EIO : 1;
	return 1;
}

static void put_cmsg(struct cmsghdr *cm, int level, int type, const void *data, size_t n)
{
	cm->cmsg_level = level;
	cm->cmsg_type = type;
	cm->cmsg_len = CMSG_LEN(n);
	memcpy(CMSG_DATA(cm), data, n);
}

int reject_send(int raw_fd, const struct bpfipt_event *ev)
{
	uint8_t reply[REJECT_REPLY_MAX];
	union {
		char buf[CMSG_SPACE(sizeof(struct in_pktinfo)) + CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(uint32_t))];
		struct cmsghdr align;
	} ctl;
	struct sockaddr_in to = {.sin_family = AF_INET};
	struct iovec iov = {.iov_base = reply};
	struct msghdr msg = {.msg_name = &to,
			     .msg_namelen = sizeof(to),
			     .msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = ctl.buf,
			     .msg_controllen = sizeof(ctl.buf)};
	struct reject_env env = {0};
	struct in_pktinfo pi = {0};
	struct cmsghdr *cm;
	uint32_t mark = 0;
	int tos, ret;
	size_t len, used;

	/* First without the routes: most rejected packets need no more. */
	ret = reject_build(ev, reply, sizeof(reply), &len);
	if (ret < 0 || len == 0)
		return ret;
	ret = route_facts(ev, &env);
	if (ret <= 0)
		return ret;
	ret = reject_build_env(ev, &env, reply, sizeof(reply), &len);
	if (ret < 0 || len == 0)
		return ret;
	iov.iov_len = len;
	memcpy(&to.sin_addr, reply + 16, 4);
	memcpy(&pi.ipi_spec_dst, reply + 12, 4);
	tos = reply[1];
	if (sysctl_uint("/proc/sys/net/ipv4/fwmark_reflect"))
		mark = ev->mark;
	memset(&ctl, 0, sizeof(ctl));
	cm = CMSG_FIRSTHDR(&msg);
	put_cmsg(cm, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	cm = CMSG_NXTHDR(&msg, cm);
	put_cmsg(cm, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
	used = CMSG_SPACE(sizeof(pi)) + CMSG_SPACE(sizeof(tos));
	if (mark) {
		cm = CMSG_NXTHDR(&msg, cm);
		put_cmsg(cm, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
		used += CMSG_SPACE(sizeof(mark));
	}
	msg.msg_controllen = used;
	if (sendmsg(raw_fd, &msg, 0) < 0)
		return -errno;
	return 1;
}
