// SPDX-License-Identifier: GPL-2.0-only
/* The throughput results as a table on stdout and as CSV rows. A ratio
 * compares figures of the same size and scenario only, measured in the
 * same run; when its reference system was not run the field is empty. */
#include <stdio.h>

#include "report.h"
#include "systems.h"

static int ratio(const struct results *r, int sys, int ref, unsigned int ni, int sc, double *out)
{
	if (!r->have[sys][ni][sc] || !r->have[ref][ni][sc] || r->mpps[ref][ni][sc] <= 0)
		return 0;
	*out = r->mpps[sys][ni][sc] / r->mpps[ref][ni][sc];
	return 1;
}

/* The ratio of sys to ref, printed with fmt, or `none`. */
static void field(FILE *f, const char *fmt, const struct results *r, int sys, int ref,
		  unsigned int ni, int sc, double scale, const char *none)
{
	double x;

	if (ratio(r, sys, ref, ni, sc, &x))
		fprintf(f, fmt, x * scale);
	else
		fputs(none, f);
}

void report_table(FILE *f, const struct bench_opts *o, const struct results *r)
{
	fprintf(f, "%-16s %-7s %6s %10s %10s %10s\n", "system", "scenario", "rules", "Mpps",
		"x nft", "% ceiling");
	for (int k = 0; k < o->nsc; k++)
		for (unsigned int ni = 0; ni < o->nn; ni++) {
			for (int si = 0; si < o->nsys; si++) {
				int sys = o->systems[si], sc = o->scenarios[k];

				if (!r->have[sys][ni][sc])
					continue;
				fprintf(f, "%-16s %-7s %6u %10.4f ", system_names[sys],
					scenario_names[sc], o->n[ni], r->mpps[sys][ni][sc]);
				field(f, "%10.2f ", r, sys, SYS_IPT_NFT, ni, sc, 1, "         - ");
				field(f, "%10.1f\n", r, sys, SYS_CEILING, ni, sc, 100,
				      "         -\n");
			}
			fputc('\n', f);
		}
}

int report_csv(const char *path, const struct bench_opts *o, const struct results *r)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fprintf(f, "system,scenario,rules,mpps,ratio_nft,ratio_ceiling\n");
	for (int k = 0; k < o->nsc; k++)
		for (unsigned int ni = 0; ni < o->nn; ni++)
			for (int si = 0; si < o->nsys; si++) {
				int sys = o->systems[si], sc = o->scenarios[k];

				if (!r->have[sys][ni][sc])
					continue;
				fprintf(f, "%s,%s,%u,%.6f,", system_names[sys], scenario_names[sc],
					o->n[ni], r->mpps[sys][ni][sc]);
				field(f, "%.4f,", r, sys, SYS_IPT_NFT, ni, sc, 1, ",");
				field(f, "%.4f\n", r, sys, SYS_CEILING, ni, sc, 1, "\n");
			}
	return fclose(f);
}
