/* SPDX-License-Identifier: GPL-2.0-only */
/* The reference matcher: the filter table walked rule by rule as the
 * kernel's ipt_do_table walks it (net/ipv4/netfilter/ip_tables.c), with
 * the extensions' own match semantics. It is the oracle the LBVS
 * compiler is tested against, so it is plain and linear on purpose.
 *
 * What it follows:
 * - A walk starts at the first rule of the hook's built-in chain. A rule
 *   matches when its IP-header part does (ip_packet_match, see
 *   ref_ip_match) and then each of its matches, in order; the first that
 *   fails ends the rule. A match that cannot read its header hot-drops:
 *   the packet is dropped at once and that rule counts nothing.
 * - A matching rule counts the packet, then its target acts: none goes
 *   on, ACCEPT and DROP end the walk, RETURN pops the jump stack, -j
 *   pushes the rule and enters the chain, -g enters without a push,
 *   REJECT ends the walk (NF_DROP after the reply is sent), LOG records
 *   an event and goes on (XT_CONTINUE).
 * - The end of a user chain returns (the kernel's hidden RETURN rule,
 *   whose counter no listing shows and which is not recorded here). A
 *   return with an empty stack, whether from the built-in chain itself or
 *   from a chain it went to with -g, lands on the built-in chain's policy
 *   (the "underflow" entry), as does the end of the built-in chain: the
 *   policy then counts the packet and decides.
 * - Netfilter's stack has room for one frame per user chain and no other
 *   depth limit; a table with a loop reachable from a built-in chain is
 *   refused when loaded (mark_source_chains, ELOOP), and exec refuses
 *   one too, so no walk of a table built through exec can loop. Should a
 *   table built by hand hold such a loop (through -g alone, where no
 *   stack would grow), the walk notices that the chain of entries since
 *   the built-in chain has grown longer than the table has chains,
 *   asserts, and without assertions returns -ELOOP. */
#ifndef BPFIPT_REFMATCH_H
#define BPFIPT_REFMATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"
#include "ruleset.h"

enum ref_verdict {
	REF_ACCEPT,
	REF_DROP,   /* -j DROP, a DROP policy, or a hot drop */
	REF_REJECT, /* -j REJECT: dropped, and a reply of ref_result.reject_with */
};

/* ref_pos.rule of a built-in chain's policy. */
#define REF_POLICY UINT32_MAX

/* A place in the table: a rule, or with REF_POLICY a built-in chain's
 * policy. Indices into rs->chains and that chain's rules, valid for the
 * table as it was classified. */
struct ref_pos {
	uint32_t chain;
	uint32_t rule;
};

/* A jump's return address, and how long the path of entered chains was
 * when it was pushed. */
struct ref_frame {
	struct ref_pos from;
	uint32_t path;
};

struct ref_result {
	enum ref_verdict verdict;
	int reject_with; /* REF_REJECT: enum reject_with (ext/reject.h) */
	/* The rule whose target decided, the policy (rule REF_POLICY), or
	 * with hotdrop the rule whose match dropped the packet. */
	struct ref_pos final;
	bool hotdrop;
	bool policy_hit; /* the hook chain's policy counted the packet */
	/* Every rule that matched, in the order the walk met them; a rule
	 * appears once per time its chain was entered and it matched. */
	struct ref_pos *hits;
	size_t n_hits;
	/* Every LOG rule that matched, in order (each is a hit too). */
	struct ref_pos *logs;
	size_t n_logs;
	/* The deepest the jump stack went: 0 without a -j into a user
	 * chain; -g adds nothing, as in the kernel. */
	unsigned int depth;
	/* Storage owned by the result, grown on demand and kept across
	 * calls, so that a reused result allocates nothing per packet. */
	size_t cap_hits, cap_logs, cap_stack;
	struct ref_frame *stack;
};

void ref_result_init(struct ref_result *res);
void ref_result_free(struct ref_result *res);

/* Walk the table for a packet arriving at `hook`. 0 with res filled in,
 * or a negative errno for a table netfilter would not have loaded or
 * this build cannot evaluate: -ENOENT (jump to a missing chain), -EINVAL
 * (bad hook, jump to a built-in chain), -ELOOP (see above), -EOPNOTSUPP
 * (a match without a match op, a target other than REJECT and LOG),
 * -ENOMEM. */
int ref_classify(const struct ruleset *rs, enum hook hook, const struct packet *pkt,
		 struct ref_result *res);

/* ip_packet_match: the rule's addresses, interfaces, protocol and -f
 * against the packet. The hook decides which devices exist: INPUT has
 * no output device and OUTPUT no input device, so those compare as the
 * empty name whatever the packet says. */
bool ref_ip_match(const struct rule_ip *ip, const struct packet *pkt, enum hook hook);

/* Add the packet to what res says counted it: each hit rule, and the
 * policy if it was hit (one packet and pkt->len bytes each, as
 * ADD_COUNTER(skb->len, 1)). rs must be the table res was computed on. */
void ref_count(struct ruleset *rs, const struct ref_result *res, const struct packet *pkt);

#endif
