/* SPDX-License-Identifier: GPL-2.0-only */
/* The arrays the image lives in (bpfipt_image.h): the records in two
 * generation slots, the others in two halves (docs/DATAPLANE.md,
 * "Updates"). Their sizes here are placeholders: the dataplane sets
 * max_entries to fit the image before loading. The arrays can be mapped
 * into userspace, which writes them with memcpy instead of a syscall per
 * element. */
#ifndef BPFIPT_MAPS_H
#define BPFIPT_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_image.h"

/* One image array: indexed from 0, mappable, sized by userspace. */
#define BPFIPT_IMAGE_ARRAY(name, value_type)                                                       \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_ARRAY);                                                  \
		__uint(map_flags, BPF_F_MMAPABLE);                                                 \
		__type(key, __u32);                                                                \
		__type(value, value_type);                                                         \
		__uint(max_entries, 1);                                                            \
	} name SEC(".maps")

BPFIPT_IMAGE_ARRAY(bpfipt_chains, struct bpfipt_chain);
BPFIPT_IMAGE_ARRAY(bpfipt_bvs, struct bpfipt_bv);
BPFIPT_IMAGE_ARRAY(bpfipt_pool, __u64);
BPFIPT_IMAGE_ARRAY(bpfipt_range_start, __u32);
BPFIPT_IMAGE_ARRAY(bpfipt_range_bv, __u32);
BPFIPT_IMAGE_ARRAY(bpfipt_range_idx, __u32);
BPFIPT_IMAGE_ARRAY(bpfipt_entry_rule, __u32);
BPFIPT_IMAGE_ARRAY(bpfipt_actions, struct bpfipt_action);
BPFIPT_IMAGE_ARRAY(bpfipt_l4, struct bpfipt_l4match);

#endif
