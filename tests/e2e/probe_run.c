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
#include <time.h>

#include "probe.h"

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

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

/* Polls the unfinished probes until all are done or the deadline passes. */
static int wait_all(struct probe *probes, size_t count, long long deadline)
{
	struct pollfd *pfd = calloc(count ? count : 1, sizeof(*pfd));
	size_t *who = calloc(count ? count : 1, sizeof(*who));
	long long left;

	if (!pfd || !who) {
		free(pfd);
		free(who);
		return -ENOMEM;
	}
	while ((left = deadline - now_ms()) > 0) {
		nfds_t n = 0;

		for (size_t i = 0; i < count; i++) {
			if (probes[i].done)
				continue;
			short ev = probes[i].kind == PROBE_TCP ? POLLOUT : POLLIN;
			pfd[n] = (struct pollfd){.fd = probes[i].fd, .events = ev};
			who[n++] = i;
		}
		if (n == 0)
			break;
		int r = poll(pfd, n, (int)left);
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
	long long deadline = now_ms() + timeout_ms;
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
