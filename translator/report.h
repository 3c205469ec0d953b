/* SPDX-License-Identifier: GPL-2.0-only */
/* Turning an xt_err into the exact stderr text iptables would print. */
#ifndef BPFIPT_REPORT_H
#define BPFIPT_REPORT_H

#include "strbuf.h"
#include "xt_error.h"

#define BPFIPT_VERSION "0.1.0"
#define BPFIPT_BACKEND "bpf"

/* `line` is the restore line number, or -1 for a command line. */
void report_error(struct strbuf *out, const char *prog, const struct xt_err *err, int line);

#endif
