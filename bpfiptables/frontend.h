/* SPDX-License-Identifier: GPL-2.0-only */
/* The three programs of the multicall binary, and what they share. */
#ifndef BPFIPT_FRONTEND_H
#define BPFIPT_FRONTEND_H

#include "../translator/strbuf.h"
#include "../translator/xt_error.h"

#define PROG_IPTABLES "bpf-iptables"
#define PROG_SAVE "bpf-iptables-save"
#define PROG_RESTORE "bpf-iptables-restore"

int iptables_main(int argc, char **argv);
int save_main(int argc, char **argv);
int restore_main(int argc, char **argv);
/* bpf-iptables --teardown: the namespace as it was before bpf-iptables. */
int teardown_main(void);
/* bpf-iptables --ingress xdp|tc: the hook for arriving packets. */
int ingress_main(const char *mode);

/* Writes the buffers to stdout/stderr. */
void flush_output(const struct strbuf *out, const struct strbuf *errout);
/* Prints err as iptables would for `prog`; returns the exit status. */
int fail_with(const char *prog, const struct xt_err *err);

#endif
