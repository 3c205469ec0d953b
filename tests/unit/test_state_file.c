// SPDX-License-Identifier: GPL-2.0-only
/* The state file under a long run of random commands, saved the way the
 * command line saves them (bpfiptables/cli_iptables.c, state.c): -A, -I,
 * -D and -R as change records appended to the data file, anything else,
 * and every record past the limit, as the whole table in a new file.
 * After every command the file must load as the table the same commands
 * make in memory, byte for byte. Now and then a dead writer's torn record
 * is left at the end of the file: it must be left out, and the next
 * change must not be appended after it. Runs in a temporary
 * BPF_IPTABLES_RUNDIR; needs nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../bpfiptables/state.h"
#include "check.h"
#include "test_rng.h"
#include "ruleset_changes.h"
#include "ruleset_io.h"

#define STEPS 1500

#define SEED 20261203

/* A rule for chain `ci` (0: INPUT, which may jump to c1; 1: c1). */
static void rule_text(struct strbuf *l, int ci)
{
	static const char *const targets[] = {"ACCEPT", "DROP", "RETURN", "c1"};

	sb_printf(l, " -s 198.18.%u.%u", rnd(4), rnd(256));
	if (rnd(2))
		sb_printf(l, " -p tcp --dport %u", 1 + rnd(1000));
	sb_printf(l, " -j %s", targets[rnd(ci == 0 ? 4 : 3)]);
	if (!rnd(10))
		sb_printf(l, " -c %u %u", rnd(100), rnd(10000));
}

/* One command, and whether it only adds, removes or replaces rules. */
static bool random_command(struct strbuf *l, const struct ruleset *ref, unsigned int *user_chains)
{
	int ci = (int)rnd(2);
	const char *chain = ci ? "c1" : "INPUT";
	size_t n = ruleset_find(ref, chain)->n_rules;
	uint32_t k = rnd(100);

	sb_reset(l);
	/* Mostly rule changes, so that runs of more than 32 occur. */
	if (k < 35 || (k < 95 && !n)) {
		sb_printf(l, "-A %s", chain);
		rule_text(l, ci);
	} else if (k < 55) {
		sb_printf(l, "-I %s %u", chain, 1 + rnd((uint32_t)n + 1));
		rule_text(l, ci);
	} else if (k < 80) {
		sb_printf(l, "-D %s %u", chain, 1 + rnd((uint32_t)n));
	} else if (k < 95) {
		sb_printf(l, "-R %s %u", chain, 1 + rnd((uint32_t)n));
		rule_text(l, ci);
	} else if (k < 96) {
		sb_printf(l, "-Z %s", chain);
		return false;
	} else if (k < 97) {
		sb_printf(l, "-P FORWARD %s", rnd(2) ? "DROP" : "ACCEPT");
		return false;
	} else if (k < 99 || !*user_chains) {
		sb_printf(l, "-N t%u", ++*user_chains);
		return false;
	} else {
		sb_printf(l, "-X t%u", (*user_chains)--);
		return false;
	}
	return true;
}

static bool same_bytes(const struct ruleset *a, const struct ruleset *b)
{
	struct strbuf x, y;
	bool same;

	sb_init(&x);
	sb_init(&y);
	ruleset_serialize(a, &x);
	ruleset_serialize(b, &y);
	same = x.len == y.len && memcmp(x.buf, y.buf, x.len) == 0;
	sb_free(&x);
	sb_free(&y);
	return same;
}

/* What a writer killed in the middle of an append leaves: the start of
 * a record, here one as long as INPUT (longer than most records that
 * follow, so that writing the next one over it would leave its end
 * behind), cut at a random length. */
static void leave_torn_record(const struct state *st, const struct ruleset *rs)
{
	const struct chain *input = rs->chains[0];
	struct strbuf rec;
	FILE *f;

	sb_init(&rec);
	ruleset_change_record(&rec, rs, 0, 0, 0, (uint32_t)input->n_rules);
	f = fopen(st->table_path, "ae");
	if (!f || fwrite(rec.buf, 1, 1 + rnd((uint32_t)rec.len - 1), f) == 0)
		abort();
	fclose(f);
	sb_free(&rec);
}

int main(void)
{
	char root[] = "/tmp/bpfipt-state-file.XXXXXX";
	struct ruleset *ref = ruleset_new();
	unsigned int user_chains = 0, mismatches = 0, refused = 0, torn = 0, appended = 0;
	uint32_t most_records = 0;
	struct strbuf line;
	struct xt_err err;

	rng_state = SEED;
	if (!mkdtemp(root) || setenv("BPF_IPTABLES_RUNDIR", root, 1) != 0)
		abort();
	sb_init(&line);
	check_exec(ref, "-N c1", NULL, &err);
	for (int step = 0; step < STEPS; step++) {
		struct ruleset_snapshot before = {0};
		struct state st;
		struct ruleset *rs;
		bool rules_only = step == 0 ? false : random_command(&line, ref, &user_chains);
		int ret, ref_ret;

		if (step == 0)
			sb_printf(&line, "-N c1");
		if (state_open(&st, true, &err) < 0 || state_lock(&st, 0, &err) < 0)
			abort();
		rs = state_load(&st, &err);
		if (!rs) {
			refused++;
			state_unlock(&st);
			break;
		}
		if (rules_only)
			ruleset_snapshot_take(&before, rs);
		ret = check_exec(rs, line.buf, NULL, &err);
		ref_ret = step == 0 ? 0 : check_exec(ref, line.buf, NULL, &err);
		if (ret != ref_ret)
			mismatches++;
		if (ret == 0) {
			uint32_t records = st.file.n_changes;
			bool appendable = rules_only && st.loaded &&
					  st.loaded_size == st.file.valid_len && records < 32;

			ret = rules_only ? state_save_changes(&st, rs, &before, &err)
					 : state_save(&st, rs, &err);
			if (appendable)
				appended++;
			if (records > most_records)
				most_records = records;
		}
		bool torn_now = step % 97 == 96;
		ruleset_snapshot_free(&before);
		ruleset_free(rs);
		if (torn_now) {
			leave_torn_record(&st, ref);
			torn++;
		}
		state_unlock(&st);

		/* What a reader now finds. */
		struct state rd;

		if (state_open(&rd, false, &err) < 0)
			abort();
		rs = state_load(&rd, &err);
		if (!rs || !same_bytes(rs, ref)) {
			printf("# step %d: \"%s\": the file does not load as the table\n", step,
			       line.buf);
			mismatches++;
		}
		/* A save leaves st saying of the file what a load says (the
		 * helper keeps a table on that, table_service.c). */
		if (ret == 0 && !torn_now &&
		    (rd.loaded != st.loaded || rd.loaded_size != st.loaded_size ||
		     rd.file.base_len != st.file.base_len || rd.file.valid_len != st.file.valid_len ||
		     rd.file.n_changes != st.file.n_changes)) {
			printf("# step %d: \"%s\": after the save, st says %zu/%zu/%zu/%u, a load %zu/%zu/%zu/%u\n",
			       step, line.buf, st.loaded_size, st.file.base_len, st.file.valid_len,
			       st.file.n_changes, rd.loaded_size, rd.file.base_len, rd.file.valid_len,
			       rd.file.n_changes);
			mismatches++;
		}
		ruleset_free(rs);
		if (mismatches)
			break;
	}
	CHECK(mismatches == 0 && refused == 0,
	      "%d random commands: after each, the file loads as the table in memory, and the "
	      "saver's view of the file is a reader's", STEPS);
	CHECK(appended > STEPS / 3, "most rule changes went out as change records (%u)", appended);
	CHECK(most_records == 32, "the file gathered up to 32 records between whole writes (%u)",
	      most_records);
	CHECK(torn > 10, "%u torn records left by a 'dead writer', each left out", torn);
	sb_free(&line);
	ruleset_free(ref);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", root);
		if (system(cmd) != 0)
			printf("# could not remove %s\n", root);
	}
	return check_exit();
}
