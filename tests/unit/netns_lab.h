/* SPDX-License-Identifier: GPL-2.0-only */
/* A throwaway two-namespace lab for the tests that use netfilter as the
 * oracle: A sends, R receives and routes, joined by a veth pair.
 *
 *   A: a0 02:00:00:00:0a:01 198.18.0.2/24, default via 198.18.0.1
 *   R: r0 02:00:00:00:0a:02 198.18.0.1/24, forwarding on
 *      r1 198.19.1.1/24, veth to B: where forwarded packets go
 *   B: b0, no address: what R forwards to 198.19.1.9 ends there unanswered
 *
 * Everything is created under names carrying the test's pid and removed
 * at exit, also when a check fails or a signal ends the test. Packets
 * are crafted and sent as whole frames through AF_PACKET, and captured
 * the same way: nothing leaves the two namespaces. */
#ifndef BPFIPT_TEST_NETNS_LAB_H
#define BPFIPT_TEST_NETNS_LAB_H

/* The including file defines _GNU_SOURCE first (setns). */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LAB_A_IP IP4(198, 18, 0, 2)
#define LAB_R_IP IP4(198, 18, 0, 1)
#define LAB_FWD_IP IP4(198, 19, 1, 9) /* behind r1: forwarded by R */

static const uint8_t lab_mac_a[6] = {2, 0, 0, 0, 0x0a, 1};
static const uint8_t lab_mac_r[6] = {2, 0, 0, 0, 0x0a, 2};

/* The test's one lab: the cleanup at exit and in signal handlers needs
 * to find it. */
static struct {
	char a[40], r[40], b[40];
	bool up;
	int log_all_old; /* nf_log_all_netns before the test, -1: untouched */
} lab = {.log_all_old = -1};

/* Run a shell command line; its exit status, or -1. */
static inline __attribute__((format(printf, 1, 2))) int lab_sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st) || WEXITSTATUS(st)) {
		printf("# command failed (%d): %s\n", st == -1 ? -1 : WEXITSTATUS(st), cmd);
		return st == -1 || !WIFEXITED(st) ? -1 : WEXITSTATUS(st);
	}
	return 0;
}

static inline int lab_read_int(const char *path)
{
	FILE *f = fopen(path, "re");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static inline int lab_write_int(const char *path, int v)
{
	FILE *f = fopen(path, "we");
	int ok;

	if (!f)
		return -errno;
	ok = fprintf(f, "%d\n", v) > 0;
	return fclose(f) == 0 && ok ? 0 : -EIO;
}

#define LAB_LOG_ALL "/proc/sys/net/netfilter/nf_log_all_netns"

static inline void lab_cleanup(void)
{
	if (lab.log_all_old >= 0) {
		lab_write_int(LAB_LOG_ALL, lab.log_all_old);
		lab.log_all_old = -1;
	}
	if (!lab.up)
		return;
	lab.up = false;
	/* Deleting a namespace deletes its interfaces, both veth ends. */
	lab_sh("ip netns del %s 2>/dev/null; ip netns del %s 2>/dev/null; "
	       "ip netns del %s 2>/dev/null; true",
	       lab.a, lab.r, lab.b);
}

static inline void lab_on_signal(int sig)
{
	lab_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Set nf_log_all_netns for the test, remembering the value to restore. */
static inline int lab_set_log_all(int v)
{
	if (lab.log_all_old < 0)
		lab.log_all_old = lab_read_int(LAB_LOG_ALL);
	if (lab.log_all_old < 0)
		return -ENOENT;
	return lab_write_int(LAB_LOG_ALL, v);
}

/* 0 when the lab is up; otherwise a message and -1 (root and network
 * namespaces are required: the test must fail, not skip). */
static inline int lab_setup(const char *tag)
{
	const char *a = lab.a, *r = lab.r, *b = lab.b;

	if (geteuid() != 0) {
		printf("# needs root (network namespaces, iptables, /dev/kmsg)\n");
		return -1;
	}
	snprintf(lab.a, sizeof(lab.a), "%s-%d-a", tag, (int)getpid());
	snprintf(lab.r, sizeof(lab.r), "%s-%d-r", tag, (int)getpid());
	snprintf(lab.b, sizeof(lab.b), "%s-%d-b", tag, (int)getpid());
	atexit(lab_cleanup);
	signal(SIGINT, lab_on_signal);
	signal(SIGTERM, lab_on_signal);
	signal(SIGHUP, lab_on_signal);
	lab.up = true; /* from here on, cleanup removes whatever exists */
	if (lab_sh("ip netns add %s", a) || lab_sh("ip netns add %s", r) ||
	    lab_sh("ip netns add %s", b))
		return -1;
	if (lab_sh("ip link add a0 netns %s address 02:00:00:00:0a:01 type veth peer name r0 "
		   "netns %s address 02:00:00:00:0a:02",
		   a, r) ||
	    lab_sh("ip link add r1 netns %s type veth peer name b0 netns %s "
		   "address 02:00:00:00:0b:01 && ip -n %s link set b0 up",
		   r, b, b) ||
	    lab_sh("ip -n %s addr add 198.18.0.2/24 dev a0 && ip -n %s link set a0 up && "
		   "ip -n %s link set lo up && ip -n %s route add default via 198.18.0.1",
		   a, a, a, a) ||
	    lab_sh("ip -n %s addr add 198.18.0.1/24 dev r0 && ip -n %s link set r0 up && "
		   "ip -n %s addr add 198.19.1.1/24 dev r1 && ip -n %s link set r1 up && "
		   "ip -n %s link set lo up",
		   r, r, r, r, r) ||
	    /* Static neighbours: no ARP exchange in the way of the replies. */
	    lab_sh(
		"ip -n %s neigh replace 198.18.0.1 lladdr 02:00:00:00:0a:02 dev a0 nud permanent",
		a) ||
	    lab_sh(
		"ip -n %s neigh replace 198.18.0.2 lladdr 02:00:00:00:0a:01 dev r0 nud permanent",
		r) ||
	    lab_sh(
		"ip -n %s neigh replace 198.19.1.9 lladdr 02:00:00:00:0b:01 dev r1 nud permanent",
		r) ||
	    lab_sh("ip netns exec %s sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0 "
		   "net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.r0.rp_filter=0",
		   r) ||
	    /* No IPv6 chatter (router solicitations, DAD) on the taps. */
	    lab_sh("for n in %s %s %s; do ip netns exec $n sysctl -qw "
		   "net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 "
		   "net.ipv6.conf.lo.disable_ipv6=1; done",
		   a, r, b))
		return -1;
	return 0;
}

/* Run fd-creating code inside a namespace: enter, create, come back. */
static inline int lab_enter(const char *ns, int *back)
{
	char path[96];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	*back = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*back < 0 || fd < 0 || setns(fd, CLONE_NEWNET)) {
		printf("# cannot enter namespace %s: %s\n", ns, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static inline void lab_leave(int back)
{
	if (setns(back, CLONE_NEWNET))
		printf("# cannot return to the test's namespace: %s\n", strerror(errno));
	close(back);
}

static inline int lab_socket(const char *ns, int domain, int type, int proto)
{
	int back, fd;

	if (lab_enter(ns, &back))
		return -1;
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		printf("# socket in %s: %s\n", ns, strerror(errno));
	lab_leave(back);
	return fd;
}

static inline int lab_ifindex(const char *ns, const char *ifname)
{
	int back, idx;

	if (lab_enter(ns, &back))
		return 0;
	idx = (int)if_nametoindex(ifname);
	lab_leave(back);
	return idx;
}

/* An AF_PACKET socket on one interface of a namespace, seeing every
 * frame in both directions. */
static inline int lab_tap(const char *ns, const char *ifname)
{
	struct sockaddr_ll sll = {.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL)};
	int fd = lab_socket(ns, AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	sll.sll_ifindex = lab_ifindex(ns, ifname);
	if (fd < 0 || !sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		printf("# tap on %s/%s failed\n", ns, ifname);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static inline int lab_send(int tap, const void *frame, size_t n)
{
	if (send(tap, frame, n, 0) != (ssize_t)n) {
		printf("# send: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

static inline long long lab_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#define LAB_INCOMING (-2) /* any packet type but PACKET_OUTGOING */

/* The next frame on tap of the given packet type (PACKET_HOST,
 * PACKET_OUTGOING, ...; -1: any; LAB_INCOMING) within timeout_ms: its
 * length, 0 on timeout. */
static inline size_t lab_recv(int tap, int pkttype, uint8_t *buf, size_t cap, int timeout_ms)
{
	long long end = lab_now_ms() + timeout_ms;

	for (;;) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		struct pollfd p = {.fd = tap, .events = POLLIN};
		long long left = end - lab_now_ms();
		ssize_t n;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return 0;
		n = recvfrom(tap, buf, cap, MSG_DONTWAIT, (struct sockaddr *)&from, &fl);
		if (n <= 0)
			continue;
		if (pkttype == -1 || from.sll_pkttype == pkttype ||
		    (pkttype == LAB_INCOMING && from.sll_pkttype != PACKET_OUTGOING))
			return (size_t)n;
	}
}

/* Drop whatever is queued on a tap. */
static inline void lab_drain(int tap)
{
	uint8_t buf[2048];

	while (recv(tap, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

/* /dev/kmsg from now on: only records written after this call. */
static inline int lab_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0) {
		printf("# /dev/kmsg: %s\n", strerror(errno));
		return -1;
	}
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* The first kernel log record whose text starts with prefix, within
 * timeout_ms: its text (without the trailing newline; /dev/kmsg's \xNN
 * escapes left as they are) and its priority (facility * 8 + level).
 * Returns false on timeout. */
static inline bool lab_kmsg_wait(int fd, const char *prefix, int timeout_ms, char *text, size_t cap,
				 int *pri)
{
	long long end = lab_now_ms() + timeout_ms;
	char rec[8192];

	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);

		if (n < 0 && errno == EPIPE) /* overwritten while we read: go on */
			continue;
		if (n <= 0) {
			struct pollfd p = {.fd = fd, .events = POLLIN};
			long long left = end - lab_now_ms();

			if (left <= 0)
				return false;
			poll(&p, 1, (int)(left > 50 ? 50 : left));
			continue;
		}
		rec[n] = '\0';
		char *msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = '\0';
		if (strncmp(msg, prefix, strlen(prefix)) != 0)
			continue;
		snprintf(text, cap, "%s", msg);
		*pri = atoi(rec);
		return true;
	}
}

#endif
