// SPDX-License-Identifier: GPL-2.0-only
#define _GNU_SOURCE /* mkostemp */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../translator/ruleset_io.h"
#include "../translator/strbuf.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

#define DEFAULT_RUNDIR "/run/bpf-iptables"

static int netns_cookie(unsigned long long *cookie, struct xt_err *err)
{
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len = sizeof(*cookie);
	int ret;

	if (fd < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "socket: %s", strerror(errno));
	ret = getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len);
	close(fd);
	if (ret < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot identify the network namespace: %s",
			       strerror(errno));
	return 0;
}

static int make_dir(const char *path, struct xt_err *err)
{
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot create %s: %s", path, strerror(errno));
	return 0;
}

const char *state_root(void)
{
	const char *root = getenv("BPF_IPTABLES_RUNDIR");

	return root && *root ? root : DEFAULT_RUNDIR;
}

int state_open(struct state *st, bool create, struct xt_err *err)
{
	const char *root = state_root();
	unsigned long long cookie;
	st->lock_fd = -1;
	if (netns_cookie(&cookie, err) < 0)
		return -1;
	st->cookie = cookie;
	snprintf(st->dir, sizeof(st->dir), "%s/netns-%llu", root, cookie);
	snprintf(st->table_path, sizeof(st->table_path), "%s/filter.table", st->dir);
	if (!create)
		return 0;
	if (make_dir(root, err) < 0 || make_dir(st->dir, err) < 0)
		return -1;
	return 0;
}

void state_at(struct state *st, const char *dir)
{
	struct xt_err ignored;

	memset(st, 0, sizeof(*st));
	st->lock_fd = -1;
	snprintf(st->dir, sizeof(st->dir), "%s", dir);
	snprintf(st->table_path, sizeof(st->table_path), "%s/filter.table", dir);
	if (netns_cookie(&st->cookie, &ignored) < 0)
		st->cookie = 0;
}

static int lock_busy(const char *path, int wait_s, struct xt_err *err)
{
	return xt_fail_style(err, XT_RESOURCE_PROBLEM, XT_ERR_RAW,
			     "Can't lock %s: %s\n"
			     "Another app is currently holding the xtables lock. Stopped waiting "
			     "after %ds.\n",
			     path, strerror(EWOULDBLOCK), wait_s);
}

static long long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000LL + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void lock_path(const struct state *st, char *path, size_t size)
{
	snprintf(path, size, "%s/lock", st->dir);
}

int state_lock_try(struct state *st)
{
	char path[PATH_MAX + 8];

	if (st->lock_fd < 0) {
		lock_path(st, path, sizeof(path));
		st->lock_fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0600);
		if (st->lock_fd < 0)
			return -1;
	}
	return flock(st->lock_fd, LOCK_EX | LOCK_NB) == 0 ? 0 : 1;
}

int state_lock(struct state *st, int wait_s, struct xt_err *err)
{
	char path[PATH_MAX + 8];
	struct timespec start, pause = {0, 10 * 1000 * 1000};
	int got;

	lock_path(st, path, sizeof(path));
	got = state_lock_try(st);
	if (got < 0)
		return xt_fail_style(err, XT_RESOURCE_PROBLEM, XT_ERR_RAW,
				     "Fatal: can't open lock file %s: %s\n", path, strerror(errno));
	if (got == 0)
		return 0;
	if (wait_s <= 0)
		return flock(st->lock_fd, LOCK_EX) == 0 ? 0 : lock_busy(path, wait_s, err);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (state_lock_try(st) != 0) {
		if (elapsed_ms(&start) >= wait_s * 1000LL) {
			state_unlock(st);
			return lock_busy(path, wait_s, err);
		}
		nanosleep(&pause, NULL);
	}
	return 0;
}

void state_unlock(struct state *st)
{
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	st->lock_fd = -1;
}

/* The table's data file, open: the link is read again when its target
 * went away between reading the link and opening the file (a writer
 * replaced the table just then, state_save). */
static int open_table(const struct state *st)
{
	struct stat lsb;
	int fd;

	for (int tries = 0; tries < 100; tries++) {
		fd = open(st->table_path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || errno != ENOENT || lstat(st->table_path, &lsb) < 0 ||
		    !S_ISLNK(lsb.st_mode))
			return fd;
	}
	return -1;
}

struct ruleset *state_load(struct state *st, struct xt_err *err)
{
	int fd = open_table(st);
	struct stat sb;
	struct ruleset *rs;

	if (fd < 0) {
		if (errno == ENOENT) {
			st->loaded = false;
			return ruleset_new();
		}
		xt_fail(err, XT_OTHER_PROBLEM, "cannot read %s: %s", st->table_path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0) {
		close(fd);
		xt_fail(err, XT_OTHER_PROBLEM, "cannot read %s: %s", st->table_path, strerror(errno));
		return NULL;
	}
	/* Mapped, not read: a large table's bytes then come from the page
	 * cache as they are parsed, with no copy into fresh memory. */
	void *map = sb.st_size ? mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
			       : MAP_FAILED;

	close(fd);
	if (map == MAP_FAILED && sb.st_size) {
		xt_fail(err, XT_OTHER_PROBLEM, "cannot read %s: %s", st->table_path, strerror(errno));
		return NULL;
	}
	rs = ruleset_load_file(map == MAP_FAILED ? "" : map, (size_t)sb.st_size, &st->file, err);
	if (map != MAP_FAILED)
		munmap(map, (size_t)sb.st_size);
	st->loaded = rs != NULL;
	st->loaded_size = (size_t)sb.st_size;
	return rs;
}

int state_table_id(const struct state *st, struct state_table_id *id)
{
	struct stat sb;
	ssize_t n;

	memset(id, 0, sizeof(*id));
	n = readlink(st->table_path, id->data_file, sizeof(id->data_file) - 1);
	if (n < 0 || n >= (ssize_t)sizeof(id->data_file) - 1 || stat(st->table_path, &sb) < 0)
		return -1;
	id->dev = sb.st_dev;
	id->ino = sb.st_ino;
	id->size = sb.st_size;
	return 0;
}

bool state_table_id_equal(const struct state_table_id *a, const struct state_table_id *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       strcmp(a->data_file, b->data_file) == 0;
}

bool state_exists(const struct state *st)
{
	return access(st->table_path, F_OK) == 0;
}

void state_keep_table(struct state *st, int wait_s)
{
	struct xt_err ignored;
	bool held = st->lock_fd >= 0;

	if (state_exists(st) || (!held && state_lock(st, wait_s, &ignored) < 0))
		return;
	if (!state_exists(st)) {
		struct ruleset *empty = ruleset_new();

		state_save(st, empty, &ignored);
		ruleset_free(empty);
	}
	if (!held)
		state_unlock(st);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

struct table_out {
	int fd;
	int failed; /* errno of the first failed write */
	size_t written;
};

static int flush_table(struct strbuf *bytes, void *arg)
{
	struct table_out *to = arg;

	if (!to->failed && write_all(to->fd, bytes->buf, bytes->len) < 0)
		to->failed = errno;
	to->written += bytes->len;
	sb_reset(bytes);
	return to->failed ? -1 : 0;
}

/* The table is a data file named filter.table.XXXXXX, and filter.table a
 * symbolic link to it, replaced in one rename. Renaming a new data file
 * over the old one would do as well for atomicity, but ext4 then writes
 * the new file's blocks out at once (auto_da_alloc): 1 to 2 ms for a
 * 10,000-rule table, on every command. No fsync either: the rename is
 * what makes the new table appear whole to the next command, also when
 * this one dies; a crash of the machine takes the dataplane along, and
 * this directory (named by a namespace cookie, which a reboot does not
 * give again) with it. */
int state_save(struct state *st, const struct ruleset *rs, struct xt_err *err)
{
	char data[PATH_MAX + 64], link[PATH_MAX + 64], old[PATH_MAX];
	struct strbuf bytes;
	ssize_t old_len;
	int fd, ret = 0;

	snprintf(data, sizeof(data), "%s.XXXXXX", st->table_path);
	fd = mkostemp(data, O_CLOEXEC);
	if (fd < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot write %s: %s", data, strerror(errno));
	struct table_out to = {fd, 0, 0};

	sb_init(&bytes);
	ruleset_serialize_chunked(rs, &bytes, flush_table, &to);
	if (to.failed)
		ret = xt_fail(err, XT_OTHER_PROBLEM, "cannot write %s: %s", data, strerror(to.failed));
	sb_free(&bytes);
	if (close(fd) < 0 && ret == 0)
		ret = xt_fail(err, XT_OTHER_PROBLEM, "cannot write %s: %s", data, strerror(errno));
	old_len = readlink(st->table_path, old, sizeof(old) - 1);
	snprintf(link, sizeof(link), "%s.link.%ld", st->table_path, (long)getpid());
	unlink(link);
	if (ret == 0 && (symlink(strrchr(data, '/') + 1, link) < 0 ||
			 rename(link, st->table_path) < 0))
		ret = xt_fail(err, XT_OTHER_PROBLEM, "cannot replace %s: %s", st->table_path,
			      strerror(errno));
	if (ret < 0) {
		unlink(link);
		unlink(data);
		return ret;
	}
	/* The file is now this table alone, as a load would find it. */
	st->loaded = true;
	st->loaded_size = to.written;
	st->file = (struct ruleset_file_info){to.written, to.written, 0};
	/* The previous data file; a reader that read the old link just
	 * before may then find it gone, and reads the link again
	 * (state_load). */
	if (old_len > 0 && old_len < (ssize_t)sizeof(old) - 1) {
		old[old_len] = '\0';
		if (!strchr(old, '/')) {
			char gone[sizeof(st->dir) + sizeof(old) + 1];

			snprintf(gone, sizeof(gone), "%s/%s", st->dir, old);
			unlink(gone);
		}
	}
	return 0;
}

/* Change records: at most this many, and this many bytes, before the
 * table is written whole again. A load replays them, each insert moving
 * the rest of its chain along; and a whole write costs what a few
 * thousand rules cost, so that a few dozen records are worth it. */
#define CHANGES_MAX 32
#define CHANGE_BYTES_MAX (64 * 1024)

int state_save_changes(struct state *st, const struct ruleset *rs,
		       const struct ruleset_snapshot *before, struct xt_err *err)
{
	struct strbuf rec;
	int n, fd, ret = -1;

	/* A file with a torn record after its last whole one (a writer
	 * died in the middle): it is not appended to, but written anew. */
	if (!st->loaded || st->loaded_size != st->file.valid_len)
		return state_save(st, rs, err);
	sb_init(&rec);
	n = ruleset_changes_encode(before, rs, &rec);
	if (n == 0) {
		ret = 0;
	} else if (n > 0 && st->file.n_changes + (uint32_t)n <= CHANGES_MAX &&
		   st->file.valid_len - st->file.base_len + rec.len <= CHANGE_BYTES_MAX) {
		fd = open(st->table_path, O_WRONLY | O_CLOEXEC);
		if (fd >= 0) {
			ssize_t w = pwrite(fd, rec.buf, rec.len, (off_t)st->file.valid_len);

			ret = w == (ssize_t)rec.len ? 0 : -1;
			close(fd);
		}
		if (ret == 0) {
			st->loaded_size += rec.len;
			st->file.valid_len += rec.len;
			st->file.n_changes += (uint32_t)n;
		}
	}
	sb_free(&rec);
	/* Anything else, or a failed write (whose torn record readers
	 * leave out): the whole table, in a new file. */
	return ret == 0 ? 0 : state_save(st, rs, err);
}
