/* SPDX-License-Identifier: GPL-2.0-only */
/* Helpers shared by extensions: the generic option checks that iptables'
 * xtables_option_parse applies, and save-format quoting. */
#ifndef BPFIPT_EXT_UTIL_H
#define BPFIPT_EXT_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "../ext.h"

/* Fails with "EXT: option \"--OPT\" can only be used once." when ctx->id
 * was already seen; otherwise records it in *ctx->mflags. */
int ext_once(struct xt_parse_ctx *ctx, const char *ext, const char *opt);
/* Fails with "EXT: option \"--OPT\" cannot be inverted." on a "!". */
int ext_no_invert(struct xt_parse_ctx *ctx, const char *ext, const char *opt);
/* Both of the above: the checks of a plain single-use option. */
int ext_plain_option(struct xt_parse_ctx *ctx, const char *ext, const char *opt,
		     bool invertible);
/* The kernel's check of a protocol match (tcp, udp, icmp): the rule
 * must say "-p PROTO", not inverted. 0 or -EINVAL. */
int ext_needs_proto(const struct rule_ip *ip, uint16_t proto);
/* " VALUE", quoted and escaped as iptables-save does when needed. */
void ext_save_string(struct strbuf *out, const char *value);
/* iptables' xtables_strtoui: decimal/hex/octal, whole string, in range. */
bool ext_strtoui(const char *s, char **end, unsigned int *value, unsigned int min,
		 unsigned int max);

#endif
