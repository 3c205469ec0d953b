/* SPDX-License-Identifier: GPL-2.0-only */
/* The rule table as bytes, for the per-namespace state file. Binary, so
 * that loading a 10,000-rule table costs a copy rather than a parse. */
#ifndef BPFIPT_RULESET_IO_H
#define BPFIPT_RULESET_IO_H

#include <stddef.h>

#include "ruleset.h"
#include "strbuf.h"
#include "xt_error.h"

void ruleset_serialize(const struct ruleset *rs, struct strbuf *out);
/* The same bytes, handed to flush (which empties out, or fails) every
 * 256 KiB or so and at the end, so that a large table is written through
 * one small buffer rather than built whole in memory first. */
void ruleset_serialize_chunked(const struct ruleset *rs, struct strbuf *out,
			       int (*flush)(struct strbuf *out, void *arg), void *arg);
/* NULL with a message when the bytes are not a table this build wrote
 * (with the change records a state file may have after it). */
struct ruleset *ruleset_deserialize(const void *buf, size_t len, struct xt_err *err);

/* A state file is a table written whole, then change records appended
 * by later commands (a few rules each: an -A does not write 10,000). */
struct ruleset_file_info {
	size_t base_len;     /* the table written whole */
	size_t valid_len;    /* and its change records: a last one still
			      * being written is not counted */
	uint32_t n_changes;  /* change records */
};
struct ruleset *ruleset_load_file(const void *buf, size_t len, struct ruleset_file_info *info,
				  struct xt_err *err);
/* A change record: rules pos .. pos + n_del - 1 of chain number `chain`
 * gave way to rules pos .. pos + n_ins - 1 of that chain in rs. */
void ruleset_change_record(struct strbuf *out, const struct ruleset *rs, uint32_t chain,
			   uint32_t pos, uint32_t n_del, uint32_t n_ins);

#endif
