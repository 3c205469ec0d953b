// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfipt-flip traffic: UDP datagrams of every flow through the test
 * topology, each one's verdict observed and checked against the rulesets.
 *
 * One process holds sockets in three namespaces (setns before creating
 * each): a socket per flow in the client, bound to the flow's source
 * address and port, with IP_RECVERR so that REJECT's ICMP error lands in
 * its error queue with the quoted datagram; receivers on the four
 * destination ports in the server (FORWARD) and in the dut (INPUT).
 * Every datagram carries its sequence number and flow.
 *
 * Each flow has at most one datagram in flight, and the next is sent
 * only once the previous one's verdict is known (delivered, ICMP error,
 * or nothing within the timeout). So no queue anywhere can overflow, a
 * verdict always names its datagram, and a datagram that is lost really
 * was dropped by something: the rulesets never drop.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "flip.h"

#define PAYLOAD_MAGIC 0x666c6970u /* "flip" */
#define RECV_SRV 1000		  /* epoll tags of the receivers */
#define RECV_DUT 2000
#define MAX_REPORT 20

struct payload {
	uint32_t magic;
	uint32_t flow;
	uint64_t seq;
};

struct flow_state {
	int fd;
	bool busy;
	uint64_t seq;
	uint64_t sent_ns;
};

/* Every datagram's flow and verdict, by sequence number. */
struct journal {
	uint8_t *flow, *verdict;
	uint64_t n, cap;
};

struct traffic {
	const struct flip_set *set;
	bool allowed[3];
	struct flow_state fl[FLIP_FLOWS];
	int srv_fd[FLIP_DPORTS], dut_fd[FLIP_DPORTS];
	int ep;
	uint64_t timeout_ns, want, resolved, strays, send_errors;
	struct journal j;
};

static volatile sig_atomic_t stop_sending;

static void on_signal(int sig)
{
	(void)sig;
	stop_sending = 1;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int enter_ns(const char *prefix, const char *role)
{
	char path[512];
	int fd, ret;

	snprintf(path, sizeof(path), "/run/netns/%s-%s", prefix, role);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "bpfipt-flip: %s: %s\n", path, strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0)
		fprintf(stderr, "bpfipt-flip: setns %s: %s\n", path, strerror(errno));
	close(fd);
	return ret;
}

static int udp_socket(uint32_t addr, uint16_t port, bool recverr)
{
	struct sockaddr_in sa = {
	    .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(addr)};
	int one = 1, big = 4 << 20;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	/* Only the flows' own datagrams exist, but a roomy buffer costs
	 * nothing and keeps a slow reader from being a "lost" verdict. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	if ((recverr && setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		fprintf(stderr, "bpfipt-flip: socket on port %u: %s\n", port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int watch(int ep, int fd, uint32_t tag)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = tag};

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

static int receivers_open(struct traffic *t, const char *prefix, const char *role, int *fds,
			  uint32_t tag)
{
	if (enter_ns(prefix, role) < 0)
		return -1;
	for (int p = 0; p < FLIP_DPORTS; p++) {
		fds[p] = udp_socket(0, (uint16_t)(FLIP_DPORT0 + p), false);
		if (fds[p] < 0 || watch(t->ep, fds[p], tag + (uint32_t)p) < 0)
			return -1;
	}
	return 0;
}

static int sockets_open(struct traffic *t, const char *prefix)
{
	int home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);

	if (home < 0)
		return -1;
	t->ep = epoll_create1(EPOLL_CLOEXEC);
	if (t->ep < 0 || receivers_open(t, prefix, "srv", t->srv_fd, RECV_SRV) < 0 ||
	    receivers_open(t, prefix, "dut", t->dut_fd, RECV_DUT) < 0 ||
	    enter_ns(prefix, "cli") < 0)
		goto fail;
	for (int k = 0; k < FLIP_FLOWS; k++) {
		const struct flip_flow *f = &t->set->flow[k];

		t->fl[k].fd = udp_socket(f->src, f->sport, true);
		if (t->fl[k].fd < 0 || watch(t->ep, t->fl[k].fd, (uint32_t)k) < 0)
			goto fail;
	}
	setns(home, CLONE_NEWNET);
	close(home);
	return 0;
fail:
	close(home);
	return -1;
}

static int journal_add(struct journal *j, uint8_t flow)
{
	if (j->n == j->cap) {
		uint64_t cap = j->cap ? 2 * j->cap : 1 << 16;
		uint8_t *f = realloc(j->flow, cap), *v;

		if (!f)
			return -1;
		j->flow = f;
		v = realloc(j->verdict, cap);
		if (!v)
			return -1;
		j->verdict = v;
		j->cap = cap;
	}
	j->flow[j->n] = flow;
	j->verdict[j->n] = FV_N; /* not known yet */
	j->n++;
	return 0;
}

static void send_one(struct traffic *t, int k)
{
	const struct flip_flow *f = &t->set->flow[k];
	struct payload p = {PAYLOAD_MAGIC, (uint32_t)k, t->j.n};
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(f->dport), .sin_addr.s_addr = htonl(f->dst)};

	if (sendto(t->fl[k].fd, &p, sizeof(p), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		/* Not sent, so no verdict to check: count it and try again.
		 * It happens now and then: the kernel sets a UDP socket's
		 * error after queueing the ICMP error, so a reader as quick
		 * as this one can leave a stale error for the next send. */
		t->send_errors++;
		return;
	}
	if (journal_add(&t->j, (uint8_t)k) < 0) {
		stop_sending = 1;
		return;
	}
	t->fl[k].busy = true;
	t->fl[k].seq = p.seq;
	t->fl[k].sent_ns = now_ns();
}

static void resolve(struct traffic *t, int k, uint64_t seq, enum flip_verdict v)
{
	struct flow_state *s = &t->fl[k];

	if (!s->busy || s->seq != seq) {
		/* A verdict for a datagram already given up on (or twice). */
		t->strays++;
		return;
	}
	t->j.verdict[seq] = (uint8_t)v;
	s->busy = false;
	t->resolved++;
}

/* Datagrams that arrived at a receiver: accepted, if it is the right one. */
static void drain_receiver(struct traffic *t, uint32_t tag)
{
	bool at_dut = tag >= RECV_DUT;
	int fd = at_dut ? t->dut_fd[tag - RECV_DUT] : t->srv_fd[tag - RECV_SRV];
	uint16_t port = (uint16_t)(FLIP_DPORT0 + (at_dut ? tag - RECV_DUT : tag - RECV_SRV));
	struct payload p;

	for (;;) {
		ssize_t n = recv(fd, &p, sizeof(p), 0);

		if (n < 0)
			return;
		if (n != sizeof(p) || p.magic != PAYLOAD_MAGIC || p.flow >= FLIP_FLOWS) {
			t->strays++;
			continue;
		}
		const struct flip_flow *f = &t->set->flow[p.flow];
		bool right = f->input == at_dut && f->dport == port;

		resolve(t, (int)p.flow, p.seq, right ? FV_ACCEPT : FV_OTHER);
	}
}

/* The verdict an ICMP error stands for: REJECT's, sent by the dut. */
static enum flip_verdict icmp_verdict(const struct sock_extended_err *ee)
{
	const struct sockaddr_in *from = (const struct sockaddr_in *)SO_EE_OFFENDER(ee);
	uint32_t dut = 198u << 24 | 18u << 16 | 1u << 8 | 1u;

	if (ee->ee_origin != SO_EE_ORIGIN_ICMP || ee->ee_type != 3 || from->sin_family != AF_INET ||
	    ntohl(from->sin_addr.s_addr) != dut)
		return FV_OTHER;
	return flip_verdict_of_code(ee->ee_code);
}

static void drain_errors(struct traffic *t, int k)
{
	for (;;) {
		struct payload p = {0};
		char ctl[512];
		struct iovec iov = {&p, sizeof(p)};
		struct msghdr m = {.msg_iov = &iov,
				   .msg_iovlen = 1,
				   .msg_control = ctl,
				   .msg_controllen = sizeof(ctl)};
		enum flip_verdict v = FV_OTHER;
		ssize_t n = recvmsg(t->fl[k].fd, &m, MSG_ERRQUEUE);

		if (n < 0)
			return;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c))
			if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR)
				v = icmp_verdict((const struct sock_extended_err *)CMSG_DATA(c));
		/* The error quotes the whole datagram: its payload names it. */
		if (n == sizeof(p) && p.magic == PAYLOAD_MAGIC && p.flow == (uint32_t)k)
			resolve(t, k, p.seq, v);
		else
			t->strays++;
	}
}

static void expire(struct traffic *t)
{
	uint64_t now = now_ns();

	for (int k = 0; k < FLIP_FLOWS; k++)
		if (t->fl[k].busy && now - t->fl[k].sent_ns > t->timeout_ns)
			resolve(t, k, t->fl[k].seq, FV_LOST);
}

static bool in_flight(const struct traffic *t)
{
	for (int k = 0; k < FLIP_FLOWS; k++)
		if (t->fl[k].busy)
			return true;
	return false;
}

static void run(struct traffic *t)
{
	struct epoll_event ev[64];

	while (!stop_sending || in_flight(t)) {
		if (t->want && t->j.n >= t->want)
			stop_sending = 1;
		for (int k = 0; k < FLIP_FLOWS && !stop_sending; k++)
			if (!t->fl[k].busy)
				send_one(t, k);
		int n = epoll_wait(t->ep, ev, 64, 1);

		for (int i = 0; i < n; i++) {
			uint32_t tag = ev[i].data.u32;

			if (tag >= RECV_SRV)
				drain_receiver(t, tag);
			else
				drain_errors(t, (int)tag);
		}
		expire(t);
	}
}

static const char *flow_text(const struct flip_flow *f, char *buf, size_t size)
{
	snprintf(buf, size, "198.18.1.%u:%u -> %u.%u.%u.%u:%u (%s)", f->src & 255, f->sport,
		 f->dst >> 24, (f->dst >> 16) & 255, (f->dst >> 8) & 255, f->dst & 255, f->dport,
		 f->input ? "INPUT" : "FORWARD");
	return buf;
}

static const char *const set_names = "ABC";

/* Checks every datagram; prints the mismatches (the first few in full)
 * and the totals. Returns the number of mismatches. */
static uint64_t report(const struct traffic *t, const char *expect)
{
	uint64_t mism = 0, lost = 0, only[3] = {0}, shared = 0, transitions = 0;
	int last = -1;
	char buf[128];

	for (uint64_t s = 0; s < t->j.n; s++) {
		int k = t->j.flow[s], side = -1;
		enum flip_verdict v = t->j.verdict[s];
		bool hit[3];
		int nhit = 0;

		for (int r = 0; r < 3; r++) {
			hit[r] = t->allowed[r] && v == t->set->v[r][k];
			nhit += hit[r];
			if (hit[r])
				side = r;
		}
		if (nhit == 0) {
			mism++;
			lost += v == FV_LOST;
			if (mism <= MAX_REPORT) {
				printf("MISMATCH seq %llu flow %d %s: got %s;",
				       (unsigned long long)s, k,
				       flow_text(&t->set->flow[k], buf, sizeof(buf)),
				       flip_verdict_name(v));
				for (int r = 0; r < 3; r++)
					if (t->allowed[r])
						printf(" %c gives %s;", set_names[r],
						       flip_verdict_name(t->set->v[r][k]));
				printf("\n");
			}
			continue;
		}
		if (nhit > 1) {
			shared++;
			continue;
		}
		only[side]++;
		transitions += last >= 0 && last != side;
		last = side;
	}
	if (mism > MAX_REPORT)
		printf("... %llu mismatches in all\n", (unsigned long long)mism);
	printf("flip-traffic: expect %s, packets %llu (only-A %llu, only-B %llu, only-C %llu, "
	       "either %llu), transitions %llu, mismatches %llu (lost %llu), strays %llu, "
	       "send errors %llu\n",
	       expect, (unsigned long long)t->j.n, (unsigned long long)only[0],
	       (unsigned long long)only[1], (unsigned long long)only[2], (unsigned long long)shared,
	       (unsigned long long)transitions, (unsigned long long)mism, (unsigned long long)lost,
	       (unsigned long long)t->strays, (unsigned long long)t->send_errors);
	return mism;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bpfipt-flip traffic PREFIX SEED EXPECT [PACKETS [TIMEOUT_MS [READY]]]\n"
		"  EXPECT: the rulesets a verdict may come from (A, B, AB, ...);\n"
		"  PACKETS 0: until SIGTERM or SIGINT\n");
	return 2;
}

int flip_traffic_main(int argc, char **argv)
{
	static struct flip_set set;
	struct traffic t = {.set = &set};
	unsigned long timeout_ms = 1000;
	const char *expect;

	if (argc < 4 || argc > 7)
		return usage();
	flip_set_build(&set, (unsigned)strtoul(argv[2], NULL, 10));
	expect = argv[3];
	for (const char *c = expect; *c; c++) {
		if (*c < 'A' || *c > 'C')
			return usage();
		t.allowed[*c - 'A'] = true;
	}
	if (argc > 4)
		t.want = strtoull(argv[4], NULL, 10);
	if (argc > 5)
		timeout_ms = strtoul(argv[5], NULL, 10);
	t.timeout_ns = (uint64_t)timeout_ms * 1000000ull;
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (sockets_open(&t, argv[1]) < 0)
		return 2;
	if (argc > 6) {
		FILE *r = fopen(argv[6], "w");

		if (!r || fprintf(r, "ready\n") < 0 || fclose(r) != 0)
			return 2;
	}
	run(&t);
	if (t.j.n == 0) {
		fprintf(stderr, "bpfipt-flip: no datagram was sent\n");
		return 2;
	}
	return report(&t, expect) ? 1 : 0;
}
