// SPDX-License-Identifier: GPL-2.0-only
/* The dataplane's per-CPU rule and policy counters, summed over CPUs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp.h"

static uint32_t n_counters(const struct dp *dp)
{
	return BPFIPT_SLOT0 + dp->ids.caps.n[DP_M_COUNTERS];
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/* All CPUs' values of the first n counters, in one batch lookup. */
static struct bpfipt_counter *read_percpu(const struct dp *dp, int ncpu, uint32_t n)
{
	uint32_t count = n, out_batch;
	struct bpfipt_counter *v = calloc((size_t)n * (size_t)ncpu, sizeof(*v));
	uint32_t *keys = calloc(n, sizeof(*keys));
	int ret;

	if (!v || !keys) {
		free(v);
		free(keys);
		return NULL;
	}
	ret = bpf_map_lookup_batch(dp->map_fd[DP_M_COUNTERS], NULL, &out_batch, keys, v, &count,
				   NULL);
	free(keys);
	/* An array's batch ends early only at the map's end (ENOENT). */
	if ((ret < 0 && errno != ENOENT) || count < n) {
		free(v);
		return NULL;
	}
	return v;
}

int dp_counts_read(const struct dp *dp, uint32_t limit, struct dp_counts *out)
{
	int ncpu = libbpf_num_possible_cpus();
	uint32_t n = min_u32(n_counters(dp), limit);
	struct bpfipt_counter *v;

	memset(out, 0, sizeof(*out));
	if (ncpu <= 0)
		return -EINVAL;
	v = read_percpu(dp, ncpu, n);
	if (!v)
		return -EIO;
	out->n = n;
	out->c = calloc(out->n, sizeof(*out->c));
	if (!out->c) {
		free(v);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < out->n; i++) {
		for (int c = 0; c < ncpu; c++) {
			out->c[i].packets += v[(size_t)i * ncpu + c].packets;
			out->c[i].bytes += v[(size_t)i * ncpu + c].bytes;
		}
	}
	free(v);
	return 0;
}

void dp_counts_free(struct dp_counts *c)
{
	free(c->c);
	memset(c, 0, sizeof(*c));
}

int dp_counts_zero(const struct dp *dp, const uint32_t *idx, uint32_t n)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bpfipt_counter *zero;
	int ret = 0;

	if (ncpu <= 0)
		return -EINVAL;
	zero = calloc((size_t)ncpu, sizeof(*zero));
	if (!zero)
		return -ENOMEM;
	for (uint32_t i = 0; i < n && ret == 0; i++)
		if (idx[i] < n_counters(dp) &&
		    bpf_map_update_elem(dp->map_fd[DP_M_COUNTERS], &idx[i], zero, BPF_ANY) < 0)
			ret = -errno;
	free(zero);
	return ret;
}

void dp_counts_copy(const struct dp *from, const struct dp *to, uint32_t limit)
{
	int ncpu = libbpf_num_possible_cpus();
	uint32_t n = min_u32(min_u32(n_counters(from), n_counters(to)), limit), count = n;
	struct bpfipt_counter *v = ncpu > 0 && n ? read_percpu(from, ncpu, n) : NULL;
	uint32_t *keys = calloc(n ? n : 1, sizeof(*keys));

	for (uint32_t i = 0; keys && i < n; i++)
		keys[i] = i;
	if (v && keys)
		bpf_map_update_batch(to->map_fd[DP_M_COUNTERS], keys, v, &count, NULL);
	free(keys);
	free(v);
}
