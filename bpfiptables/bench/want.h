/* SPDX-License-Identifier: GPL-2.0-only */
/* What a packet must carry to satisfy the rules along one path through
 * the table (a rule, and the jumps that lead to its chain), and the
 * packets that do (want.c). */
#ifndef BPFIPT_BENCH_WANT_H
#define BPFIPT_BENCH_WANT_H

#include <stdbool.h>
#include <stdint.h>

#include "bench.h"
#include "packet.h"
#include "rule.h"

/* The DUT's interfaces: traffic comes in on bd0 and, forwarded, leaves
 * on bd1 (sandbox.c). */
#define WANT_DUT_IN "bd0"
#define WANT_DUT_OUT "bd1"

/* Why a rule gets no flow: none of these is DERIVED. */
enum derive_why {
	DERIVED,
	WHY_SHADOWED, /* packets satisfy it, earlier rules take them all */
	WHY_IFACE,    /* -i/-o name no interface the traffic passes */
	WHY_DEST,     /* -d allows no address of the DUT (INPUT) or beyond it */
	WHY_FRAG,     /* -f: the sandbox sends no fragments */
	WHY_UNSAT,    /* no packet found that satisfies its matches */
	WHY_N,
};

struct want;

struct want *want_new(enum hook hook);
struct want *want_clone(const struct want *w);
void want_free(struct want *w);
/* Adds what rule r asks of a packet (its IP part and its matches). */
void want_add_rule(struct want *w, const struct rule *r);
/* Adds the negation of one condition of rule r: its source, destination,
 * protocol, then each option of its matches, numbered from 0 in that
 * order (those it has). false when r has no condition of that number.
 * A candidate that r took is tried again without what r asks, one
 * condition at a time. */
bool want_add_negation(struct want *w, const struct rule *r, unsigned int part);
/* Candidate k (0, 1, ...) of a flow that satisfies everything added, for
 * the flow numbered ord (which spreads defaults over addresses). DERIVED
 * with f filled, or why there is none; later candidates vary the protocol
 * and pick the free fields at random, to get past earlier rules. */
enum derive_why want_pick(const struct want *w, unsigned int k, uint32_t ord, int tcp_first,
			  struct flow_spec *f);

#endif
