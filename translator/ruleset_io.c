// SPDX-License-Identifier: GPL-2.0-only
/* Layout (host byte order, the file never leaves the machine):
 *   "BPFIPT\0" u8 version, u32 n_chains, u32 next_slot
 *   per chain: name[32], u32 policy, u64 pcnt, u64 bcnt, u32 n_rules
 *   per rule:  struct rule_ip, u64 pcnt, u64 bcnt, u32 slot, u32 verdict,
 *              chain[32], u32 n_matches, matches, [target]
 *   per match and extension target: name[32], u32 size, data
 * then, in a state file, change records appended since the table was
 * last written whole (struct change_head, then n_ins rules as above). */
#include "ruleset_io.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "ext.h"

#define MAGIC "BPFIPT"
#define FORMAT_VERSION 1
#define NAME_LEN 32
/* What ruleset_serialize_chunked hands to flush at a time. */
#define SERIALIZE_CHUNK (256 * 1024)
/* Chain numbers in the file: built-in chains come first, in this order. */
#define CHAIN_INPUT 0
#define CHAIN_OUTPUT 2

static_assert(sizeof(((struct rule_target *)0)->chain) == NAME_LEN, "jump target field");
static_assert(sizeof(((struct chain *)0)->name) == NAME_LEN, "chain name field");

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

/* The head of a match's or an extension target's record. */
struct ext_record {
	char name[NAME_LEN];
	uint32_t size;
} __attribute__((packed));

static void put_ext(struct strbuf *out, const struct xt_ext *ext, const void *data)
{
	struct ext_record rec = {.size = (uint32_t)ext->size};

	name_copy(rec.name, sizeof(rec.name), ext->name);
	sb_write(out, (const char *)&rec, sizeof(rec));
	sb_write(out, data, ext->size);
}

/* A rule's fixed part as the file holds it, written and read in one
 * piece: a table of 10,000 rules took 0.3 ms more field by field. */
struct rule_record {
	struct rule_ip ip;
	uint64_t pcnt, bcnt;
	uint32_t slot, verdict;
	char chain[NAME_LEN];
	uint32_t n_matches;
} __attribute__((packed));

static void put_rule(struct strbuf *out, const struct rule *r)
{
	struct rule_record rec = {
		.ip = r->ip,
		.pcnt = r->pcnt,
		.bcnt = r->bcnt,
		.slot = r->slot,
		.verdict = r->target.verdict,
		.n_matches = r->n_matches,
	};

	/* Already zero-padded (name_copy, calloc), as the file wants it. */
	memcpy(rec.chain, r->target.chain, NAME_LEN);
	sb_write(out, (const char *)&rec, sizeof(rec));
	for (unsigned int i = 0; i < r->n_matches; i++)
		put_ext(out, r->matches[i].ext, r->matches[i].data);
	if (r->target.verdict == VERDICT_EXT)
		put_ext(out, r->target.ext, r->target.data);
}

void ruleset_serialize_chunked(const struct ruleset *rs, struct strbuf *out,
			       int (*flush)(struct strbuf *out, void *arg), void *arg)
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
		for (size_t j = 0; j < c->n_rules; j++) {
			put_rule(out, c->rules[j]);
			if (flush && out->len >= SERIALIZE_CHUNK && flush(out, arg) < 0)
				return;
		}
	}
	if (flush)
		flush(out, arg);
}

void ruleset_serialize(const struct ruleset *rs, struct strbuf *out)
{
	ruleset_serialize_chunked(rs, out, NULL, NULL);
}

/* A change record: rules pos .. pos + n_del - 1 of chain number `chain`
 * give way to the n_ins rules that follow; the table's next_slot after. */
struct change_head {
	uint32_t magic, len; /* len: the whole record */
	uint32_t next_slot, chain, pos, n_del, n_ins;
} __attribute__((packed));

#define CHANGE_MAGIC 0x4a545042u /* "BPTJ" */

void ruleset_change_record(struct strbuf *out, const struct ruleset *rs, uint32_t chain,
			   uint32_t pos, uint32_t n_del, uint32_t n_ins)
{
	size_t at = out->len;
	struct change_head h = {CHANGE_MAGIC, 0, rs->next_slot, chain, pos, n_del, n_ins};

	sb_write(out, (const char *)&h, sizeof(h));
	for (uint32_t i = 0; i < n_ins; i++)
		put_rule(out, rs->chains[chain]->rules[pos + i]);
	h.len = (uint32_t)(out->len - at);
	memcpy(out->buf + at, &h, sizeof(h));
}

struct reader {
	const unsigned char *p, *end;
	bool bad;
	struct arena_chunk **arena; /* the table's: where its rules go */
	/* The last extension of each kind found: most rules of a table
	 * use the same ones. */
	const struct xt_ext *last_match, *last_target;
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

/* On a bad field the name is left empty, so that callers may still
 * compare it before they look at rd->bad. */
static void get_name(struct reader *rd, char name[NAME_LEN])
{
	if (take(rd, name, NAME_LEN) && !name_is_padded(name, NAME_LEN))
		rd->bad = true;
	if (rd->bad)
		name[0] = '\0';
}

/* Data the extension's parse could have produced for this header, and
 * that its kernel check passes: every rule in a table passed both. */
static bool ext_data_valid(const struct xt_ext *ext, const void *data, const struct rule_ip *ip)
{
	return (!ext->valid || ext->valid(data, ip)) &&
	       (!ext->kernel_check || ext->kernel_check(data, ip) == 0);
}

static const struct xt_ext *find_ext(struct reader *rd, bool target, const char *name)
{
	const struct xt_ext **last = target ? &rd->last_target : &rd->last_match;

	if (!*last || strcmp((*last)->name, name) != 0) {
		const struct xt_ext *ext = target ? xt_find_target(name) : xt_find_match(name);

		if (!ext)
			return NULL;
		*last = ext;
	}
	return *last;
}

/* An extension record: its data must be exactly what this build expects.
 * Returns the data (in the table's arena), or NULL when the record names
 * no extension of that kind and size. */
static void *get_ext(struct reader *rd, bool target, const struct rule_ip *ip,
		     const struct xt_ext **ext)
{
	struct ext_record rec;
	void *data;

	if (!take(rd, &rec, sizeof(rec)) || !name_is_padded(rec.name, NAME_LEN))
		rd->bad = true;
	*ext = rd->bad ? NULL : find_ext(rd, target, rec.name);
	if (rd->bad || !*ext || rec.size != (*ext)->size) {
		rd->bad = true;
		return NULL;
	}
	data = arena_alloc(rd->arena, rec.size);
	if (take(rd, data, rec.size) && !ext_data_valid(*ext, data, ip))
		rd->bad = true;
	return data;
}

/* The "!"s cmd_parse sets come with the option they invert, and it
 * refuses "! -p all". */
static bool inversions_valid(const struct rule_ip *ip)
{
	return (!(ip->invflags & RULE_INV_VIA_IN) || ip->iniface[0]) &&
	       (!(ip->invflags & RULE_INV_VIA_OUT) || ip->outiface[0]) &&
	       (!(ip->invflags & RULE_INV_FRAG) || (ip->flags & RULE_F_FRAG)) &&
	       (!(ip->invflags & RULE_INV_PROTO) || ip->proto);
}

/* A rule header cmd_parse and exec could have built for chain number
 * `chain`: addresses already masked (addr_parse_list masks them), known
 * bits only, and no -o in INPUT or -i in OUTPUT. */
static bool rule_ip_valid(const struct rule_ip *ip, size_t chain)
{
	const uint8_t flags = RULE_F_FRAG | RULE_F_GOTO;
	const uint8_t invflags = RULE_INV_VIA_IN | RULE_INV_VIA_OUT | RULE_INV_SRCIP |
				 RULE_INV_DSTIP | RULE_INV_FRAG | RULE_INV_PROTO;

	if ((ip->src & ip->smsk) != ip->src || (ip->dst & ip->dmsk) != ip->dst)
		return false;
	if (!name_is_padded(ip->iniface, XT_IFNAMSIZ) || !name_is_padded(ip->outiface, XT_IFNAMSIZ))
		return false;
	if ((ip->flags & ~flags) || (ip->invflags & ~invflags) || ip->proto > UINT8_MAX)
		return false;
	if ((chain == CHAIN_INPUT && ip->outiface[0]) || (chain == CHAIN_OUTPUT && ip->iniface[0]))
		return false;
	return inversions_valid(ip);
}

/* Only a jump names a chain (checked once every chain is known) or may
 * be a goto; every other verdict leaves the name as calloc did. */
static bool verdict_valid(const struct rule *r)
{
	if (r->target.verdict == VERDICT_JUMP)
		return true;
	return !(r->ip.flags & RULE_F_GOTO) && r->target.chain[0] == '\0';
}

static void get_verdict(struct reader *rd, struct rule *r, const struct rule_record *rec)
{
	if (rec->verdict > VERDICT_EXT)
		rd->bad = true;
	else
		r->target.verdict = (enum rule_verdict)rec->verdict;
	memcpy(r->target.chain, rec->chain, NAME_LEN);
	if (!name_is_padded(r->target.chain, NAME_LEN) || !verdict_valid(r))
		rd->bad = true;
}

/* Each match takes at least a record header: a damaged count is bounded
 * by the bytes left. */
static void get_matches(struct reader *rd, struct rule *r, uint32_t n)
{
	if (n > (size_t)(rd->end - rd->p) / (NAME_LEN + sizeof(uint32_t))) {
		rd->bad = true;
		return;
	}
	if (n)
		r->matches = arena_alloc(rd->arena, n * sizeof(*r->matches));
	for (uint32_t i = 0; i < n && !rd->bad; i++) {
		struct rule_match *m = &r->matches[r->n_matches];

		m->data = get_ext(rd, false, &r->ip, &m->ext);
		if (!m->data)
			break;
		r->n_matches++;
	}
}

/* A rule of chain number `chain`, or NULL (and rd->bad) when it is not
 * one this build writes. */
static struct rule *get_rule(struct reader *rd, size_t chain)
{
	struct rule *r = arena_alloc(rd->arena, sizeof(*r));
	struct rule_record rec;

	r->in_arena = true;
	if (!take(rd, &rec, sizeof(rec)))
		return NULL;
	r->ip = rec.ip;
	r->pcnt = rec.pcnt;
	r->bcnt = rec.bcnt;
	r->slot = rec.slot;
	if (!rule_ip_valid(&r->ip, chain))
		rd->bad = true;
	get_verdict(rd, r, &rec);
	get_matches(rd, r, rec.n_matches);
	if (!rd->bad && r->target.verdict == VERDICT_EXT)
		r->target.data = get_ext(rd, true, &r->ip, &r->target.ext);
	return rd->bad ? NULL : r; /* a bad one stays in the arena, freed with it */
}

/* Names -E can give a chain: libiptc's rename, which iptables mirrors,
 * refuses only the standard verdicts, taken names and names too long for
 * the field, and cmd_parse never takes an option word ("-x", "!x") as
 * the new name. valid_chain_name, which -N and restore apply, is
 * stricter, so this is the bound: a table can hold "LOG", "a b" or ""
 * as a chain and must still load. */
static bool user_chain_name_valid(const char *name)
{
	static const char *const verdicts[] = {"ACCEPT", "DROP", "QUEUE", "RETURN"};

	if (name[0] == '-' || name[0] == '!')
		return false;
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (strcmp(name, verdicts[i]) == 0)
			return false;
	return true;
}

/* Whether a user chain named `name` goes last in sort order. */
static bool sorted_after(const struct ruleset *rs, const char *name)
{
	return rs->n_chains == RULESET_N_BUILTIN ||
	       strcmp(rs->chains[rs->n_chains - 1]->name, name) < 0;
}

/* Built-in chains come first, in ruleset_new's order, with a policy;
 * user chains follow, sorted by strcmp as ruleset_add_chain keeps them,
 * with no policy and no counters (only policies count packets). */
static struct chain *get_chain_head(struct reader *rd, struct ruleset *rs, size_t i)
{
	char name[NAME_LEN];
	uint32_t policy;
	uint64_t pcnt, bcnt;
	struct chain *c;

	get_name(rd, name);
	policy = get_u32(rd);
	pcnt = get_u64(rd);
	bcnt = get_u64(rd);
	if (rd->bad)
		return NULL;
	if (i < RULESET_N_BUILTIN) {
		c = rs->chains[i];
		if (strcmp(c->name, name) != 0 ||
		    (policy != POLICY_ACCEPT && policy != POLICY_DROP))
			return NULL;
	} else {
		if (policy != POLICY_NONE || pcnt || bcnt || !user_chain_name_valid(name) ||
		    ruleset_find(rs, name) || !sorted_after(rs, name))
			return NULL;
		c = ruleset_add_chain(rs, name);
	}
	c->policy = (enum chain_policy)policy;
	c->pcnt = pcnt;
	c->bcnt = bcnt;
	return c;
}

/* A rule read from the file, with the slot the file gives it (the
 * header's next_slot, read or replayed after, is the table's). */
static void insert_loaded(struct ruleset *rs, struct chain *c, size_t pos, struct rule *r)
{
	uint32_t slot = r->slot;

	chain_insert(rs, c, pos, r);
	r->slot = slot; /* chain_insert handed out a new one */
}

static void get_chain(struct reader *rd, struct ruleset *rs, size_t i)
{
	struct chain *c = get_chain_head(rd, rs, i);

	if (!c) {
		rd->bad = true;
		return;
	}
	uint32_t n_rules = get_u32(rd);
	for (uint32_t j = 0; j < n_rules && !rd->bad; j++) {
		struct rule *r = get_rule(rd, i);

		if (!r)
			break;
		insert_loaded(rs, c, c->n_rules, r);
	}
}

/* exec lets a rule jump only to a user chain that exists, and refuses
 * a loop reachable from a built-in chain. */
static bool jumps_valid(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_chains; i++) {
		const struct chain *c = rs->chains[i];

		for (size_t j = 0; j < c->n_rules; j++) {
			const struct rule_target *t = &c->rules[j]->target;
			const struct chain *to;

			if (t->verdict != VERDICT_JUMP)
				continue;
			to = ruleset_find(rs, t->chain);
			if (!to || chain_is_builtin(to))
				return false;
		}
	}
	return !ruleset_has_loop(rs);
}

/* chain_insert gives each new rule next_slot and counts it up, and a
 * rule keeps its slot for life: so slots are unique and below it. One
 * bit a slot (sorting them took a tenth of a 10,000-rule load); only
 * the pages of the slots in use are ever touched. */
static bool slots_valid(const struct ruleset *rs)
{
	uint64_t *seen = calloc(rs->next_slot / 64 + 1, sizeof(*seen));
	bool ok = true;

	if (!seen)
		return false; /* a damaged next_slot asked for gigabytes */
	for (size_t i = 0; i < rs->n_chains && ok; i++) {
		for (size_t j = 0; j < rs->chains[i]->n_rules && ok; j++) {
			uint32_t s = rs->chains[i]->rules[j]->slot;
			uint64_t bit = UINT64_C(1) << (s % 64);

			ok = s < rs->next_slot && !(seen[s / 64] & bit);
			if (ok)
				seen[s / 64] |= bit;
		}
	}
	free(seen);
	return ok;
}

static bool get_header(struct reader *rd, uint32_t *n_chains, uint32_t *next_slot)
{
	char magic[sizeof(MAGIC)];
	unsigned char version;

	take(rd, magic, sizeof(magic));
	take(rd, &version, 1);
	*n_chains = get_u32(rd);
	*next_slot = get_u32(rd);
	return !rd->bad && memcmp(magic, MAGIC, sizeof(MAGIC)) == 0 && version == FORMAT_VERSION &&
	       *n_chains >= RULESET_N_BUILTIN;
}

/* One change record, whole in the bytes: checked as the table's own
 * rules are, then applied. */
static void apply_change(struct reader *rd, struct ruleset *rs, const struct change_head *h)
{
	const unsigned char *end = rd->end;
	struct chain *c;

	if (h->magic != CHANGE_MAGIC || h->chain >= rs->n_chains) {
		rd->bad = true;
		return;
	}
	c = rs->chains[h->chain];
	if (h->pos > c->n_rules || h->n_del > c->n_rules - h->pos) {
		rd->bad = true;
		return;
	}
	rd->end = rd->p + (h->len - sizeof(*h)); /* the record's own rules */
	for (uint32_t i = 0; i < h->n_del; i++)
		chain_delete(c, h->pos);
	for (uint32_t i = 0; i < h->n_ins && !rd->bad; i++) {
		struct rule *r = get_rule(rd, h->chain);

		if (!r)
			break;
		insert_loaded(rs, c, h->pos + i, r);
	}
	if (rd->p != rd->end)
		rd->bad = true;
	rd->end = end;
	rs->next_slot = h->next_slot;
}

/* Whether the bytes left are the start of a change record being
 * written: its magic as far as it goes, and a length past them. Bytes
 * that are not (a damaged rule count leaving rules behind the table)
 * are refused, not taken for such a record. */
static bool torn_record(const struct reader *rd)
{
	const uint32_t magic = CHANGE_MAGIC;
	size_t left = (size_t)(rd->end - rd->p);
	struct change_head h;

	if (memcmp(rd->p, &magic, left < sizeof(magic) ? left : sizeof(magic)) != 0)
		return false;
	if (left < sizeof(h))
		return true;
	memcpy(&h, rd->p, sizeof(h));
	return h.len > left;
}

/* The change records after the table. A writer appends one at a time,
 * and a reader may come while one is half written (the bytes before the
 * file's end are always written): that one ends the table. Returns the
 * bytes the table's whole records take. */
static size_t apply_changes(struct reader *rd, struct ruleset *rs, uint32_t *n_changes)
{
	const unsigned char *start = rd->p;

	*n_changes = 0;
	while (!rd->bad && rd->p < rd->end) {
		struct change_head h;

		if (torn_record(rd))
			return (size_t)(rd->p - start);
		if (!take(rd, &h, sizeof(h)) || h.len < sizeof(h)) {
			rd->bad = true;
			break;
		}
		apply_change(rd, rs, &h);
		++*n_changes;
	}
	return (size_t)(rd->p - start);
}

/* Everything is checked: a table is refused unless this build could
 * have written exactly these bytes, so that no damaged or foreign file
 * reaches the printers, the dataplane or the next save. */
struct ruleset *ruleset_load_file(const void *buf, size_t len, struct ruleset_file_info *info,
				  struct xt_err *err)
{
	struct ruleset *rs = ruleset_new();
	struct reader rd = {.p = buf, .end = (const unsigned char *)buf + len, .arena = &rs->arena};
	struct ruleset_file_info ignored;
	uint32_t n_chains, next_slot;

	if (!info)
		info = &ignored;
	if (!get_header(&rd, &n_chains, &next_slot))
		goto bad;
	/* A rule takes a fifth more room in memory than in the file. */
	if (len >= 64 * 1024)
		arena_reserve(&rs->arena, len + len / 4);
	for (uint32_t i = 0; i < n_chains && !rd.bad; i++)
		get_chain(&rd, rs, i);
	rs->next_slot = next_slot; /* chain_insert above moved it */
	info->base_len = (size_t)(rd.p - (const unsigned char *)buf);
	info->valid_len = info->base_len + apply_changes(&rd, rs, &info->n_changes);
	if (!rd.bad && jumps_valid(rs) && slots_valid(rs))
		return rs;
bad:
	ruleset_free(rs);
	xt_fail(err, XT_OTHER_PROBLEM, "rule table state is damaged or from another version");
	return NULL;
}

struct ruleset *ruleset_deserialize(const void *buf, size_t len, struct xt_err *err)
{
	return ruleset_load_file(buf, len, NULL, err);
}
