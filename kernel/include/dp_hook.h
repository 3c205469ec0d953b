/* SPDX-License-Identifier: GPL-2.0-only */
/* What every attached program does once it knows the packet and its
 * netfilter hook: enter the active generation, classify from the hook's
 * chain, count (rules as they match, the policy when it decides), hand
 * LOG and REJECT packets to the helper, leave the generation. The
 * program around it parses, picks the hook and turns the verdict into
 * its own return code. */
#ifndef BPFIPT_DP_HOOK_H
#define BPFIPT_DP_HOOK_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "bpfipt_pkt.h"
#include "dp_maps.h"

static __always_inline void dp_count(__u32 idx, __u32 len)
{
	struct bpfipt_counter *c = bpf_map_lookup_elem(&bpfipt_counters, &idx);

	if (c) {
		/* Atomic: a program interrupted on this CPU may count too. */
		__sync_fetch_and_add(&c->packets, 1);
		__sync_fetch_and_add(&c->bytes, len);
	}
}

/* Per nesting level: the LOG event of the packet being classified,
 * filled before the walk (when the generation has LOG rules) because the
 * walk has no access to the packet's bytes; each LOG rule hit sends it
 * with that rule's prefix and level. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct bpfipt_event);
	__uint(max_entries, BPFIPT_MAX_NEST);
} bpfipt_logpkt SEC(".maps");

/* A LOG rule hit: its event to the helper. Lost when the helper is not
 * reading: the verdict does not wait for it. */
static __always_inline void dp_log_hit(__u32 level, __u32 log_id)
{
	struct bpfipt_event *ev = bpf_map_lookup_elem(&bpfipt_logpkt, &level);
	struct bpfipt_logconf *lc = bpf_map_lookup_elem(&bpfipt_logconf, &log_id);

	if (!ev || !lc)
		return;
	__builtin_memcpy(ev->log_prefix, lc->prefix, BPFIPT_EV_PREFIX);
	ev->log_level = lc->level;
	ev->log_flags = lc->flags;
	bpf_ringbuf_output(&bpfipt_events, ev, sizeof(*ev), 0);
}

#define LBVS_ON_HIT(s, a) dp_count(BPFIPT_SLOT0 + (a)->slot, (s)->pkt.len)
#define LBVS_ON_LOG(s, a) dp_log_hit((s)->user, (a)->log_id)
#include "lbvs.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, struct lbvs_state);
	__uint(max_entries, BPFIPT_MAX_NEST);
} bpfipt_scratch SEC(".maps");

/* How a program reaches the packet's bytes. */
enum dp_ctx_kind { DP_SKB, DP_XDP };

/* What the program knows about the packet besides its headers. */
struct dp_in {
	__u32 hook; /* enum bpfipt_hook */
	__u32 in_ifindex, out_ifindex;
	__u32 l3_off;  /* where the IP header starts in the packet */
	__u32 mac_len; /* link-layer header bytes before it to show in LOG, or 0 */
	__u32 mark;
	__u32 uid, gid, has_sock;
};

static __always_inline struct bpfipt_readers *dp_readers(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&bpfipt_readers, &zero);
}

/* The classifier state of this nesting level, or NULL when nested too
 * deep. dp_leave_nest undoes it. */
static __always_inline struct lbvs_state *dp_enter_nest(struct bpfipt_readers *rd)
{
	__u32 level = __sync_fetch_and_add(&rd->nest, 1);

	struct lbvs_state *s;

	if (level >= BPFIPT_MAX_NEST)
		return NULL;
	s = bpf_map_lookup_elem(&bpfipt_scratch, &level);
	if (s)
		s->user = level;
	return s;
}

static __always_inline void dp_leave_nest(struct bpfipt_readers *rd)
{
	__sync_fetch_and_add(&rd->nest, -1);
}

/* Registers this packet as a reader of the active generation and
 * returns it. The writer flips `active` and then waits for the old
 * generation's readers to drain before rewriting it; reading `active`
 * again after registering closes the race with a flip in between. */
static __always_inline __u32 dp_enter_gen(const struct bpfipt_config *cfg,
					  struct bpfipt_readers *rd)
{
	__u32 g = cfg->active & 1;

	for (int tries = 0; tries < 3; tries++) {
		__u32 now;

		__sync_fetch_and_add(&rd->n[g], 1);
		now = *(volatile __u32 *)&cfg->active & 1;
		if (now == g)
			return g;
		__sync_fetch_and_add(&rd->n[g], -1);
		g = now;
	}
	__sync_fetch_and_add(&rd->n[g], 1);
	return g;
}

static __always_inline void dp_leave_gen(struct bpfipt_readers *rd, __u32 g)
{
	__sync_fetch_and_add(&rd->n[g & 1], -1);
}

static __always_inline __u32 dp_ifclass(__u32 ifindex, __u32 gen, const struct bpfipt_gen_info *gi)
{
	struct bpfipt_ifclass_key key = {.ifindex = ifindex, .gen = gen};
	__u32 *c;

	if (!ifindex)
		return gi->no_iface_class;
	c = bpf_map_lookup_elem(&bpfipt_ifclass, &key);
	return c ? *c : gi->unknown_class;
}

static __always_inline long dp_load(void *ctx, enum dp_ctx_kind kind, __u32 off, void *buf,
				    __u32 len)
{
	if (kind == DP_XDP)
		return bpf_xdp_load_bytes(ctx, off, buf, len);
	return bpf_skb_load_bytes(ctx, off, buf, len);
}

static __always_inline __u32 dp_ctx_len(void *ctx, enum dp_ctx_kind kind)
{
	if (kind == DP_XDP)
		return (__u32)(((struct xdp_md *)ctx)->data_end - ((struct xdp_md *)ctx)->data);
	return ((struct __sk_buff *)ctx)->len;
}

/* An event about the packet: where it was, and its bytes from the IP
 * header on (with the link-layer header before it for LOG). */
static __always_inline void dp_event_fill(struct bpfipt_event *ev, void *ctx,
					  enum dp_ctx_kind kind, const struct dp_in *in,
					  const struct lbvs_state *s, __u32 ev_kind)
{
	__u32 avail, cap;

	__builtin_memset(ev, 0, sizeof(*ev) - BPFIPT_EV_PKT_MAX);
	ev->kind = ev_kind;
	ev->hook = in->hook;
	ev->in_ifindex = in->in_ifindex;
	ev->out_ifindex = in->out_ifindex;
	ev->pkt_len = s->pkt.len;
	ev->mark = in->mark;
	if (in->has_sock) {
		ev->flags = BPFIPT_EV_F_SOCK;
		ev->uid = in->uid;
		ev->gid = in->gid;
	}
	if (ev_kind == BPFIPT_EV_LOG && in->mac_len == 14 && in->l3_off >= 14 &&
	    dp_load(ctx, kind, 0, ev->mac, 14) == 0)
		ev->mac_len = 14;
	avail = dp_ctx_len(ctx, kind);
	avail = avail > in->l3_off ? avail - in->l3_off : 0;
	cap = avail < s->pkt.len ? avail : s->pkt.len;
	if (cap > BPFIPT_EV_PKT_MAX)
		cap = BPFIPT_EV_PKT_MAX;
	if (cap >= 20 && dp_load(ctx, kind, in->l3_off, ev->pkt, cap) == 0)
		ev->cap_len = cap;
}

/* REJECT's event to the helper, which sends the reply. */
static __always_inline void dp_emit_reject(void *ctx, enum dp_ctx_kind kind,
					   const struct dp_in *in, const struct lbvs_state *s)
{
	struct bpfipt_event *ev = bpf_ringbuf_reserve(&bpfipt_events, sizeof(*ev), 0);

	if (!ev)
		return;
	dp_event_fill(ev, ctx, kind, in, s, BPFIPT_EV_REJECT);
	ev->reject_with = s->res.reject_with;
	bpf_ringbuf_submit(ev, 0);
}

/* The LOG event of this nesting level, ready for the walk's LOG rules. */
static __always_inline void dp_log_prepare(void *ctx, enum dp_ctx_kind kind,
					   const struct dp_in *in, const struct lbvs_state *s)
{
	__u32 level = s->user;
	struct bpfipt_event *ev = bpf_map_lookup_elem(&bpfipt_logpkt, &level);

	if (ev)
		dp_event_fill(ev, ctx, kind, in, s, BPFIPT_EV_LOG);
}

/* Classifies the parsed packet in s->pkt at hook in->hook. Returns
 * BPFIPT_CLS_ACCEPT, _DROP or _REJECT (the reply is the helper's job);
 * 0 when no generation is loaded yet, which lets the packet pass. */
static __always_inline __u32 dp_classify(void *ctx, enum dp_ctx_kind kind, struct lbvs_state *s,
					 struct bpfipt_readers *rd, const struct dp_in *in)
{
	__u32 zero = 0, gen, verdict = 0;
	struct bpfipt_config *cfg = bpf_map_lookup_elem(&bpfipt_cfg, &zero);
	struct bpfipt_gen_info *gi;

	if (!cfg)
		return 0;
	gen = dp_enter_gen(cfg, rd);
	gi = bpf_map_lookup_elem(&bpfipt_gens, &gen);
	if (!gi || !gi->valid || in->hook >= BPFIPT_N_HOOKS)
		goto out;
	s->in_class = dp_ifclass(in->in_ifindex, gen, gi);
	s->out_class = dp_ifclass(in->out_ifindex, gen, gi);
	s->policy = gi->policy[in->hook];
	s->chain_base = gi->chain_base;
	s->hook_chain = gi->chain_base + in->hook;
	__builtin_memset(&s->res, 0, sizeof(s->res));
	if (gi->has_log)
		dp_log_prepare(ctx, kind, in, s);
	lbvs_classify(s);
	if (s->res.by_policy)
		dp_count(in->hook, s->pkt.len);
	verdict = s->res.verdict;
	if (verdict == BPFIPT_CLS_REJECT)
		dp_emit_reject(ctx, kind, in, s);
out:
	dp_leave_gen(rd, gen);
	return verdict;
}

#endif
