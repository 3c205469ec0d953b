/* SPDX-License-Identifier: GPL-2.0-only */
/* Spare dataplanes: programs verified ahead of time, for the next
 * namespace that needs a new dataplane.
 *
 * Loading a dataplane is mostly the kernel's verifier (8 ms a program
 * here), and a program is bound to the maps it was verified with, so
 * it cannot be shared between namespaces. What can be done ahead of
 * time is the whole load: a keeper process (bpf-iptables --spare-keeper,
 * one per state root, in a network namespace of its own so that it holds
 * no other alive) loads a dataplane like the last one asked for, at idle
 * priority once the machine is quiet, and holds it. dp_create asks it over a unix socket
 * in the state root; the keeper hands over the objects' ids, the
 * command opens them, says so, and the keeper lets go and loads the
 * next. A spare is fresh maps and programs bound to no namespace: the
 * command configures it as it would one it loaded itself.
 *
 * BPF_IPTABLES_SPARE=0 turns this off (no keeper, no spare). */
#ifndef BPFIPT_DP_SPARE_H
#define BPFIPT_DP_SPARE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/un.h>

#include "dp.h"

#define DP_SPARE_MAGIC 0x42505350u /* "BPSP" */
#define DP_SPARE_SOCK "spare.sock"
#define DP_SPARE_LOCK "spare.lock"

enum dp_spare_op { DP_SPARE_CLAIM = 1, DP_SPARE_STATUS, DP_SPARE_QUIT };

/* What a command asks for: a dataplane of this kind and size. */
struct dp_spare_req {
	uint32_t magic, op;
	uint64_t build; /* dp_build_id() */
	uint32_t xdp, cgroup;
	struct dp_caps caps;
};

struct dp_spare_reply {
	uint32_t magic;
	int32_t status;  /* 0: ids name a spare, now the asker's */
	uint32_t n_spares; /* ready (STATUS) */
	uint32_t pad;
	struct dp_ids ids;
};

/* Whether spares are on (BPF_IPTABLES_SPARE is not "0"). */
bool dp_spare_enabled(void);
/* The state root's socket and lock paths (the root: the directory above
 * a namespace's state directory, or the root itself). */
void dp_spare_path(const char *root, const char *name, char *path, size_t size);
/* The keeper's socket address in root; false when the path is longer
 * than a unix address holds (no keeper there, none started). */
bool dp_spare_sockaddr(const char *root, struct sockaddr_un *sa);
/* A spare like (caps, xdp, cgroup) into dp (its descriptors open, its
 * ids filled): 0, or -1 when there is none; then the keeper is started
 * if none runs, to have one ready for the next namespace. */
int dp_spare_claim(struct dp *dp, const struct dp_caps *caps, bool xdp, bool cgroup);
/* Whether a keeper's spare of caps `have` may serve a request for
 * `want` (big enough, and not wasting more than four times it). */
bool dp_spare_fits(const struct dp_caps *want, const struct dp_caps *have);
/* One request to the root's keeper; -1 when none answers. */
int dp_spare_ask(const char *root, const struct dp_spare_req *req, struct dp_spare_reply *rep);

#endif
