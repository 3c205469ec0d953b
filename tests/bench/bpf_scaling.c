// SPDX-License-Identifier: GPL-2.0-only
/* Per-packet time of the BPF classifier under BPF_PROG_TEST_RUN (the
 * kernel's own timing of `repeat` runs) for chains of N rules
 * "-d 198.18.X.Y -p udp --dport P -j ACCEPT": a packet matching the last
 * rule, and one falling to the policy. The test program parses, classifies
 * and copies its result out, so this is the parse + classify cost. A
 * measurement, not a test. Usage: build/tests/bpf_scaling [N ...] */
#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfipt_image.h"
#include "bpfipt_pkt.h"
#include "check.h"
#include "classify_test.skel.h"
#include "bpf_image.h"

#define REPEAT 200000

static size_t frame_for(uint8_t *b, unsigned int i, uint16_t dport)
{
	uint8_t f[14 + 28] = {[12] = 0x08, [14] = 0x45, [17] = 28, [22] = 64, [23] = 17,
			      [26] = 198, [27] = 19, [28] = 0, [29] = 1, [30] = 198, [31] = 18};

	f[32] = (uint8_t)(i / 256);
	f[33] = (uint8_t)(i % 256);
	f[34] = 0x13;
	f[35] = 0x88; /* source port 5000 */
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	f[39] = 8;
	memcpy(b, f, sizeof(f));
	return sizeof(f);
}

static double ns_per_packet(struct classify_test *skel, const uint8_t *frame, size_t len)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame, .data_size_in = (uint32_t)len,
		    .repeat = REPEAT);

	if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bpfipt_classify_test), &opts) < 0)
		return -1;
	return opts.duration; /* the kernel reports the mean per run, in ns */
}

int main(int argc, char **argv)
{
	static const unsigned int defaults[] = {1, 100, 1000, 5000, 10000};
	unsigned int n_sizes = argc > 1 ? (unsigned int)argc - 1 : 5;

	printf("%8s %14s %14s   (BPF_PROG_TEST_RUN, XDP, mean of %d runs)\n", "rules",
	       "match last", "policy", REPEAT);
	for (unsigned int s = 0; s < n_sizes; s++) {
		unsigned int n = argc > 1 ? (unsigned int)atoi(argv[s + 1]) : defaults[s];
		struct ruleset *rs = ruleset_new();
		struct lbvs_image img;
		struct lbvs_flat flat;
		struct xt_err err;
		char line[128];
		uint8_t frame[64];

		for (unsigned int i = 0; i < n; i++) {
			snprintf(line, sizeof(line),
				 "-A INPUT -d 198.18.%u.%u -p udp -m udp --dport %u -j ACCEPT", i / 256,
				 i % 256, 1000 + i % 5000);
			check_exec(rs, line, NULL, &err);
		}
		if (lbvs_compile(rs, &img, &err) < 0)
			return 1;
		lbvs_flatten(&img, &flat);
		struct classify_test *skel = classify_test__open();
		if (!skel || bpf_image_load(skel, &flat) < 0) {
			fprintf(stderr, "cannot load the classifier (root, BPF?)\n");
			return 1;
		}
		skel->bss->hook_chain = 0;
		skel->bss->policy = flat.policy[0];
		size_t len = frame_for(frame, n - 1, (uint16_t)(1000 + (n - 1) % 5000));
		double last = ns_per_packet(skel, frame, len);
		frame_for(frame, n - 1, 999);
		double miss = ns_per_packet(skel, frame, len);
		printf("%8u %11.0f ns %11.0f ns\n", n, last, miss);
		classify_test__destroy(skel);
		lbvs_flat_free(&flat);
		lbvs_image_free(&img);
		ruleset_free(rs);
	}
	return 0;
}
