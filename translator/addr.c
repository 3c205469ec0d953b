// SPDX-License-Identifier: GPL-2.0-only
#include "addr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ext/ext_util.h"

/* Dotted quad, possibly shortened ("10" or "10.1" mean 10.0.0.0 and
 * 10.1.0.0, as iptables reads them); a mask must have all four parts. */
static int parse_dotted(const char *s, int is_mask, uint32_t *out)
{
	char buf[20];
	unsigned char bytes[4] = {0, 0, 0, 0};
	char *p = buf;

	strncpy(buf, s, sizeof(buf) - 1);
	buf[sizeof(buf) - 1] = '\0';
	for (int i = 0; i < 4; i++) {
		char *dot = i < 3 ? strchr(p, '.') : NULL;
		unsigned int v;

		if (i < 3 && !dot) {
			if (is_mask || !ext_strtoui(p, NULL, &v, 0, 255))
				return -1;
			bytes[i] = (unsigned char)v;
			break;
		}
		if (dot)
			*dot = '\0';
		if (!ext_strtoui(p, NULL, &v, 0, 255))
			return -1;
		bytes[i] = (unsigned char)v;
		p = dot ? dot + 1 : p;
	}
	memcpy(out, bytes, 4);
	return 0;
}

static int parse_mask(const char *s, uint32_t *mask, struct xt_err *err)
{
	unsigned int bits;

	if (!s) {
		*mask = 0xffffffffu;
		return 0;
	}
	if (parse_dotted(s, 1, mask) == 0)
		return 0;
	if (!ext_strtoui(s, NULL, &bits, 0, 32))
		return xt_fail(err, XT_PARAMETER_PROBLEM, "invalid mask `%s' specified", s);
	*mask = bits ? htonl(0xffffffffu << (32 - bits)) : 0;
	return 0;
}

static void push(struct addr_list *l, uint32_t addr, uint32_t mask)
{
	uint32_t *a = realloc(l->addr, (l->n + 1) * sizeof(*a));
	uint32_t *m = a ? realloc(l->mask, (l->n + 1) * sizeof(*m)) : NULL;

	if (!a || !m)
		abort();
	l->addr = a;
	l->mask = m;
	a[l->n] = addr & mask;
	m[l->n] = mask;
	l->n++;
}

/* One name: numeric, a network from /etc/networks, or a host name that
 * may resolve to several addresses (each becomes a rule). */
static int resolve(const char *name, uint32_t mask, struct addr_list *out, struct xt_err *err)
{
	uint32_t a;
	struct netent *net;
	struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_RAW};
	struct addrinfo *res;

	if (parse_dotted(name, 0, &a) == 0) {
		push(out, a, mask);
		return 0;
	}
	out->by_name = true;
	net = getnetbyname(name);
	if (net && net->n_addrtype == AF_INET) {
		push(out, htonl(net->n_net), mask);
		return 0;
	}
	if (getaddrinfo(name, NULL, &hints, &res) != 0)
		return xt_fail(err, XT_PARAMETER_PROBLEM, "host/network `%s' not found", name);
	for (struct addrinfo *p = res; p; p = p->ai_next)
		push(out, ((const struct sockaddr_in *)p->ai_addr)->sin_addr.s_addr, mask);
	freeaddrinfo(res);
	return 0;
}

int addr_parse_list(const char *spec, struct addr_list *out, struct xt_err *err)
{
	const char *item = spec;

	memset(out, 0, sizeof(*out));
	for (;;) {
		char buf[256];
		const char *comma;
		size_t len;
		uint32_t mask;
		char *slash;

		while (isspace((unsigned char)*item))
			item++;
		comma = strchr(item, ',');
		len = comma ? (size_t)(comma - item) : strlen(item);
		if (len > sizeof(buf) - 1)
			return xt_fail(err, XT_PARAMETER_PROBLEM, "Hostname too long");
		memcpy(buf, item, len);
		buf[len] = '\0';
		slash = strrchr(buf, '/');
		if (slash)
			*slash = '\0';
		if (parse_mask(slash ? slash + 1 : NULL, &mask, err) < 0)
			return -1;
		/* With a zero mask the name does not matter ("any/0"). */
		if (resolve(mask ? buf : "0.0.0.0", mask, out, err) < 0)
			return -1;
		if (!comma)
			return 0;
		item = comma + 1;
	}
}

void addr_list_free(struct addr_list *l)
{
	free(l->addr);
	free(l->mask);
	memset(l, 0, sizeof(*l));
}

int addr_mask_to_prefix(uint32_t mask)
{
	uint32_t host = ntohl(mask);

	for (int len = 32; len >= 0; len--) {
		uint32_t want = len ? 0xffffffffu << (32 - len) : 0;

		if (host == want)
			return len;
	}
	return -1;
}

void addr_put_numeric(struct strbuf *out, uint32_t addr)
{
	const unsigned char *b = (const unsigned char *)&addr;

	sb_printf(out, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

static void put_mask_suffix(struct strbuf *out, uint32_t mask)
{
	int len = addr_mask_to_prefix(mask);

	if (len == 32)
		return;
	sb_putc(out, '/');
	if (len < 0)
		addr_put_numeric(out, mask);
	else
		sb_printf(out, "%d", len);
}

/* Name for -L without -n: host name, else network name, else numeric. */
static void put_name(struct strbuf *out, uint32_t addr)
{
	struct sockaddr_in sin = {.sin_family = AF_INET, .sin_addr.s_addr = addr};
	char host[NI_MAXHOST];
	struct netent *net;

	if (getnameinfo((const struct sockaddr *)&sin, sizeof(sin), host, sizeof(host) - 1, NULL,
			0, 0) == 0) {
		sb_puts(out, host);
		return;
	}
	net = getnetbyaddr(ntohl(addr), AF_INET);
	if (net) {
		sb_puts(out, net->n_name);
		return;
	}
	addr_put_numeric(out, addr);
}

void addr_put_list(struct strbuf *out, uint32_t addr, uint32_t mask, int numeric)
{
	if (!mask && !numeric) {
		sb_puts(out, "anywhere");
		return;
	}
	if (numeric)
		addr_put_numeric(out, addr);
	else
		put_name(out, addr);
	put_mask_suffix(out, mask);
}

void addr_put_save(struct strbuf *out, uint32_t addr, uint32_t mask)
{
	int len = addr_mask_to_prefix(mask);

	addr_put_numeric(out, addr);
	sb_putc(out, '/');
	if (len < 0)
		addr_put_numeric(out, mask);
	else
		sb_printf(out, "%d", len);
}
