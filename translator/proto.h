/* SPDX-License-Identifier: GPL-2.0-only */
/* Layer-4 protocol names, as iptables resolves them: its own short table
 * first, then /etc/protocols. */
#ifndef BPFIPT_PROTO_H
#define BPFIPT_PROTO_H

#include <stdint.h>

#include "xt_error.h"

/* Name for a number, NULL when unknown; with `table_only`, only
 * iptables' built-in table is consulted (what -n shows). */
const char *proto_name(uint16_t proto, int table_only);
/* Number for "tcp", "6", "all"...; -1 with an error when unknown. */
int proto_parse(const char *s, struct xt_err *err);

#endif
