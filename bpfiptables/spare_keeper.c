// SPDX-License-Identifier: GPL-2.0-only
/* The keeper of spare dataplanes (dataplane/dp_spare.h): one process per
 * state root, started by the first command that had to load a dataplane
 * itself. It keeps up to KINDS spares, one per kind asked for lately (TC
 * or XDP ingress, with or without the cgroup program, with the sizes of
 * the last request of that kind), loads them in a thread at idle
 * priority once the command that asked is gone and the machine is
 * quiet, and leaves when nobody asked for IDLE_EXIT_S seconds or its
 * socket is gone (the state root removed). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "cpu_quiet.h"
#include "dataplane/dp_spare.h"
#include "spare_keeper.h"

#define KINDS 2
#define IDLE_EXIT_S 60
/* At most this long a load waits for the machine to be quiet (below). */
#define QUIET_WAIT_MS 5000

struct kind {
	bool used, ready, failed;
	uint32_t gen;            /* bumped when want changes */
	struct dp_spare_req want;
	struct dp spare;         /* when ready */
	time_t last_asked;
};

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct kind k[KINDS];
	bool quit;
	/* A load waits until the command that last asked has exited: its
	 * end of the connection (gate_fd), or, for the keeper's first
	 * load, the command that started it (gate_ppid, the parent); then
	 * until the machine is quiet (cpu_quiet.h). A load beside commands, at
	 * idle priority and on a core of its own still, slowed them by a
	 * third and more (the claiming command's exit ~3 ms of 10; a
	 * restore of 10 rules right after, 5 → 11 ms): the kernel's
	 * loading work meets their bpf(2) calls and process starts. */
	int gate_fd;
	pid_t gate_ppid;
} keeper = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER, .gate_fd = -1};

static time_t now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* The next kind that wants a spare, or -1. Under the lock. */
static int next_to_load(void)
{
	for (int i = 0; i < KINDS; i++)
		if (keeper.k[i].used && !keeper.k[i].ready && !keeper.k[i].failed)
			return i;
	return -1;
}

/* Until the command that asked last is gone (keeper.gate_*) and the
 * machine is quiet, five seconds at most. Called without the lock. */
static void wait_quiet(void)
{
	int fd;
	pid_t ppid;

	pthread_mutex_lock(&keeper.mu);
	fd = keeper.gate_fd;
	ppid = keeper.gate_ppid;
	keeper.gate_fd = -1;
	keeper.gate_ppid = 0;
	pthread_mutex_unlock(&keeper.mu);
	if (fd >= 0) {
		/* Readable at its end: the command exited. */
		poll(&(struct pollfd){.fd = fd, .events = POLLIN}, 1, QUIET_WAIT_MS);
		close(fd);
	}
	for (int i = 0; ppid > 0 && getppid() == ppid && i < QUIET_WAIT_MS / 2; i++)
		usleep(2000);
	cpu_quiet_wait(QUIET_WAIT_MS);
}

/* Loads what the kinds want, one at a time, at idle priority: a spare
 * is for later, the commands of the moment come first. */
static void *loader(void *arg)
{
	struct sched_param sp = {0};

	(void)arg;
	pthread_setschedparam(pthread_self(), SCHED_IDLE, &sp);
	pthread_mutex_lock(&keeper.mu);
	while (!keeper.quit) {
		int i = next_to_load();
		struct dp_spare_req want;
		struct xt_err err = {0};
		uint32_t gen;
		struct dp d;
		int ret;

		if (i < 0) {
			pthread_cond_wait(&keeper.cv, &keeper.mu);
			continue;
		}
		want = keeper.k[i].want;
		gen = keeper.k[i].gen;
		pthread_mutex_unlock(&keeper.mu);
		wait_quiet();
		dp_reset(&d, "");
		ret = dp_load(&d, &want.caps, want.xdp, want.cgroup, false, &err);
		pthread_mutex_lock(&keeper.mu);
		if (ret == 0 && keeper.k[i].gen == gen && !keeper.k[i].ready) {
			keeper.k[i].spare = d;
			keeper.k[i].ready = true;
		} else {
			dp_close(&d);
			/* The same request would fail the same way: not again
			 * until a request changes it. */
			if (ret < 0 && keeper.k[i].gen == gen)
				keeper.k[i].failed = true;
		}
	}
	pthread_mutex_unlock(&keeper.mu);
	return NULL;
}

/* Whether a and b ask for the same programs (sizes aside). */
static bool same_kind(const struct dp_spare_req *a, const struct dp_spare_req *b)
{
	return a->xdp == b->xdp && a->cgroup == b->cgroup;
}

/* The kind of req: the one with the same programs, else a free slot,
 * else the one asked for least lately (its spare dropped). Under the
 * lock. */
static struct kind *kind_of(const struct dp_spare_req *req)
{
	struct kind *oldest = NULL;

	for (int i = 0; i < KINDS; i++) {
		struct kind *k = &keeper.k[i];

		if (k->used && same_kind(&k->want, req))
			return k;
	}
	for (int i = 0; i < KINDS; i++) {
		struct kind *k = &keeper.k[i];

		if (!k->used)
			return k;
		if (!oldest || k->last_asked < oldest->last_asked)
			oldest = k;
	}
	return oldest;
}

/* Makes req what its kind wants next. Under the lock. */
static void want(struct kind *k, const struct dp_spare_req *req)
{
	bool same = k->used && same_kind(&k->want, req) &&
		    memcmp(&k->want.caps, &req->caps, sizeof(req->caps)) == 0;

	k->last_asked = now_s();
	if (same)
		return;
	if (k->ready)
		dp_close(&k->spare);
	k->used = true;
	k->ready = k->failed = false;
	k->want = *req;
	k->gen++;
}

/* A claim: a ready spare that fits goes to the asker (*handed, still
 * held here until the asker has opened it); the kind wants the
 * request's sizes from now on, and the loader makes the next one. */
static void claim(const struct dp_spare_req *req, struct dp_spare_reply *rep, struct dp *handed)
{
	struct kind *k;

	pthread_mutex_lock(&keeper.mu);
	k = kind_of(req);
	rep->status = -ENOENT;
	if (k->used && k->ready && same_kind(&k->want, req) &&
	    dp_spare_fits(&req->caps, &k->spare.ids.caps)) {
		*handed = k->spare;
		rep->ids = k->spare.ids;
		rep->status = 0;
		k->ready = false;
	}
	want(k, req);
	if (!k->ready)
		pthread_cond_signal(&keeper.cv);
	pthread_mutex_unlock(&keeper.mu);
}

static void status(struct dp_spare_reply *rep)
{
	pthread_mutex_lock(&keeper.mu);
	for (int i = 0; i < KINDS; i++) {
		if (!keeper.k[i].ready)
			continue;
		if (!rep->n_spares++)
			rep->ids = keeper.k[i].spare.ids;
	}
	pthread_mutex_unlock(&keeper.mu);
}

/* The connection of a command that asked for a spare: the next load
 * waits until it is closed. Under no lock. */
static void gate_on(int fd)
{
	pthread_mutex_lock(&keeper.mu);
	if (keeper.gate_fd >= 0)
		close(keeper.gate_fd);
	keeper.gate_fd = fd;
	pthread_mutex_unlock(&keeper.mu);
}

/* One connection, one request; closed, or kept as the gate. */
static void serve(int fd)
{
	struct timeval tv = {.tv_sec = 1};
	struct dp_spare_reply rep = {.magic = DP_SPARE_MAGIC};
	struct dp_spare_req req;
	struct dp handed;
	char ack;

	dp_reset(&handed, "");
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (recv(fd, &req, sizeof(req), 0) != (ssize_t)sizeof(req) || req.magic != DP_SPARE_MAGIC) {
		close(fd);
		return;
	}
	if (req.build != dp_build_id()) {
		/* Another build asks: it gets nothing from this one, and the
		 * next command starts a keeper of its own build. */
		rep.status = -ESTALE;
		keeper.quit = true;
	} else if (req.op == DP_SPARE_CLAIM) {
		claim(&req, &rep, &handed);
	} else if (req.op == DP_SPARE_STATUS) {
		status(&rep);
	} else if (req.op == DP_SPARE_QUIT) {
		keeper.quit = true;
	}
	send(fd, &rep, sizeof(rep), MSG_NOSIGNAL);
	/* Held until the asker has its own descriptors (its one-byte
	 * answer, or its end of the socket closed). */
	if (handed.map_fd[0] >= 0) {
		recv(fd, &ack, 1, 0);
		dp_close(&handed);
	}
	if (req.op == DP_SPARE_CLAIM && rep.status != -ESTALE)
		gate_on(fd);
	else
		close(fd);
}

static bool decode(const char *hex, struct dp_spare_req *req)
{
	unsigned char *b = (void *)req;

	if (strlen(hex) != 2 * sizeof(*req))
		return false;
	for (size_t i = 0; i < sizeof(*req); i++) {
		unsigned int v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return false;
		b[i] = (unsigned char)v;
	}
	return req->magic == DP_SPARE_MAGIC && req->build == dp_build_id();
}

/* The socket, bound while the lock is held (so a stale one of a keeper
 * that died is replaced, a live one's never). */
static int listen_on(const char *root, struct stat *st)
{
	struct sockaddr_un sa;
	int fd;

	/* Not a truncated path: another one's socket, or none it can own. */
	if (!dp_spare_sockaddr(root, &sa))
		return -1;
	fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(sa.sun_path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || chmod(sa.sun_path, 0600) < 0 ||
	    listen(fd, 16) < 0 || stat(sa.sun_path, st) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool socket_still_ours(const char *root, const struct stat *mine)
{
	char path[4200];
	struct stat st;

	dp_spare_path(root, DP_SPARE_SOCK, path, sizeof(path));
	return stat(path, &st) == 0 && st.st_ino == mine->st_ino && st.st_dev == mine->st_dev;
}

int spare_keeper_main(const char *root, const char *hex_request)
{
	struct dp_spare_req first;
	char path[4200];
	struct stat mine;
	pthread_t th;
	int lock_fd, lfd;
	time_t last;

	/* Not in the namespace of the command that started it: a process
	 * there would keep the namespace alive after `ip netns del`. A
	 * namespace of its own (the initial one may be out of reach: pid 1's
	 * namespace files are not always open to root). */
	if (unshare(CLONE_NEWNET) < 0)
		return 1;
	dp_spare_path(root, DP_SPARE_LOCK, path, sizeof(path));
	lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock_fd < 0 || flock(lock_fd, LOCK_EX | LOCK_NB) < 0)
		return 0; /* one runs already */
	lfd = listen_on(root, &mine);
	if (lfd < 0)
		return 1;
	if (decode(hex_request, &first)) {
		keeper.gate_ppid = getppid();
		want(kind_of(&first), &first);
	}
	if (pthread_create(&th, NULL, loader, NULL) != 0)
		return 1;
	last = now_s();
	while (!keeper.quit) {
		struct pollfd p = {.fd = lfd, .events = POLLIN};
		int n = poll(&p, 1, 1000);

		if (!socket_still_ours(root, &mine) || now_s() - last > IDLE_EXIT_S)
			break;
		if (n > 0 && (p.revents & POLLIN)) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0) {
				serve(fd);
				last = now_s();
			}
		}
	}
	if (socket_still_ours(root, &mine)) {
		dp_spare_path(root, DP_SPARE_SOCK, path, sizeof(path));
		unlink(path);
	}
	/* The loader may be inside a load: the process's end closes every
	 * spare, whatever it was doing. */
	_exit(0);
}
