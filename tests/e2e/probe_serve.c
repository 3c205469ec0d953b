// SPDX-License-Identifier: GPL-2.0-only
/*
 * "serve" mode: on every given port, a TCP listener and a UDP echo socket
 * on all addresses. Prints "ready" once all are bound, then runs until
 * killed.
 *
 * TCP: accepted connections are never closed by us while the peer is
 * there. The client ends every probe with one RST; when it arrives the
 * socket is already dead and closing it sends nothing. A server that
 * closed at once would race its FIN against the client's RST and make the
 * packet count depend on timing.
 *
 * UDP: the echo leaves from the address the datagram was sent to
 * (IP_PKTINFO); with several addresses per host, the routing choice of
 * source could differ from it and the client's connected socket would drop
 * the answer.
 */
#define _GNU_SOURCE /* accept4 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "probe.h"

struct server {
	struct pollfd *pfd;
	size_t n, cap;
	size_t nlisten; /* pfd[0..nlisten) are listeners and UDP sockets */
};

static int server_add(struct server *s, int fd, short events)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct pollfd *grown = realloc(s->pfd, cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		s->pfd = grown;
		s->cap = cap;
	}
	s->pfd[s->n++] = (struct pollfd){.fd = fd, .events = events};
	return 0;
}

static int open_port(struct server *s, int type, unsigned short port)
{
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = htons(port)};
	int one = 1, fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    (type == SOCK_DGRAM && setsockopt(fd, SOL_IP, IP_PKTINFO, &one, sizeof(one)) < 0) ||
	    bind(fd, (struct sockaddr *)&any, sizeof(any)) < 0 ||
	    (type == SOCK_STREAM && listen(fd, 4096) < 0)) {
		fprintf(stderr, "bpfipt-probe serve: port %u: %s\n", port, strerror(errno));
		return -1;
	}
	return server_add(s, fd, POLLIN);
}

static void tcp_accept(struct server *s, int lfd)
{
	struct linger abort_on_close = {.l_onoff = 1, .l_linger = 0};
	int fd;

	while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) >= 0) {
		/* Should we ever have to close a live one (when killed), one
		 * RST, not a FIN exchange. */
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close));
		if (server_add(s, fd, POLLIN) < 0)
			close(fd);
	}
}

static void udp_echo(int fd)
{
	unsigned char data[2048], ctrl[256];
	struct sockaddr_in peer;
	struct iovec iov = {.iov_base = data};
	struct msghdr msg;
	ssize_t n;

	for (;;) {
		iov.iov_len = sizeof(data);
		msg = (struct msghdr){.msg_name = &peer,
				      .msg_namelen = sizeof(peer),
				      .msg_iov = &iov,
				      .msg_iovlen = 1,
				      .msg_control = ctrl,
				      .msg_controllen = sizeof(ctrl)};
		n = recvmsg(fd, &msg, 0);
		if (n < 0)
			return;
		/* Answer with the same IP_PKTINFO: ipi_spec_dst is the address
		 * the datagram was sent to; clear the interface so routing
		 * picks the way back. */
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_PKTINFO)
				((struct in_pktinfo *)CMSG_DATA(c))->ipi_ifindex = 0;
		iov.iov_len = (size_t)n;
		sendmsg(fd, &msg, 0);
	}
}

/* Accepted sockets: any event means the peer reset it (or, never in the
 * suite, sent data or a FIN); closing it then sends nothing. */
static void drop_dead(struct server *s)
{
	for (size_t i = s->nlisten; i < s->n;) {
		if (s->pfd[i].revents) {
			close(s->pfd[i].fd);
			s->pfd[i] = s->pfd[--s->n];
		} else {
			i++;
		}
	}
}

int probe_serve(int nports, char **ports)
{
	struct server s = {0};

	for (int i = 0; i < nports; i++) {
		char *end;
		unsigned long port = strtoul(ports[i], &end, 10);

		if (*end || end == ports[i] || port == 0 || port > 65535) {
			fprintf(stderr, "bpfipt-probe serve: bad port '%s'\n", ports[i]);
			return 2;
		}
		if (open_port(&s, SOCK_STREAM, (unsigned short)port) < 0 ||
		    open_port(&s, SOCK_DGRAM, (unsigned short)port) < 0)
			return 1;
	}
	s.nlisten = s.n;
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(s.pfd, s.n, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 1;
		}
		drop_dead(&s);
		for (size_t i = 0; i < s.nlisten; i++) {
			if (!s.pfd[i].revents)
				continue;
			/* Listeners and UDP sockets alternate, TCP first. */
			if (i % 2 == 0)
				tcp_accept(&s, s.pfd[i].fd);
			else
				udp_echo(s.pfd[i].fd);
		}
	}
}
