// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfipt-gen-ruleset SEED [RULES]   a random iptables-restore file
 * bpfipt-gen-ruleset probes SEED    the probes for that seed
 * bpfipt-gen-ruleset ports          the ports bpfipt-probe serve must open
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define DEFAULT_RULES 40
#define MAX_RULES 100000

static int number(const char *text, unsigned long long max, unsigned long long *out)
{
	char *end;

	*out = strtoull(text, &end, 10);
	return (*end || end == text || text[0] == '-' || *out > max) ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: bpfipt-gen-ruleset SEED [RULES]\n"
			"       bpfipt-gen-ruleset probes SEED\n"
			"       bpfipt-gen-ruleset ports\n");
	return 2;
}

int main(int argc, char **argv)
{
	unsigned long long seed, nrules = DEFAULT_RULES;
	struct ruleset rs;

	if (argc == 2 && strcmp(argv[1], "ports") == 0) {
		for (size_t i = 0; i < sizeof(pool_open_ports) / sizeof(pool_open_ports[0]); i++)
			printf("%s%u", i ? " " : "", pool_open_ports[i]);
		printf("\n");
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "probes") == 0) {
		if (number(argv[2], UINT64_MAX, &seed) < 0)
			return usage();
		probes_print(seed);
		return 0;
	}
	if (argc < 2 || argc > 3 || number(argv[1], UINT64_MAX, &seed) < 0 ||
	    (argc == 3 && (number(argv[2], MAX_RULES, &nrules) < 0 || nrules == 0)))
		return usage();
	if (ruleset_generate(&rs, seed, (unsigned)nrules) < 0) {
		fprintf(stderr, "bpfipt-gen-ruleset: out of memory\n");
		ruleset_free(&rs);
		return 1;
	}
	ruleset_print(&rs, seed);
	ruleset_free(&rs);
	return 0;
}
