// SPDX-License-Identifier: GPL-2.0-only
/* The reference matcher (refmatch.h): ipt_do_table's walk over the rule
 * model. Each step looks at one rule, or at the end of a chain. */
#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ext.h"
#include "ext/ext_list.h"
#include "ext/reject.h"
#include "refmatch.h"

/* ---- the IP-header part (ip_packet_match) --------------------------- */

/* ifname_compare_aligned under the mask iptables derives from the name
 * (xtables_parse_interface): "eth+" compares the bytes before the '+',
 * so "+" alone compares none and matches every name, the empty one
 * included; a plain name compares its bytes and the NUL after them, so
 * it matches that name only. An empty rule name has an empty mask. */
static bool ref_iface_match(const char *rule_if, const char *dev)
{
	size_t len = strnlen(rule_if, XT_IFNAMSIZ);
	size_t n;

	if (len == 0)
		return true;
	n = rule_if[len - 1] == '+' ? len - 1 : len + 1;
	if (n > XT_IFNAMSIZ)
		n = XT_IFNAMSIZ;
	return memcmp(rule_if, dev, n) == 0;
}

/* A zero mask asks nothing (kernel 6.x tests the mask first), so that
 * "! -s 0/0" never matches. */
static bool ref_addr_mismatch(uint32_t addr, uint32_t net, uint32_t mask)
{
	return mask && (addr & mask) != net;
}

/* Each condition is NF_INVF: the raw test XORed with its "!" bit. */
static bool ref_inv(const struct rule_ip *ip, uint8_t bit, bool cond)
{
	return cond ^ !!(ip->invflags & bit);
}

bool ref_ip_match(const struct rule_ip *ip, const struct packet *pkt, enum hook hook)
{
	static const char nodev[XT_IFNAMSIZ]; /* the kernel's nulldevname */
	const char *indev = hook == HOOK_OUTPUT ? nodev : pkt->iniface;
	const char *outdev = hook == HOOK_INPUT ? nodev : pkt->outiface;
	bool isfrag = pkt->frag_off != 0;

	if (ref_inv(ip, RULE_INV_SRCIP, ref_addr_mismatch(pkt->saddr, ip->src, ip->smsk)) ||
	    ref_inv(ip, RULE_INV_DSTIP, ref_addr_mismatch(pkt->daddr, ip->dst, ip->dmsk)))
		return false;
	if (ref_inv(ip, RULE_INV_VIA_IN, !ref_iface_match(ip->iniface, indev)) ||
	    ref_inv(ip, RULE_INV_VIA_OUT, !ref_iface_match(ip->outiface, outdev)))
		return false;
	/* Protocol 0 asks nothing, even under "!". */
	if (ip->proto && ref_inv(ip, RULE_INV_PROTO, pkt->proto != ip->proto))
		return false;
	/* -f wants a non-first fragment; "!" turns the whole test round,
	 * so "! -f" takes first fragments and whole packets. */
	return !ref_inv(ip, RULE_INV_FRAG, (ip->flags & RULE_F_FRAG) && !isfrag);
}

/* ---- storage in the result ------------------------------------------ */

void ref_result_init(struct ref_result *res)
{
	memset(res, 0, sizeof(*res));
}

void ref_result_free(struct ref_result *res)
{
	free(res->hits);
	free(res->logs);
	free(res->stack);
	ref_result_init(res);
}

/* Room for `need` elements: the array to use from now on, or NULL when
 * out of memory (the old one then stays as it was). */
static void *ref_grow(void *arr, size_t *cap, size_t need, size_t elem)
{
	size_t n = *cap ? *cap : 16;
	void *p;

	if (need <= *cap)
		return arr;
	while (n < need)
		n *= 2;
	p = realloc(arr, n * elem);
	if (p)
		*cap = n;
	return p;
}

static int ref_push_pos(struct ref_pos **arr, size_t *n, size_t *cap, struct ref_pos pos)
{
	struct ref_pos *p = ref_grow(*arr, cap, *n + 1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	*arr = p;
	p[(*n)++] = pos;
	return 0;
}

/* Clears the answer; the stack gets room for the deepest walk a
 * loop-free table allows (one frame per chain) before the walk starts. */
static int ref_result_reset(struct ref_result *res, size_t n_chains)
{
	struct ref_frame *stack = ref_grow(res->stack, &res->cap_stack, n_chains, sizeof(*stack));

	res->verdict = REF_DROP;
	res->reject_with = 0;
	res->final = (struct ref_pos){0, 0};
	res->hotdrop = false;
	res->policy_hit = false;
	res->n_hits = 0;
	res->n_logs = 0;
	res->depth = 0;
	if (!stack)
		return -ENOMEM;
	res->stack = stack;
	return 0;
}

/* ---- the walk -------------------------------------------------------- */

struct ref_walk {
	const struct ruleset *rs;
	const struct packet *pkt;
	enum hook hook;
	struct ref_result *res;
	struct ref_pos at; /* the rule to look at next */
	uint32_t sp;	   /* jump stack frames in use */
	/* Chains entered since the built-in chain, by -j or -g, minus those
	 * a RETURN left: a path in the jump graph, so in a loop-free table
	 * never longer than the number of chains. */
	uint32_t path;
	bool hotdrop;
};

/* Step results: go on, or the walk is over (res is final). */
enum { REF_STEP_ON = 0, REF_STEP_DONE = 1 };

static int ref_finish(struct ref_walk *w, enum ref_verdict verdict)
{
	w->res->verdict = verdict;
	w->res->final = w->at;
	return REF_STEP_DONE;
}

/* The underflow entry: the built-in chain's policy rule, unconditional,
 * counts the packet and gives its verdict. */
static int ref_policy(struct ref_walk *w)
{
	const struct chain *c = w->rs->chains[w->hook];

	w->at = (struct ref_pos){(uint32_t)w->hook, REF_POLICY};
	w->res->policy_hit = true;
	return ref_finish(w, c->policy == POLICY_ACCEPT ? REF_ACCEPT : REF_DROP);
}

/* XT_RETURN: back to the rule after the last push, or with nothing
 * pushed to the policy. */
static int ref_return(struct ref_walk *w)
{
	const struct ref_frame *f;

	if (w->sp == 0)
		return ref_policy(w);
	f = &w->res->stack[--w->sp];
	w->at = (struct ref_pos){f->from.chain, f->from.rule + 1};
	w->path = f->path;
	return REF_STEP_ON;
}

/* Index of a chain by name: the built-in chains, then the user chains,
 * which the table keeps sorted by name (ruleset.h). -1 if absent. */
static long ref_chain_index(const struct ruleset *rs, const char *name)
{
	size_t lo = RULESET_N_BUILTIN, hi = rs->n_chains;

	for (size_t i = 0; i < RULESET_N_BUILTIN; i++)
		if (strcmp(rs->chains[i]->name, name) == 0)
			return (long)i;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(rs->chains[mid]->name, name);

		if (cmp == 0)
			return (long)mid;
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* A jump (push) or goto (no push) into a user chain. */
static int ref_enter(struct ref_walk *w, const char *name, bool push)
{
	long to = ref_chain_index(w->rs, name);

	if (to < 0)
		return -ENOENT;
	if (to < RULESET_N_BUILTIN)
		return -EINVAL;
	if (w->path >= w->rs->n_chains) {
		assert(!"a loop reachable from a built-in chain: exec refuses such tables");
		return -ELOOP;
	}
	if (push) {
		w->res->stack[w->sp++] = (struct ref_frame){w->at, w->path};
		if (w->sp > w->res->depth)
			w->res->depth = w->sp;
	}
	w->path++;
	w->at = (struct ref_pos){(uint32_t)to, 0};
	return REF_STEP_ON;
}

/* Target extensions: REJECT answers and drops, LOG logs and goes on. */
static int ref_target_ext(struct ref_walk *w, const struct rule_target *t)
{
	struct ref_result *res = w->res;
	int ret;

	if (t->ext == &xt_ext_REJECT) {
		res->reject_with = reject_kind(t->data);
		return ref_finish(w, REF_REJECT);
	}
	if (t->ext != &xt_ext_LOG)
		return -EOPNOTSUPP;
	ret = ref_push_pos(&res->logs, &res->n_logs, &res->cap_logs, w->at);
	w->at.rule++;
	return ret;
}

static int ref_target(struct ref_walk *w, const struct rule *r)
{
	const struct rule_target *t = &r->target;

	switch (t->verdict) {
	case VERDICT_NONE:
		w->at.rule++;
		return REF_STEP_ON;
	case VERDICT_ACCEPT:
		return ref_finish(w, REF_ACCEPT);
	case VERDICT_DROP:
		return ref_finish(w, REF_DROP);
	case VERDICT_RETURN:
		return ref_return(w);
	case VERDICT_JUMP:
		return ref_enter(w, t->chain, !(r->ip.flags & RULE_F_GOTO));
	case VERDICT_EXT:
		return ref_target_ext(w, t);
	}
	return -EINVAL;
}

/* The IP part, then each match in order; a match that hot-drops has
 * said no (ext.h), and the caller ends the walk. */
static int ref_rule_matches(struct ref_walk *w, const struct rule *r, bool *matched)
{
	*matched = false;
	if (!ref_ip_match(&r->ip, w->pkt, w->hook))
		return 0;
	for (unsigned int i = 0; i < r->n_matches; i++) {
		const struct rule_match *m = &r->matches[i];

		if (!m->ext->match)
			return -EOPNOTSUPP;
		if (!m->ext->match(m->data, w->pkt, &w->hotdrop) || w->hotdrop)
			return 0;
	}
	*matched = true;
	return 0;
}

/* The end of a chain: a built-in chain's policy, a user chain's
 * implicit RETURN. */
static int ref_chain_end(struct ref_walk *w, const struct chain *c)
{
	return chain_is_builtin(c) ? ref_policy(w) : ref_return(w);
}

static int ref_step(struct ref_walk *w)
{
	const struct chain *c = w->rs->chains[w->at.chain];
	bool matched;
	int ret;

	if (w->at.rule >= c->n_rules)
		return ref_chain_end(w, c);
	ret = ref_rule_matches(w, c->rules[w->at.rule], &matched);
	if (ret < 0)
		return ret;
	if (w->hotdrop) {
		w->res->hotdrop = true;
		return ref_finish(w, REF_DROP);
	}
	if (!matched) {
		w->at.rule++;
		return REF_STEP_ON;
	}
	ret = ref_push_pos(&w->res->hits, &w->res->n_hits, &w->res->cap_hits, w->at);
	return ret < 0 ? ret : ref_target(w, c->rules[w->at.rule]);
}

int ref_classify(const struct ruleset *rs, enum hook hook, const struct packet *pkt,
		 struct ref_result *res)
{
	struct ref_walk w = {.rs = rs, .pkt = pkt, .hook = hook, .res = res, .path = 1};
	int ret;

	if ((unsigned int)hook >= RULESET_N_BUILTIN || rs->n_chains < RULESET_N_BUILTIN)
		return -EINVAL;
	/* enum hook counts the built-in chains in the table's order. */
	w.at = (struct ref_pos){(uint32_t)hook, 0};
	ret = ref_result_reset(res, rs->n_chains);
	while (ret == REF_STEP_ON)
		ret = ref_step(&w);
	return ret < 0 ? ret : 0;
}

void ref_count(struct ruleset *rs, const struct ref_result *res, const struct packet *pkt)
{
	for (size_t i = 0; i < res->n_hits; i++) {
		struct rule *r = rs->chains[res->hits[i].chain]->rules[res->hits[i].rule];

		r->pcnt++;
		r->bcnt += pkt->len;
	}
	if (res->policy_hit) {
		struct chain *c = rs->chains[res->final.chain];

		c->pcnt++;
		c->bcnt += pkt->len;
	}
}
