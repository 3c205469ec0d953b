/* SPDX-License-Identifier: GPL-2.0-only */
/* The maps one generation of the image lives in (bpfipt_image.h). Their
 * sizes here are placeholders: the dataplane sets max_entries to fit the
 * image before loading. The arrays can be mapped into userspace, which
 * writes a generation with memcpy instead of a syscall per element. */
#ifndef BPFIPT_MAPS_H
#define BPFIPT_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_image.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bpfipt_chain);
	__uint(max_entries, 1);
} bpfipt_chains SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bpfipt_bv);
	__uint(max_entries, 1);
} bpfipt_bvs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} bpfipt_pool SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} bpfipt_range_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} bpfipt_range_bv SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} bpfipt_range_idx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1);
} bpfipt_entry_rule SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bpfipt_action);
	__uint(max_entries, 1);
} bpfipt_actions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct bpfipt_l4match);
	__uint(max_entries, 1);
} bpfipt_l4 SEC(".maps");

#endif
