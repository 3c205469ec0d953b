// SPDX-License-Identifier: GPL-2.0-only
#include "proto.h"

#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "ext/ext_util.h"

static const struct {
	const char *name;
	uint16_t num;
} known[] = {
	{"tcp", IPPROTO_TCP},
	{"sctp", IPPROTO_SCTP},
	{"udp", IPPROTO_UDP},
	{"udplite", IPPROTO_UDPLITE},
	{"icmp", IPPROTO_ICMP},
	{"ipv6-icmp", IPPROTO_ICMPV6},
	{"icmpv6", IPPROTO_ICMPV6},
	{"esp", IPPROTO_ESP},
	{"ah", IPPROTO_AH},
	{"mobility-header", IPPROTO_MH},
	{"ipv6-mh", IPPROTO_MH},
	{"mh", IPPROTO_MH},
	{"all", 0},
};

const char *proto_name(uint16_t proto, int table_only)
{
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (known[i].num == proto)
			return known[i].name;
	if (proto && !table_only) {
		const struct protoent *p = getprotobynumber(proto);

		if (p)
			return p->p_name;
	}
	return NULL;
}

int proto_parse(const char *s, struct xt_err *err)
{
	unsigned int num;
	const struct protoent *p;

	if (ext_strtoui(s, NULL, &num, 0, 255))
		return (int)num;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(s, known[i].name) == 0)
			return known[i].num;
	p = getprotobyname(s);
	if (p)
		return p->p_proto;
	return xt_fail(err, XT_PARAMETER_PROBLEM, "unknown protocol \"%s\" specified", s);
}
