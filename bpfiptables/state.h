/* SPDX-License-Identifier: GPL-2.0-only */
/* Where a network namespace's rule table lives, and the lock that guards
 * it. The directory is keyed by the namespace's cookie, which the kernel
 * never reuses, so a new namespace never inherits a dead one's rules. It
 * sits under /run (not /sys, which `ip netns exec` remounts). */
#ifndef BPFIPT_STATE_H
#define BPFIPT_STATE_H

#include <limits.h>
#include <sys/types.h>

#include "../translator/ruleset.h"
#include "../translator/ruleset_changes.h"
#include "../translator/ruleset_io.h"
#include "../translator/xt_error.h"

struct state {
	char dir[PATH_MAX];
	char table_path[PATH_MAX + 32];
	int lock_fd; /* -1 when not held */
	unsigned long long cookie; /* the namespace's SO_NETNS_COOKIE */
	/* What state_load read: the data file's size, and how much of it
	 * is the table and its change records. */
	bool loaded;
	size_t loaded_size;
	struct ruleset_file_info file;
};

/* The directory that holds every namespace's state directory
 * ($BPF_IPTABLES_RUNDIR, else /run/bpf-iptables). */
const char *state_root(void);
/* Finds (creating when `create`) this namespace's state directory. */
int state_open(struct state *st, bool create, struct xt_err *err);
/* The state directory `dir`, found earlier by state_open in this
 * namespace (the helper is given it). */
void state_at(struct state *st, const char *dir);
/* iptables' -w: wait_s 0 or -1 waits forever, N > 0 gives up after N s. */
int state_lock(struct state *st, int wait_s, struct xt_err *err);
/* One try, not waiting: 0 held, 1 not now (another holds it), -1 the
 * lock file cannot be opened (errno). */
int state_lock_try(struct state *st);
void state_unlock(struct state *st);
/* An empty table when nothing was saved yet. */
struct ruleset *state_load(struct state *st, struct xt_err *err);
/* Whether a table was ever saved in this namespace. */
bool state_exists(const struct state *st);
/* After an error worded as iptables-legacy words it, this namespace gets
 * legacy's always-present (empty) filter table if it has none yet. Takes
 * the lock unless held, so it never overwrites a concurrent writer. */
void state_keep_table(struct state *st, int wait_s);
/* Write-new-then-rename: readers see the old table or the new one.
 * st then describes the file as state_load would have found it. */
int state_save(struct state *st, const struct ruleset *rs, struct xt_err *err);
/* After a command that only added, removed or replaced rules (-A, -I,
 * -D, -R): what changed since `before` (the table as state_load gave it)
 * appended to the data file as change records, which a reader sees
 * whole or not at all. The table is written whole instead when it
 * changed otherwise, or has gathered enough records. */
int state_save_changes(struct state *st, const struct ruleset *rs,
		       const struct ruleset_snapshot *before, struct xt_err *err);

/* Which bytes the table file holds: its data file's name (a fresh
 * random one for every whole write), inode and size (every change
 * record appended makes it longer). Every writer holds the lock, so
 * under the lock an unchanged id is an unchanged table. */
struct state_table_id {
	char data_file[64];
	dev_t dev;
	ino_t ino;
	off_t size;
};

/* -1 when there is no table file (or its link is not ours). */
int state_table_id(const struct state *st, struct state_table_id *id);
bool state_table_id_equal(const struct state_table_id *a, const struct state_table_id *b);

#endif
