// SPDX-License-Identifier: GPL-2.0-only
/* Parses one probe line into a struct probe. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

static int parse_addr(const char *text, const char *port, struct sockaddr_in *sa)
{
	char *end;
	unsigned long n = strtoul(port, &end, 10);

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (inet_pton(AF_INET, text, &sa->sin_addr) != 1 || *end || end == port || n > 65535)
		return -EINVAL;
	sa->sin_port = htons((unsigned short)n);
	return 0;
}

int probe_parse(const char *line, struct probe *p)
{
	char kind[8], src[32], sport[8], dst[32], dport[8], extra[2];
	int n = sscanf(line, "%7s %31s %7s %31s %7s %1s", kind, src, sport, dst, dport, extra);

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	if (n == 4 && strcmp(kind, "ping") == 0) {
		p->kind = PROBE_PING;
		strcpy(dport, "0");
	} else if (n == 5 && strcmp(kind, "tcp") == 0) {
		p->kind = PROBE_TCP;
	} else if (n == 5 && strcmp(kind, "udp") == 0) {
		p->kind = PROBE_UDP;
	} else {
		return -EINVAL;
	}
	if (parse_addr(src, sport, &p->src) || parse_addr(dst, dport, &p->dst))
		return -EINVAL;
	return 0;
}
