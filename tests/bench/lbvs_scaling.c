// SPDX-License-Identifier: GPL-2.0-only
/* How the userspace LBVS classification scales with the chain length: a
 * chain of N rules "-d 198.18.X.Y -p udp --dport P -j ACCEPT", a packet
 * matching the last rule, and one falling to the policy. Prints ns per
 * packet next to the linear reference matcher. A measurement, not a test:
 * the BPF figures come with the dataplane (BPF_PROG_TEST_RUN).
 * Usage: build/tests/lbvs_scaling [N ...] */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "exec.h"
#include "lbvs/flat.h"
#include "refmatch.h"

static int add_rule(struct ruleset *rs, unsigned int i)
{
	char line[160];
	char *argv[16];
	int argc = 0;
	struct cmd_parse_opts opts = {.prog = "bpf-iptables"};
	struct strbuf warn, out;
	struct xt_cmd cmd;
	struct xt_err err;

	snprintf(line, sizeof(line),
		 "bpf-iptables -A INPUT -d 198.18.%u.%u -p udp -m udp --dport %u -j ACCEPT",
		 i / 256, i % 256, 1000 + i % 5000);
	for (char *t = strtok(line, " "); t && argc < 15; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	sb_init(&warn);
	sb_init(&out);
	int ret = cmd_parse(argc, argv, &opts, &cmd, &warn, &err);
	if (ret == 0)
		ret = exec_command(rs, &cmd, &out, &err);
	cmd_free(&cmd);
	sb_free(&warn);
	sb_free(&out);
	return ret;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void packet_for(struct packet *p, unsigned int i)
{
	memset(p, 0, sizeof(*p));
	p->saddr = htonl(0xc6130001);
	p->daddr = htonl(0xc6120000 | (i / 256) << 8 | (i % 256));
	p->proto = 17;
	p->l4_len = 8;
	p->sport = 5000;
	p->dport = (uint16_t)(1000 + i % 5000);
	name_copy(p->iniface, XT_IFNAMSIZ, "eth0");
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = {1, 100, 1000, 5000, 10000};
	unsigned int n_sizes = argc > 1 ? (unsigned int)argc - 1 : 5;

	printf("%8s %14s %14s %14s %14s\n", "rules", "lbvs last", "lbvs policy", "linear last",
	       "linear policy");
	for (unsigned int s = 0; s < n_sizes; s++) {
		unsigned int n = argc > 1 ? (unsigned int)atoi(argv[s + 1]) : defaults[s];
		struct ruleset *rs = ruleset_new();
		struct lbvs_image img;
		struct lbvs_result res;
		struct ref_result ref;
		struct xt_err err;
		struct packet last, miss;
		double t[4];
		const int reps = 200000, ref_reps = n > 1000 ? 200 : 20000;

		for (unsigned int i = 0; i < n; i++)
			add_rule(rs, i);
		struct lbvs_flat flat;

		if (lbvs_compile(rs, &img, &err) < 0)
			return 1;
		lbvs_flatten(&img, &flat);
		packet_for(&last, n - 1);
		packet_for(&miss, n - 1);
		miss.dport = 999; /* no rule has it */
		ref_result_init(&ref);
		double t0 = now_ns();
		for (int r = 0; r < reps; r++)
			lbvs_classify(&flat, HOOK_INPUT, &last, &res);
		double t1 = now_ns();
		for (int r = 0; r < reps; r++)
			lbvs_classify(&flat, HOOK_INPUT, &miss, &res);
		double t2 = now_ns();
		for (int r = 0; r < ref_reps; r++)
			ref_classify(rs, HOOK_INPUT, &last, &ref);
		double t3 = now_ns();
		for (int r = 0; r < ref_reps; r++)
			ref_classify(rs, HOOK_INPUT, &miss, &ref);
		double t4 = now_ns();
		t[0] = (t1 - t0) / reps;
		t[1] = (t2 - t1) / reps;
		t[2] = (t3 - t2) / ref_reps;
		t[3] = (t4 - t3) / ref_reps;
		printf("%8u %11.1f ns %11.1f ns %11.1f ns %11.1f ns\n", n, t[0], t[1], t[2], t[3]);
		ref_result_free(&ref);
		lbvs_flat_free(&flat);
		lbvs_image_free(&img);
		ruleset_free(rs);
	}
	return 0;
}
