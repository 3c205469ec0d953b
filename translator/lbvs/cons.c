// SPDX-License-Identifier: GPL-2.0-only
#include "cons.h"

#include <stdlib.h>
#include <string.h>

uint32_t lbvs_field_max(enum lbvs_field f, uint32_t n_iface_classes)
{
	switch (f) {
	case LBVS_PROTO:
		return 255;
	case LBVS_FRAG:
		return 1;
	case LBVS_IN:
	case LBVS_OUT:
		return n_iface_classes ? n_iface_classes - 1 : 0;
	case LBVS_SPORT:
	case LBVS_DPORT:
		return LBVS_PORT_SHORT;
	case LBVS_ICMP:
		return LBVS_ICMP_SHORT;
	case LBVS_TCPFLAGS:
		return LBVS_FLAGS_SHORT;
	case LBVS_SRC_ADDR:
	case LBVS_DST_ADDR:
		return UINT32_MAX;
	default:
		abort(); /* not a field: a programming error */
	}
}

void lbvs_l4_set(struct iset *s, uint32_t lo, uint32_t hi, bool inv, uint32_t max,
		 uint32_t shrt)
{
	s->n = 0;
	if (lo <= hi)
		iset_add(s, lo, hi);
	if (inv)
		iset_complement(s, max);
	iset_add(s, shrt, shrt);
}

void lbvs_cons_l4(struct lbvs_rule_cons *rc, enum lbvs_field f, const struct iset *s)
{
	lbvs_cons_restrict(rc, f, s);
	rc->residual |= LBVS_RES_SHORT;
}

void lbvs_cons_add_l4(struct lbvs_rule_cons *rc, const struct bpfipt_l4match *m)
{
	struct bpfipt_l4match *l4 = realloc(rc->l4, (rc->n_l4 + 1) * sizeof(*l4));

	if (!l4)
		abort();
	rc->l4 = l4;
	rc->l4[rc->n_l4++] = *m;
	rc->residual |= LBVS_RES_SHORT;
}

void lbvs_cons_init(struct lbvs_rule_cons *rc)
{
	memset(rc, 0, sizeof(*rc));
	rc->alt = calloc(1, sizeof(*rc->alt));
	if (!rc->alt)
		abort();
	rc->n_alt = 1;
}

static void alt_free(struct lbvs_alt *a)
{
	for (int f = 0; f < LBVS_N_FIELDS; f++)
		iset_free(&a->set[f]);
}

void lbvs_cons_free(struct lbvs_rule_cons *rc)
{
	for (unsigned int i = 0; i < rc->n_alt; i++)
		alt_free(&rc->alt[i]);
	free(rc->alt);
	free(rc->l4);
	memset(rc, 0, sizeof(*rc));
}

static void alt_restrict(struct lbvs_alt *a, enum lbvs_field f, const struct iset *s)
{
	if (!a->constrained[f]) {
		a->constrained[f] = true;
		iset_copy(&a->set[f], s);
	} else {
		iset_intersect(&a->set[f], s);
	}
}

void lbvs_cons_restrict(struct lbvs_rule_cons *rc, enum lbvs_field f, const struct iset *s)
{
	for (unsigned int i = 0; i < rc->n_alt; i++)
		alt_restrict(&rc->alt[i], f, s);
}

static void alt_copy(struct lbvs_alt *dst, const struct lbvs_alt *src)
{
	memset(dst, 0, sizeof(*dst));
	for (int f = 0; f < LBVS_N_FIELDS; f++) {
		dst->constrained[f] = src->constrained[f];
		if (src->constrained[f])
			iset_copy(&dst->set[f], &src->set[f]);
	}
}

void lbvs_cons_either(struct lbvs_rule_cons *rc, enum lbvs_field fa, const struct iset *a,
		      enum lbvs_field fb, const struct iset *b)
{
	unsigned int n = rc->n_alt;
	struct lbvs_alt *alt = realloc(rc->alt, 2 * n * sizeof(*alt));

	if (!alt)
		abort();
	rc->alt = alt;
	/* Alternatives 0..n-1 take f_a, n..2n-1 (copies) take f_b. */
	for (unsigned int i = 0; i < n; i++) {
		alt_copy(&alt[n + i], &alt[i]);
		alt_restrict(&alt[i], fa, a);
		alt_restrict(&alt[n + i], fb, b);
	}
	rc->n_alt = 2 * n;
}
