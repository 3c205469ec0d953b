// SPDX-License-Identifier: GPL-2.0-only
/* Creating a namespace's dataplane (load the programs with maps sized
 * for the image, attach them) and finding it again from the ids the
 * state directory records. */
#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfipt.skel.h"
#include "dp.h"
#include "dp_spare.h"

static const char ids_magic[8] = "BPFDP06";

/* Names as declared; the kernel keeps their first 15 characters. */
static const char *const map_names[DP_N_MAPS] = {
	[DP_M_CHAINS] = "bpfipt_chains",	   [DP_M_BVS] = "bpfipt_bvs",
	[DP_M_POOL] = "bpfipt_pool",		   [DP_M_RANGE_START] = "bpfipt_range_start",
	[DP_M_RANGE_BV] = "bpfipt_range_bv",	   [DP_M_RANGE_IDX] = "bpfipt_range_idx",
	[DP_M_ENTRY_RULE] = "bpfipt_entry_rule",
	[DP_M_ACTIONS] = "bpfipt_actions",	   [DP_M_L4] = "bpfipt_l4",
	[DP_M_LOGCONF] = "bpfipt_logconf",	   [DP_M_CFG] = "bpfipt_cfg",
	[DP_M_GENS] = "bpfipt_gens",
	[DP_M_READERS] = "bpfipt_readers",	   [DP_M_COUNTERS] = "bpfipt_counters",
	[DP_M_IFCLASS] = "bpfipt_ifclass",	   [DP_M_EVENTS] = "bpfipt_events",
	[DP_M_SCRATCH] = "bpfipt_scratch",	   [DP_M_LOCAL] = "bpfipt_local",
	[DP_M_LOGPKT] = "bpfipt_logpkt",	   [DP_M_IFMAC] = "bpfipt_ifmac",
};

static const char *const prog_names[DP_N_PROGS] = {
	[DP_P_TC_IN] = "bpfipt_tc_ingress",
	[DP_P_TC_OUT] = "bpfipt_tc_egress",
	[DP_P_CGROUP] = "bpfipt_cgroup_egress",
	[DP_P_XDP] = "bpfipt_xdp_ingress",
};

/* libbpf reports what we report ourselves (and expected conditions such
 * as an existing clsact qdisc): its messages only with BPFIPT_DEBUG. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	return getenv("BPFIPT_DEBUG") ? vfprintf(stderr, fmt, ap) : 0;
}

static void ids_path(const char *dir, char *path, size_t size)
{
	snprintf(path, size, "%s/dataplane", dir);
}

/* dir may be dp->dir itself (dp_close keeps the state directory). */
void dp_reset(struct dp *dp, const char *dir)
{
	char keep[sizeof(dp->dir)];

	snprintf(keep, sizeof(keep), "%s", dir);
	memset(dp, 0, sizeof(*dp));
	for (int i = 0; i < DP_N_MAPS; i++)
		dp->map_fd[i] = -1;
	for (int i = 0; i < DP_N_PROGS; i++)
		dp->prog_fd[i] = -1;
	memcpy(dp->dir, keep, sizeof(keep));
}

void dp_close(struct dp *dp)
{
	for (int i = 0; i < DP_N_MAPS; i++)
		if (dp->map_fd[i] >= 0)
			close(dp->map_fd[i]);
	for (int i = 0; i < DP_N_PROGS; i++)
		if (dp->prog_fd[i] >= 0)
			close(dp->prog_fd[i]);
	dp_reset(dp, dp->dir);
}

int dp_ids_save(const struct dp *dp)
{
	char path[4200], tmp[4300];
	int fd;

	ids_path(dp->dir, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	/* No fsync, as for the table (state_save): the rename makes the
	 * record appear whole, and a crash of the machine takes the objects
	 * it names along. */
	if (write(fd, &dp->ids, sizeof(dp->ids)) != (ssize_t)sizeof(dp->ids)) {
		close(fd);
		unlink(tmp);
		return -EIO;
	}
	close(fd);
	return rename(tmp, path) < 0 ? -errno : 0;
}

/* An id names our object only while the object lives: a recycled id
 * names something else, which the name shows. */
static int map_by_id(uint32_t id, const char *name)
{
	struct bpf_map_info info = {};
	uint32_t len = sizeof(info);
	int fd = bpf_map_get_fd_by_id(id);

	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 || strncmp(info.name, name, 15) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int dp_prog_by_id(uint32_t id, const char *name)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);
	int fd = bpf_prog_get_fd_by_id(id);

	if (fd < 0)
		return -1;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) < 0 || strncmp(info.name, name, 15) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

bool dp_record_present(const char *state_dir)
{
	char path[4200];

	ids_path(state_dir, path, sizeof(path));
	return access(path, F_OK) == 0;
}

int dp_open_ids(struct dp *dp)
{
	for (int i = 0; i < DP_N_MAPS; i++) {
		/* Only the XDP program uses it: in TC mode it is gone. */
		if (i == DP_M_IFMAC && !dp->ids.xdp)
			continue;
		dp->map_fd[i] = map_by_id(dp->ids.map_id[i], map_names[i]);
		if (dp->map_fd[i] < 0)
			goto stale;
	}
	for (int i = 0; i < DP_N_PROGS; i++) {
		if (!dp->ids.prog_id[i])
			continue;
		dp->prog_fd[i] = dp_prog_by_id(dp->ids.prog_id[i], prog_names[i]);
		if (dp->prog_fd[i] < 0)
			goto stale;
	}
	return 0;
stale:
	dp_close(dp);
	return -ENOENT;
}

int dp_open(struct dp *dp, const char *state_dir)
{
	libbpf_set_print(quiet);
	char path[4200];
	ssize_t n;
	int fd;

	dp_reset(dp, state_dir);
	ids_path(state_dir, path, sizeof(path));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ENOENT;
	n = read(fd, &dp->ids, sizeof(dp->ids));
	close(fd);
	if (n != (ssize_t)sizeof(dp->ids) || memcmp(dp->ids.magic, ids_magic, 8) != 0)
		return -ENOENT;
	return dp_open_ids(dp);
}

static uint32_t obj_id(int fd, bool prog)
{
	struct bpf_prog_info pi = {};
	struct bpf_map_info mi = {};
	uint32_t len = prog ? sizeof(pi) : sizeof(mi);

	if (bpf_obj_get_info_by_fd(fd, prog ? (void *)&pi : (void *)&mi, &len) < 0)
		return 0;
	return prog ? pi.id : mi.id;
}

static struct bpf_map *skel_map(struct bpfipt *s, enum dp_map m)
{
	struct bpf_map *maps[DP_N_MAPS] = {
		s->maps.bpfipt_chains,	    s->maps.bpfipt_bvs,		s->maps.bpfipt_pool,
		s->maps.bpfipt_range_start, s->maps.bpfipt_range_bv,	s->maps.bpfipt_range_idx,
		s->maps.bpfipt_entry_rule,
		s->maps.bpfipt_actions,	    s->maps.bpfipt_l4,		s->maps.bpfipt_logconf,
		s->maps.bpfipt_cfg,	    s->maps.bpfipt_gens,
		s->maps.bpfipt_readers,	    s->maps.bpfipt_counters,	s->maps.bpfipt_ifclass,
		s->maps.bpfipt_events,	    s->maps.bpfipt_scratch,	s->maps.bpfipt_local,
		s->maps.bpfipt_logpkt,	    s->maps.bpfipt_ifmac,
	};

	return maps[m];
}

static struct bpf_program *skel_prog(struct bpfipt *s, enum dp_prog p)
{
	struct bpf_program *progs[DP_N_PROGS] = {
		s->progs.bpfipt_tc_ingress,
		s->progs.bpfipt_tc_egress,
		s->progs.bpfipt_cgroup_egress,
		s->progs.bpfipt_xdp_ingress,
	};

	return progs[p];
}

/* Image arrays hold both generations; the rest as declared
 * or as many as caps says. */
static void size_maps(struct bpfipt *s, const struct dp_caps *caps)
{
	for (int m = DP_M_CHAINS; m <= DP_M_LOGCONF; m++)
		bpf_map__set_max_entries(skel_map(s, m), BPFIPT_N_GENS * caps->n[m]);
	bpf_map__set_max_entries(skel_map(s, DP_M_COUNTERS), BPFIPT_SLOT0 + caps->n[DP_M_COUNTERS]);
	bpf_map__set_max_entries(skel_map(s, DP_M_IFCLASS), BPFIPT_N_GENS * caps->n[DP_M_IFCLASS]);
}

/* One program's load, in a thread of its own: an object of its own whose
 * maps are the first object's (reused, so created once), with only that
 * program to load. The verifier takes 10 to 15 ms per program; on two
 * cores the loads overlap. */
struct prog_load {
	struct bpfipt *main;
	enum dp_prog which;
	int fd;  /* the program, or -1 */
	int err; /* negative errno */
};

static void *load_one(void *arg)
{
	struct prog_load *pl = arg;
	struct bpfipt *s = bpfipt__open();
	int ret = s ? 0 : -errno;

	pl->fd = -1;
	if (s) {
		/* Every map, the global data sections (.rodata, .bss) too, is
		 * the first object's of that name (its size comes with it). */
		for (struct bpf_map *m = bpf_object__next_map(s->obj, NULL); m && !ret;
		     m = bpf_object__next_map(s->obj, m)) {
			struct bpf_map *first = bpf_object__find_map_by_name(pl->main->obj,
									     bpf_map__name(m));

			ret = first ? bpf_map__reuse_fd(m, bpf_map__fd(first)) : -ENOENT;
		}
		for (int p = 0; p < DP_N_PROGS; p++)
			bpf_program__set_autoload(skel_prog(s, p), p == (int)pl->which);
		if (!ret)
			ret = bpfipt__load(s);
		if (!ret)
			pl->fd = dup(bpf_program__fd(skel_prog(s, pl->which)));
		bpfipt__destroy(s);
	}
	pl->err = ret;
	return NULL;
}

/* The maps first (an object with no program to load), then the programs,
 * in parallel or one after the other. The XDP program is loaded in XDP
 * mode only: nothing would hold it otherwise (nothing is pinned;
 * attachments keep the programs alive). Switching modes makes a new
 * dataplane (dp_sync). */
int dp_load(struct dp *dp, const struct dp_caps *caps, bool xdp, bool cgroup, bool parallel,
	    struct xt_err *err)
{
	struct prog_load pl[DP_N_PROGS];
	pthread_t th[DP_N_PROGS];
	bool started[DP_N_PROGS] = {0};
	struct bpfipt *s;
	int ret;

	libbpf_set_print(quiet);
	memcpy(dp->ids.magic, ids_magic, 8);
	dp->ids.caps = *caps;
	dp->ids.xdp = xdp;
	s = bpfipt__open();
	if (!s)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot open the BPF programs: %s",
			       strerror(errno));
	size_maps(s, caps);
	for (int p = 0; p < DP_N_PROGS; p++) {
		bpf_program__set_autoload(skel_prog(s, p), false);
		pl[p] = (struct prog_load){s, (enum dp_prog)p, -1, 0};
	}
	ret = bpfipt__load(s);
	for (int p = 0; p < DP_N_PROGS && !ret; p++) {
		if ((p == DP_P_XDP && !xdp) || (p == DP_P_CGROUP && !cgroup))
			continue;
		started[p] = parallel && pthread_create(&th[p], NULL, load_one, &pl[p]) == 0;
		if (!started[p])
			load_one(&pl[p]);
		if (pl[p].err && !started[p])
			ret = pl[p].err;
	}
	for (int p = 0; p < DP_N_PROGS; p++) {
		if (started[p])
			pthread_join(th[p], NULL);
		if (pl[p].fd >= 0)
			dp->ids.prog_id[p] = obj_id(pl[p].fd, true);
		else if (started[p] && !ret)
			ret = pl[p].err ? pl[p].err : -EINVAL;
		dp->prog_fd[p] = pl[p].fd; /* dp_close closes them on failure */
	}
	if (ret < 0) {
		bpfipt__destroy(s);
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot load the BPF programs: %s",
			       strerror(-ret));
	}
	for (int m = 0; m < DP_N_MAPS; m++) {
		dp->map_fd[m] = dup(bpf_map__fd(skel_map(s, m)));
		dp->ids.map_id[m] = obj_id(dp->map_fd[m], false);
	}
	bpfipt__destroy(s);
	return 0;
}

uint64_t dp_build_id(void)
{
	static uint64_t id;
	const unsigned char *b;
	size_t n;

	if (id)
		return id;
	/* FNV-1a (a word at a time) over the object and the record's
	 * layout: a spare made by another build (a keeper still running an
	 * old binary) is refused. */
	b = bpfipt__elf_bytes(&n);
	id = 0xcbf29ce484222325ull ^ sizeof(struct dp_ids);
	for (size_t i = 0; i < 8; i++)
		id = (id ^ (unsigned char)ids_magic[i]) * 0x100000001b3ull;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t w = 0;

		memcpy(&w, b + i, n - i < 8 ? n - i : 8);
		id = (id ^ w) * 0x100000001b3ull;
		id ^= id >> 29;
	}
	return id ? id : 1;
}

int dp_create(struct dp *dp, const char *state_dir, uint64_t netns_cookie,
	      const struct dp_caps *caps, bool cgroup, struct xt_err *err)
{
	struct bpfipt_config cfg = {.netns_cookie = netns_cookie};
	uint32_t zero = 0;
	struct stat st;
	bool xdp;

	if (stat("/proc/self/ns/net", &st) == 0)
		cfg.netns_ino = st.st_ino;
	/* Room on the cgroup root first; it takes a cgroup2 mount here. */
	if (cgroup)
		dp_cgroup_gc();
	dp_reset(dp, state_dir);
	xdp = dp_ingress_xdp(state_dir);
	/* A spare one, verified ahead of time, when there is one like it
	 * (dp_spare.h); else loaded now. */
	if (dp_spare_claim(dp, caps, xdp, cgroup) < 0 &&
	    dp_load(dp, caps, xdp, cgroup, true, err) < 0)
		goto fail;
	dp->ids.netns_cookie = netns_cookie;
	if (bpf_map_update_elem(dp->map_fd[DP_M_CFG], &zero, &cfg, BPF_ANY) < 0) {
		xt_fail(err, XT_OTHER_PROBLEM, "cannot configure the dataplane: %s",
			strerror(errno));
		goto fail;
	}
	return 0;
fail:
	dp_close(dp);
	return -1;
}
