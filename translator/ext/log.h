/* SPDX-License-Identifier: GPL-2.0-only */
/* What -j LOG writes, for the compiler: level, the kernel's XT_LOG_*
 * flags and the prefix (30 bytes, NUL-terminated) of a LOG rule. */
#ifndef BPFIPT_EXT_LOG_H
#define BPFIPT_EXT_LOG_H

#include <stdint.h>

void log_params(const void *data, uint8_t *level, uint8_t *flags, char prefix[30]);

#endif
