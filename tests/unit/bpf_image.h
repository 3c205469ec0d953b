/* SPDX-License-Identifier: GPL-2.0-only */
/* Loading a flat image into the test classifier's maps: size every map to
 * the image, load the program, fill the maps. The tests and the bench do
 * this until the dataplane layer's sync exists. Include after the
 * skeleton. */
#ifndef BPFIPT_TEST_BPF_IMAGE_H
#define BPFIPT_TEST_BPF_IMAGE_H

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "lbvs/flat.h"

static inline uint32_t at_least_one(uint32_t n)
{
	return n ? n : 1;
}

static inline int fill_array(struct bpf_map *map, const void *values, uint32_t n, size_t size)
{
	int fd = bpf_map__fd(map);

	for (uint32_t i = 0; i < n; i++)
		if (bpf_map_update_elem(fd, &i, (const char *)values + i * size, BPF_ANY) < 0)
			return -1;
	return 0;
}

/* skel is opened, not loaded: 0 once loaded and filled, -1 otherwise. */
static inline int bpf_image_load(struct classify_test *skel, const struct lbvs_flat *f)
{
	bpf_map__set_max_entries(skel->maps.bpfipt_chains, f->n_chains);
	bpf_map__set_max_entries(skel->maps.bpfipt_bvs, f->n_bv);
	bpf_map__set_max_entries(skel->maps.bpfipt_pool, at_least_one(f->n_pool));
	bpf_map__set_max_entries(skel->maps.bpfipt_range_start, at_least_one(f->n_range));
	bpf_map__set_max_entries(skel->maps.bpfipt_range_bv, at_least_one(f->n_range));
	bpf_map__set_max_entries(skel->maps.bpfipt_range_idx, at_least_one(f->n_range_idx));
	bpf_map__set_max_entries(skel->maps.bpfipt_entry_rule, at_least_one(f->n_entries));
	bpf_map__set_max_entries(skel->maps.bpfipt_actions, at_least_one(f->n_actions));
	bpf_map__set_max_entries(skel->maps.bpfipt_l4, at_least_one(f->n_l4));
	if (classify_test__load(skel) < 0)
		return -1;
	if (fill_array(skel->maps.bpfipt_chains, f->chain, f->n_chains, sizeof(*f->chain)) ||
	    fill_array(skel->maps.bpfipt_bvs, f->bv, f->n_bv, sizeof(*f->bv)) ||
	    fill_array(skel->maps.bpfipt_pool, f->pool, f->n_pool, sizeof(*f->pool)) ||
	    fill_array(skel->maps.bpfipt_range_start, f->range_start, f->n_range, 4) ||
	    fill_array(skel->maps.bpfipt_range_bv, f->range_bv, f->n_range, 4) ||
	    fill_array(skel->maps.bpfipt_range_idx, f->range_idx, f->n_range_idx, 4) ||
	    fill_array(skel->maps.bpfipt_entry_rule, f->entry_rule, f->n_entries, 4) ||
	    fill_array(skel->maps.bpfipt_actions, f->action, f->n_actions, sizeof(*f->action)) ||
	    fill_array(skel->maps.bpfipt_l4, f->l4, f->n_l4, sizeof(*f->l4)))
		return -1;
	return 0;
}

#endif
