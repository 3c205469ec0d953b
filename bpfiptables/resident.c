// SPDX-License-Identifier: GPL-2.0-only
/* The resident helper of a namespace (one per namespace with a
 * dataplane), started by the command that creates the dataplane: it
 * writes LOG lines and sends REJECT replies for the packets the programs
 * hand it through the ring buffer, attaches the programs to interfaces
 * that appear later, and runs the namespace's rule updates for the
 * commands that hand them over (table_service.h). It stops on
 * --teardown, and when its namespace is gone (no other process in it, no
 * name under /run/netns). */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "dataplane/dp.h"
#include "helper/link_watch.h"
#include "helper/log_format.h"
#include "helper/reject_send.h"
#include "helper/spawn_detached.h"
#include "resident.h"
#include "state.h"
#include "table_service.h"

struct resident {
	struct dp dp;
	const char *dir;
	int raw_fd;
	bool logs; /* netfilter would log in this namespace */
	/* Starting (resident_main): the table's lock is held, and a link
	 * needs work only if the command that started this helper did not
	 * see it. The table, read for the first such link. */
	bool starting;
	struct ruleset *start_rs;
};

/* SIGTERM (resident_stop: the dataplane was replaced, or --teardown)
 * ends the loop, but the helper answers first what its ring buffer still
 * holds: a packet REJECTed just before the dataplane was replaced would
 * otherwise never get its reply. SIGTERM stays blocked except where the
 * helper waits (epoll, the table's lock), so that it is never slept
 * through and never interrupts an answer half sent. */
static volatile sig_atomic_t stopping;
static sigset_t term_only;

/* This process, when it is a helper: its pid file's lock (-1 once let
 * go), its directory and its table service. */
static struct {
	int pid_fd;
	const char *dir;
	struct table_service ts;
} self = {.pid_fd = -1};

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The table's lock, or false once SIGTERM came: the command that stops
 * this helper holds that lock while it waits for the helper to go. */
static bool lock_unless_stopped(struct state *st)
{
	const struct timespec pause = {0, 1000 * 1000};
	int got;

	while ((got = state_lock_try(st)) == 1) {
		if (stopping || sigtimedwait(&term_only, NULL, &pause) == SIGTERM) {
			stopping = 1;
			state_unlock(st);
			return false;
		}
	}
	return got == 0;
}

static void pid_path(const char *dir, char *path, size_t size)
{
	snprintf(path, size, "%s/helper.pid", dir);
}

static void ifname(int ifindex, char name[IF_NAMESIZE])
{
	name[0] = 0;
	if (ifindex && !if_indextoname((unsigned int)ifindex, name))
		name[0] = 0;
}

static int on_event(void *ctx, void *data, size_t size)
{
	struct resident *r = ctx;
	const struct bpfipt_event *ev = data;

	if (size < sizeof(*ev))
		return 0;
	if (ev->kind == BPFIPT_EV_REJECT) {
		reject_send(r->raw_fd, ev);
	} else if (ev->kind == BPFIPT_EV_LOG && r->logs) {
		char in[IF_NAMESIZE], out[IF_NAMESIZE], line[LOG_LINE_MAX];

		ifname((int)ev->in_ifindex, in);
		ifname((int)ev->out_ifindex, out);
		if (log_format_line(ev, in, out, line, sizeof(line)) >= 0)
			log_write(line, ev->log_level);
	}
	return 0;
}

/* At the start, under the lock already: an interface that appeared
 * after the command wrote the interface classes and before this helper
 * listened. */
static void on_link_starting(struct resident *r, int ifindex, const char *name)
{
	struct state st;
	struct xt_err err;

	if (dp_ifclass_known(&r->dp, ifindex))
		return;
	xt_err_clear(&err);
	if (!r->start_rs) {
		state_at(&st, r->dir);
		r->start_rs = state_load(&st, &err);
		if (!r->start_rs)
			return;
	}
	dp_attach_ifindex(&r->dp, ifindex, &err);
	dp_ifclass_update(&r->dp, r->start_rs, ifindex, name);
	dp_local_addrs_update(&r->dp);
}

/* A new or renamed interface: attach, and give it its class, under the
 * table's lock so that a concurrent update cannot miss it. */
static void on_link(void *arg, int ifindex, const char *name, bool present)
{
	struct resident *r = arg;
	struct state st;
	struct xt_err err;
	struct ruleset *rs;
	struct dp dp;

	if (!present)
		return;
	if (r->starting) {
		on_link_starting(r, ifindex, name);
		return;
	}
	xt_err_clear(&err);
	state_at(&st, r->dir);
	if (!lock_unless_stopped(&st))
		return;
	rs = state_load(&st, &err);
	/* The record as it is now: `--ingress` may have changed the hook. */
	if (rs && dp_open(&dp, r->dir) == 0) {
		dp_attach_ifindex(&dp, ifindex, &err);
		dp_ifclass_update(&dp, rs, ifindex, name);
		dp_local_addrs_update(&dp);
		dp_close(&dp);
	}
	ruleset_free(rs);
	state_unlock(&st);
}

/* Whether anything but this helper still holds the namespace. */
static bool namespace_in_use(void)
{
	struct stat self;

	if (stat("/proc/self/ns/net", &self) < 0)
		return true;
	return dp_netns_users(self.st_ino, getpid()) > 0;
}

static bool still_wanted(const struct resident *r)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/dataplane", r->dir);
	return access(path, F_OK) == 0 && namespace_in_use();
}

static int serve(struct resident *r, struct link_watch *lw)
{
	struct ring_buffer *rb;
	int ep, ret = 0;

	rb = ring_buffer__new(r->dp.map_fd[DP_M_EVENTS], on_event, r, NULL);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (!rb || !lw || ep < 0) {
		ret = -1;
		goto out;
	}
	struct epoll_event e = {.events = EPOLLIN, .data.u32 = 1};

	epoll_ctl(ep, EPOLL_CTL_ADD, ring_buffer__epoll_fd(rb), &e);
	e.data.u32 = 2;
	epoll_ctl(ep, EPOLL_CTL_ADD, link_watch_fd(lw), &e);
	if (table_service_open(&self.ts, r->dir) == 0) {
		e.data.u32 = 3;
		epoll_ctl(ep, EPOLL_CTL_ADD, self.ts.listen_fd, &e);
	}
	sigset_t waiting;

	sigprocmask(SIG_BLOCK, &term_only, &waiting);
	sigdelset(&waiting, SIGTERM);
	while (!stopping && still_wanted(r)) {
		struct epoll_event got[4];
		int n = epoll_pwait(ep, got, 4, 1000, &waiting);

		for (int i = 0; i < n; i++) {
			if (got[i].data.u32 == 1)
				ring_buffer__consume(rb);
			else if (got[i].data.u32 == 3)
				table_service_accept(&self.ts);
			else if (link_watch_dispatch(lw) == -ENOBUFS)
				link_watch_dump(lw); /* events were lost: look at every link */
		}
	}
	table_service_close(&self.ts);
	ring_buffer__consume(rb);
	/* Gone for good (not stopped by a command in this namespace): the
	 * cgroup program would outlive every rule. */
	if (!stopping && access(r->dir, F_OK) == 0 && !namespace_in_use())
		dp_cgroup_detach(&r->dp);
out:
	if (ep >= 0)
		close(ep);
	ring_buffer__free(rb);
	return ret;
}

/* The dataplane as the table's lock lets it be seen: the command that
 * started this helper holds that lock until it is done, and a later one
 * that replaces the dataplane stops this helper (its pid is in the file
 * by then) before it lets go of the lock. Then the interfaces nobody
 * attached: those that came before the link events were listened to. */
static bool start(struct resident *r, struct link_watch *lw, int hold_fd)
{
	struct state st;
	bool ok;

	state_at(&st, r->dir);
	if (!lock_unless_stopped(&st))
		return false;
	ok = dp_open(&r->dp, r->dir) == 0;
	if (hold_fd >= 0)
		close(hold_fd);
	if (ok) {
		r->starting = true;
		link_watch_dump(lw);
		r->starting = false;
		ruleset_free(r->start_rs);
		r->start_rs = NULL;
	}
	state_unlock(&st);
	return ok;
}

int resident_main(const char *dir, int hold_fd)
{
	struct resident r = {.dir = dir};
	struct link_watch *lw;
	char path[4200];
	int pid_fd, ret = 1;

	/* The pid file's lock first: from now on commands see this helper
	 * running, and one that replaces the dataplane stops it. */
	pid_path(dir, path, sizeof(path));
	pid_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (pid_fd < 0 || flock(pid_fd, LOCK_EX | LOCK_NB) < 0)
		return 1; /* another helper runs */
	self.pid_fd = pid_fd;
	self.dir = dir;
	self.ts.listen_fd = -1;
	if (ftruncate(pid_fd, 0) == 0)
		dprintf(pid_fd, "%d\n", getpid());
	sigemptyset(&term_only);
	sigaddset(&term_only, SIGTERM);
	sigaction(SIGTERM, &(struct sigaction){.sa_handler = on_term}, NULL);
	sigprocmask(SIG_BLOCK, &term_only, NULL);
	/* Listening before looking, so that no interface falls in between. */
	if (link_watch_open(&lw, on_link, &r) < 0)
		goto out;
	r.raw_fd = reject_socket();
	r.logs = log_netfilter_logs() > 0;
	if (start(&r, lw, hold_fd)) {
		ret = serve(&r, lw) < 0;
		dp_close(&r.dp);
	}
	link_watch_close(lw);
out:
	if (self.pid_fd >= 0)
		unlink(path);
	return ret;
}

/* Whether a helper holds the pid file's lock. */
static bool running(const char *dir)
{
	char path[4200];
	int fd, busy;

	pid_path(dir, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	busy = flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK;
	close(fd);
	return busy;
}

void resident_ensure(const char *dir, int hold_fd)
{
	/* The helper waits for the table's lock, which this command holds
	 * until it is done. What nothing else may hold yet (a program
	 * attached nowhere: dp_sync) goes to it as descriptor 3. */
	char *argv[] = {"bpf-iptables", "--resident", (char *)dir, hold_fd >= 0 ? "3" : NULL, NULL};

	if (!running(dir))
		spawn_detached(argv, hold_fd);
}

/* A command this helper runs for another (table_service.c) replaced the
 * dataplane: this helper goes once it has answered, and lets go of the
 * pid file now, so that the command's resident_ensure starts the next. */
static void stop_self(void)
{
	stopping = 1;
	table_service_stop(&self.ts);
	close(self.pid_fd);
	self.pid_fd = -1;
}

void resident_stop(const char *dir)
{
	char path[4200];
	int pid = 0;
	FILE *f;

	if (self.pid_fd >= 0 && strcmp(dir, self.dir) == 0) {
		stop_self();
		return;
	}
	pid_path(dir, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid > 1 && running(dir)) {
		kill(pid, SIGTERM);
		for (int i = 0; i < 200 && running(dir); i++)
			usleep(5000);
	}
}
