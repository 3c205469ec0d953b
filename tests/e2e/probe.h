/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bpfipt-probe: the traffic end of the live differential suite. One probe
 * is one TCP connect, one UDP exchange or one ICMP echo from a fixed source
 * address and port (or echo id), so that netfilter and the implementation
 * under test see byte-identical packets. Its outcome is what the sending
 * application sees, written as one short line.
 */
#ifndef BPFIPT_PROBE_H
#define BPFIPT_PROBE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

enum probe_kind { PROBE_TCP, PROBE_UDP, PROBE_PING };

#define PROBE_OUTCOME_MAX 96

struct probe {
	enum probe_kind kind;
	struct sockaddr_in src; /* port: TCP/UDP source port, or the echo id */
	struct sockaddr_in dst; /* port: 0 for ping */
	int fd;
	bool done;
	/* A TCP probe whose handshake completed is watched until then
	 * (CLOCK_MONOTONIC ms; 0: not yet), see probe_tcp.c. */
	long long watch_until_ms;
	char watch_detail[64]; /* an ICMP error seen while watching */
	char outcome[PROBE_OUTCOME_MAX];
};

/* probe_line.c: "tcp SRC SPORT DST DPORT", "udp ...", "ping SRC ID DST". */
int probe_parse(const char *line, struct probe *p);

/* probe_tcp.c, probe_dgram.c: start sends the first packet (or finishes
 * at once on a local error); event handles poll() revents; expire is
 * called at the deadline, or at watch_until_ms if that comes first. Each
 * of them may set p->done and p->outcome. */
void probe_tcp_start(struct probe *p);
void probe_tcp_event(struct probe *p, short revents);
void probe_tcp_expire(struct probe *p);
void probe_dgram_start(struct probe *p);
void probe_dgram_event(struct probe *p, short revents);
void probe_dgram_expire(struct probe *p);

/* probe_errq.c: the ICMP error the kernel queued on fd (IP_RECVERR), as
 * " icmp=T/C from=A.B.C.D", or "" if none; *err gets its errno (0 if none). */
void probe_errq_read(int fd, int *err, char *detail, size_t len);

/* probe_outcome.c */
void probe_finish(struct probe *p, const char *word, int err, const char *detail);
const char *errno_name(int err);
long long probe_now_ms(void);

/* probe_run.c, probe_serve.c: the two modes. */
int probe_run(int timeout_ms);
int probe_serve(int nports, char **ports);

#endif
