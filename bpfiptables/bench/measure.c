// SPDX-License-Identifier: GPL-2.0-only
/* A figure is the median over repetitions of (frames the DUT processed) /
 * (time from the generator's start to the DUT's last processed frame).
 *
 * The frame count of a repetition is fixed before it starts, from a short
 * probe run: about rep_seconds' worth at the probed rate, so that 10,000
 * rules under iptables-nft (some thousands of frames a second) and the
 * ceiling (millions) both take a bounded time. When the DUT is slower
 * than the generator, the veth ring overflows and those frames are never
 * counted: the figure is what the DUT got through, not what was sent. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "measure.h"

#define PROBE_FRAMES 20000u
#define MIN_FRAMES 2000u
#define SETTLE_S 0.005 /* counter still this long: the DUT is done */
#define WAIT_MAX_S 3.0

/* Waits for the DUT to finish what it took in; the time of its last
 * processed frame as seen by polling, and how many it processed. */
static int settle(struct sandbox *sb, uint64_t rx0, uint32_t count, double *t_end, uint64_t *done)
{
	double t0 = now_s(), last_change = t0;
	uint64_t rx, prev = rx0;

	for (;;) {
		if (dut_rx(sb, &rx) < 0)
			return -1;
		double t = now_s();

		if (rx != prev) {
			prev = rx;
			last_change = t;
		}
		if (rx - rx0 >= count || t - last_change > SETTLE_S || t - t0 > WAIT_MAX_S)
			break;
		usleep(200);
	}
	*t_end = last_change;
	*done = prev - rx0;
	return 0;
}

static int one_run(struct sandbox *sb, struct gen *g, uint32_t count, double *pps, char *err,
		   size_t errlen)
{
	uint64_t rx0, done;
	double t0, t1;

	if (dut_rx(sb, &rx0) < 0) {
		snprintf(err, errlen, "cannot read bd0's counters");
		return -1;
	}
	t0 = now_s();
	if (gen_send(g, count, err, errlen) < 0)
		return -1;
	if (settle(sb, rx0, count, &t1, &done) < 0) {
		snprintf(err, errlen, "cannot read bd0's counters");
		return -1;
	}
	*pps = t1 > t0 ? (double)done / (t1 - t0) : 0;
	return 0;
}

int measure_mpps(struct sandbox *sb, const struct traffic *t, const struct measure_cfg *c,
		 double *mpps, char *err, size_t errlen)
{
	double v[BENCH_MAX_REPS], probe, want;
	unsigned int reps = c->reps < BENCH_MAX_REPS ? c->reps : BENCH_MAX_REPS;
	struct gen *g;
	uint32_t count;
	int rc = 0;

	if (gen_open(&g, sb, t, err, errlen) < 0)
		return -1;
	rc = one_run(sb, g, PROBE_FRAMES, &probe, err, errlen);
	want = probe * c->rep_seconds;
	count = want > c->max_count ? c->max_count
		: want < MIN_FRAMES ? MIN_FRAMES
				    : (uint32_t)want;
	for (unsigned int r = 0; rc == 0 && r < reps; r++)
		rc = one_run(sb, g, count, &v[r], err, errlen);
	gen_close(g);
	if (rc < 0)
		return -1;
	*mpps = median(v, reps) / 1e6;
	return 0;
}
