/* SPDX-License-Identifier: GPL-2.0-only */
/* The compiled image as the BPF programs read it: flat arrays, one map
 * each, indexed by the offsets a chain record holds. Shared by the
 * kernel programs and userspace (translator/lbvs/flat.c writes it, the
 * dataplane layer copies it into maps). Sizes are asserted: a change
 * here is a change of the kernel/user contract. */
#ifndef BPFIPT_IMAGE_H
#define BPFIPT_IMAGE_H

#include <linux/types.h>

/* Interval-indexed fields, in this order (translator/lbvs/cons.h). */
enum {
	BPFIPT_F_PROTO,
	BPFIPT_F_FRAG,
	BPFIPT_F_IN,
	BPFIPT_F_OUT,
	BPFIPT_F_SPORT,
	BPFIPT_F_DPORT,
	BPFIPT_F_ICMP,
	BPFIPT_F_TCPFLAGS,
	BPFIPT_F_SRC, /* addresses in host byte order: a prefix is an interval */
	BPFIPT_F_DST,
	BPFIPT_N_FIELDS,
};

struct bpfipt_chain {
	__u32 n_words;   /* bitvector length in 64-bit words */
	__u32 n_entries; /* bits used */
	__u32 entry_base; /* entry e's rule: entry_rule[entry_base + e] */
	__u32 rule_base;  /* rule r's action: action[rule_base + r] */
	__u32 range_base[BPFIPT_N_FIELDS]; /* into range_start / range_bv */
	__u32 range_n[BPFIPT_N_FIELDS];    /* 0: the chain does not use it */
	/* The entries that accept any value of the field: ORed into the
	 * interval's bitvector (translator/lbvs/compile.c, build_range);
	 * BPFIPT_NO_WILD when there are none. */
	__u32 range_wild[BPFIPT_N_FIELDS];
	/* Into range_idx: the field's bucket index, BPFIPT_NO_INDEX for a
	 * short table, searched whole. */
	__u32 range_idx[BPFIPT_N_FIELDS];
	__u32 bv_all;     /* the all-ones bitvector, for a chain using no field */
	/* The fields the chain uses, so that a lookup visits only those. */
	__u8 n_used;
	__u8 used[BPFIPT_N_FIELDS];
	__u8 pad[1];
	/* A chain may be held in several segments, each a record of its own
	 * (bpfiptables/dataplane/dp_plan.c): when no entry of this one
	 * matches, the walk goes on in record next_seg (relative to the
	 * generation's first record) from its first entry, in the same
	 * chain; BPFIPT_NO_SEG: the chain ends here. */
	__u32 next_seg;
	/* Not read by the programs: which rules the segment holds (rules
	 * rule0 .. rule0 + n_rules - 1 of chain src_chain; the first one's
	 * counter slot; a hash of them all), so that a later update can
	 * keep a segment whose rules did not change. */
	__u32 src_chain;
	__u32 rule0;
	__u32 n_rules;
	__u32 first_slot;
	__u32 pad2;
	__u64 hash;
};

#define BPFIPT_NO_SEG 0xffffffffu

#define BPFIPT_NO_WILD 0xffffffffu

/* A bucket index over one field's interval table (n intervals), so that
 * the binary search starts on a few intervals rather than all of them:
 * for a key at or above start[1] (IDX_LO), bucket b = (key - lo) >> shift;
 * entry IDX_HDR + b is the last interval starting at or below
 * lo + (b << shift), for b in [0, buckets]. The key's interval is then
 * in [idx[b], idx[b + 1]] (b < buckets) or is the last one (b >= buckets,
 * key above every start); a key below lo is in interval 0.
 * translator/lbvs/range_index.c builds it. */
#define BPFIPT_NO_INDEX 0xffffffffu
enum {
	BPFIPT_IDX_LO,
	BPFIPT_IDX_SHIFT,
	BPFIPT_IDX_BUCKETS,
	BPFIPT_IDX_HDR,
};
#define BPFIPT_IDX_MAX_BUCKETS 4096

/* Words [first, last] of a bitvector are pool[pool_off ...]; the others
 * are zero. first > last: all zero. */
struct bpfipt_bv {
	__u32 first, last;
	__u32 pool_off;
};

/* The words [*lo, *hi] that hold every set bit of a | b (a field's
 * interval and wildcard bitvectors); *lo > *hi when both are zero. The
 * BPF classifier and its userspace twin both bound their scan with it. */
static inline __attribute__((always_inline)) void
bpfipt_bv_union_span(const struct bpfipt_bv *a, const struct bpfipt_bv *b, __u32 *lo, __u32 *hi)
{
	if (a->first > a->last) {
		*lo = b->first;
		*hi = b->last;
	} else if (b->first > b->last) {
		*lo = a->first;
		*hi = a->last;
	} else {
		*lo = a->first < b->first ? a->first : b->first;
		*hi = a->last > b->last ? a->last : b->last;
	}
}

enum bpfipt_verdict {
	BPFIPT_V_NONE,   /* count only, go on */
	BPFIPT_V_ACCEPT,
	BPFIPT_V_DROP,
	BPFIPT_V_RETURN,
	BPFIPT_V_JUMP,   /* BPFIPT_A_GOTO: without return */
	BPFIPT_V_REJECT, /* reject_with */
	BPFIPT_V_LOG,    /* log_id, go on */
};

enum bpfipt_action_flags {
	BPFIPT_A_GOTO = 1 << 0,
	BPFIPT_A_RES_SRC_MASK = 1 << 1,  /* check src & smsk == src (xor inv) */
	BPFIPT_A_RES_DST_MASK = 1 << 2,
	BPFIPT_A_RES_TCP_OPTION = 1 << 3, /* option kind tcp_option present (xor inv) */
	BPFIPT_A_RES_SHORT = 1 << 4,     /* short layer-4 header: exact checks l4[] */
	BPFIPT_A_INV_SRC = 1 << 5,
	BPFIPT_A_INV_DST = 1 << 6,
	BPFIPT_A_INV_TCP_OPTION = 1 << 7,
};

struct bpfipt_action {
	__u32 verdict;    /* enum bpfipt_verdict */
	__u32 flags;      /* enum bpfipt_action_flags */
	__u32 jump_chain; /* BPFIPT_V_JUMP: the chain's index = its first record, relative */
	__u32 next_entry; /* first entry of the next rule, where a return resumes */
	__u32 slot;       /* counter slot */
	__u32 src, smsk;  /* BPFIPT_A_RES_SRC_MASK, network byte order */
	__u32 dst, dmsk;
	__u32 l4_base;    /* BPFIPT_A_RES_SHORT: l4[l4_base ...] */
	__u16 l4_n;
	__u8 tcp_option;
	__u8 reject_with; /* BPFIPT_V_REJECT */
	__u32 log_id;     /* BPFIPT_V_LOG: the rule's LOG parameters */
};

/* A layer-4 match, for the exact check on short headers. */
enum bpfipt_l4_kind {
	BPFIPT_L4_TCP,
	BPFIPT_L4_UDP,
	BPFIPT_L4_ICMP,
	BPFIPT_L4_MULTIPORT,
};

#define BPFIPT_MULTI_PORTS 15

struct bpfipt_l4match {
	__u8 kind;     /* enum bpfipt_l4_kind */
	__u8 invflags; /* tcp, udp, icmp: the kernel's XT_*_INV_* bits */
	__u8 flg_mask, flg_cmp; /* tcp */
	__u8 option;   /* tcp */
	__u8 icmp_type, icmp_code_lo, icmp_code_hi;
	__u16 spts[2], dpts[2]; /* tcp, udp */
	__u8 mp_dir, mp_count, mp_invert, pad;
	__u16 mp_ports[BPFIPT_MULTI_PORTS];
	__u8 mp_pflags[BPFIPT_MULTI_PORTS];
	__u8 pad2[3];
};

/* What the classifier decided for a packet (tests read it). */
enum { BPFIPT_CLS_ACCEPT = 1, BPFIPT_CLS_DROP, BPFIPT_CLS_REJECT };

struct bpfipt_cls_result {
	__u32 verdict; /* BPFIPT_CLS_* */
	__u32 hotdrop;
	__u32 by_policy;
	__u32 final_chain, final_rule;
	__u32 n_hits;
	__u32 reject_with;
};

_Static_assert(sizeof(struct bpfipt_l4match) == 68, "struct bpfipt_l4match is shared");
_Static_assert(sizeof(struct bpfipt_chain) == 224, "struct bpfipt_chain is shared");
_Static_assert(sizeof(struct bpfipt_bv) == 12, "struct bpfipt_bv is shared");
_Static_assert(sizeof(struct bpfipt_action) == 48, "struct bpfipt_action is shared");

#endif
