/* SPDX-License-Identifier: GPL-2.0-only */
/* What -j LOG writes, for the compiler: level, the kernel's XT_LOG_*
 * flags and the prefix (30 bytes, NUL-terminated) of a LOG rule. */
#ifndef BPFIPT_EXT_LOG_H
#define BPFIPT_EXT_LOG_H

#include <stdbool.h>
#include <stdint.h>

#include "../rule.h"

extern const struct xt_ext xt_ext_LOG;

void log_params(const void *data, uint8_t *level, uint8_t *flags, char prefix[30]);

/* Whether the target is -j LOG. Inline: every update asks it of every
 * rule of the table (dp_sync's table_has_log). */
static inline bool log_is_target(const struct rule_target *t)
{
	return t->verdict == VERDICT_EXT && t->ext == &xt_ext_LOG;
}

#endif
