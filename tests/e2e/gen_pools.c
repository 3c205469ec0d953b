// SPDX-License-Identifier: GPL-2.0-only
/*
 * The pools rules and probes draw from. They are small and shared, so that
 * random rules actually match random probes: every address prefix is
 * around the topology's addresses (topo.sh), every port is one a probe
 * uses, every interface name is one of the dut's or a near miss.
 */
#include "gen.h"

const char *const pool_cli_addrs[2] = {"198.18.1.2", "198.18.1.130"};
const char *const pool_srv_addrs[2] = {"198.18.2.2", "198.18.2.66"};
const char *const pool_dut_addrs[2] = {"198.18.1.1", "198.18.2.1"};

/* The dut answers a packet it has no route for with net-unreachable
 * through ip_error(), which allows each source address 5 such errors and
 * then one a second (net.ipv4.route.error_cost and error_burst: global
 * sysctls, not ours to change). Rulesets follow each other in about a
 * second in reused topologies, so such probes come from an address chosen
 * by the seed among eight: consecutive seeds use each one every eight
 * rulesets, by when its budget is full again. */
const char *const pool_unrouted_srcs[8] = {
    "198.18.1.240", "198.18.1.241", "198.18.1.242", "198.18.1.243",
    "198.18.1.244", "198.18.1.245", "198.18.1.246", "198.18.1.247",
};

/* Hosts, their subnets split at /25 and /26, supernets up to /15, /31
 * pairs, prefixes with host bits set (iptables clears them), and prefixes
 * that match nothing of the topology. */
const char *const pool_prefixes[24] = {
    "198.18.1.2",     "198.18.1.130/32", "198.18.1.1",	  "198.18.2.1",	   "198.18.2.2",
    "198.18.2.66/32", "198.18.1.0/24",	 "198.18.2.0/24", "198.18.1.0/25", "198.18.1.128/25",
    "198.18.2.0/26",  "198.18.2.64/26",	 "198.18.0.0/15", "198.18.0.0/16", "198.18.2.0/23",
    "198.18.0.0/22",  "198.18.1.0/31",	 "198.18.1.2/31", "198.18.2.7/24", "198.18.1.129/25",
    "198.18.3.0/24",  "10.0.0.0/8",	 "0.0.0.0/0",	  "198.19.0.0/16",
};

/* The dut's interfaces, wildcards that cover some of them, and names that
 * match none. "+" alone is left out: iptables-legacy-save prints "! -o +"
 * as nothing, so the two oracles would disagree on the text. */
const char *const pool_in_ifaces[8] = {"veth-c", "veth-s",  "lo",   "veth+",
				       "v+",	 "veth-c+", "eth0", "veth-x"};
const char *const pool_out_ifaces[8] = {"veth-s", "veth-c", "lo",    "veth+",
					"ve+",	  "lo+",    "veth-", "dummy0"};

/* The probe tool serves the open ports; the closed ones draw a RST or a
 * port-unreachable from the host itself. */
const unsigned pool_open_ports[5] = {22, 80, 443, 5001, 8080};
const unsigned pool_closed_ports[2] = {23, 8443};
const char *const pool_dport_ranges[8] = {"20:25",	"80:443",  "1:1024", "5000:9000",
					  "8443:65535", "443:443", "22:80",  "1024:"};

const char *const pool_icmp_types[14] = {
    "echo-request",	  "echo-reply",	      "8",    "0",   "3",     "3/3",
    "port-unreachable",	  "host-unreachable", "3/13", "any", "3/0:1", "destination-unreachable",
    "network-prohibited", "time-exceeded",
};

const char *const pool_tcp_flags[9] = {
    "SYN,RST,ACK,FIN SYN",
    "SYN,ACK SYN,ACK",
    "ACK ACK",
    "RST RST",
    "ALL NONE",
    "RST,ACK RST,ACK",
    "FIN,SYN,RST,PSH,ACK,URG ACK",
    "SYN SYN",
    "ACK,RST ACK",
};

const char *const pool_reject_icmp[7] = {
    "icmp-net-unreachable",   "icmp-host-unreachable", "icmp-port-unreachable",
    "icmp-proto-unreachable", "icmp-net-prohibited",   "icmp-host-prohibited",
    "icmp-admin-prohibited",
};

const char *const pool_log_levels[9] = {"",	   "emerg",  "alert", "crit", "error",
					"warning", "notice", "info",  "debug"};

/* Names of the kinds iptables allows: dots, dashes, underscores, digits,
 * mixed case, and one of the longest allowed (28 characters). */
const char *const pool_chain_names[10] = {
    "web",	  "ssh-in",   "lan_out",
    "Fwd.Filter", "c4",	      "ICMP_IN",
    "x",	  "deep.5-6", "a_chain_name_of_28_chars_xyz",
    "tail",
};
