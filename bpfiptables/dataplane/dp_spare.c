// SPDX-License-Identifier: GPL-2.0-only
/* The command's side of spare dataplanes (dp_spare.h): ask the keeper,
 * adopt what it hands over, start it when none runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "dp_spare.h"
#include "spawn_detached.h"

bool dp_spare_enabled(void)
{
	const char *v = getenv("BPF_IPTABLES_SPARE");

	return !v || strcmp(v, "0") != 0;
}

void dp_spare_path(const char *root, const char *name, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", root, name);
}

/* The state root above a namespace's state directory. */
static void root_of(const char *state_dir, char *root, size_t size)
{
	const char *slash = strrchr(state_dir, '/');
	size_t n = slash ? (size_t)(slash - state_dir) : strlen(state_dir);

	if (n == 0)
		n = 1; /* "/netns-…": the root is "/" */
	snprintf(root, size, "%.*s", (int)n, state_dir);
}

bool dp_spare_fits(const struct dp_caps *want, const struct dp_caps *have)
{
	for (int m = 0; m < DP_N_MAPS; m++)
		if (have->n[m] < want->n[m] || (uint64_t)have->n[m] > 4ull * want->n[m])
			return false;
	return true;
}

bool dp_spare_sockaddr(const char *root, struct sockaddr_un *sa)
{
	*sa = (struct sockaddr_un){.sun_family = AF_UNIX};
	return (size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s", root,
				DP_SPARE_SOCK) < sizeof(sa->sun_path);
}

/* A connected socket to the keeper at sa, or -1. The keeper answers at
 * once (it loads in a thread of its own): a keeper that does not within
 * a fraction of a second is treated as absent. */
static int keeper_connect(const struct sockaddr_un *sa)
{
	struct timeval tv = {.tv_usec = 200000};
	int fd;

	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int exchange(int fd, const struct dp_spare_req *req, struct dp_spare_reply *rep)
{
	if (send(fd, req, sizeof(*req), MSG_NOSIGNAL) != (ssize_t)sizeof(*req) ||
	    recv(fd, rep, sizeof(*rep), 0) != (ssize_t)sizeof(*rep) || rep->magic != DP_SPARE_MAGIC)
		return -1;
	return 0;
}

int dp_spare_ask(const char *root, const struct dp_spare_req *req, struct dp_spare_reply *rep)
{
	struct sockaddr_un sa;
	int fd, ret;

	if (!dp_spare_sockaddr(root, &sa) || (fd = keeper_connect(&sa)) < 0)
		return -1;
	ret = exchange(fd, req, rep);
	close(fd);
	return ret;
}

/* The keeper (spawn_detached), told what to load first: the request, in
 * hex. Not waited for. */
static void keeper_start(const char *root, const struct dp_spare_req *req)
{
	static const char hex[] = "0123456789abcdef";
	char arg[2 * sizeof(*req) + 1];
	const unsigned char *b = (const void *)req;
	char *argv[] = {"bpf-iptables", "--spare-keeper", (char *)root, arg, NULL};

	for (size_t i = 0; i < sizeof(*req); i++) {
		arg[2 * i] = hex[b[i] >> 4];
		arg[2 * i + 1] = hex[b[i] & 15];
	}
	arg[2 * sizeof(*req)] = 0;
	spawn_detached(argv, -1);
}

int dp_spare_claim(struct dp *dp, const struct dp_caps *caps, bool xdp, bool cgroup)
{
	struct dp_spare_req req = {DP_SPARE_MAGIC, DP_SPARE_CLAIM, dp_build_id(), xdp, cgroup, *caps};
	struct dp_spare_reply rep;
	char root[sizeof(dp->dir)];
	struct sockaddr_un sa;
	bool ok;
	int fd;

	if (!dp_spare_enabled())
		return -1;
	root_of(dp->dir, root, sizeof(root));
	/* A socket path longer than a unix address holds: no keeper could
	 * listen there, so none is started either. */
	if (!dp_spare_sockaddr(root, &sa))
		return -1;
	fd = keeper_connect(&sa);
	if (fd < 0) {
		keeper_start(root, &req);
		return -1;
	}
	/* Left open until this command exits: the keeper loads the next
	 * spare then, not beside it (its descriptors close with it; the
	 * helper this command forks closes them all). */
	if (exchange(fd, &req, &rep) < 0)
		return -1;
	ok = rep.status == 0 && dp_spare_fits(caps, &rep.ids.caps) && !rep.ids.xdp == !xdp &&
	     !rep.ids.prog_id[DP_P_CGROUP] == !cgroup;
	if (ok) {
		dp->ids = rep.ids;
		ok = dp_open_ids(dp) == 0;
	}
	/* The keeper holds what it handed over until it hears: ours now
	 * ("k"), or not taken ("n"). */
	if (rep.status == 0)
		send(fd, ok ? "k" : "n", 1, MSG_NOSIGNAL);
	return ok ? 0 : -1;
}
