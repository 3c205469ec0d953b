// SPDX-License-Identifier: GPL-2.0-only
/* Layout (host byte order, the file never leaves the machine):
 *   "BPFIPT\0" u8 version, u32 n_chains, u32 next_slot
 *   per chain: name[32], u32 policy, u64 pcnt, u64 bcnt, u32 n_rules
 *   per rule:  struct rule_ip, u64 pcnt, u64 bcnt, u32 slot, u32 verdict,
 *              chain[32], u32 n_matches, matches, [target]
 *   per match and extension target: name[32], u32 size, data */
#include "ruleset_io.h"

#include <stdlib.h>
#include <string.h>

#include "ext.h"

#define MAGIC "BPFIPT"
#define FORMAT_VERSION 1
#define NAME_LEN 32

static void put_u32(struct strbuf *out, uint32_t v)
{
	sb_write(out, (const char *)&v, sizeof(v));
}

static void put_u64(struct strbuf *out, uint64_t v)
{
	sb_write(out, (const char *)&v, sizeof(v));
}

static void put_name(struct strbuf *out, const char *name)
{
	char buf[NAME_LEN];

	name_copy(buf, sizeof(buf), name);
	sb_write(out, buf, NAME_LEN);
}

static void put_ext(struct strbuf *out, const struct xt_ext *ext, const void *data)
{
	put_name(out, ext->name);
	put_u32(out, (uint32_t)ext->size);
	sb_write(out, data, ext->size);
}

static void put_rule(struct strbuf *out, const struct rule *r)
{
	sb_write(out, (const char *)&r->ip, sizeof(r->ip));
	put_u64(out, r->pcnt);
	put_u64(out, r->bcnt);
	put_u32(out, r->slot);
	put_u32(out, r->target.verdict);
	put_name(out, r->target.chain);
	put_u32(out, r->n_matches);
	for (unsigned int i = 0; i < r->n_matches; i++)
		put_ext(out, r->matches[i].ext, r->matches[i].data);
	if (r->target.verdict == VERDICT_EXT)
		put_ext(out, r->target.ext, r->target.data);
}

void ruleset_serialize(const struct ruleset *rs, struct strbuf *out)
{
	sb_write(out, MAGIC, sizeof(MAGIC));
	sb_putc(out, FORMAT_VERSION);
	put_u32(out, (uint32_t)rs->n_chains);
	put_u32(out, rs->next_slot);
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		put_name(out, c->name);
		put_u32(out, c->policy);
		put_u64(out, c->pcnt);
		put_u64(out, c->bcnt);
		put_u32(out, (uint32_t)c->n_rules);
		for (size_t j = 0; j < c->n_rules; j++)
			put_rule(out, c->rules[j]);
	}
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
};

static bool take(struct reader *rd, void *dst, size_t n)
{
	if (rd->bad || (size_t)(rd->end - rd->p) < n) {
		rd->bad = true;
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, rd->p, n);
	rd->p += n;
	return true;
}

static uint32_t get_u32(struct reader *rd)
{
	uint32_t v;

	take(rd, &v, sizeof(v));
	return v;
}

static uint64_t get_u64(struct reader *rd)
{
	uint64_t v;

	take(rd, &v, sizeof(v));
	return v;
}

static void get_name(struct reader *rd, char name[NAME_LEN])
{
	take(rd, name, NAME_LEN);
	name[NAME_LEN - 1] = '\0';
}

/* An extension record: its data must be exactly what this build expects. */
static void *get_ext(struct reader *rd, bool target, const struct xt_ext **ext)
{
	char name[NAME_LEN];
	uint32_t size;

	get_name(rd, name);
	size = get_u32(rd);
	*ext = target ? xt_find_target(name) : xt_find_match(name);
	if (rd->bad || !*ext || size != (*ext)->size) {
		rd->bad = true;
		return NULL;
	}
	void *data = malloc(size ? size : 1);
	if (!data)
		abort();
	take(rd, data, size);
	return data;
}

static struct rule *get_rule(struct reader *rd)
{
	struct rule *r = rule_new();

	take(rd, &r->ip, sizeof(r->ip));
	r->pcnt = get_u64(rd);
	r->bcnt = get_u64(rd);
	r->slot = get_u32(rd);
	r->target.verdict = (enum rule_verdict)get_u32(rd);
	get_name(rd, r->target.chain);
	uint32_t n = get_u32(rd);
	if (r->target.verdict > VERDICT_EXT || n > 4096)
		rd->bad = true;
	for (uint32_t i = 0; i < n && !rd->bad; i++) {
		const struct xt_ext *ext;
		void *data = get_ext(rd, false, &ext);

		if (!data)
			break;
		rule_add_match(r, ext);
		free(r->matches[r->n_matches - 1].data);
		r->matches[r->n_matches - 1].data = data;
	}
	if (!rd->bad && r->target.verdict == VERDICT_EXT) {
		r->target.data = get_ext(rd, true, &r->target.ext);
		if (!r->target.data)
			r->target.verdict = VERDICT_NONE;
	}
	return r;
}

struct ruleset *ruleset_deserialize(const void *buf, size_t len, struct xt_err *err)
{
	struct reader rd = {.p = buf, .end = (const unsigned char *)buf + len};
	char magic[sizeof(MAGIC)];
	unsigned char version;
	struct ruleset *rs = ruleset_new();

	take(&rd, magic, sizeof(magic));
	take(&rd, &version, 1);
	if (rd.bad || memcmp(magic, MAGIC, sizeof(MAGIC)) != 0 || version != FORMAT_VERSION)
		goto bad;
	uint32_t n_chains = get_u32(&rd);
	uint32_t next_slot = get_u32(&rd);
	for (uint32_t i = 0; i < n_chains && !rd.bad; i++) {
		char name[NAME_LEN];
		struct chain *c;

		get_name(&rd, name);
		uint32_t policy = get_u32(&rd);
		c = i < RULESET_N_BUILTIN ? rs->chains[i] : ruleset_add_chain(rs, name);
		if (strcmp(c->name, name) != 0 || (policy == POLICY_NONE) != (i >= RULESET_N_BUILTIN))
			goto bad;
		c->policy = (enum chain_policy)policy;
		c->pcnt = get_u64(&rd);
		c->bcnt = get_u64(&rd);
		uint32_t n_rules = get_u32(&rd);
		for (uint32_t j = 0; j < n_rules && !rd.bad; j++) {
			struct rule *r = get_rule(&rd);
			uint32_t slot = r->slot;

			chain_insert(rs, c, c->n_rules, r);
			r->slot = slot;
		}
	}
	rs->next_slot = next_slot; /* chain_insert above moved it */
	if (!rd.bad && rd.p == rd.end)
		return rs;
bad:
	ruleset_free(rs);
	xt_fail(err, XT_OTHER_PROBLEM, "rule table state is damaged or from another version");
	return NULL;
}
