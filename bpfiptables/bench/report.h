/* SPDX-License-Identifier: GPL-2.0-only */
/* Throughput output: table, CSV (report.c) and SVG plot (plot.c). */
#ifndef BPFIPT_BENCH_REPORT_H
#define BPFIPT_BENCH_REPORT_H

#include <stdio.h>

#include "opts.h"

void report_table(FILE *f, const struct bench_opts *o, const struct results *r);
int report_csv(const char *path, const struct bench_opts *o, const struct results *r);
int report_plot(const char *path, const struct bench_opts *o, const struct results *r);

#endif
