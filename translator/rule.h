/* SPDX-License-Identifier: GPL-2.0-only */
/* The rule model: what one iptables rule of the filter table says.
 * Field meanings and flag values follow the kernel's struct ipt_ip so that
 * anyone who knows iptables can read them. */
#ifndef BPFIPT_RULE_H
#define BPFIPT_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Chain and target names are shorter than this (XT_EXTENSION_MAXNAMELEN). */
#define XT_NAME_MAX 29
/* Interface names, NUL included (IFNAMSIZ). */
#define XT_IFNAMSIZ 16

/* invflags, as the kernel's IPT_INV_* */
#define RULE_INV_VIA_IN 0x01
#define RULE_INV_VIA_OUT 0x02
#define RULE_INV_SRCIP 0x08
#define RULE_INV_DSTIP 0x10
#define RULE_INV_FRAG 0x20
#define RULE_INV_PROTO 0x40

/* flags, as the kernel's IPT_F_* */
#define RULE_F_FRAG 0x01
#define RULE_F_GOTO 0x02

struct rule_ip {
	uint32_t src, smsk; /* network byte order */
	uint32_t dst, dmsk;
	/* As typed, '+' suffix included: "eth+" matches every name starting
	 * with "eth", "+" alone matches everything. Empty: any. */
	char iniface[XT_IFNAMSIZ];
	char outiface[XT_IFNAMSIZ];
	uint16_t proto; /* 0: any */
	uint8_t flags;
	uint8_t invflags;
};

struct xt_ext;

/* One -m instance: the extension and its private, pointer-free data. */
struct rule_match {
	const struct xt_ext *ext;
	void *data;
};

enum rule_verdict {
	VERDICT_NONE,   /* no -j: the rule only counts */
	VERDICT_ACCEPT,
	VERDICT_DROP,
	VERDICT_RETURN,
	VERDICT_JUMP,   /* -j CHAIN, or -g CHAIN when RULE_F_GOTO is set */
	VERDICT_EXT,    /* a target extension: REJECT, LOG */
};

struct rule_target {
	enum rule_verdict verdict;
	char chain[XT_NAME_MAX + 3]; /* VERDICT_JUMP: the target chain */
	const struct xt_ext *ext;    /* VERDICT_EXT */
	void *data;                  /* VERDICT_EXT: private data */
};

struct rule {
	struct rule_ip ip;
	struct rule_match *matches;
	unsigned int n_matches;
	struct rule_target target;
	uint64_t pcnt, bcnt;
	/* Counter slot in the dataplane; stays with the rule across inserts
	 * and deletes of other rules. */
	uint32_t slot;
	/* Loaded with its table: the rule, its matches and its data are in
	 * the table's arena and go with the table (rule_free leaves them). */
	bool in_arena;
};

/* Copy a name into a fixed, zero-padded field (padding matters: rules
 * are compared with memcmp). */
static inline void name_copy(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memset(dst, 0, size);
	memcpy(dst, src, n);
}

/* Whether a fixed field holds what name_copy (or strncpy) leaves: a
 * NUL within the field and only zeros after it. A table load checks five
 * names a rule: eight bytes a step and no library call, because strnlen
 * and memcmp on these short, unaligned fields were 40% of a 10,000-rule
 * load. */
static inline bool name_is_padded(const char *s, size_t size)
{
	const uint64_t ones = UINT64_C(0x0101010101010101);
	size_t i = 0;
	uint64_t w;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* The first word with a zero byte: the lowest flagged byte of the
	 * classic test is the first zero (flags above it may be borrows). */
	for (; i + 8 <= size; i += 8) {
		uint64_t zero;

		memcpy(&w, s + i, 8);
		zero = (w - ones) & ~w & (ones << 7);
		if (zero) {
			unsigned int at = (unsigned int)__builtin_ctzll(zero) / 8;

			if (at < 7 && (w >> (8 * (at + 1))) != 0)
				return false;
			for (i += 8; i + 8 <= size; i += 8) {
				memcpy(&w, s + i, 8);
				if (w)
					return false;
			}
			for (; i < size; i++)
				if (s[i])
					return false;
			return true;
		}
	}
#endif
	while (i < size && s[i])
		i++;
	if (i == size)
		return false;
	while (++i < size)
		if (s[i])
			return false;
	return true;
}

struct rule *rule_new(void);
struct rule *rule_clone(const struct rule *r);
void rule_free(struct rule *r);
/* Append a match instance of `ext` with freshly initialised data. */
struct rule_match *rule_add_match(struct rule *r, const struct xt_ext *ext);
/* The same with data already made (malloc'ed; the rule owns it now). */
struct rule_match *rule_add_match_data(struct rule *r, const struct xt_ext *ext, void *data);
int rule_set_target_ext(struct rule *r, const struct xt_ext *ext);
/* Two rules are the same rule for -D/-C: everything but the counters. */
bool rule_equal(const struct rule *a, const struct rule *b);
/* A hash of what rule_equal compares, and of the counter slot, folded
 * into h (translator/hash.h; start from HASH_SEED). */
uint64_t rule_hash(const struct rule *r, uint64_t h);
/* Name shown in the target column of -L, "" for none. */
const char *rule_target_name(const struct rule *r);

#endif
