/* SPDX-License-Identifier: GPL-2.0-only */
/* Exact frame counts instead of timing (count.c). */
#ifndef BPFIPT_BENCH_COUNT_H
#define BPFIPT_BENCH_COUNT_H

#include "opts.h"

/* 0 when every system took every frame, 1 otherwise (reported). */
int count_run(const struct bench_opts *o, const char *tmp);

#endif
