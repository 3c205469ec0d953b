/* SPDX-License-Identifier: GPL-2.0-only */
/* One figure: packets per second the DUT processed (measure.c). */
#ifndef BPFIPT_BENCH_MEASURE_H
#define BPFIPT_BENCH_MEASURE_H

#include "bench.h"

struct measure_cfg {
	unsigned int reps;  /* repetitions; the median is the figure */
	double rep_seconds; /* about how long one repetition should take */
	uint32_t max_count; /* frames per repetition at most */
};

int measure_mpps(struct sandbox *sb, const struct traffic *t, const struct measure_cfg *c,
		 double *mpps, char *err, size_t errlen);

#endif
