/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane maps (bpfipt_dataplane.h) as the programs declare them.
 * Sizes marked "set by userspace" are placeholders. */
#ifndef BPFIPT_DP_MAPS_H
#define BPFIPT_DP_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_dataplane.h"
#include "maps.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct bpfipt_config);
	__uint(max_entries, 1);
} bpfipt_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct bpfipt_gen_info);
	__uint(max_entries, BPFIPT_N_GENS);
} bpfipt_gens SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct bpfipt_readers);
	__uint(max_entries, 1);
} bpfipt_readers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct bpfipt_counter);
	__uint(max_entries, 1); /* set by userspace */
} bpfipt_counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct bpfipt_ifclass_key);
	__type(value, __u32);
	__uint(max_entries, 1); /* set by userspace */
} bpfipt_ifclass SEC(".maps");

/* The last image array (maps.h), apart because LOG settings are the
 * dataplane's business: per LOG rule, action.log_id indexes it. */
BPFIPT_IMAGE_ARRAY(bpfipt_logconf, struct bpfipt_logconf);

/* The host's own addresses and broadcast addresses (network order). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 4096);
} bpfipt_local SEC(".maps");

/* Each interface's own MAC address, for XDP to tell the frames the host
 * takes from those for another host (PACKET_OTHERHOST, which netfilter
 * never sees). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct bpfipt_ifmac);
	__uint(max_entries, 4096);
} bpfipt_ifmac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} bpfipt_events SEC(".maps");

#endif
