// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the per-namespace state file. ruleset_deserialize
 * must refuse what this build did not write; what it accepts goes where
 * a loaded table goes (listings, save, the kernel checks, stored again)
 * and must not crash there. */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xt_err err;
	struct ruleset *rs = ruleset_deserialize(data, size, &err);
	struct strbuf out;

	if (!rs)
		return 0;
	sb_init(&out);
	print_list(&out, rs, NULL, 0, FMT_OPTIONS | FMT_VIA | FMT_KILOMEGAGIGA);
	exec_check_table_rules(rs, &err);
	fuzz_check_table(rs);
	sb_free(&out);
	ruleset_free(rs);
	return 0;
}
