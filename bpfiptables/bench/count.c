// SPDX-License-Identifier: GPL-2.0-only
/* --frames-per-flow N: nothing timed. Each system, at each size, in a
 * fresh sandbox of its own, gets exactly N frames of every flow of every
 * scenario, sent a batch at a time well under the veth ring's size, each
 * batch waited for until the DUT has taken it in: no frame is lost
 * before the dataplane, so the rule counters afterwards (--show-counters,
 * --save-counters) are exact, and the same on every system that
 * classifies the same way. That is how a user, and the tests, see that
 * the frames reach the rules they were made for. */
#include <stdio.h>
#include <unistd.h>

#include "count.h"
#include "systems.h"
#include "throughput.h"

#define BATCH 64 /* veth's ring holds 256 */
#define WAIT_S 2.0

/* Sends total frames; *took is what the DUT took in (== total unless a
 * batch did not arrive within WAIT_S). */
static int paced(struct sandbox *sb, struct gen *g, uint64_t total, uint64_t *took, char *err,
		 size_t errlen)
{
	uint64_t rx0, rx = 0, sent = 0;

	if (dut_rx(sb, &rx0) < 0)
		goto no_counter;
	rx = rx0;
	while (sent < total && rx - rx0 == sent) {
		uint32_t b = total - sent < BATCH ? (uint32_t)(total - sent) : BATCH;
		double t0 = now_s();

		if (gen_send(g, b, err, errlen) < 0)
			return -1;
		sent += b;
		do {
			if (dut_rx(sb, &rx) < 0)
				goto no_counter;
			if (rx - rx0 < sent)
				usleep(50);
		} while (rx - rx0 < sent && now_s() - t0 < WAIT_S);
	}
	*took = rx - rx0;
	return 0;
no_counter:
	snprintf(err, errlen, "cannot read bd0's counters");
	return -1;
}

/* One system at one size; -1 on a failure, 1 when frames were lost. */
static int one(const struct bench_opts *o, const char *tmp, int sys, unsigned int n, char *err,
	       size_t errlen)
{
	struct sandbox sb;
	struct rules_spec r;
	int rc, lost = 0;

	if (sandbox_create(&sb, o->bin, err, errlen) < 0)
		return -1;
	sandbox_install_signals(&sb);
	rc = rules_for(o, tmp, n, &r);
	if (rc == 0)
		rc = system_load(sys, &sb, &r, 1, !o->ruleset, err, errlen);
	for (int k = 0; rc == 0 && k < o->nsc; k++) {
		struct traffic t = traffic_for(o, o->scenarios[k], n);
		uint64_t total = (uint64_t)t.flows * o->frames_per_flow, took = 0;
		struct gen *g = NULL;

		rc = gen_open(&g, &sb, &t, err, errlen);
		if (rc == 0)
			rc = paced(&sb, g, total, &took, err, errlen);
		gen_close(g);
		if (rc == 0)
			printf(
			    "%s %s %u rules: %u flows x %u frames: sent %llu, the DUT took %llu\n",
			    system_names[sys], scenario_names[o->scenarios[k]], n, t.flows,
			    o->frames_per_flow, (unsigned long long)total,
			    (unsigned long long)took);
		lost |= took != total;
	}
	if (o->show_counters)
		system_show_counters(sys, &sb, o->traffic.chain);
	if (rc == 0 && o->counters_dir && system_save_counters(sys, &sb, o->counters_dir, n) < 0) {
		snprintf(err, errlen, "%s: cannot save its counters", system_names[sys]);
		rc = -1;
	}
	sandbox_destroy(&sb);
	return rc < 0 ? -1 : lost;
}

int count_run(const struct bench_opts *o, const char *tmp)
{
	char err[256];
	int status = 0;

	for (unsigned int ni = 0; ni < o->nn; ni++)
		for (int si = 0; si < o->nsys; si++) {
			int rc = one(o, tmp, o->systems[si], o->n[ni], err, sizeof(err));

			if (rc < 0)
				fprintf(stderr, "bpf-iptables-bench: %s\n", err);
			status |= rc != 0;
		}
	return status;
}
