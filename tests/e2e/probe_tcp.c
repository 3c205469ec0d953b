// SPDX-License-Identifier: GPL-2.0-only
/*
 * A TCP probe: a non-blocking connect from a fixed address and port. The
 * outcome is read from the socket's state rather than from the poll bits,
 * because an ICMP error for the handshake's last ACK can set an error on a
 * socket that is nevertheless established (and connect() reports success).
 * SO_LINGER {1, 0} makes the close of an established socket one RST and
 * nothing else, so every probe puts a fixed set of packets on the wire.
 *
 * An established connection is watched for WATCH_MS more before it counts
 * as connected: the handshake's last ACK may be answered with a reset or
 * an ICMP error, and whether that answer or the application's wake-up
 * comes first is a matter of microseconds (netfilter sends it from the
 * softirq that forwards the ACK, bpf-iptables from its helper). Watching
 * makes the outcome the answer's, not the race's, and the probe's own
 * closing RST goes out only when no reset came.
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <sys/socket.h>

#include "probe.h"

/* Far longer than any answer takes inside the sandbox, far shorter than
 * the run's timeout (which a watch never outlasts). */
#define WATCH_MS 100

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

/* An established connection's errors: a reset ends it (its state is then
 * TCP_CLOSE); an ICMP error leaves it established and is kept for the
 * outcome. Both the error queue and SO_ERROR are emptied, or poll() would
 * report them again at once, for ever. */
static void tcp_watch(struct probe *p)
{
	int err = 0;
	char detail[sizeof(p->watch_detail)];
	socklen_t len = sizeof(err);

	probe_errq_read(p->fd, &err, detail, sizeof(detail));
	if (err && !p->watch_detail[0])
		snprintf(p->watch_detail, sizeof(p->watch_detail), "%s", detail);
	if (tcp_state(p->fd) != TCP_CLOSE)
		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
}

/* Finishes the probe if the socket has come to an end; returns whether it did. */
static bool tcp_settle(struct probe *p)
{
	int state = tcp_state(p->fd), err = 0;
	char detail[64];
	socklen_t len = sizeof(err);

	if (state != TCP_SYN_SENT && state != TCP_CLOSE) {
		if (!p->watch_until_ms)
			p->watch_until_ms = probe_now_ms() + WATCH_MS;
		else
			tcp_watch(p);
		return false;
	}
	if (p->watch_until_ms) {
		/* Reset after the handshake: SO_ERROR says how. */
		getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
		finish_err(p, err ? err : EPROTO, p->watch_detail[0] ? p->watch_detail : NULL);
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
		p->watch_until_ms = probe_now_ms() + WATCH_MS;
	else if (errno != EINPROGRESS)
		finish_err(p, errno, NULL);
}

void probe_tcp_event(struct probe *p, short revents)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (tcp_settle(p) || p->watch_until_ms || !(revents & POLLERR))
		return;
	/* An error that neither ended the connect nor came from ICMP: take
	 * it, or poll() would report it again at once, for ever. */
	getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err)
		finish_err(p, err, NULL);
}

/* At the end of the watch or at the run's deadline. */
void probe_tcp_expire(struct probe *p)
{
	if (tcp_settle(p))
		return;
	if (p->watch_until_ms)
		probe_finish(p, "connected", 0, p->watch_detail[0] ? p->watch_detail : NULL);
	else
		probe_finish(p, "timeout", 0, NULL);
}
