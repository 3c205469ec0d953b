// SPDX-License-Identifier: GPL-2.0-only
/* A rule table into the dataplane (DESIGN §6): compile, write the image
 * into the generation packets are not using (after the last packets that
 * used it have left), then flip `active` in one map write. A packet
 * sees the old rules or the new ones, never a mix. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../translator/lbvs/flat.h"
#include "../../translator/lbvs/image.h"
#include "../../kernel/include/bpfipt_limits.h"
#include "dp.h"

/* What each image array needs for this image (per generation), and the
 * counter slots the table has handed out. */
static void needs(const struct lbvs_flat *f, uint32_t slots, struct dp_caps *need)
{
	memset(need, 0, sizeof(*need));
	need->n[DP_M_COUNTERS] = slots;
	need->n[DP_M_CHAINS] = f->n_chains;
	need->n[DP_M_BVS] = f->n_bv;
	need->n[DP_M_POOL] = f->n_pool;
	need->n[DP_M_RANGE_START] = f->n_range;
	need->n[DP_M_RANGE_BV] = f->n_range;
	need->n[DP_M_RANGE_IDX] = f->n_range_idx;
	need->n[DP_M_ENTRY_RULE] = f->n_entries;
	need->n[DP_M_ACTIONS] = f->n_actions;
	need->n[DP_M_L4] = f->n_l4;
	need->n[DP_M_LOGCONF] = f->n_log;
}

static uint32_t round_cap(uint32_t need, uint32_t min)
{
	uint32_t c = min;

	while (c < need)
		c *= 2;
	return c;
}

/* Room for the image with headroom, so that most updates fit. */
static void caps_for(const struct dp_caps *need, struct dp_caps *caps)
{
	static const uint32_t min[DP_N_MAPS] = {
		[DP_M_CHAINS] = 64,	  [DP_M_BVS] = 1024,	[DP_M_POOL] = 4096,
		[DP_M_RANGE_START] = 1024, [DP_M_RANGE_BV] = 1024, [DP_M_RANGE_IDX] = 1024,
		[DP_M_ENTRY_RULE] = 1024,
		[DP_M_ACTIONS] = 1024,	  [DP_M_L4] = 256,	[DP_M_LOGCONF] = 64,
	};

	memset(caps, 0, sizeof(*caps));
	for (int m = DP_M_CHAINS; m <= DP_M_LOGCONF; m++)
		caps->n[m] = round_cap(need->n[m] * 2, min[m]);
	/* Counter slots too: a per-CPU array allocates every element on
	 * every CPU when it is created, and the 131,072 slots the table may
	 * number up to took 140 ms of a new namespace's first command. A
	 * table whose slots outgrow the map gets a new dataplane, which
	 * takes the counters along (dataplane_for). */
	caps->n[DP_M_COUNTERS] = round_cap(need->n[DP_M_COUNTERS] * 2, 4096);
	if (caps->n[DP_M_COUNTERS] > BPFIPT_COUNTER_SLOTS)
		caps->n[DP_M_COUNTERS] = BPFIPT_COUNTER_SLOTS;
	caps->n[DP_M_IFCLASS] = 1024;
}

static bool fits(const struct dp_caps *need, const struct dp_caps *caps)
{
	for (int m = DP_M_CHAINS; m <= DP_M_LOGCONF; m++)
		if (need->n[m] > caps->n[m])
			return false;
	return need->n[DP_M_COUNTERS] <= caps->n[DP_M_COUNTERS];
}

/* Offsets of generation g in each array: every index the image holds
 * becomes absolute, so the programs need only the chain base. */
static void relocate(struct lbvs_flat *f, const struct dp_caps *caps, uint32_t g)
{
	uint32_t o[DP_N_MAPS];

	for (int m = 0; m < DP_N_MAPS; m++)
		o[m] = g * caps->n[m];
	for (uint32_t i = 0; i < f->n_chains; i++) {
		struct bpfipt_chain *c = &f->chain[i];

		c->entry_base += o[DP_M_ENTRY_RULE];
		c->rule_base += o[DP_M_ACTIONS];
		c->bv_all += o[DP_M_BVS];
		for (int k = 0; k < BPFIPT_N_FIELDS; k++) {
			c->range_base[k] += o[DP_M_RANGE_START];
			if (c->range_wild[k] != BPFIPT_NO_WILD)
				c->range_wild[k] += o[DP_M_BVS];
			if (c->range_idx[k] != BPFIPT_NO_INDEX)
				c->range_idx[k] += o[DP_M_RANGE_IDX];
		}
	}
	for (uint32_t i = 0; i < f->n_bv; i++)
		f->bv[i].pool_off += o[DP_M_POOL];
	for (uint32_t i = 0; i < f->n_range; i++)
		f->range_bv[i] += o[DP_M_BVS];
	for (uint32_t i = 0; i < f->n_actions; i++) {
		struct bpfipt_action *a = &f->action[i];

		if (a->verdict == BPFIPT_V_LOG)
			a->log_id += o[DP_M_LOGCONF];
		a->l4_base += o[DP_M_L4];
	}
}

/* n values of vsize bytes into an array map from index base: through a
 * mapping of the map (arrays are BPF_F_MMAPABLE; each element takes its
 * size rounded up to 8 bytes there), else by a batch update. */
static int write_array(int fd, uint32_t base, const void *values, uint32_t n, size_t vsize)
{
	struct bpf_map_info info = {};
	uint32_t len = sizeof(info), *keys, count = n;
	size_t stride, size, page = (size_t)sysconf(_SC_PAGESIZE);
	char *map;
	int ret;

	if (!n)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) == 0 && (info.map_flags & BPF_F_MMAPABLE) &&
	    info.value_size == vsize && (uint64_t)base + n <= info.max_entries) {
		stride = (vsize + 7) & ~(size_t)7;
		size = (stride * info.max_entries + page - 1) / page * page;
		map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (map != MAP_FAILED) {
			if (stride == vsize)
				memcpy(map + (size_t)base * stride, values, (size_t)n * vsize);
			for (uint32_t i = 0; stride != vsize && i < n; i++)
				memcpy(map + (size_t)(base + i) * stride,
				       (const char *)values + (size_t)i * vsize, vsize);
			munmap(map, size);
			return 0;
		}
	}
	keys = malloc(n * sizeof(*keys));
	if (!keys)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++)
		keys[i] = base + i;
	ret = bpf_map_update_batch(fd, keys, values, &count, NULL);
	free(keys);
	return ret < 0 ? -errno : 0;
}

/* Removes the keys of a hash or trie (with u32 values) that `mine` says
 * belong to the generation being rewritten: every key read in batches,
 * the generation's deleted in one batch (a syscall per key would be
 * tens of thousands for a large table). */
static int delete_where(int fd, size_t key_size, bool (*mine)(const void *key, uint32_t arg),
			uint32_t arg)
{
	uint32_t chunk = 4096, n = 0, cap = chunk, count, gone;
	/* The batch position: a bucket number for a hash, but the last key
	 * for the generic walk a trie uses. */
	uint64_t batch[8];
	char *keys = key_size <= sizeof(uint64_t[8]) ? malloc(cap * key_size) : NULL, *drop = NULL;
	uint32_t *vals = malloc(chunk * sizeof(*vals));
	void *in = NULL;
	int ret = 0;

	if (!keys || !vals) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (n + chunk > cap) {
			char *k = realloc(keys, (cap *= 2) * key_size);

			if (!k) {
				ret = -ENOMEM;
				goto out;
			}
			keys = k;
		}
		count = chunk;
		ret = bpf_map_lookup_batch(fd, in, batch, keys + n * key_size, vals, &count, NULL);
		n += count;
		in = batch;
		if (ret < 0) {
			ret = errno == ENOENT ? 0 : -errno;
			break;
		}
		if (!count)
			break; /* no progress: never spin */
	}
	drop = malloc(n ? n * key_size : 1);
	if (ret < 0 || !drop) {
		ret = ret < 0 ? ret : -ENOMEM;
		goto out;
	}
	gone = 0;
	for (uint32_t k = 0; k < n; k++)
		if (mine(keys + k * key_size, arg))
			memcpy(drop + gone++ * key_size, keys + k * key_size, key_size);
	if (gone && bpf_map_delete_batch(fd, drop, &gone, NULL) < 0)
		ret = -errno;
out:
	free(drop);
	free(vals);
	free(keys);
	return ret;
}

static bool ifclass_in_gen(const void *key, uint32_t g)
{
	return ((const struct bpfipt_ifclass_key *)key)->gen == g;
}

static int write_ifclasses(const struct dp *dp, const struct lbvs_flat *f, uint32_t g)
{
	struct if_nameindex *ifs = if_nameindex();
	int ret = 0;

	if (!ifs)
		return -errno;
	for (struct if_nameindex *i = ifs; i->if_index && ret == 0; i++) {
		struct bpfipt_ifclass_key key = {i->if_index, g};
		uint32_t cls = lbvs_iface_class(f->ifaces, i->if_name);

		if (bpf_map_update_elem(dp->map_fd[DP_M_IFCLASS], &key, &cls, BPF_ANY) < 0)
			ret = -errno;
	}
	if_freenameindex(ifs);
	return ret;
}

/* Waits until no packet is inside generation g (they take a few
 * microseconds; a preempted cgroup program can take longer). */
static int wait_readers(const struct dp *dp, uint32_t g)
{
	int ncpu = libbpf_num_possible_cpus();
	struct bpfipt_readers *rd;
	uint32_t zero = 0;

	if (ncpu <= 0)
		return -EINVAL;
	rd = calloc((size_t)ncpu, sizeof(*rd));
	if (!rd)
		return -ENOMEM;
	for (int tries = 0; tries < 20000; tries++) {
		uint64_t sum = 0;

		if (bpf_map_lookup_elem(dp->map_fd[DP_M_READERS], &zero, rd) < 0)
			break;
		for (int c = 0; c < ncpu; c++)
			sum += rd[c].n[g];
		if (sum == 0) {
			free(rd);
			return 0;
		}
		usleep(50);
	}
	free(rd);
	return -EBUSY;
}

static int write_gen(const struct dp *dp, struct lbvs_flat *f, uint32_t g)
{
	const struct dp_caps *caps = &dp->ids.caps;
	uint32_t chain0 = g * caps->n[DP_M_CHAINS];
	struct bpfipt_gen_info gi = {.chain_base = chain0, .valid = 1};
	int ret;

	relocate(f, caps, g);
	ret = write_array(dp->map_fd[DP_M_CHAINS], chain0, f->chain, f->n_chains,
			  sizeof(*f->chain));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_BVS], g * caps->n[DP_M_BVS], f->bv, f->n_bv,
				  sizeof(*f->bv));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_POOL], g * caps->n[DP_M_POOL], f->pool, f->n_pool,
				  sizeof(*f->pool));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_RANGE_START], g * caps->n[DP_M_RANGE_START],
				  f->range_start, f->n_range, sizeof(*f->range_start));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_RANGE_BV], g * caps->n[DP_M_RANGE_BV],
				  f->range_bv, f->n_range, sizeof(*f->range_bv));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_RANGE_IDX], g * caps->n[DP_M_RANGE_IDX],
				  f->range_idx, f->n_range_idx, sizeof(*f->range_idx));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_ENTRY_RULE], g * caps->n[DP_M_ENTRY_RULE],
				  f->entry_rule, f->n_entries, sizeof(*f->entry_rule));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_ACTIONS], g * caps->n[DP_M_ACTIONS], f->action,
				  f->n_actions, sizeof(*f->action));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_L4], g * caps->n[DP_M_L4], f->l4, f->n_l4,
				  sizeof(*f->l4));
	if (!ret)
		ret = write_array(dp->map_fd[DP_M_LOGCONF], g * caps->n[DP_M_LOGCONF], f->log,
				  f->n_log, sizeof(*f->log));
	if (ret)
		return ret;
	ret = delete_where(dp->map_fd[DP_M_IFCLASS], sizeof(struct bpfipt_ifclass_key),
			   ifclass_in_gen, g);
	if (!ret)
		ret = write_ifclasses(dp, f, g);
	if (ret)
		return ret;
	for (int h = 0; h < BPFIPT_N_HOOKS; h++)
		gi.policy[h] = f->policy[h];
	gi.no_iface_class = lbvs_iface_class(f->ifaces, "");
	gi.unknown_class = lbvs_iface_class(f->ifaces, "/");
	gi.has_log = f->n_log > 0;
	return bpf_map_update_elem(dp->map_fd[DP_M_GENS], &g, &gi, BPF_ANY) < 0 ? -errno : 0;
}

static int flip(const struct dp *dp, uint32_t g)
{
	struct bpfipt_config cfg;
	uint32_t zero = 0;

	if (bpf_map_lookup_elem(dp->map_fd[DP_M_CFG], &zero, &cfg) < 0)
		return -errno;
	cfg.active = g;
	return bpf_map_update_elem(dp->map_fd[DP_M_CFG], &zero, &cfg, BPF_ANY) < 0 ? -errno : 0;
}

static uint32_t active_gen(const struct dp *dp)
{
	struct bpfipt_config cfg = {0};
	uint32_t zero = 0;

	bpf_map_lookup_elem(dp->map_fd[DP_M_CFG], &zero, &cfg);
	return cfg.active & 1;
}

/* A dataplane that holds the image: the namespace's own (*fresh false),
 * or a new, not yet attached one when there is none, the image outgrew
 * the old one or the ingress hook changed (*fresh true). A new one
 * carries the old one's counters. */
static int dataplane_for(struct dp *dp, struct dp *old, bool *have_old, bool *fresh,
			 const char *dir, uint64_t cookie, const struct dp_caps *need,
			 struct xt_err *err)
{
	struct dp_caps caps;

	*have_old = dp_open(old, dir) == 0;
	*fresh = !*have_old || !fits(need, &old->ids.caps) ||
		 !old->ids.xdp != !dp_ingress_xdp(dir);
	if (!*fresh) {
		*dp = *old;
		*have_old = false; /* dp owns its descriptors now */
		return 0;
	}
	caps_for(need, &caps);
	if (dp_create(dp, dir, cookie, &caps, err) < 0)
		return -1;
	if (*have_old)
		dp_counts_copy(old, dp, BPFIPT_SLOT0 + need->n[DP_M_COUNTERS]);
	return 0;
}

/* Puts a new dataplane, its image already active, in the old one's
 * place: the cgroup program first (the kernel allows 64 per cgroup
 * hook), then each interface (TC and XDP replace
 * ours in one step), then the record. On failure the old dataplane is
 * back on every hook, or, when there was none, nothing stays attached. */
static int take_over(struct dp *dp, struct dp *old, bool have_old, struct xt_err *err)
{
	if (dp_cgroup_attach(dp, err) < 0)
		return -1;
	if (dp_attach_all(dp, err) < 0 || dp_ids_save(dp) < 0) {
		if (!err->msg[0])
			xt_fail(err, XT_OTHER_PROBLEM, "cannot record the dataplane in %s", dp->dir);
		dp_cgroup_detach(dp);
		if (have_old) {
			struct xt_err ignored;

			dp_attach_all(old, &ignored);
		} else {
			dp_detach_all();
		}
		return -1;
	}
	if (have_old)
		dp_cgroup_detach(old);
	return 0;
}

/* Writes the image into the generation no packet reads, then flips. */
static int activate(const struct dp *dp, struct lbvs_flat *f, struct xt_err *err)
{
	uint32_t g = active_gen(dp) ^ 1;
	int ret;

	if (wait_readers(dp, g) < 0)
		fprintf(stderr, "bpf-iptables: warning: packets still in the old rules\n");
	ret = write_gen(dp, f, g);
	if (ret == 0)
		ret = dp_local_addrs_update(dp);
	if (ret == 0)
		ret = flip(dp, g);
	if (ret < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot update the dataplane: %s",
			       strerror(-ret));
	return 0;
}

int dp_sync(const struct ruleset *rs, const char *state_dir, uint64_t netns_cookie,
	    struct xt_err *err)
{
	struct lbvs_image img;
	struct lbvs_flat f;
	struct dp_caps need;
	struct dp dp, old;
	bool have_old, fresh;
	int ret;

	if (lbvs_compile(rs, &img, err) < 0)
		return -1;
	lbvs_flatten(&img, &f);
	needs(&f, rs->next_slot, &need);
	ret = dataplane_for(&dp, &old, &have_old, &fresh, state_dir, netns_cookie, &need, err);
	if (ret == 0) {
		ret = activate(&dp, &f, err);
		if (ret == 0 && fresh)
			ret = take_over(&dp, &old, have_old, err);
		dp_close(&dp);
	}
	if (have_old)
		dp_close(&old);
	lbvs_flat_free(&f);
	lbvs_image_free(&img);
	return ret < 0 ? -1 : 0;
}

int dp_ifclass_update(const struct dp *dp, const struct ruleset *rs, int ifindex,
		      const char *name)
{
	struct lbvs_ifaces ifc;
	struct bpfipt_ifclass_key key = {(uint32_t)ifindex, active_gen(dp)};
	uint32_t cls;
	int ret;

	lbvs_ifaces_build(&ifc, rs);
	cls = lbvs_iface_class(&ifc, name);
	ret = bpf_map_update_elem(dp->map_fd[DP_M_IFCLASS], &key, &cls, BPF_ANY) < 0 ? -errno : 0;
	lbvs_ifaces_free(&ifc);
	return ret;
}
