// SPDX-License-Identifier: GPL-2.0-only
#include "xt_error.h"

#include <stdarg.h>
#include <stdio.h>

static void vset(struct xt_err *err, int status, enum xt_err_style style, const char *fmt,
		 va_list ap)
{
	err->status = status;
	err->style = style;
	err->wording = style == XT_ERR_TABLE || style == XT_ERR_KERNEL ? XT_WORDING_LEGACY
									: XT_WORDING_BOTH;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

int xt_fail(struct xt_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, status, XT_ERR_PREFIXED, fmt, ap);
	va_end(ap);
	return -1;
}

int xt_fail_style(struct xt_err *err, int status, enum xt_err_style style, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vset(err, status, style, fmt, ap);
	va_end(ap);
	return -1;
}

void xt_err_clear(struct xt_err *err)
{
	err->status = XT_OK;
	err->style = XT_ERR_PREFIXED;
	err->wording = XT_WORDING_BOTH;
	err->msg[0] = '\0';
}
