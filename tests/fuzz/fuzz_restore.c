// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: iptables-restore input. The first byte picks the
 * options (bit 0 --counters, 1 --noflush, 2 --test, 3-4 the -v count,
 * 5 -T, 6 which table -T names, 7 start from the fixed table rather than
 * an empty one); the rest is the file. Whatever restore_run leaves must
 * list, save and survive the state file. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fuzz_common.h"
#include "restore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char empty[1];
	struct restore_opts opts = {.prog = "bpf-iptables-restore"};
	struct strbuf out, errout;
	struct ruleset *rs;
	FILE *in;

	if (size < 1)
		return 0;
	opts.counters = data[0] & 0x01;
	opts.noflush = data[0] & 0x02;
	opts.test = data[0] & 0x04;
	opts.verbose = (data[0] >> 3) & 0x03;
	if (data[0] & 0x20)
		opts.only_table = data[0] & 0x40 ? "filter" : "nat";
	/* glibc refuses a zero-sized fmemopen buffer only for writing */
	in = fmemopen(size > 1 ? (void *)(data + 1) : (void *)empty, size - 1, "r");
	if (!in)
		abort();
	rs = data[0] & 0x80 ? ruleset_clone(fuzz_base_table()) : ruleset_new();
	sb_init(&out);
	sb_init(&errout);
	restore_run(in, &rs, &opts, &out, &errout);
	fuzz_check_table(rs);
	fclose(in);
	sb_free(&out);
	sb_free(&errout);
	ruleset_free(rs);
	return 0;
}
