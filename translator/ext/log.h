/* SPDX-License-Identifier: GPL-2.0-only */
/* What -j LOG writes, for the compiler: level, the kernel's XT_LOG_*
 * flags and the prefix (30 bytes, NUL-terminated) of a LOG rule. */
#ifndef BPFIPT_EXT_LOG_H
#define BPFIPT_EXT_LOG_H

#include <stdbool.h>
#include <stdint.h>

struct rule_target;

void log_params(const void *data, uint8_t *level, uint8_t *flags, char prefix[30]);
/* Whether the target is -j LOG. */
bool log_is_target(const struct rule_target *t);

#endif
