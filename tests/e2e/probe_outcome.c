// SPDX-License-Identifier: GPL-2.0-only
/* How a probe's result is written: a word, an errno name, an ICMP detail. */
#include <errno.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "probe.h"

/* Symbolic names, because the outcome lines of two systems are compared as
 * text and read by people; numbers would hide which error it was. */
static const struct {
	int err;
	const char *name;
} errno_names[] = {
    {EPERM, "EPERM"},
    {ENOENT, "ENOENT"},
    {EINTR, "EINTR"},
    {EACCES, "EACCES"},
    {EAGAIN, "EAGAIN"},
    {EINVAL, "EINVAL"},
    {EPIPE, "EPIPE"},
    {EMSGSIZE, "EMSGSIZE"},
    {ENOPROTOOPT, "ENOPROTOOPT"},
    {EPROTO, "EPROTO"},
    {EADDRINUSE, "EADDRINUSE"},
    {EADDRNOTAVAIL, "EADDRNOTAVAIL"},
    {ENETDOWN, "ENETDOWN"},
    {ENETUNREACH, "ENETUNREACH"},
    {ENETRESET, "ENETRESET"},
    {ECONNABORTED, "ECONNABORTED"},
    {ECONNRESET, "ECONNRESET"},
    {ENOBUFS, "ENOBUFS"},
    {ETIMEDOUT, "ETIMEDOUT"},
    {ECONNREFUSED, "ECONNREFUSED"},
    {EHOSTDOWN, "EHOSTDOWN"},
    {EHOSTUNREACH, "EHOSTUNREACH"},
    {ENONET, "ENONET"},
    {EOPNOTSUPP, "EOPNOTSUPP"},
};

const char *errno_name(int err)
{
	static _Thread_local char buf[16];

	for (size_t i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}

/* Ends the probe: "WORD", or "WORD:ERRNO" when err is set, then the detail.
 * Closing here is what sends the single RST of an established TCP probe
 * (SO_LINGER {1, 0} was set before connect). */
void probe_finish(struct probe *p, const char *word, int err, const char *detail)
{
	snprintf(p->outcome, sizeof(p->outcome), "%s%s%s%s", word, err ? ":" : "",
		 err ? errno_name(err) : "", detail ? detail : "");
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	p->done = true;
}

long long probe_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}
