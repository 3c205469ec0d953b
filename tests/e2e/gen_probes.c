// SPDX-License-Identifier: GPL-2.0-only
/*
 * The probes of a seed: TCP connects, UDP exchanges and pings along every
 * path through the dut (INPUT from both sides, OUTPUT to both sides,
 * FORWARD both ways, the dut to itself over lo, and a destination the dut
 * has no route to). Each line starts with the namespace role that sends
 * it; every probe has its own source port (or echo id).
 */
#include <inttypes.h>
#include <stdio.h>

#include "gen.h"

struct flow {
	const char *role;
	const char *const *src, *const *dst;
	unsigned ntcp, nudp, nping;
};

/* Routed to the dut by the client, not routed any further. */
static const char *const unrouted[2] = {"198.19.255.1", "198.19.0.9"};

static const struct flow flows[] = {
    {"cli", pool_cli_addrs, pool_dut_addrs, 3, 2, 1}, /* INPUT via veth-c */
    {"srv", pool_srv_addrs, pool_dut_addrs, 2, 1, 1}, /* INPUT via veth-s */
    {"dut", pool_dut_addrs, pool_cli_addrs, 2, 2, 1}, /* OUTPUT to veth-c */
    {"dut", pool_dut_addrs, pool_srv_addrs, 2, 1, 1}, /* OUTPUT to veth-s */
    {"cli", pool_cli_addrs, pool_srv_addrs, 6, 3, 2}, /* FORWARD c -> s */
    {"srv", pool_srv_addrs, pool_cli_addrs, 4, 2, 1}, /* FORWARD s -> c */
    {"dut", pool_dut_addrs, pool_dut_addrs, 2, 1, 1}, /* OUTPUT + INPUT on lo */
};

static unsigned dport(struct rng *r)
{
	return rng_pct(r, 65) ? RNG_PICK(r, pool_open_ports) : RNG_PICK(r, pool_closed_ports);
}

/* The client's probes to a destination the dut has no route for (see
 * pool_unrouted_srcs for the choice of source). */
static void unrouted_print(struct rng *r, uint64_t seed, unsigned *n)
{
	const char *src = pool_unrouted_srcs[seed % 8];

	++*n;
	printf("cli tcp %s %u %s %u\n", src, PROBE_SPORT_BASE + *n, unrouted[rng_below(r, 2)],
	       dport(r));
	++*n;
	printf("cli udp %s %u %s %u\n", src, PROBE_SPORT_BASE + *n, unrouted[rng_below(r, 2)],
	       dport(r));
}

void probes_print(uint64_t seed)
{
	/* Its own stream: the probes depend on the seed, not on RULES. */
	struct rng r = {.s = seed ^ 0x70726f6265730000ULL};
	unsigned n = 0;

	for (size_t f = 0; f < sizeof(flows) / sizeof(flows[0]); f++) {
		const struct flow *fl = &flows[f];

		for (unsigned i = 0; i < fl->ntcp + fl->nudp + fl->nping; i++) {
			const char *src = fl->src[rng_below(&r, 2)];
			const char *dst = fl->dst[rng_below(&r, 2)];

			n++;
			if (i < fl->ntcp)
				printf("%s tcp %s %u %s %u\n", fl->role, src, PROBE_SPORT_BASE + n,
				       dst, dport(&r));
			else if (i < fl->ntcp + fl->nudp)
				printf("%s udp %s %u %s %u\n", fl->role, src, PROBE_SPORT_BASE + n,
				       dst, dport(&r));
			else
				printf("%s ping %s %u %s\n", fl->role, src, PROBE_ECHO_ID_BASE + n,
				       dst);
		}
	}
	unrouted_print(&r, seed, &n);
}
