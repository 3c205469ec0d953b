/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane's own maps, beside the image maps of bpfipt_image.h:
 * which generation of the image is active, the per-CPU count of packets
 * reading each generation (so that a writer never rewrites one still in
 * use), counters, interface classes, LOG parameters. Shared by the
 * kernel programs and bpfiptables/dataplane. */
#ifndef BPFIPT_DATAPLANE_H
#define BPFIPT_DATAPLANE_H

#include <linux/types.h>

#include "bpfipt_event.h"

/* Two generations: packets read the active one while the next is
 * written into the other half of every image array. */
#define BPFIPT_N_GENS 2

/* Counter index of a rule slot; indexes 0..2 are the builtin chains'
 * policies (enum bpfipt_hook). */
#define BPFIPT_SLOT0 BPFIPT_N_HOOKS

struct bpfipt_config {
	__u32 active;        /* the generation packets use: 0 or 1 */
	__u32 cgroup_egress; /* 1: OUTPUT of socket traffic runs in the cgroup program */
	__u64 netns_cookie;  /* the namespace this instance enforces */
	__u64 netns_ino;     /* its nsfs inode: tells userspace whether it still lives */
};

/* The image arrays: records, bitvectors, pool, interval starts, interval
 * bitvectors, bucket indexes, entry->rule, actions, layer-4 matches, LOG
 * settings (bpfiptables/dataplane/dp.h, DP_M_CHAINS .. DP_M_LOGCONF). */
#define BPFIPT_N_IMAGE_ARRAYS 10

struct bpfipt_gen_info {
	__u32 chain_base;       /* absolute index of the generation's INPUT chain */
	__u32 policy[BPFIPT_N_HOOKS]; /* BPFIPT_V_ACCEPT or BPFIPT_V_DROP */
	__u32 no_iface_class;   /* class of "no interface" (OUTPUT's -i, INPUT's -o) */
	__u32 unknown_class;    /* class of an interface the map does not know yet */
	__u32 valid;            /* 0 until the generation was written */
	__u32 has_log;          /* some rule's target is LOG */
	/* Not read by the programs: where the generation's segments are, so
	 * that the next update can keep those it does not change
	 * (bpfiptables/dataplane/dp_sync.c). The image arrays other than the
	 * records have two halves; all segments of a generation lie in
	 * `half`, whose first used[m] elements of array m are taken. */
	__u32 n_records;
	__u32 half;
	__u32 used[BPFIPT_N_IMAGE_ARRAYS];
	__u64 shape; /* of what compiled segments depend on besides their rules */
};

/* Programs nest on a CPU (a softirq interrupts a socket's send): each
 * level has its own classifier state. */
#define BPFIPT_MAX_NEST 4

/* Per CPU: packets inside generation g right now, and the nesting level. */
struct bpfipt_readers {
	__u64 n[BPFIPT_N_GENS];
	__u64 nest;
};

struct bpfipt_counter {
	__u64 packets, bytes;
};

struct bpfipt_ifclass_key {
	__u32 ifindex;
	__u32 gen;
};

struct bpfipt_ifmac {
	__u8 addr[6];
	__u8 pad[2];
};

struct bpfipt_logconf {
	char prefix[BPFIPT_EV_PREFIX];
	__u8 level;
	__u8 flags;
};

_Static_assert(sizeof(struct bpfipt_config) == 24, "struct bpfipt_config is shared");
_Static_assert(sizeof(struct bpfipt_gen_info) == 88, "struct bpfipt_gen_info is shared");
_Static_assert(sizeof(struct bpfipt_ifmac) == 8, "struct bpfipt_ifmac is shared");
_Static_assert(sizeof(struct bpfipt_logconf) == 32, "struct bpfipt_logconf is shared");

#endif
