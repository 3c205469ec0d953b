// SPDX-License-Identifier: GPL-2.0-only
/* How each system takes a ruleset into the DUT (a fresh sandbox for each,
 * see throughput.c; a load over an earlier one replaces it whole). */
#include <stdio.h>
#include <string.h>

#include "systems.h"

const char *const system_names[BENCH_MAX_SYSTEMS] = {
    "ceiling", "bpf-xdp", "bpf-tc", "nft-set", "nft", "iptables-nft", "iptables-legacy",
};

int system_by_name(const char *name)
{
	for (int i = 0; i < BENCH_MAX_SYSTEMS; i++)
		if (strcmp(system_names[i], name) == 0)
			return i;
	return -1;
}

static int load_bpf(struct sandbox *sb, const struct rules_spec *r, int first, int xdp)
{
	if (first && xdp &&
	    run_cmd("ip netns exec %s %s/bpf-iptables --ingress xdp >/dev/null", sb->dut, sb->bin) <
		0)
		return -1;
	return run_cmd("ip netns exec %s %s/bpf-iptables-restore %s 3>&-", sb->dut, sb->bin,
		       r->ipt);
}

int system_load(int sys, struct sandbox *sb, const struct rules_spec *r, int first, int nft_files,
		char *err, size_t errlen)
{
	int rc = -1;

	if (!nft_files && (sys == SYS_NFT || sys == SYS_NFT_SET)) {
		snprintf(err, errlen, "%s: no native nft form of a user's ruleset",
			 system_names[sys]);
		return -1;
	}
	switch (sys) {
	case SYS_CEILING:
		return first ? ceiling_attach(sb, err, errlen) : 0;
	case SYS_BPF_XDP:
	case SYS_BPF_TC:
		rc = load_bpf(sb, r, first, sys == SYS_BPF_XDP);
		break;
	case SYS_NFT:
	case SYS_NFT_SET:
		rc = run_cmd("ip netns exec %s sh -c 'nft flush ruleset && nft -f %s'", sb->dut,
			     sys == SYS_NFT ? r->nft : r->nft_set);
		break;
	case SYS_IPT_NFT:
		rc = run_cmd("ip netns exec %s iptables-nft-restore %s", sb->dut, r->ipt);
		break;
	case SYS_IPT_LEGACY:
		rc = run_cmd("ip netns exec %s iptables-legacy-restore %s", sb->dut, r->ipt);
		break;
	}
	if (rc < 0)
		snprintf(err, errlen, "%s: cannot load %u rules", system_names[sys], r->n);
	return rc;
}

/* The system's iptables program (suffix "" or "-save"), or 0 for the
 * ceiling and the native nft rules, which have no rule counters. */
static int counter_prog(int sys, const struct sandbox *sb, const char *suffix, char *prog,
			size_t len)
{
	switch (sys) {
	case SYS_BPF_XDP:
	case SYS_BPF_TC:
		snprintf(prog, len, "%s/bpf-iptables%s", sb->bin, suffix);
		return 1;
	case SYS_IPT_NFT:
	case SYS_IPT_LEGACY:
		snprintf(prog, len, "%s%s", sys == SYS_IPT_NFT ? "iptables-nft" : "iptables-legacy",
			 suffix);
		return 1;
	}
	return 0;
}

int system_save_counters(int sys, const struct sandbox *sb, const char *dir, unsigned int n)
{
	char prog[600];

	if (!counter_prog(sys, sb, "-save", prog, sizeof(prog)))
		return 0;
	return run_cmd("ip netns exec %s %s -c -t filter >%s/%s-%u.save 3>&-", sb->dut, prog, dir,
		       system_names[sys], n);
}

void system_show_counters(int sys, const struct sandbox *sb, enum bench_chain chain)
{
	const char *c = chain == CH_FORWARD ? "FORWARD" : "INPUT";
	char prog[600];

	if (!counter_prog(sys, sb, "", prog, sizeof(prog)))
		return;
	fprintf(stderr, "\n%s:\n", system_names[sys]);
	run_cmd("ip netns exec %s %s -L %s -v -x -n 3>&- | sed -n '1,3p;$p' >&2", sb->dut, prog, c);
}
