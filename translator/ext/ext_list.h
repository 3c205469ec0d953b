/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BPFIPT_EXT_LIST_H
#define BPFIPT_EXT_LIST_H

#include "../ext.h"

extern const struct xt_ext xt_ext_tcp;
extern const struct xt_ext xt_ext_udp;
extern const struct xt_ext xt_ext_icmp;
extern const struct xt_ext xt_ext_multiport;
extern const struct xt_ext xt_ext_comment;
extern const struct xt_ext xt_ext_REJECT;
extern const struct xt_ext xt_ext_LOG;

#endif
