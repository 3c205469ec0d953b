// SPDX-License-Identifier: GPL-2.0-only
/* The generator: bench_gen.bpf.c under BPF_PROG_TEST_RUN in live-frames
 * mode, from inside the sandbox's gen namespace, so that bpf_redirect's
 * ifindex is looked up there. Before any frame is sent, the target is
 * checked to be the sandbox's own bg0, a veth, in the namespace the
 * sandbox created: the generator can reach no other interface. The frame
 * handed over is flow 0's; the header of every flow goes into the
 * program's flow_hdrs map, which it copies from frame by frame. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/bpf.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "bench_gen.skel.h"
#include "frame.h"

struct gen {
	struct bench_gen *skel;
	struct sandbox *sb;
	uint8_t frame[FRAME_MAX];   /* flow 0's */
	uint8_t scratch[FRAME_MAX]; /* another flow's, for its header */
	size_t len;
};

static int same_ns(int fd)
{
	struct stat a, b;

	if (fstat(fd, &a) < 0 || stat("/proc/self/ns/net", &b) < 0)
		return 0;
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

static int is_veth(const char *ifname)
{
	struct ethtool_drvinfo di = {.cmd = ETHTOOL_GDRVINFO};
	struct ifreq ifr = {0};
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (s < 0)
		return 0;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&di;
	rc = ioctl(s, SIOCETHTOOL, &ifr);
	close(s);
	return rc == 0 && strcmp(di.driver, "veth") == 0;
}

/* Called inside the gen namespace, just before a run. */
static int target_ok(const struct gen *g)
{
	char name[IF_NAMESIZE] = "";

	return same_ns(g->sb->gen_fd) && if_indextoname((unsigned)g->sb->gen_ifindex, name) &&
	       strcmp(name, "bg0") == 0 && is_veth(name) &&
	       g->skel->rodata->target_ifindex == (uint32_t)g->sb->gen_ifindex;
}

/* Flow 0's frame for the run, every flow's header for the program. */
static int fill_flows(struct gen *g, const struct traffic *t, uint32_t flows)
{
	struct bpf_map *map = g->skel->maps.flow_hdrs;
	uint8_t value[64] = {0};
	struct flow_spec f;

	if (bpf_map__value_size(map) != sizeof(value))
		return -EINVAL;
	for (uint32_t i = 0; i < flows; i++) {
		frame_flow(t, i, &f);
		frame_build(g->scratch, g->len, &f);
		if (i == 0)
			memcpy(g->frame, g->scratch, g->len);
		memcpy(value, g->scratch, FRAME_HDR_LEN);
		if (bpf_map__update_elem(map, &i, sizeof(i), value, sizeof(value), 0) < 0)
			return -errno;
	}
	return 0;
}

int gen_open(struct gen **out, struct sandbox *sb, const struct traffic *t, char *err,
	     size_t errlen)
{
	struct gen *g = calloc(1, sizeof(*g));
	uint32_t flows = t->flows ? t->flows : 1;

	if (!g)
		return -ENOMEM;
	g->sb = sb;
	g->len = frame_len(t->frame_size);
	g->skel = bench_gen__open();
	if (!g->len || !g->skel) {
		snprintf(err, errlen, "generator: %s",
			 g->len ? "cannot open its program" : "frame size out of range");
		gen_close(g);
		return -EINVAL;
	}
	g->skel->rodata->target_ifindex = (uint32_t)sb->gen_ifindex;
	g->skel->rodata->flows = flows;
	if (bpf_map__set_max_entries(g->skel->maps.flow_hdrs, flows) < 0 ||
	    bench_gen__load(g->skel) < 0 || fill_flows(g, t, flows) < 0) {
		snprintf(err, errlen, "generator: cannot load its program and flows: %s",
			 strerror(errno));
		gen_close(g);
		return -EINVAL;
	}
	*out = g;
	return 0;
}

int gen_send(struct gen *g, uint32_t count, char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = g->frame, .data_size_in = (uint32_t)g->len,
		    .repeat = count, .flags = BPF_F_TEST_XDP_LIVE_FRAMES);
	int rc = 0;

	if (enter_ns(g->sb->gen_fd) < 0) {
		snprintf(err, errlen, "generator: cannot enter %s", g->sb->gen);
		return -errno;
	}
	if (!target_ok(g)) {
		snprintf(err, errlen, "generator: refusing to run: ifindex %d is not %s's veth bg0",
			 g->sb->gen_ifindex, g->sb->gen);
		rc = -EPERM;
	} else if (bpf_prog_test_run_opts(bpf_program__fd(g->skel->progs.bench_gen), &opts) < 0) {
		rc = -errno;
		snprintf(err, errlen, "generator: BPF_PROG_TEST_RUN: %s", strerror(errno));
	}
	enter_ns(g->sb->home_fd);
	return rc;
}

uint64_t gen_redirected(const struct gen *g)
{
	return g->skel->bss->redirected;
}

void gen_close(struct gen *g)
{
	if (!g)
		return;
	bench_gen__destroy(g->skel);
	free(g);
}
