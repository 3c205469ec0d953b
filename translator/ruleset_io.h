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
/* NULL with a message when the bytes are not a table this build wrote. */
struct ruleset *ruleset_deserialize(const void *buf, size_t len, struct xt_err *err);

#endif
