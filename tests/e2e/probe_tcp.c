// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TCP probe: a non-blocking connect from a fixed address and port. The
 * outcome is read from the socket's state rather than from the poll bits,
 * because an ICMP error for the handshake's last ACK can set an error on a
 * socket that is nevertheless established (and connect() reports success).
 * SO_LINGER {1, 0} makes the close of an established socket one RST and
 * nothing else, so every probe puts a fixed set of packets on the wire.
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

#include "probe.h"

static int tcp_state(int fd)
{
	struct tcp_info ti = {0};
	socklen_t len = sizeof(ti);

	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -1;
	return ti.tcpi_state;
}

static void finish_err(struct probe *p, int err, const char *detail)
{
	if (err == ECONNREFUSED)
		probe_finish(p, "refused", 0, detail);
	else
		probe_finish(p, "err", err, detail);
}

/* Finishes the probe if the socket has come to an end; returns whether it did. */
static bool tcp_settle(struct probe *p)
{
	int state = tcp_state(p->fd), err = 0;
	char detail[64];
	socklen_t len = sizeof(err);

	if (state != TCP_SYN_SENT && state != TCP_CLOSE) {
		probe_finish(p, "connected", 0, NULL);
		return true;
	}
	/* The error queue first: it holds the ICMP error whether or not the
	 * kernel could abort the connect when it arrived. */
	probe_errq_read(p->fd, &err, detail, sizeof(detail));
	if (err) {
		finish_err(p, err, detail);
		return true;
	}
	if (state == TCP_CLOSE) {
		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		finish_err(p, err ? err : EPROTO, NULL);
		return true;
	}
	return false;
}

void probe_tcp_start(struct probe *p)
{
	struct linger abort_on_close = {.l_onoff = 1, .l_linger = 0};
	int one = 1;

	p->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p->fd < 0 || setsockopt(p->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    setsockopt(p->fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof(abort_on_close)) ||
	    setsockopt(p->fd, SOL_IP, IP_RECVERR, &one, sizeof(one)) < 0 ||
	    bind(p->fd, (struct sockaddr *)&p->src, sizeof(p->src)) < 0) {
		probe_finish(p, "setup", errno, NULL);
		return;
	}
	if (connect(p->fd, (struct sockaddr *)&p->dst, sizeof(p->dst)) == 0)
		probe_finish(p, "connected", 0, NULL);
	else if (errno != EINPROGRESS)
		finish_err(p, errno, NULL);
}

void probe_tcp_event(struct probe *p, short revents)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (tcp_settle(p) || !(revents & POLLERR))
		return;
	/* An error that neither ended the connect nor came from ICMP: take
	 * it, or poll() would report it again at once, for ever. */
	getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err)
		finish_err(p, err, NULL);
}

void probe_tcp_expire(struct probe *p)
{
	if (!tcp_settle(p))
		probe_finish(p, "timeout", 0, NULL);
}
