// SPDX-License-Identifier: GPL-2.0-only
/* --plot: throughput against the number of rules, both axes logarithmic,
 * one line per system, for the run's first scenario. Plain SVG written
 * by hand: a viewer or a browser shows it, and the bench needs no
 * plotting library. */
#include <math.h>
#include <stdio.h>

#include "report.h"
#include "systems.h"

#define W 760.0
#define H 480.0
#define ML 70.0 /* margins: left, right, top, bottom */
#define MR 170.0
#define MT 40.0
#define MB 50.0

static const char *const colours[BENCH_MAX_SYSTEMS] = {
    "#000000", "#d62728", "#ff7f0e", "#2ca02c", "#17becf", "#1f77b4", "#9467bd",
};

struct axes {
	double x0, x1, y0, y1; /* log10 ranges */
};

static double px(const struct axes *a, double v)
{
	return ML + (log10(fmax(v, 1)) - a->x0) / (a->x1 - a->x0) * (W - ML - MR);
}

static double py(const struct axes *a, double v)
{
	return H - MB - (log10(v) - a->y0) / (a->y1 - a->y0) * (H - MT - MB);
}

/* Whole decades around every figure and every size of the run. */
static void axes_fit(struct axes *a, const struct bench_opts *o, const struct results *r, int sc)
{
	double lo = 1e9, hi = 1e-9;

	for (int s = 0; s < BENCH_MAX_SYSTEMS; s++)
		for (unsigned int ni = 0; ni < o->nn; ni++)
			if (r->have[s][ni][sc] && r->mpps[s][ni][sc] > 0) {
				lo = fmin(lo, r->mpps[s][ni][sc]);
				hi = fmax(hi, r->mpps[s][ni][sc]);
			}
	if (lo > hi)
		lo = 0.01, hi = 10;
	a->y0 = floor(log10(lo));
	a->y1 = fmax(ceil(log10(hi)), a->y0 + 1);
	a->x0 = floor(log10(fmax(o->n[0], 1)));
	a->x1 = ceil(log10(fmax(o->n[o->nn - 1], 1)));
	for (unsigned int ni = 0; ni < o->nn; ni++) {
		a->x0 = fmin(a->x0, floor(log10(fmax(o->n[ni], 1))));
		a->x1 = fmax(a->x1, ceil(log10(fmax(o->n[ni], 1))));
	}
	if (a->x1 <= a->x0)
		a->x1 = a->x0 + 1;
}

static void grid(FILE *f, const struct axes *a)
{
	for (double d = a->x0; d <= a->x1; d++) {
		double x = px(a, pow(10, d));

		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			x, MT, x, H - MB);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%g</text>\n", x,
			H - MB + 18, pow(10, d));
	}
	for (double d = a->y0; d <= a->y1; d++) {
		double y = py(a, pow(10, d));

		fprintf(f,
			"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
			ML, y, W - MR, y);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", ML - 6,
			y + 4, pow(10, d));
	}
	fprintf(f,
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
		"stroke=\"#000\"/>\n",
		ML, MT, W - ML - MR, H - MT - MB);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">rules</text>\n",
		(ML + W - MR) / 2, H - 12);
	fprintf(f,
		"<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
		"%.1f)\">Mpps</text>\n",
		(MT + H - MB) / 2, (MT + H - MB) / 2);
}

static void line(FILE *f, const struct axes *a, const struct bench_opts *o, const struct results *r,
		 int sys, int sc, int slot)
{
	double ly = MT + 14 + 20 * slot;

	fprintf(f, "<polyline fill=\"none\" stroke-width=\"2\" stroke=\"%s\" points=\"",
		colours[sys]);
	for (unsigned int ni = 0; ni < o->nn; ni++)
		if (r->have[sys][ni][sc] && r->mpps[sys][ni][sc] > 0)
			fprintf(f, "%.1f,%.1f ", px(a, o->n[ni]), py(a, r->mpps[sys][ni][sc]));
	fprintf(f, "\"/>\n");
	for (unsigned int ni = 0; ni < o->nn; ni++)
		if (r->have[sys][ni][sc] && r->mpps[sys][ni][sc] > 0)
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
				px(a, o->n[ni]), py(a, r->mpps[sys][ni][sc]), colours[sys]);
	fprintf(f,
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"2\" "
		"stroke=\"%s\"/>\n",
		W - MR + 12, ly - 4, W - MR + 36, ly - 4, colours[sys]);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n", W - MR + 42, ly, system_names[sys]);
}

int report_plot(const char *path, const struct bench_opts *o, const struct results *r)
{
	FILE *f = fopen(path, "w");
	int sc = o->scenarios[0];
	struct axes a;

	if (!f)
		return -1;
	axes_fit(&a, o, r, sc);
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"12\">\n",
		W, H, W, H);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n");
	fprintf(f,
		"<text x=\"%.1f\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">"
		"bpf-iptables-bench: %u-byte frames, traffic: %s</text>\n",
		(ML + W - MR) / 2, o->traffic.frame_size, scenario_names[sc]);
	grid(f, &a);
	for (int si = 0; si < o->nsys; si++)
		line(f, &a, o, r, o->systems[si], sc, si);
	fprintf(f, "</svg>\n");
	return fclose(f);
}
