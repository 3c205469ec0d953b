/* SPDX-License-Identifier: GPL-2.0-only */
/* Update latency (latency.c). */
#ifndef BPFIPT_BENCH_LATENCY_H
#define BPFIPT_BENCH_LATENCY_H

#include <stdio.h>

#include "opts.h"

int latency_run(const struct bench_opts *o, const char *tmp, FILE *out);

#endif
