// SPDX-License-Identifier: GPL-2.0-only
/* The BPF classifier (kernel/include/lbvs.h) against its userspace twin
 * (translator/lbvs/classify.c, itself checked against the reference
 * matcher by test_lbvs): random tables are compiled, flattened and loaded
 * into the maps, random frames go through BPF_PROG_TEST_RUN, and the
 * verdict, deciding rule, policy, hot drop and number of counted rules
 * must equal what the twin says for the packet as the BPF parser saw it.
 * Needs root and BPF; without them it fails, it does not skip. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfipt_image.h" /* before the skeleton, which names its structs */
#include "bpfipt_pkt.h"
#include "check.h"
#include "classify_test.skel.h"
#include "bpf_image.h"
#include "pkt_convert.h"
#include "random_table.h"

#define N_TABLES 60
#define PACKETS_PER_TABLE 200

/* A frame carrying the packet's IP and layer-4 facts; option bytes are
 * random, the BPF parser's reading of them is what both sides classify. */
static size_t build_frame(const struct packet *p, uint8_t *b)
{
	size_t l4 = p->frag_off ? 20 : p->l4_len, n = 0;
	uint16_t tot = (uint16_t)(20 + l4);

	memset(b, 0, 14);
	b[12] = 0x08;
	n = 14;
	uint8_t ip[20] = {0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, 0, 1,
			  (uint8_t)(p->frag_off >> 8), (uint8_t)p->frag_off, 64, p->proto};
	memcpy(ip + 12, &p->saddr, 4);
	memcpy(ip + 16, &p->daddr, 4);
	memcpy(b + n, ip, 20);
	n += 20;
	uint8_t h[60];
	for (size_t i = 0; i < sizeof(h); i++)
		h[i] = (uint8_t)rnd(256);
	h[0] = (uint8_t)(p->sport >> 8);
	h[1] = (uint8_t)p->sport;
	h[2] = (uint8_t)(p->dport >> 8);
	h[3] = (uint8_t)p->dport;
	if (p->proto == 1) {
		h[0] = p->icmp_type;
		h[1] = p->icmp_code;
	}
	h[12] = (uint8_t)(p->tcp_doff << 4);
	h[13] = p->tcp_flags;
	memcpy(b + n, h, l4);
	return n + l4;
}

/* The BPF result names the record (segment) and its rule; the userspace
 * one, the chain and the rule's place there. */
static bool same(const struct lbvs_flat *f, const struct bpfipt_cls_result *b,
		 const struct lbvs_result *u)
{
	uint32_t uv = u->hotdrop			? BPFIPT_CLS_DROP
		      : u->verdict == VERDICT_ACCEPT ? BPFIPT_CLS_ACCEPT
		      : u->verdict == VERDICT_DROP   ? BPFIPT_CLS_DROP
						     : BPFIPT_CLS_REJECT;

	if (b->verdict != uv || !!b->hotdrop != u->hotdrop || b->n_hits != u->n_hits)
		return false;
	if (u->hotdrop)
		return true;
	if (!!b->by_policy != u->by_policy)
		return false;
	if (u->by_policy)
		return true;
	if (b->final_chain >= f->n_chains)
		return false;
	const struct bpfipt_chain *seg = &f->chain[b->final_chain];

	return seg->src_chain == u->final_chain && seg->rule0 + b->final_rule == u->final_rule;
}

/* What the frames met, so that a run shows it exercised every outcome. */
static unsigned long seen_verdict[4], seen_policy, seen_hotdrop, seen_hits;

static int run_table(unsigned int t, unsigned long *pairs, unsigned long *bad)
{
	unsigned int n;
	struct lbvs_image img;
	struct lbvs_flat flat;
	struct xt_err err;
	struct classify_test *skel;

	rng_state = 0x51ed27u * (t + 7);
	struct ruleset *rs = random_table(&n);
	/* Every other table with its chains cut into segments. */
	if (compile_maybe_split(rs, t % 2, &img, &flat, &err) < 0) {
		ruleset_free(rs);
		return CHECK(false, "table %u compiles", t) ? 0 : -1;
	}
	skel = classify_test__open();
	if (skel && bpf_image_load(skel, &flat) < 0) {
		classify_test__destroy(skel);
		skel = NULL;
	}
	if (CHECK(skel != NULL, "table %u: program loaded and maps filled (root, BPF)", t)) {
		for (unsigned int k = 0; k < PACKETS_PER_TABLE; k++) {
			enum hook hook = (enum hook)rnd(3);
			struct packet p, seen;
			struct lbvs_result u;
			uint8_t frame[128];
			size_t len;

			random_packet(&p, hook);
			len = build_frame(&p, frame);
			skel->bss->hook_chain = hook;
			skel->bss->in_class = lbvs_iface_class(&img.ifaces, p.iniface);
			skel->bss->out_class = lbvs_iface_class(&img.ifaces, p.outiface);
			skel->bss->policy = flat.policy[hook];
			LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = frame,
				    .data_size_in = (uint32_t)len, .repeat = 1);
			if (bpf_prog_test_run_opts(bpf_program__fd(skel->progs.bpfipt_classify_test),
						   &opts) < 0) {
				CHECK(false, "table %u packet %u: test run", t, k);
				break;
			}
			pkt_from_bpf(&skel->bss->pkt, &p, &seen);
			lbvs_classify(&flat, hook, &seen, &u);
			(*pairs)++;
			seen_verdict[skel->bss->result.verdict & 3]++;
			seen_policy += skel->bss->result.by_policy;
			seen_hotdrop += skel->bss->result.hotdrop;
			seen_hits += skel->bss->result.n_hits;
			if (!same(&flat, &skel->bss->result, &u) && (*bad)++ < 10)
				CHECK(false, "table %u packet %u: BPF and userspace agree (bpf %u/%u/%u "
					     "hits %u, user %d/%u/%u hits %u)",
				      t, k, skel->bss->result.verdict, skel->bss->result.final_chain,
				      skel->bss->result.final_rule, skel->bss->result.n_hits,
				      u.verdict, u.final_chain, u.final_rule, u.n_hits);
		}
		classify_test__destroy(skel);
	}
	lbvs_flat_free(&flat);
	lbvs_image_free(&img);
	ruleset_free(rs);
	return 0;
}

int main(void)
{
	unsigned long pairs = 0, bad = 0;

	for (unsigned int t = 0; t < N_TABLES; t++)
		run_table(t, &pairs, &bad);
	printf("# %lu frames through BPF_PROG_TEST_RUN, %lu disagreements\n", pairs, bad);
	printf("# accept %lu, drop %lu, reject %lu (by policy %lu, hot drops %lu), %lu rule hits\n",
	       seen_verdict[BPFIPT_CLS_ACCEPT], seen_verdict[BPFIPT_CLS_DROP],
	       seen_verdict[BPFIPT_CLS_REJECT], seen_policy, seen_hotdrop, seen_hits);
	CHECK(seen_verdict[BPFIPT_CLS_ACCEPT] && seen_verdict[BPFIPT_CLS_DROP] &&
	      seen_verdict[BPFIPT_CLS_REJECT] && seen_policy && seen_hotdrop,
	      "the frames met every kind of outcome");
	CHECK(pairs >= (unsigned long)N_TABLES * PACKETS_PER_TABLE, "every frame classified");
	CHECK(bad == 0, "the BPF classifier agrees with its userspace twin");
	return check_exit();
}
