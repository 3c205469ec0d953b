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
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "../../translator/ext/log.h"
#include "../../translator/lbvs/flat.h"
#include "../../translator/lbvs/image.h"
#include "../../kernel/include/bpfipt_limits.h"
#include "dp.h"
#include "dp_array.h"
#include "dp_plan.h"

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

/* Whether an image of `need` fits a dataplane of `caps`: each image
 * array from used[m] on in its half (NULL: an empty one; the records have
 * their own generation slots, never shared), and the counter slots. */
static bool fits(const struct dp_caps *need, const uint32_t *used, const struct dp_caps *caps)
{
	for (int m = DP_M_CHAINS; m <= DP_M_LOGCONF; m++) {
		uint64_t taken = used && m != DP_M_CHAINS ? used[m] : 0;

		if (taken + need->n[m] > caps->n[m])
			return false;
	}
	return need->n[DP_M_COUNTERS] <= caps->n[DP_M_COUNTERS];
}

/* Where the new segments go: array m from element at[m] (their half's
 * start plus what is taken there). Every index they hold becomes
 * absolute, so the programs need only the generation's record base. */
static void relocate(struct lbvs_flat *f, const uint32_t at[DP_N_MAPS])
{
	for (uint32_t i = 0; i < f->n_chains; i++) {
		struct bpfipt_chain *c = &f->chain[i];

		c->entry_base += at[DP_M_ENTRY_RULE];
		c->rule_base += at[DP_M_ACTIONS];
		c->bv_all += at[DP_M_BVS];
		for (int k = 0; k < BPFIPT_N_FIELDS; k++) {
			c->range_base[k] += at[DP_M_RANGE_START];
			if (c->range_wild[k] != BPFIPT_NO_WILD)
				c->range_wild[k] += at[DP_M_BVS];
			if (c->range_idx[k] != BPFIPT_NO_INDEX)
				c->range_idx[k] += at[DP_M_RANGE_IDX];
		}
	}
	for (uint32_t i = 0; i < f->n_bv; i++)
		f->bv[i].pool_off += at[DP_M_POOL];
	for (uint32_t i = 0; i < f->n_range; i++)
		f->range_bv[i] += at[DP_M_BVS];
	for (uint32_t i = 0; i < f->n_actions; i++) {
		struct bpfipt_action *a = &f->action[i];

		if (a->verdict == BPFIPT_V_LOG)
			a->log_id += at[DP_M_LOGCONF];
		a->l4_base += at[DP_M_L4];
	}
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

/* Where the new generation goes and what it is. */
struct placement {
	uint32_t half;			 /* of the image arrays */
	uint32_t used[DP_N_MAPS];	 /* taken in that half before the new segments */
	uint64_t shape;			 /* dp_plan_shape */
	bool has_log;
};

static int write_data(const struct dp *dp, const struct lbvs_flat *f, const uint32_t at[DP_N_MAPS])
{
	const int *fd = dp->map_fd;
	int ret;

	ret = dp_array_write(fd[DP_M_BVS], at[DP_M_BVS], f->bv, f->n_bv, sizeof(*f->bv));
	if (!ret)
		ret = dp_array_write(fd[DP_M_POOL], at[DP_M_POOL], f->pool, f->n_pool,
				     sizeof(*f->pool));
	if (!ret)
		ret = dp_array_write(fd[DP_M_RANGE_START], at[DP_M_RANGE_START], f->range_start,
				     f->n_range, sizeof(*f->range_start));
	if (!ret)
		ret = dp_array_write(fd[DP_M_RANGE_BV], at[DP_M_RANGE_BV], f->range_bv, f->n_range,
				     sizeof(*f->range_bv));
	if (!ret)
		ret = dp_array_write(fd[DP_M_RANGE_IDX], at[DP_M_RANGE_IDX], f->range_idx,
				     f->n_range_idx, sizeof(*f->range_idx));
	if (!ret)
		ret = dp_array_write(fd[DP_M_ENTRY_RULE], at[DP_M_ENTRY_RULE], f->entry_rule,
				     f->n_entries, sizeof(*f->entry_rule));
	if (!ret)
		ret = dp_array_write(fd[DP_M_ACTIONS], at[DP_M_ACTIONS], f->action, f->n_actions,
				     sizeof(*f->action));
	if (!ret)
		ret = dp_array_write(fd[DP_M_L4], at[DP_M_L4], f->l4, f->n_l4, sizeof(*f->l4));
	if (!ret)
		ret = dp_array_write(fd[DP_M_LOGCONF], at[DP_M_LOGCONF], f->log, f->n_log,
				     sizeof(*f->log));
	return ret;
}

/* The new segments into their half, after what the generations in use
 * hold there; the records (kept ones and new ones, linked) into
 * generation slot g; then the generation's settings. */
static int write_gen(const struct dp *dp, struct lbvs_flat *f, struct dp_plan *plan,
		     const struct placement *pl, uint32_t g)
{
	const struct dp_caps *caps = &dp->ids.caps;
	struct bpfipt_gen_info gi = {.chain_base = g * caps->n[DP_M_CHAINS], .valid = 1};
	struct dp_caps add;
	uint32_t at[DP_N_MAPS] = {0};
	int ret;

	needs(f, 0, &add);
	for (int m = DP_M_CHAINS + 1; m <= DP_M_LOGCONF; m++)
		at[m] = pl->half * caps->n[m] + pl->used[m];
	relocate(f, at);
	ret = write_data(dp, f, at);
	if (ret)
		return ret;
	for (uint32_t k = 0; k < plan->n_segs; k++)
		plan->rec[plan->rec_of[k]] = f->chain[k];
	lbvs_flat_link(plan->rec, plan->n_records);
	ret = dp_array_write(dp->map_fd[DP_M_CHAINS], gi.chain_base, plan->rec, plan->n_records,
			     sizeof(*plan->rec));
	if (!ret)
		ret = dp_hash_delete_where(dp->map_fd[DP_M_IFCLASS],
					   sizeof(struct bpfipt_ifclass_key), ifclass_in_gen, g);
	if (!ret)
		ret = write_ifclasses(dp, f, g);
	if (ret)
		return ret;
	for (int h = 0; h < BPFIPT_N_HOOKS; h++)
		gi.policy[h] = f->policy[h];
	gi.no_iface_class = lbvs_iface_class(f->ifaces, "");
	gi.unknown_class = lbvs_iface_class(f->ifaces, "/");
	gi.has_log = pl->has_log;
	gi.n_records = plan->n_records;
	gi.half = pl->half;
	for (int m = DP_M_CHAINS + 1; m <= DP_M_LOGCONF; m++)
		gi.used[m] = pl->used[m] + add.n[m];
	gi.shape = pl->shape;
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

/* The active generation: its slot, settings and records; valid false
 * when there is none to build on. */
struct active {
	bool valid;
	struct bpfipt_gen_info gi;
	struct bpfipt_chain *rec;
};

static void active_read(const struct dp *dp, struct active *a)
{
	uint32_t g = active_gen(dp), n;

	memset(a, 0, sizeof(*a));
	if (bpf_map_lookup_elem(dp->map_fd[DP_M_GENS], &g, &a->gi) < 0 || !a->gi.valid)
		return;
	n = a->gi.n_records;
	if (!n || n > dp->ids.caps.n[DP_M_CHAINS] || a->gi.half > 1)
		return;
	a->rec = malloc(n * sizeof(*a->rec));
	if (a->rec && dp_array_read(dp->map_fd[DP_M_CHAINS], g * dp->ids.caps.n[DP_M_CHAINS], a->rec,
				    n, sizeof(*a->rec)) == 0)
		a->valid = true;
}

static bool table_has_log(const struct ruleset *rs)
{
	for (size_t c = 0; c < rs->n_chains; c++)
		for (size_t r = 0; r < rs->chains[c]->n_rules; r++)
			if (log_is_target(&rs->chains[c]->rules[r]->target))
				return true;
	return false;
}

/* The cgroup program classifies OUTPUT for sockets so that a drop fails
 * the sender's call with EPERM. A table whose OUTPUT has no rule and
 * accepts everything needs none: the TC egress program then counts all
 * of OUTPUT, and a namespace's first command spares the program's
 * verification and the cgroup2 mount (docs/DATAPLANE.md, "Hooks"). Once
 * loaded it stays. */
static bool wants_cgroup(const struct ruleset *rs, const struct dp *cur, bool have_cur)
{
	const struct chain *output = rs->chains[HOOK_OUTPUT];

	return output->n_rules || output->policy != POLICY_ACCEPT ||
	       (have_cur && cur->ids.prog_id[DP_P_CGROUP]);
}

/* Whether the namespace's dataplane can take the table: its ingress hook
 * is the one chosen, and it has the cgroup program if the table wants it. */
static bool suits(const struct dp *cur, const char *dir, bool cgroup)
{
	return !cur->ids.xdp == !dp_ingress_xdp(dir) && (!cgroup || cur->ids.prog_id[DP_P_CGROUP]);
}

/* The dataplane to write into: the namespace's own (cur, *fresh false),
 * or a new, not yet attached one when there is none, the image does not
 * fit it or it does not suit the table (*fresh true). A new one carries
 * the old one's counters. */
static int dataplane_for(struct dp *dp, struct dp *cur, bool *have_cur, bool *fresh,
			 const char *dir, uint64_t cookie, const struct dp_caps *need,
			 bool cgroup, struct xt_err *err)
{
	struct dp_caps caps;

	*fresh = !*have_cur || !fits(need, NULL, &cur->ids.caps) || !suits(cur, dir, cgroup);
	if (!*fresh) {
		*dp = *cur;
		*have_cur = false; /* dp owns its descriptors now */
		return 0;
	}
	caps_for(need, &caps);
	if (dp_create(dp, dir, cookie, &caps, cgroup, err) < 0)
		return -1;
	if (*have_cur)
		dp_counts_copy(cur, dp, BPFIPT_SLOT0 + need->n[DP_M_COUNTERS]);
	return 0;
}

/* Puts a new dataplane, its image already active, in the old one's
 * place: the cgroup program first (the kernel allows 64 per cgroup
 * hook), then each interface (TC and XDP replace
 * ours in one step), then the record. On failure the old dataplane is
 * back on every hook, or, when there was none, nothing stays attached. */
static int take_over(struct dp *dp, struct dp *old, bool have_old, struct xt_err *err)
{
	if (dp->prog_fd[DP_P_CGROUP] >= 0 && dp_cgroup_attach(dp, err) < 0)
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

/* Writes the generation into slot the packets do not use, then flips. */
static int activate(const struct dp *dp, struct lbvs_flat *f, struct dp_plan *plan,
		    const struct placement *pl, struct xt_err *err)
{
	uint32_t g = active_gen(dp) ^ 1;
	int ret;

	if (wait_readers(dp, g) < 0)
		fprintf(stderr, "bpf-iptables: warning: packets still in the old rules\n");
	ret = write_gen(dp, f, plan, pl, g);
	if (ret == 0)
		ret = dp_local_addrs_update(dp);
	if (ret == 0)
		ret = flip(dp, g);
	if (ret < 0)
		return xt_fail(err, XT_OTHER_PROBLEM, "cannot update the dataplane: %s",
			       strerror(-ret));
	return 0;
}

struct compiled {
	struct dp_plan plan;
	struct lbvs_image img;
	struct lbvs_flat flat;
	struct dp_caps need;
};

static int compile_plan(const struct ruleset *rs, const struct active *a, struct compiled *c,
			struct xt_err *err)
{
	dp_plan_make(rs, a ? a->rec : NULL, a ? a->gi.n_records : 0, &c->plan);
	if (lbvs_compile_segs(rs, c->plan.segs, c->plan.n_segs, &c->img, err) < 0) {
		dp_plan_free(&c->plan);
		return -1;
	}
	lbvs_flatten(&c->img, &c->flat);
	needs(&c->flat, rs->next_slot, &c->need);
	c->need.n[DP_M_CHAINS] = c->plan.n_records;
	return 0;
}

static void compiled_free(struct compiled *c)
{
	lbvs_flat_free(&c->flat);
	lbvs_image_free(&c->img);
	dp_plan_free(&c->plan);
}

/* Keeps what it can of the active generation (dp_plan.h): the new
 * segments go after it in its half. Otherwise, or when they do not fit
 * there, the whole table is compiled into the other half, or into a new
 * dataplane when it does not fit this one. */
int dp_sync(const struct ruleset *rs, const char *state_dir, uint64_t netns_cookie,
	    struct dp *opened, struct dp *synced, struct xt_err *err)
{
	struct placement pl = {.has_log = table_has_log(rs)};
	struct compiled c;
	struct active act = {0};
	struct lbvs_ifaces ifc;
	struct dp dp, cur;
	bool have_cur, fresh = false, keep, cgroup;
	int ret;

	lbvs_ifaces_build(&ifc, rs);
	pl.shape = dp_plan_shape(rs, &ifc);
	lbvs_ifaces_free(&ifc);
	if (opened)
		cur = *opened;
	have_cur = opened || dp_open(&cur, state_dir) == 0;
	cgroup = wants_cgroup(rs, &cur, have_cur);
	if (have_cur && suits(&cur, state_dir, cgroup))
		active_read(&cur, &act);
	keep = act.valid && act.gi.shape == pl.shape;
	if (compile_plan(rs, keep ? &act : NULL, &c, err) < 0) {
		ret = -1;
		goto out;
	}
	/* The new segments after what the active generation's half holds. */
	keep = keep && c.plan.n_kept_rules && fits(&c.need, act.gi.used, &cur.ids.caps);
	if (keep) {
		pl.half = act.gi.half;
		memcpy(pl.used, act.gi.used, sizeof(act.gi.used));
	} else if (c.plan.n_kept_rules) {
		compiled_free(&c);
		if (compile_plan(rs, NULL, &c, err) < 0) {
			ret = -1;
			goto out;
		}
	}
	ret = dataplane_for(&dp, &cur, &have_cur, &fresh, state_dir, netns_cookie, &c.need,
			    cgroup, err);
	if (ret == 0) {
		if (!keep)
			pl.half = !fresh && act.valid ? act.gi.half ^ 1 : 0;
		ret = activate(&dp, &c.flat, &c.plan, &pl, err);
		if (ret == 0 && fresh)
			ret = take_over(&dp, &cur, have_cur, err);
		if (ret == 0)
			*synced = dp;
		else
			dp_close(&dp);
	}
	compiled_free(&c);
out:
	if (have_cur)
		dp_close(&cur);
	free(act.rec);
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

bool dp_ifclass_known(const struct dp *dp, int ifindex)
{
	struct bpfipt_ifclass_key key = {(uint32_t)ifindex, active_gen(dp)};
	uint32_t cls;

	return bpf_map_lookup_elem(dp->map_fd[DP_M_IFCLASS], &key, &cls) == 0;
}
