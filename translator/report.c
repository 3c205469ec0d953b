// SPDX-License-Identifier: GPL-2.0-only
#include "report.h"

#include <string.h>

static void try_help(struct strbuf *out, const char *prog, int line)
{
	if (line >= 0)
		sb_printf(out, "Error occurred at line: %d\n", line);
	sb_printf(out, "Try `%s -h' or '%s --help' for more information.\n", prog, prog);
}

void report_error(struct strbuf *out, const char *prog, const struct xt_err *err, int line)
{
	switch (err->style) {
	case XT_ERR_KERNEL:
		if (line >= 0)
			sb_printf(out, "%s: line %d failed\n", prog, line);
		else
			sb_printf(out, "%s: %s.\n", prog, err->msg);
		return;
	case XT_ERR_TABLE:
		if (line >= 0)
			sb_printf(out, "%s: line %d failed: %s.\n", prog, line, err->msg);
		else
			sb_printf(out, "%s: %s.\n", prog, err->msg);
		return;
	case XT_ERR_RAW:
		sb_puts(out, err->msg);
		return;
	case XT_ERR_RAW_TRYHELP:
		sb_puts(out, err->msg);
		try_help(out, prog, line);
		return;
	case XT_ERR_PREFIXED:
		break;
	}
	sb_printf(out, "%s v%s (%s): ", prog, BPFIPT_VERSION, BPFIPT_BACKEND);
	/* A rule the kernel side refused: iptables-nft-restore names the line. */
	if (err->status == XT_RESOURCE_PROBLEM && line >= 0)
		sb_printf(out, "\nline %d:%s\n", line, err->msg);
	else
		sb_printf(out, "%s\n", err->msg);
	if (err->status == XT_PARAMETER_PROBLEM)
		try_help(out, prog, line);
	else if (err->status == XT_VERSION_PROBLEM)
		sb_puts(out, "Perhaps iptables or your kernel needs to be upgraded.\n");
}
