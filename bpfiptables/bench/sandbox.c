// SPDX-License-Identifier: GPL-2.0-only
/* The benchmark's sandbox: three network namespaces in a line,
 *
 *   gen  bg0 ==== bd0  dut  bd1 ==== bs0  sink
 *   198.18.0.2    198.18.0.1  198.18.1.1   198.18.1.2
 *
 * with fixed MACs and permanent neighbours, so that the only frames on the
 * wires are the generator's. The generator redirects into bg0; the DUT
 * receives them on bd0 (INPUT when addressed to 198.18.0.1 or 198.18.1.1,
 * FORWARD to the sink when addressed to 198.18.1.2, or to any address
 * beyond the DUT's two networks: its default route is the sink, which
 * forwards nothing, so a ruleset's own destinations can be used and
 * nothing leaves the sandbox). Names carry the pid, so two runs
 * never share a sandbox. Everything is removed by sandbox_destroy, which
 * the signal handlers and atexit also call: an interrupted run leaves
 * nothing behind. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "bench.h"

#define MAC_GEN "02:00:c6:12:00:02"
#define MAC_DUT_IN "02:00:c6:12:00:01"
#define MAC_DUT_OUT "02:00:c6:12:01:01"
#define MAC_SINK "02:00:c6:12:01:02"

/* For the signal handlers and atexit: the one sandbox of this process. */
static struct sandbox *g_sandbox;

static int ns_fd(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/run/netns/%s", name);
	return open(path, O_RDONLY | O_CLOEXEC);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* veth only takes redirected frames when its peer has NAPI running: an
 * XDP program or GRO. ethtool is not installed everywhere, so ask the
 * kernel directly (the legacy ETHTOOL_SGRO call). */
static int gro_on(const char *ifname)
{
	struct ethtool_value ev = {.cmd = ETHTOOL_SGRO, .data = 1};
	struct ifreq ifr = {0};
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int rc;

	if (s < 0)
		return -1;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&ev;
	rc = ioctl(s, SIOCETHTOOL, &ifr);
	close(s);
	return rc;
}

static int sysctls(const char *ns, int forward)
{
	return run_cmd("ip netns exec %s sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 "
		       "net.ipv6.conf.default.disable_ipv6=1 net.ipv4.conf.all.rp_filter=0 "
		       "net.ipv4.conf.default.rp_filter=0 net.ipv4.ip_forward=%d",
		       ns, forward);
}

static int links(const struct sandbox *sb)
{
	const char *g = sb->gen, *d = sb->dut, *s = sb->sink;

	return run_cmd(
	    "ip link add bg0 netns %s address " MAC_GEN " type veth peer name bd0 "
	    "netns %s address " MAC_DUT_IN " && "
	    "ip link add bd1 netns %s address " MAC_DUT_OUT " type veth peer name bs0 "
	    "netns %s address " MAC_SINK " && "
	    "ip -n %s addr add 198.18.0.2/24 dev bg0 && ip -n %s link set bg0 up && "
	    "ip -n %s addr add 198.18.0.1/24 dev bd0 && ip -n %s link set bd0 up && "
	    "ip -n %s addr add 198.18.1.1/24 dev bd1 && ip -n %s link set bd1 up && "
	    "ip -n %s addr add 198.18.1.2/24 dev bs0 && ip -n %s link set bs0 up && "
	    "ip -n %s route add 198.19.0.0/16 via 198.18.0.2 && "
	    "ip -n %s route add default via 198.18.1.2 && "
	    "ip -n %s neigh replace 198.18.0.2 lladdr " MAC_GEN " dev bd0 nud permanent && "
	    "ip -n %s neigh replace 198.18.1.2 lladdr " MAC_SINK " dev bd1 nud permanent",
	    g, d, d, s, g, g, d, d, d, d, s, s, d, d, d, d);
}

/* The namespaces' fds and the two ifindexes, read from inside. */
static int open_fds(struct sandbox *sb)
{
	sb->gen_fd = ns_fd(sb->gen);
	sb->dut_fd = ns_fd(sb->dut);
	if (sb->gen_fd < 0 || sb->dut_fd < 0)
		return -1;
	if (enter_ns(sb->dut_fd) < 0)
		return -1;
	sb->dut_ifindex = (int)if_nametoindex("bd0");
	if (gro_on("bd0") < 0)
		sb->dut_ifindex = 0;
	if (enter_ns(sb->gen_fd) < 0)
		return -1;
	sb->gen_ifindex = (int)if_nametoindex("bg0");
	if (enter_ns(sb->home_fd) < 0)
		return -1;
	return sb->gen_ifindex > 0 && sb->dut_ifindex > 0 ? 0 : -1;
}

int sandbox_create(struct sandbox *sb, const char *bin, char *err, size_t errlen)
{
	int pid = (int)getpid();

	memset(sb, 0, sizeof(*sb));
	sb->gen_fd = sb->dut_fd = -1;
	snprintf(sb->bin, sizeof(sb->bin), "%s", bin);
	sb->home_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (sb->home_fd < 0) {
		snprintf(err, errlen, "cannot open this process's network namespace");
		return -1;
	}
	g_sandbox = sb;
	snprintf(sb->gen, sizeof(sb->gen), "bpfipt-bench-%d-gen", pid);
	snprintf(sb->dut, sizeof(sb->dut), "bpfipt-bench-%d-dut", pid);
	snprintf(sb->sink, sizeof(sb->sink), "bpfipt-bench-%d-sink", pid);
	if (run_cmd("ip netns add %s && ip netns add %s && ip netns add %s", sb->gen, sb->dut,
		    sb->sink) < 0 ||
	    sysctls(sb->gen, 0) < 0 || sysctls(sb->dut, 1) < 0 || sysctls(sb->sink, 0) < 0 ||
	    run_cmd("ip -n %s link set lo up", sb->dut) < 0 || links(sb) < 0 || open_fds(sb) < 0) {
		snprintf(err, errlen, "cannot build the sandbox (namespaces %s, %s, %s)", sb->gen,
			 sb->dut, sb->sink);
		sandbox_destroy(sb);
		return -1;
	}
	return 0;
}

/* The product's teardown first (its cgroup program hangs on the cgroup,
 * not on the namespace, and its helper would outlive the namespace), then
 * the namespaces, which takes their veths, programs and rules along. */
void sandbox_destroy(struct sandbox *sb)
{
	if (sb->home_fd >= 0)
		enter_ns(sb->home_fd);
	close_fd(&sb->gen_fd);
	close_fd(&sb->dut_fd);
	if (sb->dut[0])
		run_cmd("ip netns exec %s %s/bpf-iptables --teardown >/dev/null 2>&1", sb->dut,
			sb->bin);
	if (sb->gen[0])
		run_cmd("ip netns del %s 2>/dev/null", sb->gen);
	if (sb->dut[0])
		run_cmd("ip netns del %s 2>/dev/null", sb->dut);
	if (sb->sink[0])
		run_cmd("ip netns del %s 2>/dev/null", sb->sink);
	sb->gen[0] = sb->dut[0] = sb->sink[0] = 0;
	close_fd(&sb->home_fd);
	if (g_sandbox == sb)
		g_sandbox = NULL;
}

static void destroy_at_exit(void)
{
	if (g_sandbox)
		sandbox_destroy(g_sandbox);
}

static void on_signal(int sig)
{
	/* Not async-signal-safe, but the run is over either way, and a
	 * sandbox left behind costs more than the risk. exit() also runs
	 * the caller's own atexit clean-up (its temporary directory). */
	signal(sig, SIG_IGN);
	destroy_at_exit();
	exit(128 + sig);
}

void sandbox_install_signals(struct sandbox *sb)
{
	static int installed;

	g_sandbox = sb;
	if (installed)
		return;
	installed = 1;
	atexit(destroy_at_exit);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, on_signal);
}
