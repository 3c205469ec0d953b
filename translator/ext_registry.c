// SPDX-License-Identifier: GPL-2.0-only
/* Which extensions exist. Adding one: write ext/NAME.c with its ops table,
 * declare it in ext/ext_list.h and list it here. */
#include <string.h>

#include "ext.h"
#include "ext/ext_list.h"

static const struct xt_ext *const matches[] = {
	&xt_ext_tcp, &xt_ext_udp, &xt_ext_icmp, &xt_ext_multiport, &xt_ext_comment,
};

static const struct xt_ext *const targets[] = {
	&xt_ext_REJECT,
	&xt_ext_LOG,
};

/* Extensions of iptables 1.8.9 (IPv4 and protocol-independent) that
 * bpf-iptables does not implement: naming them gives "not supported"
 * rather than "no such extension". Matches and targets are apart: "-N
 * limit" is a fine chain name, "-N MARK" is not. */
static const char *const unsupported_matches[] = {
	"addrtype", "ah",	"bpf",	   "cgroup",  "cluster", "connbytes", "connlabel",
	"connlimit", "connmark", "conntrack", "cpu",	 "dccp",    "devgroup",	 "dscp",
	"ecn",	     "esp",	 "hashlimit", "helper",  "ipcomp",  "iprange",	 "ipvs",
	"length",    "limit",	 "mac",	      "mark",	 "nfacct",  "osf",	 "owner",
	"physdev",   "pkttype",	 "policy",    "quota",	 "rateest", "realm",	 "recent",
	"rpfilter",  "sctp",	 "set",	      "socket",	 "state",   "statistic", "string",
	"tcpmss",    "time",	 "tos",	      "ttl",	 "u32",
};

static const char *const unsupported_targets[] = {
	"AUDIT",  "CHECKSUM", "CLASSIFY", "CLUSTERIP", "CONNMARK",    "CONNSECMARK", "CT",
	"DNAT",	  "DSCP",     "ECN",	  "HMARK",     "IDLETIMER",   "LED",	     "MARK",
	"MASQUERADE", "NETMAP", "NFLOG",  "NFQUEUE",   "NOTRACK",     "QUEUE",	     "RATEEST",
	"REDIRECT", "SECMARK", "SET",	  "SNAT",      "SYNPROXY",    "TCPMSS",	     "TCPOPTSTRIP",
	"TEE",	  "TOS",      "TPROXY",	  "TRACE",     "TTL",	      "ULOG",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct xt_ext *xt_find_match(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(matches); i++)
		if (strcmp(matches[i]->name, name) == 0)
			return matches[i];
	return NULL;
}

const struct xt_ext *xt_find_target(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(targets); i++)
		if (strcmp(targets[i]->name, name) == 0)
			return targets[i];
	return NULL;
}

static bool listed(const char *const *list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

bool xt_is_unsupported_match(const char *name)
{
	return listed(unsupported_matches, ARRAY_SIZE(unsupported_matches), name);
}

bool xt_is_unsupported_target(const char *name)
{
	return listed(unsupported_targets, ARRAY_SIZE(unsupported_targets), name);
}
