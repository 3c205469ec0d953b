// SPDX-License-Identifier: GPL-2.0-only
/*
 * "run" mode: reads probe lines from stdin, runs them all at once (every
 * probe has its own source port, so they cannot disturb each other) until
 * they finish or the deadline passes, then prints one outcome per probe in
 * input order. Concurrent, so a ruleset costs one timeout, not one each.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static int read_probes(struct probe **out, size_t *count, int *bad)
{
	char line[256];
	size_t cap = 0;

	*out = NULL;
	*count = 0;
	while (fgets(line, sizeof(line), stdin)) {
		if (line[strspn(line, " \t\r\n")] == '\0')
			continue;
		if (*count == cap) {
			cap = cap ? cap * 2 : 64;
			struct probe *grown = realloc(*out, cap * sizeof(**out));
			if (!grown)
				return -ENOMEM;
			*out = grown;
		}
		struct probe *p = &(*out)[(*count)++];
		if (probe_parse(line, p) < 0) {
			/* Keep the line's place: outputs are matched by position. */
			probe_finish(p, "bad-probe", 0, NULL);
			*bad = 1;
		}
	}
	return 0;
}

static void start(struct probe *p)
{
	if (p->done)
		return;
	if (p->kind == PROBE_TCP)
		probe_tcp_start(p);
	else
		probe_dgram_start(p);
}

static void event(struct probe *p, short revents)
{
	if (p->kind == PROBE_TCP)
		probe_tcp_event(p, revents);
	else
		probe_dgram_event(p, revents);
}

static void expire(struct probe *p)
{
	if (p->done)
		return;
	if (p->kind == PROBE_TCP)
		probe_tcp_expire(p);
	else
		probe_dgram_expire(p);
}

/* The poll() events a running probe waits for: a TCP connect's completion,
 * then (watching an established one) only the errors and the reset that
 * POLLERR and POLLHUP report anyway; a datagram probe's answer. */
static short wanted_events(const struct probe *p)
{
	if (p->kind != PROBE_TCP)
		return POLLIN;
	return p->watch_until_ms ? 0 : POLLOUT;
}

/* Polls the unfinished probes until all are done or the deadline passes;
 * a watched TCP probe ends at its own, earlier, time. */
static int wait_all(struct probe *probes, size_t count, long long deadline)
{
	struct pollfd *pfd = calloc(count ? count : 1, sizeof(*pfd));
	size_t *who = calloc(count ? count : 1, sizeof(*who));

	if (!pfd || !who) {
		free(pfd);
		free(who);
		return -ENOMEM;
	}
	for (long long now; (now = probe_now_ms()) < deadline;) {
		long long wake = deadline;
		nfds_t n = 0;

		for (size_t i = 0; i < count; i++) {
			struct probe *p = &probes[i];

			if (!p->done && p->watch_until_ms && p->watch_until_ms <= now)
				expire(p);
			if (p->done)
				continue;
			if (p->watch_until_ms && p->watch_until_ms < wake)
				wake = p->watch_until_ms;
			pfd[n] = (struct pollfd){.fd = p->fd, .events = wanted_events(p)};
			who[n++] = i;
		}
		if (n == 0)
			break;
		int r = poll(pfd, n, (int)(wake > now ? wake - now : 0));
		if (r < 0 && errno != EINTR)
			break;
		for (nfds_t k = 0; r > 0 && k < n; k++)
			if (pfd[k].revents)
				event(&probes[who[k]], pfd[k].revents);
	}
	free(pfd);
	free(who);
	return 0;
}

int probe_run(int timeout_ms)
{
	struct probe *probes;
	size_t count;
	int bad = 0;

	if (read_probes(&probes, &count, &bad) < 0) {
		fprintf(stderr, "bpfipt-probe: out of memory\n");
		return 1;
	}
	long long deadline = probe_now_ms() + timeout_ms;
	for (size_t i = 0; i < count; i++)
		start(&probes[i]);
	if (wait_all(probes, count, deadline) < 0) {
		fprintf(stderr, "bpfipt-probe: out of memory\n");
		return 1;
	}
	for (size_t i = 0; i < count; i++) {
		expire(&probes[i]);
		printf("%s\n", probes[i].outcome);
	}
	free(probes);
	return bad ? 2 : 0;
}
