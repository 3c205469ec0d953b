// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfipt-flip tamper: a deliberately broken update, to show that the flip
 * test sees one. Run in the dut's namespace, it does what a writer that
 * ignored the generations would do: it copies the rule actions of the
 * half of the image arrays packets are NOT using over those of the half
 * they ARE using (the active generation's gen_info says which), in place. Packets then read one ruleset's bitvectors with the
 * other's actions until the next update flips away from the damage. It
 * only writes maps of this namespace's dataplane; it is test code and the
 * product never runs it.
 *
 * The maps are found from the programs, not from the product's state
 * files: the ingress program whose bpfipt_cfg holds this namespace's
 * cookie, then its bpfipt_gens and bpfipt_actions maps (two halves).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "../../kernel/include/bpfipt_dataplane.h"
#include "flip.h"

#ifndef SO_NETNS_COOKIE
#define SO_NETNS_COOKIE 71
#endif

static int own_cookie(uint64_t *cookie)
{
	socklen_t len = sizeof(*cookie);
	int fd = socket(AF_INET, SOCK_DGRAM, 0), ret;

	if (fd < 0)
		return -1;
	ret = getsockopt(fd, SOL_SOCKET, SO_NETNS_COOKIE, cookie, &len);
	close(fd);
	return ret;
}

/* The fd of the map of program `prog_fd` whose name is `name`, or -1. */
static int prog_map(int prog_fd, const char *name)
{
	uint32_t ids[64];
	struct bpf_prog_info pi = {.nr_map_ids = 64, .map_ids = (uint64_t)(uintptr_t)ids};
	uint32_t len = sizeof(pi);

	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len) < 0)
		return -1;
	for (uint32_t i = 0; i < pi.nr_map_ids && i < 64; i++) {
		struct bpf_map_info mi = {0};
		uint32_t mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(fd, &mi, &mlen) == 0 && strcmp(mi.name, name) == 0)
			return fd;
		close(fd);
	}
	return -1;
}

/* This namespace's cfg, generations and actions maps. */
static int find_maps(uint64_t cookie, int *cfg_fd, int *gens_fd, int *act_fd)
{
	uint32_t id = 0;

	while (bpf_prog_get_next_id(id, &id) == 0) {
		struct bpf_prog_info pi = {0};
		uint32_t len = sizeof(pi);
		struct bpfipt_config cfg;
		uint32_t zero = 0;
		int pfd = bpf_prog_get_fd_by_id(id);

		if (pfd < 0)
			continue;
		if (bpf_obj_get_info_by_fd(pfd, &pi, &len) == 0 &&
		    strncmp(pi.name, "bpfipt_tc_ingr", 14) == 0) {
			*cfg_fd = prog_map(pfd, "bpfipt_cfg");
			if (*cfg_fd >= 0 && bpf_map_lookup_elem(*cfg_fd, &zero, &cfg) == 0 &&
			    cfg.netns_cookie == cookie) {
				*act_fd = prog_map(pfd, "bpfipt_actions");
				*gens_fd = prog_map(pfd, "bpfipt_gens");
				close(pfd);
				return *act_fd >= 0 && *gens_fd >= 0 ? 0 : -1;
			}
			if (*cfg_fd >= 0)
				close(*cfg_fd);
		}
		close(pfd);
	}
	return -1;
}

static int copy_half(int cfg_fd, int gens_fd, int act_fd)
{
	struct bpf_map_info mi = {0};
	uint32_t len = sizeof(mi), zero = 0, half, g, active;
	struct bpfipt_config cfg;
	struct bpfipt_gen_info gi;
	char *value;
	int copied = 0;

	if (bpf_obj_get_info_by_fd(act_fd, &mi, &len) < 0 ||
	    bpf_map_lookup_elem(cfg_fd, &zero, &cfg) < 0)
		return -1;
	active = cfg.active & 1;
	if (bpf_map_lookup_elem(gens_fd, &active, &gi) < 0)
		return -1;
	value = malloc(mi.value_size);
	if (!value)
		return -1;
	half = mi.max_entries / BPFIPT_N_GENS;
	g = gi.half & 1;
	for (uint32_t k = 0; k < half; k++) {
		uint32_t from = k + (g ^ 1) * half, to = k + g * half;

		if (bpf_map_lookup_elem(act_fd, &from, value) == 0 &&
		    bpf_map_update_elem(act_fd, &to, value, BPF_ANY) == 0)
			copied++;
	}
	free(value);
	printf("tamper: copied %d actions of half %u over half %u (the active generation's)\n",
	       copied, g ^ 1, g);
	return copied > 0 ? 0 : -1;
}

int flip_tamper_main(int argc, char **argv)
{
	uint64_t cookie;
	int cfg_fd = -1, gens_fd = -1, act_fd = -1, ret;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: ip netns exec DUT bpfipt-flip tamper\n");
		return 2;
	}
	if (own_cookie(&cookie) < 0 || find_maps(cookie, &cfg_fd, &gens_fd, &act_fd) < 0) {
		fprintf(stderr, "bpfipt-flip: no dataplane of this namespace found\n");
		return 2;
	}
	ret = copy_half(cfg_fd, gens_fd, act_fd);
	close(cfg_fd);
	close(gens_fd);
	close(act_fd);
	return ret < 0 ? 1 : 0;
}
