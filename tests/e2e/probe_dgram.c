// SPDX-License-Identifier: GPL-2.0-only
/*
 * UDP and ping probes: a connected datagram socket (a ping socket for
 * ICMP echo, whose bound "port" is the echo id) sends one datagram and
 * waits for the answer. Connected, because then the kernel reports ICMP
 * errors to the socket; IP_RECVERR, because without it the kernel reports
 * only the "hard" ones (not net- or host-unreachable) and never says which
 * ICMP error it was.
 */
#include <errno.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

#define PAYLOAD_LEN 32

/* The datagram's bytes: a fixed length, so byte counters agree, and the
 * source port inside, so an answer is known to be this probe's. */
static size_t dgram_payload(const struct probe *p, unsigned char *buf)
{
	size_t off = 0;

	memset(buf, 0, sizeof(struct icmphdr) + PAYLOAD_LEN);
	if (p->kind == PROBE_PING) {
		struct icmphdr *h = (struct icmphdr *)buf;

		h->type = ICMP_ECHO;
		h->un.echo.sequence = htons(1); /* the kernel sets the id */
		off = sizeof(*h);
	}
	snprintf((char *)buf + off, PAYLOAD_LEN, "bpfipt-probe %u", ntohs(p->src.sin_port));
	return off + PAYLOAD_LEN;
}

void probe_dgram_start(struct probe *p)
{
	unsigned char buf[sizeof(struct icmphdr) + PAYLOAD_LEN];
	int one = 1, proto = p->kind == PROBE_PING ? IPPROTO_ICMP : 0;
	size_t len;

	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (p->fd < 0 || setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(p->fd, SOL_IP, IP_RECVERR, &one, sizeof(one)) < 0 ||
	    bind(p->fd, (struct sockaddr *)&p->src, sizeof(p->src)) < 0 ||
	    connect(p->fd, (struct sockaddr *)&p->dst, sizeof(p->dst)) < 0) {
		probe_finish(p, "setup", errno, NULL);
		return;
	}
	len = dgram_payload(p, buf);
	if (send(p->fd, buf, len, 0) < 0)
		probe_finish(p, "send", errno, NULL);
}

static void dgram_error(struct probe *p, int err)
{
	char detail[64];
	int qerr;
	socklen_t len = sizeof(err);

	probe_errq_read(p->fd, &qerr, detail, sizeof(detail));
	if (qerr) {
		probe_finish(p, "recv", qerr, detail);
		return;
	}
	if (!err)
		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	probe_finish(p, "recv", err ? err : EPROTO, NULL);
}

void probe_dgram_event(struct probe *p, short revents)
{
	unsigned char want[sizeof(struct icmphdr) + PAYLOAD_LEN], got[sizeof(want) + 64];
	size_t len = dgram_payload(p, want);
	ssize_t n;

	if (revents & POLLERR) {
		dgram_error(p, 0);
		return;
	}
	while ((n = recv(p->fd, got, sizeof(got), 0)) >= 0) {
		/* A ping socket returns the ICMP header: an echo reply has type
		 * 0, the id the kernel checked, and a checksum that differs. */
		if (p->kind == PROBE_PING) {
			struct icmphdr *h = (struct icmphdr *)got;

			if ((size_t)n == len && h->type == ICMP_ECHOREPLY &&
			    memcmp(got + sizeof(*h), want + sizeof(*h), len - sizeof(*h)) == 0) {
				probe_finish(p, "answered", 0, NULL);
				return;
			}
		} else if ((size_t)n == len && memcmp(got, want, len) == 0) {
			probe_finish(p, "answered", 0, NULL);
			return;
		}
	}
	if (errno != EAGAIN)
		dgram_error(p, errno);
}

void probe_dgram_expire(struct probe *p)
{
	probe_finish(p, "timeout", 0, NULL);
}
