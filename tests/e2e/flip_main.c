// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfipt-flip rules SEED A|B|C      the ruleset, as an iptables-restore file
 * bpfipt-flip verdicts SEED         each flow's verdict under A, B and C
 * bpfipt-flip traffic PREFIX SEED EXPECT [PACKETS [TIMEOUT_MS [READY]]]
 * bpfipt-flip tamper                (in the dut) a deliberately broken update
 *
 * See flip.h and flip-test.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flip.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: bpfipt-flip rules SEED A|B|C\n"
		"       bpfipt-flip verdicts SEED\n"
		"       bpfipt-flip traffic PREFIX SEED EXPECT [PACKETS [TIMEOUT_MS [READY]]]\n"
		"       bpfipt-flip tamper\n");
	return 2;
}

static void verdicts_print(const struct flip_set *s)
{
	printf("# pair draw %u; %u per mille of simulated tears give a verdict neither A nor B "
	       "gives\n",
	       s->pair_seed, s->power);
	for (int k = 0; k < FLIP_FLOWS; k++)
		printf("flow %2d sport %u dport %u %-7s A=%s B=%s C=%s\n", k, s->flow[k].sport,
		       s->flow[k].dport, s->flow[k].input ? "INPUT" : "FORWARD",
		       flip_verdict_name(s->v[0][k]), flip_verdict_name(s->v[1][k]),
		       flip_verdict_name(s->v[2][k]));
}

int main(int argc, char **argv)
{
	static struct flip_set set;

	if (argc >= 2 && strcmp(argv[1], "traffic") == 0)
		return flip_traffic_main(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tamper") == 0)
		return flip_tamper_main(argc - 1, argv + 1);
	if (argc == 4 && strcmp(argv[1], "rules") == 0 && strlen(argv[3]) == 1 &&
	    argv[3][0] >= 'A' && argv[3][0] <= 'C') {
		flip_set_build(&set, (unsigned)strtoul(argv[2], NULL, 10));
		flip_ruleset_print(&set.rs[argv[3][0] - 'A'], stdout);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "verdicts") == 0) {
		flip_set_build(&set, (unsigned)strtoul(argv[2], NULL, 10));
		verdicts_print(&set);
		return 0;
	}
	return usage();
}
