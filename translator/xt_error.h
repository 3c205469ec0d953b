/* SPDX-License-Identifier: GPL-2.0-only */
/* Errors carry iptables' exit status and the way iptables prints them, so
 * the front end can reproduce iptables' stderr byte for byte. */
#ifndef BPFIPT_XT_ERROR_H
#define BPFIPT_XT_ERROR_H

#include <stdbool.h>

/* iptables' exit statuses (enum xtables_exittype). */
enum xt_status {
	XT_OK = 0,
	XT_OTHER_PROBLEM = 1,
	XT_PARAMETER_PROBLEM = 2,
	XT_VERSION_PROBLEM = 3,
	XT_RESOURCE_PROBLEM = 4,
};

enum xt_err_style {
	/* "PROG vVERSION (bpf): MSG\n", then for parameter problems the
	 * "Try `PROG -h'" hint (xtables_error). */
	XT_ERR_PREFIXED,
	/* "PROG: MSG.\n": how iptables-legacy reports a failed table
	 * operation (libiptc's iptc_strerror). */
	XT_ERR_TABLE,
	/* What the kernel refused when the table was committed: "PROG:
	 * MSG.\n" like XT_ERR_TABLE on the command line, but only "PROG:
	 * line N failed" in restore, as iptables-legacy-restore words it. */
	XT_ERR_KERNEL,
	/* MSG printed as is, then the "Try" hint ("Bad argument `x'"). */
	XT_ERR_RAW_TRYHELP,
	/* MSG printed as is, nothing else. */
	XT_ERR_RAW,
};

enum xt_wording {
	XT_WORDING_BOTH,   /* the two backends print the same */
	XT_WORDING_LEGACY, /* iptables-legacy's words */
	XT_WORDING_NFT,    /* iptables-nft's words */
};

struct xt_err {
	int status;
	enum xt_err_style style;
	/* Which iptables backend the message follows where the two differ.
	 * The caller keeps that backend's other behaviour too: legacy's
	 * filter table always exists, nft's only once a change succeeded. */
	enum xt_wording wording;
	char msg[1024];
};

/* Record an error; returns -1 so callers can `return xt_fail(...)`. */
int xt_fail(struct xt_err *err, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int xt_fail_style(struct xt_err *err, int status, enum xt_err_style style, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void xt_err_clear(struct xt_err *err);

#endif
