// SPDX-License-Identifier: GPL-2.0-only
/* The throughput run: for each ruleset size, each system in turn in a
 * fresh sandbox, each scenario a figure. Sizes outside, systems inside:
 * the figures compared with each other (one size) are measured minutes
 * apart at most, so a machine that drifts during a long run moves them
 * together. A fresh sandbox per figure set also means nothing one system
 * leaves in a namespace (iptables-legacy's hooks stay registered for its
 * life) slows another. A progress line on stderr says where the run is. */
#include <stdio.h>
#include <string.h>

#include "opts.h"
#include "systems.h"
#include "throughput.h"

static void progress(const struct bench_opts *o, int done, int total, int sys, unsigned int n,
		     int sc)
{
	if (o->quiet)
		return;
	fprintf(stderr, "\r[%3d/%3d] %-16s %6u rules  %-7s", done + 1, total, system_names[sys], n,
		scenario_names[sc]);
	fflush(stderr);
}

struct traffic traffic_for(const struct bench_opts *o, int sc, unsigned int n)
{
	struct traffic t = o->traffic;

	if (o->ruleset)
		return t;
	t.flows = sc == SC_SPREAD ? n : 1;
	t.first_flow = sc == SC_LAST ? n - 1 : sc == SC_POLICY ? BENCH_POLICY_FLOW : 0;
	return t;
}

int rules_for(const struct bench_opts *o, const char *tmp, unsigned int n, struct rules_spec *r)
{
	memset(r, 0, sizeof(*r));
	r->n = n;
	r->tcp = o->traffic.tcp_syn;
	r->chain = o->traffic.chain;
	if (o->ruleset) {
		snprintf(r->ipt, sizeof(r->ipt), "%s", o->ruleset);
		return 0;
	}
	snprintf(r->ipt, sizeof(r->ipt), "%s/ipt-%u", tmp, n);
	snprintf(r->nft, sizeof(r->nft), "%s/nft-%u", tmp, n);
	snprintf(r->nft_set, sizeof(r->nft_set), "%s/nftset-%u", tmp, n);
	return rules_write(r);
}

/* One system at one size, in a sandbox of its own. */
static int one_figure_set(const struct bench_opts *o, const char *tmp, int sys, unsigned int ni,
			  struct results *res, int *done, int total, char *err, size_t errlen)
{
	struct sandbox sb;
	struct rules_spec r;
	int rc;

	if (sandbox_create(&sb, o->bin, err, errlen) < 0)
		return -1;
	sandbox_install_signals(&sb);
	rc = rules_for(o, tmp, o->n[ni], &r);
	if (rc == 0)
		rc = system_load(sys, &sb, &r, 1, !o->ruleset, err, errlen);
	for (int k = 0; rc == 0 && k < o->nsc; k++) {
		int sc = o->scenarios[k];
		struct traffic t = traffic_for(o, sc, o->n[ni]);

		progress(o, (*done)++, total, sys, o->n[ni], sc);
		rc = measure_mpps(&sb, &t, &o->mcfg, &res->mpps[sys][ni][sc], err, errlen);
		res->have[sys][ni][sc] = rc == 0;
	}
	if (o->show_counters)
		system_show_counters(sys, &sb, o->traffic.chain);
	if (rc == 0 && o->counters_dir &&
	    system_save_counters(sys, &sb, o->counters_dir, o->n[ni]) < 0) {
		snprintf(err, errlen, "%s: cannot save its counters", system_names[sys]);
		rc = -1;
	}
	sandbox_destroy(&sb);
	return rc;
}

int throughput_run(const struct bench_opts *o, const char *tmp, struct results *res, char *err,
		   size_t errlen)
{
	int done = 0, total = o->nsys * (int)o->nn * o->nsc, failed = 0;

	/* A system that fails is reported and the others still run: the
	 * run's figures stay comparable, only that system's are missing. */
	memset(res, 0, sizeof(*res));
	for (unsigned int ni = 0; ni < o->nn; ni++)
		for (int si = 0; si < o->nsys; si++)
			if (one_figure_set(o, tmp, o->systems[si], ni, res, &done, total, err,
					   errlen) < 0) {
				fprintf(stderr, "\nbpf-iptables-bench: %s\n", err);
				failed = 1;
			}
	if (!o->quiet)
		fprintf(stderr, "\r%60s\r", "");
	if (failed)
		snprintf(err, errlen, "some systems failed, their figures are missing");
	return failed ? -1 : 0;
}
