// SPDX-License-Identifier: GPL-2.0-only
/* Hooking the programs in: TC ingress and egress (clsact) on every
 * interface of the namespace, and the cgroup egress program on the
 * cgroup v2 root, where it sees every socket of the machine and acts on
 * those of its own namespace only. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <linux/pkt_sched.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dp.h"
#include "rtnl_query.h"

/* Our filter's place in clsact: first, and a handle no one else uses. */
#define DP_TC_HANDLE 0xb1f7
#define DP_TC_PRIO 1

static int tc_attach_one(int ifindex, enum bpf_tc_attach_point point, int prog_fd)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO,
			    .prog_fd = prog_fd, .flags = BPF_TC_F_REPLACE);
	int ret = bpf_tc_hook_create(&hook);

	if (ret < 0 && ret != -EEXIST)
		return ret;
	return bpf_tc_attach(&hook, &opts);
}

/* lo keeps TC ingress in XDP mode too: what loops back through it was
 * built as an skb by this host, and TC sees it as netfilter does. */
#define LOOPBACK_IFINDEX 1

static void tc_detach_one(int ifindex, enum bpf_tc_attach_point point)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	DECLARE_LIBBPF_OPTS(bpf_tc_opts, opts, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO);

	bpf_tc_detach(&hook, &opts);
}

/* Whether a program id is ours under that name (an XDP program on an
 * interface of this namespace is an earlier dataplane's). */
static bool prog_is(uint32_t id, const char *name)
{
	int fd = dp_prog_by_id(id, name);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* The interface's XDP program, if it is one of ours (any dataplane's),
 * off: 0; -EBUSY when someone else's is there. */
static int xdp_detach_one(int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);

	if (bpf_xdp_query(ifindex, 0, &q) < 0 || !q.prog_id)
		return 0;
	if (!prog_is(q.prog_id, "bpfipt_xdp_ingress"))
		return -EBUSY;
	bpf_xdp_detach(ifindex,
		       q.attach_mode == XDP_ATTACHED_SKB ? XDP_FLAGS_SKB_MODE : XDP_FLAGS_DRV_MODE,
		       NULL);
	return 0;
}

/* Native XDP where the driver has it, generic (skb) XDP elsewhere, in
 * place of an earlier dataplane's program. A program of someone else's
 * already there is left alone: an error. */
static int xdp_attach_one(const struct dp *dp, int ifindex)
{
	LIBBPF_OPTS(bpf_xdp_query_opts, q);
	int ret;

	if (bpf_xdp_query(ifindex, 0, &q) == 0 && q.prog_id == dp->ids.prog_id[DP_P_XDP])
		return 0;
	ret = xdp_detach_one(ifindex);
	if (ret < 0)
		return ret;
	ret = bpf_xdp_attach(ifindex, dp->prog_fd[DP_P_XDP], XDP_FLAGS_DRV_MODE, NULL);
	if (ret < 0)
		ret = bpf_xdp_attach(ifindex, dp->prog_fd[DP_P_XDP], XDP_FLAGS_SKB_MODE, NULL);
	return ret;
}

/* The interface's MAC address for the XDP program (none for lo). */
static void ifmac_update(const struct dp *dp, int ifindex)
{
	struct ifreq ifr = {0};
	struct bpfipt_ifmac mac = {0};
	uint32_t key = (uint32_t)ifindex;
	int fd;

	if (dp->map_fd[DP_M_IFMAC] < 0 || !if_indextoname((unsigned int)ifindex, ifr.ifr_name))
		return;
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) == 0 && ifr.ifr_hwaddr.sa_family == ARPHRD_ETHER) {
		memcpy(mac.addr, ifr.ifr_hwaddr.sa_data, 6);
		bpf_map_update_elem(dp->map_fd[DP_M_IFMAC], &key, &mac, BPF_ANY);
	}
	close(fd);
}

int dp_attach_ifindex(const struct dp *dp, int ifindex, struct xt_err *err)
{
	bool xdp = dp->ids.xdp && ifindex != LOOPBACK_IFINDEX;
	int ret;

	ifmac_update(dp, ifindex);
	if (xdp) {
		ret = xdp_attach_one(dp, ifindex);
		if (ret == 0)
			tc_detach_one(ifindex, BPF_TC_INGRESS);
	} else {
		ret = tc_attach_one(ifindex, BPF_TC_INGRESS, dp->prog_fd[DP_P_TC_IN]);
		if (ret == 0)
			xdp_detach_one(ifindex);
	}
	if (ret == 0)
		ret = tc_attach_one(ifindex, BPF_TC_EGRESS, dp->prog_fd[DP_P_TC_OUT]);
	if (ret < 0 && ret != -ENODEV && ret != -ENOENT) {
		char name[IF_NAMESIZE] = "?";

		if_indextoname((unsigned int)ifindex, name);
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot attach to interface %s: %s%s", name,
			       strerror(-ret),
			       ret == -EBUSY ? " (another XDP program is attached)" : "");
	}
	return 0;
}

/* clsact's two hooks, as rtnetlink names them. */
#define CLSACT_INGRESS TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS)
#define CLSACT_EGRESS TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS)

void dp_detach_ifindex(int ifindex)
{
	DECLARE_LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
			    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);

	tc_detach_one(ifindex, BPF_TC_INGRESS);
	tc_detach_one(ifindex, BPF_TC_EGRESS);
	xdp_detach_one(ifindex);
	/* The clsact qdisc goes too, unless someone else's filters are on
	 * it: the interface's qdiscs as they were before bpf-iptables. */
	if (rtnl_tc_filters(ifindex, CLSACT_INGRESS) == 0 &&
	    rtnl_tc_filters(ifindex, CLSACT_EGRESS) == 0)
		bpf_tc_hook_destroy(&hook);
}

int dp_attach_all(const struct dp *dp, struct xt_err *err)
{
	struct if_nameindex *ifs = if_nameindex();
	int ret = 0;

	if (!ifs)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot list interfaces: %s", strerror(errno));
	for (struct if_nameindex *i = ifs; i->if_index && ret == 0; i++)
		ret = dp_attach_ifindex(dp, (int)i->if_index, err);
	if_freenameindex(ifs);
	return ret;
}

void dp_detach_all(void)
{
	struct if_nameindex *ifs = if_nameindex();

	for (struct if_nameindex *i = ifs; i && i->if_index; i++)
		dp_detach_ifindex((int)i->if_index);
	if (ifs)
		if_freenameindex(ifs);
}

static void ingress_path(const char *dir, char *path, size_t size)
{
	snprintf(path, size, "%s/ingress", dir);
}

bool dp_ingress_xdp(const char *state_dir)
{
	char path[4200], word[8] = "";
	FILE *f;

	ingress_path(state_dir, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return false;
	if (!fgets(word, sizeof(word), f))
		word[0] = 0;
	fclose(f);
	return strncmp(word, "xdp", 3) == 0;
}

int dp_ingress_set(const char *state_dir, bool xdp, struct xt_err *err)
{
	char path[4200];
	FILE *f;

	ingress_path(state_dir, path, sizeof(path));
	f = fopen(path, "we");
	if (!f || fprintf(f, "%s\n", xdp ? "xdp" : "tc") < 0 || fclose(f) != 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot write %s", path);
	return 0;
}

static bool is_cgroup2(const char *path)
{
	struct statfs fs;

	return statfs(path, &fs) == 0 && fs.f_type == CGROUP2_SUPER_MAGIC;
}

/* The cgroup v2 root. `ip netns exec` mounts a fresh /sys without it, so
 * when no mount is in sight, mount one privately just long enough to
 * open it. A mount takes 12 to 15 ms here, so the directory is opened
 * once per process and handed out as duplicates. */
static int cgroup_root_fd(void)
{
	static const char *const known[] = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"};
	static int root = -1;
	char tmp[] = "/tmp/bpf-iptables-cgroup.XXXXXX";

	for (size_t i = 0; root < 0 && i < sizeof(known) / sizeof(known[0]); i++)
		if (is_cgroup2(known[i]))
			root = open(known[i], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (root < 0 && mkdtemp(tmp)) {
		if (mount("none", tmp, "cgroup2", 0, NULL) == 0) {
			root = open(tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			umount2(tmp, MNT_DETACH);
		}
		rmdir(tmp);
	}
	return root < 0 ? -1 : fcntl(root, F_DUPFD_CLOEXEC, 0);
}

int dp_cgroup_attach(struct dp *dp, struct xt_err *err)
{
	uint32_t zero = 0;
	struct bpfipt_config cfg;
	int cg = cgroup_root_fd(), ret;

	if (cg < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot open the cgroup v2 root: %s",
			       strerror(errno));
	ret = bpf_prog_attach(dp->prog_fd[DP_P_CGROUP], cg, BPF_CGROUP_INET_EGRESS,
			      BPF_F_ALLOW_MULTI);
	close(cg);
	if (ret < 0 && errno == E2BIG)
		return xt_fail(err, XT_OTHER_PROBLEM,
			       "cannot attach to the cgroup root: it holds 64 programs already, "
			       "the kernel's limit (one per network namespace with a dataplane)");
	if (ret < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot attach to the cgroup root: %s",
			       strerror(errno));
	dp->ids.cgroup = 1;
	if (bpf_map_lookup_elem(dp->map_fd[DP_M_CFG], &zero, &cfg) < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot read the dataplane configuration");
	cfg.cgroup_egress = 1;
	if (bpf_map_update_elem(dp->map_fd[DP_M_CFG], &zero, &cfg, BPF_ANY) < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot configure the dataplane: %s",
			       strerror(errno));
	return 0;
}

void dp_cgroup_detach(const struct dp *dp)
{
	int cg;

	if (!dp->ids.cgroup || dp->prog_fd[DP_P_CGROUP] < 0)
		return;
	cg = cgroup_root_fd();
	if (cg < 0)
		return;
	bpf_prog_detach2(dp->prog_fd[DP_P_CGROUP], cg, BPF_CGROUP_INET_EGRESS);
	close(cg);
}

/* Whether a /proc entry is a process: all digits (not "self" or
 * "thread-self", which are the caller itself). */
static bool is_pid(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (*name < '0' || *name > '9')
			return false;
	return true;
}

/* Calls fn with the nsfs inode of every network namespace in sight:
 * those of processes (but `skip_pid`), and those bound under /run/netns. */
static void each_netns(pid_t skip_pid, void (*fn)(uint64_t ino, void *arg), void *arg)
{
	const char *dirs[] = {"/proc", "/run/netns"};

	for (int d = 0; d < 2; d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;

		while (dir && (e = readdir(dir))) {
			char path[512];
			struct stat st;

			if (e->d_name[0] == '.' ||
			    (d == 0 && (!is_pid(e->d_name) || atoi(e->d_name) == skip_pid)))
				continue;
			if (d == 0)
				snprintf(path, sizeof(path), "/proc/%s/ns/net", e->d_name);
			else
				snprintf(path, sizeof(path), "/run/netns/%s", e->d_name);
			if (stat(path, &st) == 0)
				fn(st.st_ino, arg);
		}
		if (dir)
			closedir(dir);
	}
}

struct ino_set {
	uint64_t *ino;
	size_t n, cap;
};

static void collect(uint64_t ino, void *arg)
{
	struct ino_set *s = arg;

	if (s->n < s->cap)
		s->ino[s->n++] = ino;
}

struct ino_count {
	uint64_t ino;
	unsigned int n;
};

static void count(uint64_t ino, void *arg)
{
	struct ino_count *c = arg;

	c->n += ino == c->ino;
}

unsigned int dp_netns_users(uint64_t ino, pid_t skip_pid)
{
	struct ino_count c = {.ino = ino};

	each_netns(skip_pid, count, &c);
	return c.n;
}

/* The namespace inode a cgroup program of ours enforces, or 0. */
static uint64_t prog_netns_ino(int prog_fd)
{
	uint32_t ids[32], zero = 0;
	struct bpf_prog_info info = {.nr_map_ids = 32, .map_ids = (uint64_t)(uintptr_t)ids};
	uint32_t len = sizeof(info);
	uint64_t ino = 0;

	if (bpf_obj_get_info_by_fd(prog_fd, &info, &len) < 0)
		return 0;
	for (uint32_t i = 0; i < info.nr_map_ids && i < 32 && !ino; i++) {
		struct bpf_map_info mi = {};
		uint32_t mlen = sizeof(mi);
		struct bpfipt_config cfg;
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &mi, &mlen) == 0 && strcmp(mi.name, "bpfipt_cfg") == 0 &&
		    bpf_map_lookup_elem(fd, &zero, &cfg) == 0)
			ino = cfg.netns_ino;
		close(fd);
	}
	return ino;
}

/* Detaches our cgroup programs for which drop(netns inode, arg) says so. */
static void cgroup_detach_where(bool (*drop)(uint64_t ino, void *arg), void *arg)
{
	uint32_t ids[256], n = 256;
	int cg = cgroup_root_fd();

	if (cg < 0)
		return;
	if (bpf_prog_query(cg, BPF_CGROUP_INET_EGRESS, 0, NULL, ids, &n) < 0)
		n = 0;
	for (uint32_t i = 0; i < n; i++) {
		int fd = dp_prog_by_id(ids[i], "bpfipt_cgroup_egress");
		uint64_t ino;

		if (fd < 0)
			continue;
		if ((ino = prog_netns_ino(fd)) && drop(ino, arg))
			bpf_prog_detach2(fd, cg, BPF_CGROUP_INET_EGRESS);
		close(fd);
	}
	close(cg);
}

static bool netns_gone(uint64_t ino, void *arg)
{
	const struct ino_set *live = arg;

	for (size_t k = 0; k < live->n; k++)
		if (live->ino[k] == ino)
			return false;
	return true;
}

void dp_cgroup_gc(void)
{
	struct ino_set live = {.ino = calloc(65536, sizeof(uint64_t)), .cap = 65536};

	if (!live.ino)
		return;
	each_netns(0, collect, &live);
	cgroup_detach_where(netns_gone, &live);
	free(live.ino);
}

static bool netns_is(uint64_t ino, void *arg)
{
	return ino == *(const uint64_t *)arg;
}

void dp_cgroup_detach_netns(uint64_t ino)
{
	cgroup_detach_where(netns_is, &ino);
}
