/* SPDX-License-Identifier: GPL-2.0-only */
/* What a rule asks of a packet, field by field: the input of the LBVS
 * compiler. The header part comes from struct rule_ip, each match adds
 * its own through its compile op. A rule whose condition is a disjunction
 * across fields (multiport --ports: source OR destination port) has
 * several alternatives; each becomes one bit of the chain's bitvectors,
 * all leading to the same rule. */
#ifndef BPFIPT_LBVS_CONS_H
#define BPFIPT_LBVS_CONS_H

#include <stdbool.h>
#include <stdint.h>

#include "../../kernel/include/bpfipt_image.h"
#include "iset.h"

/* The indexed packet fields, with their domains. The layer-4 fields have two
 * extra values: NONE (the packet has no such header: other protocol, later
 * fragment) and SHORT (a first fragment too short for the header the
 * extensions read: netfilter may drop it on the spot, so the candidate
 * rules get an exact check, see LBVS_RES_SHORT). */
enum lbvs_field {
	LBVS_PROTO,    /* 0..255 */
	LBVS_FRAG,     /* 0: first fragment or whole packet, 1: a later one */
	LBVS_IN,       /* interface class of the input device */
	LBVS_OUT,      /* interface class of the output device */
	LBVS_SPORT,    /* 0..65535, NONE, SHORT */
	LBVS_DPORT,    /* 0..65535, NONE, SHORT */
	LBVS_ICMP,     /* type << 8 | code, NONE, SHORT */
	LBVS_TCPFLAGS, /* 0..255, NONE, SHORT */
	LBVS_SRC_ADDR, /* host byte order: a prefix is an interval */
	LBVS_DST_ADDR,
	LBVS_N_FIELDS,
};

#define LBVS_PORT_NONE 65536u
#define LBVS_PORT_SHORT 65537u
#define LBVS_ICMP_NONE 65536u
#define LBVS_ICMP_SHORT 65537u
#define LBVS_FLAGS_NONE 256u
#define LBVS_FLAGS_SHORT 257u

/* Checks that do not index well, made on a candidate after the AND. */
enum lbvs_residual {
	LBVS_RES_SRC_MASK = 1 << 0,  /* -s with a non-contiguous mask */
	LBVS_RES_DST_MASK = 1 << 1,  /* -d with a non-contiguous mask */
	LBVS_RES_TCP_OPTION = 1 << 2, /* --tcp-option */
	LBVS_RES_SHORT = 1 << 3,     /* exact layer-4 matches on SHORT packets */
};

struct lbvs_alt {
	bool constrained[LBVS_N_FIELDS]; /* false: any value */
	struct iset set[LBVS_N_FIELDS];
};

struct lbvs_rule_cons {
	struct lbvs_alt *alt;
	unsigned int n_alt;
	unsigned int residual; /* enum lbvs_residual bits */
	uint8_t tcp_option;    /* LBVS_RES_TCP_OPTION: the kind */
	bool tcp_option_inv;
	/* The rule's layer-4 matches in order, for the exact check. */
	struct bpfipt_l4match *l4;
	unsigned int n_l4;
};

/* A layer-4 value set as the extensions see it: [lo, hi] (empty when
 * lo > hi, as the kernel's range test is then never true), complemented
 * within the real values [0, max] under "!", never NONE (no header: the
 * match fails), always SHORT (the candidate gets the exact check). */
void lbvs_l4_set(struct iset *s, uint32_t lo, uint32_t hi, bool inv, uint32_t max,
		 uint32_t shrt);
/* A match that reads the layer-4 header: restrict `f` to s, and have the
 * rule checked exactly on packets too short for that header. */
void lbvs_cons_l4(struct lbvs_rule_cons *rc, enum lbvs_field f, const struct iset *s);
/* Append a layer-4 match for the exact check (LBVS_RES_SHORT). */
void lbvs_cons_add_l4(struct lbvs_rule_cons *rc, const struct bpfipt_l4match *m);

/* Largest value of each field's domain; interface fields depend on the
 * ruleset's interface classes (n_iface_classes). */
uint32_t lbvs_field_max(enum lbvs_field f, uint32_t n_iface_classes);

void lbvs_cons_init(struct lbvs_rule_cons *rc);
void lbvs_cons_free(struct lbvs_rule_cons *rc);
/* Every alternative must also have field f in s. */
void lbvs_cons_restrict(struct lbvs_rule_cons *rc, enum lbvs_field f, const struct iset *s);
/* The condition becomes (current AND f_a in a) OR (current AND f_b in b). */
void lbvs_cons_either(struct lbvs_rule_cons *rc, enum lbvs_field fa, const struct iset *a,
		      enum lbvs_field fb, const struct iset *b);

#endif
