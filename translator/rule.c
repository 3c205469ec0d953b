// SPDX-License-Identifier: GPL-2.0-only
#include "rule.h"

#include <stdlib.h>
#include <string.h>

#include "ext.h"
#include "hash.h"

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		abort(); /* out of memory: nothing sensible to do */
	return p;
}

struct rule *rule_new(void)
{
	return xcalloc(1, sizeof(struct rule));
}

static void *dup_data(const void *data, size_t size)
{
	void *p = xcalloc(1, size);

	memcpy(p, data, size);
	return p;
}

struct rule *rule_clone(const struct rule *r)
{
	struct rule *c = rule_new();

	*c = *r;
	c->in_arena = false;
	c->matches = xcalloc(r->n_matches, sizeof(*c->matches));
	for (unsigned int i = 0; i < r->n_matches; i++) {
		c->matches[i].ext = r->matches[i].ext;
		c->matches[i].data = dup_data(r->matches[i].data, r->matches[i].ext->size);
	}
	if (r->target.verdict == VERDICT_EXT)
		c->target.data = dup_data(r->target.data, r->target.ext->size);
	return c;
}

void rule_free(struct rule *r)
{
	if (!r || r->in_arena)
		return;
	for (unsigned int i = 0; i < r->n_matches; i++)
		free(r->matches[i].data);
	free(r->matches);
	if (r->target.verdict == VERDICT_EXT)
		free(r->target.data);
	free(r);
}

static void *ext_data_new(const struct xt_ext *ext)
{
	void *data = xcalloc(1, ext->size);

	if (ext->init)
		ext->init(data);
	return data;
}

struct rule_match *rule_add_match_data(struct rule *r, const struct xt_ext *ext, void *data)
{
	struct rule_match *m = realloc(r->matches, (r->n_matches + 1) * sizeof(*m));

	if (!m)
		abort();
	r->matches = m;
	m = &r->matches[r->n_matches++];
	m->ext = ext;
	m->data = data;
	return m;
}

struct rule_match *rule_add_match(struct rule *r, const struct xt_ext *ext)
{
	return rule_add_match_data(r, ext, ext_data_new(ext));
}

int rule_set_target_ext(struct rule *r, const struct xt_ext *ext)
{
	if (r->target.verdict == VERDICT_EXT)
		free(r->target.data);
	r->target.verdict = VERDICT_EXT;
	r->target.ext = ext;
	r->target.data = ext_data_new(ext);
	return 0;
}

bool rule_equal(const struct rule *a, const struct rule *b)
{
	if (memcmp(&a->ip, &b->ip, sizeof(a->ip)) != 0 || a->n_matches != b->n_matches ||
	    a->target.verdict != b->target.verdict)
		return false;
	for (unsigned int i = 0; i < a->n_matches; i++) {
		if (a->matches[i].ext != b->matches[i].ext ||
		    memcmp(a->matches[i].data, b->matches[i].data, a->matches[i].ext->size) != 0)
			return false;
	}
	switch (a->target.verdict) {
	case VERDICT_JUMP:
		return strcmp(a->target.chain, b->target.chain) == 0;
	case VERDICT_EXT:
		return a->target.ext == b->target.ext &&
		       memcmp(a->target.data, b->target.data, a->target.ext->size) == 0;
	default:
		return true;
	}
}

uint64_t rule_hash(const struct rule *r, uint64_t h)
{
	h = hash_bytes(h, &r->ip, sizeof(r->ip));
	h = hash_bytes(h, &r->slot, sizeof(r->slot));
	h = hash_bytes(h, &r->target.verdict, sizeof(r->target.verdict));
	for (unsigned int i = 0; i < r->n_matches; i++) {
		h = hash_str(h, r->matches[i].ext->name);
		h = hash_bytes(h, r->matches[i].data, r->matches[i].ext->size);
	}
	if (r->target.verdict == VERDICT_JUMP)
		h = hash_str(h, r->target.chain);
	if (r->target.verdict == VERDICT_EXT) {
		h = hash_str(h, r->target.ext->name);
		h = hash_bytes(h, r->target.data, r->target.ext->size);
	}
	return h;
}

const char *rule_target_name(const struct rule *r)
{
	switch (r->target.verdict) {
	case VERDICT_ACCEPT:
		return "ACCEPT";
	case VERDICT_DROP:
		return "DROP";
	case VERDICT_RETURN:
		return "RETURN";
	case VERDICT_JUMP:
		return r->target.chain;
	case VERDICT_EXT:
		return r->target.ext->name;
	default:
		return "";
	}
}
