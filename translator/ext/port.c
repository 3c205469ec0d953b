// SPDX-License-Identifier: GPL-2.0-only
#include "port.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>

#include "ext_util.h"

int port_parse(const char *s, const char *proto, uint16_t *port, struct xt_err *err)
{
	unsigned int num;
	struct servent *se;

	if (ext_strtoui(s, NULL, &num, 0, PORT_MAX)) {
		*port = (uint16_t)num;
		return 0;
	}
	se = getservbyname(s, proto);
	if (se) {
		*port = ntohs((uint16_t)se->s_port);
		return 0;
	}
	return xt_fail(err, XT_PARAMETER_PROBLEM, "invalid port/service `%s' specified", s);
}

bool port_resolve(const char *s, uint16_t *port)
{
	struct addrinfo *res = NULL;
	bool found = false;

	/* No hints, no host: the same question iptables asks, so that glibc
	 * gives the same answers for odd input ("65536", " 22", "+5"). */
	if (getaddrinfo(NULL, s, NULL, &res) != 0)
		return false;
	for (const struct addrinfo *ai = res; ai && !found; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET6) {
			*port = ntohs(((const struct sockaddr_in6 *)ai->ai_addr)->sin6_port);
			found = true;
		} else if (ai->ai_family == AF_INET) {
			*port = ntohs(((const struct sockaddr_in *)ai->ai_addr)->sin_port);
			found = true;
		}
	}
	freeaddrinfo(res);
	return found;
}

void port_print(struct strbuf *out, uint16_t port, const char *proto, bool numeric)
{
	const struct servent *se = numeric ? NULL : getservbyport(htons(port), proto);

	if (se)
		sb_puts(out, se->s_name);
	else
		sb_printf(out, "%u", port);
}

void port_print_range(struct strbuf *out, const char *label, const uint16_t range[2], bool invert,
		      const char *proto, bool numeric)
{
	const char *bang = invert ? "!" : "";

	if (range[0] == 0 && range[1] == PORT_MAX && !invert)
		return;
	if (range[0] == range[1]) {
		sb_printf(out, " %s:%s", label, bang);
		port_print(out, range[0], proto, numeric);
		return;
	}
	sb_printf(out, " %ss:%s", label, bang);
	port_print(out, range[0], proto, numeric);
	sb_putc(out, ':');
	port_print(out, range[1], proto, numeric);
}

void port_save_range(struct strbuf *out, const char *opt, const uint16_t range[2], bool invert)
{
	if (range[0] == 0 && range[1] == PORT_MAX)
		return;
	if (invert)
		sb_puts(out, " !");
	if (range[0] == range[1])
		sb_printf(out, " --%s %u", opt, range[0]);
	else
		sb_printf(out, " --%s %u:%u", opt, range[0], range[1]);
}
