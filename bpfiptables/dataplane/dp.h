/* SPDX-License-Identifier: GPL-2.0-only */
/* The dataplane of one network namespace: the programs of
 * kernel/progs/bpfipt.bpf.c attached to its interfaces (and to the
 * cgroup root for OUTPUT of sockets), their maps, and the two
 * generations of the image. Nothing is pinned: the attachments keep
 * programs and maps alive, and the object ids in the state directory
 * (file "dataplane") let later commands find them again. */
#ifndef BPFIPT_DP_H
#define BPFIPT_DP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "../../kernel/include/bpfipt_dataplane.h"
#include "../../translator/ruleset.h"
#include "../../translator/xt_error.h"

enum dp_map {
	DP_M_CHAINS,
	DP_M_BVS,
	DP_M_POOL,
	DP_M_RANGE_START,
	DP_M_RANGE_BV,
	DP_M_RANGE_IDX,
	DP_M_ENTRY_RULE,
	DP_M_ACTIONS,
	DP_M_L4,
	DP_M_LOGCONF, /* the last of the image arrays (BPFIPT_N_IMAGE_ARRAYS) */
	DP_M_CFG,
	DP_M_GENS,
	DP_M_READERS,
	DP_M_COUNTERS,
	DP_M_IFCLASS,
	DP_M_EVENTS,
	DP_M_SCRATCH,
	DP_M_LOCAL,
	DP_M_LOGPKT,
	DP_M_IFMAC,
	DP_N_MAPS,
};

enum dp_prog { DP_P_TC_IN, DP_P_TC_OUT, DP_P_CGROUP, DP_P_XDP, DP_N_PROGS };

/* Per generation: how many elements each image array holds (the maps
 * hold two generations). DP_M_IFCLASS counts interfaces, DP_M_COUNTERS slots (shared by the generations). */
struct dp_caps {
	uint32_t n[DP_N_MAPS];
};

/* The persistent record of a namespace's dataplane. */
struct dp_ids {
	char magic[8];
	uint32_t prog_id[DP_N_PROGS];
	uint32_t map_id[DP_N_MAPS];
	struct dp_caps caps;
	uint64_t netns_cookie;
	uint32_t xdp;     /* ingress in XDP instead of TC (but on lo) */
	uint32_t cgroup;  /* the cgroup program is attached */
};

struct dp {
	struct dp_ids ids;
	int map_fd[DP_N_MAPS];
	int prog_fd[DP_N_PROGS];
	char dir[4096]; /* the namespace's state directory */
};

/* Counters read from the dataplane: index BPFIPT_SLOT0 + slot for a
 * rule, enum bpfipt_hook for a policy. */
struct dp_counts {
	uint32_t n;
	struct bpfipt_counter *c;
};

/* Finds the namespace's dataplane; 0 and dp filled, -ENOENT when there
 * is none (or the record is stale), another negative errno on error. */
int dp_open(struct dp *dp, const char *state_dir);
/* Whether the state directory holds a dataplane record at all (one that
 * dp_open refuses is another build's, or names objects that are gone). */
bool dp_record_present(const char *state_dir);
/* Loads a new dataplane sized for `caps`; the cgroup program only when
 * `cgroup` (without it, the TC egress program classifies all of OUTPUT). */
int dp_create(struct dp *dp, const char *state_dir, uint64_t netns_cookie,
	      const struct dp_caps *caps, bool cgroup, struct xt_err *err);
void dp_close(struct dp *dp);
/* Nothing open, no ids; the state directory dir ("" for none). */
void dp_reset(struct dp *dp, const char *dir);
/* Loads programs and maps bound to no namespace yet (dp_create binds
 * them): the programs in parallel threads, or one after the other. */
int dp_load(struct dp *dp, const struct dp_caps *caps, bool xdp, bool cgroup, bool parallel,
	    struct xt_err *err);
/* Opens the objects dp->ids names; -ENOENT (and dp closed) when one is
 * gone or is not ours. */
int dp_open_ids(struct dp *dp);
/* This build's programs and record layout, as one number. */
uint64_t dp_build_id(void);
/* Compiles rs and makes it the active generation (creating or growing
 * the dataplane as needed). opened: the namespace's dataplane if the
 * caller has it open (dp_sync takes it over and closes it), else NULL.
 * On success, *synced is that dataplane, open:
 * a program attached nowhere yet (XDP's while only lo is up) lives only
 * as long as someone holds it, so the caller keeps it until the helper
 * holds it too (enforce_apply). */
int dp_sync(const struct ruleset *rs, const char *state_dir, uint64_t netns_cookie,
	    struct dp *opened, struct dp *synced, struct xt_err *err);
/* Removes every program, attachment and record of the namespace. */
int dp_teardown(const char *state_dir, struct xt_err *err);

/* Attach to one interface: TC egress, and TC or XDP ingress as
 * dp->ids.xdp says (the other one detached). Detach: our TC filters and
 * XDP program, whichever dataplane they belong to. */
int dp_attach_ifindex(const struct dp *dp, int ifindex, struct xt_err *err);
void dp_detach_ifindex(int ifindex);
int dp_attach_all(const struct dp *dp, struct xt_err *err);
/* Our TC filters and XDP programs off every interface. */
void dp_detach_all(void);

/* The ingress hook chosen for a namespace (`bpf-iptables --ingress`),
 * kept in its state directory: true for XDP. The next dp_sync makes a
 * dataplane of that kind. */
bool dp_ingress_xdp(const char *state_dir);
int dp_ingress_set(const char *state_dir, bool xdp, struct xt_err *err);
int dp_cgroup_attach(struct dp *dp, struct xt_err *err);
void dp_cgroup_detach(const struct dp *dp);
/* Detaches the cgroup programs of namespaces that no longer exist (a
 * namespace deleted without --teardown leaves its program behind: it
 * hangs on the cgroup, not on the namespace). */
void dp_cgroup_gc(void);
/* Detaches every cgroup program of ours that enforces the namespace
 * whose nsfs inode is ino. */
void dp_cgroup_detach_netns(uint64_t ino);
/* Processes (other than skip_pid) and /run/netns names holding the
 * network namespace whose nsfs inode is ino. */
unsigned int dp_netns_users(uint64_t ino, pid_t skip_pid);

/* Writes the namespace's own addresses (a host that does not forward
 * tells INPUT from not-for-us by them). */
int dp_local_addrs_update(const struct dp *dp);
/* Sets ifindex's interface class in the active generation (the helper
 * calls it for interfaces that appear later). */
int dp_ifclass_update(const struct dp *dp, const struct ruleset *rs, int ifindex,
		      const char *name);
/* Whether the active generation has a class for ifindex: every interface
 * the command that wrote it saw has one. */
bool dp_ifclass_known(const struct dp *dp, int ifindex);

/* The first `limit` counters at most (BPFIPT_SLOT0 + the table's
 * next_slot covers every rule). */
int dp_counts_read(const struct dp *dp, uint32_t limit, struct dp_counts *out);
void dp_counts_free(struct dp_counts *c);
int dp_counts_zero(const struct dp *dp, const uint32_t *idx, uint32_t n);
/* Carries the first `limit` counters of one dataplane into a new one. */
void dp_counts_copy(const struct dp *from, const struct dp *to, uint32_t limit);

int dp_ids_save(const struct dp *dp);
/* A descriptor of program `id` if it is still the program named `name`
 * (ids are recycled), else -1. */
int dp_prog_by_id(uint32_t id, const char *name);

#endif
