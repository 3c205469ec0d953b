// SPDX-License-Identifier: GPL-2.0-only
/* Unit tests of the listings: -L in all sixteen combinations of -v -n -x
 * --line-numbers, the K/M/G/T counter columns at their rounding
 * boundaries, -S with and without counters, iptables-save with and
 * without -c, the one-line form -v prints for rule commands; and the
 * binary state file (ruleset_serialize/ruleset_deserialize).
 *
 * The tables are built through cmd_parse + exec_command from the same
 * commands that were given to the real iptables-legacy 1.8.9 (Debian 12)
 * in a scratch network namespace:
 *   ip netns add x; ip netns exec x iptables-legacy CMD     (each command)
 *   ip netns exec x iptables-legacy ARGS                     (each listing)
 *   ip netns exec x iptables-legacy-save [-c] | grep -v '^#'
 *   ip netns del x
 * and every expected text below is that iptables' stdout, byte for byte.
 * Names in -L without -n come from this machine's /etc/services,
 * /etc/protocols, /etc/networks and /etc/hosts, as iptables' did. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "cmd.h"
#include "exec.h"
#include "ext.h"
#include "print.h"
#include "report.h"
#include "restore.h"
#include "ruleset.h"
#include "ruleset_io.h"

#define PROG "iptables"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct listing {
	const char *args;
	const char *out;
};

/* Parse and apply one line; its stdout is appended to out. */
static int run_line(struct ruleset *rs, const char *line, struct strbuf *out, struct xt_err *err)
{
	return check_exec(rs, line, out, err);
}

static struct ruleset *build(const char *const *cmds, size_t n)
{
	struct ruleset *rs = ruleset_new();
	struct strbuf out;
	struct xt_err err;

	sb_init(&out);
	for (size_t i = 0; i < n; i++)
		if (!CHECK_INT(0, run_line(rs, cmds[i], &out, &err), "build: %s", cmds[i]))
			printf("#   error: %s\n", err.msg);
	sb_free(&out);
	return rs;
}

static const char *find_listing(const struct listing *l, size_t n, const char *args)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(l[i].args, args) == 0)
			return l[i].out;
	abort(); /* a listing the test data lacks: a bug in this file */
}

/* ---- a table with every match and target kind ---------------------- */

/* -P with -c leaves the policy counters at 0 in iptables-legacy. */
static const char *const all_kinds[] = {
	"-N web",
	"-N logdrop",
	"-N unused",
	"-P FORWARD DROP -c 123456 7890123",
	"-P OUTPUT ACCEPT -c 99999 100000",
	"-A INPUT -i lo -j ACCEPT",
	"-A INPUT -s 198.18.0.0/15 -d 198.19.1.2 -p tcp --dport 22 -j ACCEPT -c 99999 100000",
	"-A INPUT ! -s 198.18.5.0/24 -p tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web -c 100499 100500",
	"-A INPUT -p tcp ! --syn --tcp-option 8 -j DROP -c 9999499 9999500",
	"-A INPUT -p tcp --sport 0:1023 ! --dport 1024: --tcp-flags ALL NONE -c 9999499999 9999500000",
	"-A INPUT -p udp --sport 53 ! --dport 1:1023 -j ACCEPT -c 9999499999999 9999500000000",
	"-A INPUT -p udp --dport 68 -c 18446744073709551615 1",
	"-A INPUT -p icmp --icmp-type echo-request -j ACCEPT -c 99999999999999999 12345",
	"-A INPUT -p icmp ! --icmp-type 3/4 -j DROP",
	"-A INPUT -p icmp --icmp-type any",
	"-A INPUT -p icmp --icmp-type 13/0",
	"-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j web",
	"-A INPUT -p udp -m multiport ! --sports 53,67:68",
	"-A INPUT -p tcp -m multiport --ports 1,2",
	"-A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -j ACCEPT",
	"-A INPUT -m comment --comment plain -p tcp --dport 443",
	"-A INPUT -f -j DROP",
	"-A INPUT ! -f -p 47 -j DROP",
	"-A INPUT ! -p 253 -j ACCEPT",
	"-A INPUT -p 143",
	"-A INPUT -s 127.0.0.1 -j RETURN",
	"-A INPUT -d 10.0.0.0/255.0.255.0 -j DROP",
	"-A INPUT -d 127.0.0.0/8",
	"-A INPUT -j REJECT",
	"-A INPUT -p tcp -j REJECT --reject-with tcp-reset",
	"-A INPUT -j REJECT --reject-with icmp-host-prohibited",
	"-A INPUT -j LOG --log-prefix \"in: \" --log-level 4 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid",
	"-A INPUT -j LOG",
	"-A INPUT",
	"-A FORWARD ! -i eth0 ! -o veth+ -g logdrop",
	"-A FORWARD -i + -o eth1 -j ACCEPT",
	"-A FORWARD -i abcdefghijklmno -j DROP",
	"-A web -p tcp --dport 80 -j ACCEPT",
	"-A web -j RETURN",
	"-A logdrop -j LOG --log-level debug --log-prefix \"drop \"",
	"-A logdrop -j DROP",
	"-A OUTPUT -o lo -j ACCEPT",
	"-I OUTPUT 1 -d 198.18.0.1 -p udp -m udp --dport 53 -j ACCEPT",
};

/* iptables-legacy ARGS after the commands above. */
static const struct listing all_kinds_lists[] = {
	{"-L",
	 "Chain INPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "ACCEPT     tcp  --  198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "web        tcp  -- !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "DROP       tcp  --  anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "           tcp  --  anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "ACCEPT     udp  --  anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "           udp  --  anywhere             anywhere             udp dpt:bootpc\n"
	 "ACCEPT     icmp --  anywhere             anywhere             icmp echo-request\n"
	 "DROP       icmp --  anywhere             anywhere             icmp !fragmentation-needed\n"
	 "           icmp --  anywhere             anywhere             icmp any\n"
	 "           icmp --  anywhere             anywhere             icmptype 13 code 0\n"
	 "web        tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "           udp  --  anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "           tcp  --  anywhere             anywhere             multiport ports tcpmux,2\n"
	 "ACCEPT     all  --  anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "           tcp  --  anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "DROP       all  -f  anywhere             anywhere            \n"
	 "DROP       gre  !f  anywhere             anywhere            \n"
	 "ACCEPT    !253  --  anywhere             anywhere            \n"
	 "           ethernet --  anywhere             anywhere            \n"
	 "RETURN     all  --  localhost            anywhere            \n"
	 "DROP       all  --  anywhere             10.0.0.0/255.0.255.0 \n"
	 "           all  --  anywhere             loopback/8          \n"
	 "REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset\n"
	 "REJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "LOG        all  --  anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "LOG        all  --  anywhere             anywhere             LOG level warn\n"
	 "           all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "target     prot opt source               destination         \n"
	 "logdrop    all  --  anywhere             anywhere            [goto] \n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     udp  --  anywhere             198.18.0.1           udp dpt:domain\n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "target     prot opt source               destination         \n"
	 "LOG        all  --  anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http\n"
	 "RETURN     all  --  anywhere             anywhere            \n"},
	{"-L --line-numbers",
	 "Chain INPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     all  --  anywhere             anywhere            \n"
	 "2    ACCEPT     tcp  --  198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "3    web        tcp  -- !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "4    DROP       tcp  --  anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "5               tcp  --  anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "6    ACCEPT     udp  --  anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "7               udp  --  anywhere             anywhere             udp dpt:bootpc\n"
	 "8    ACCEPT     icmp --  anywhere             anywhere             icmp echo-request\n"
	 "9    DROP       icmp --  anywhere             anywhere             icmp !fragmentation-needed\n"
	 "10              icmp --  anywhere             anywhere             icmp any\n"
	 "11              icmp --  anywhere             anywhere             icmptype 13 code 0\n"
	 "12   web        tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "13              udp  --  anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "14              tcp  --  anywhere             anywhere             multiport ports tcpmux,2\n"
	 "15   ACCEPT     all  --  anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "16              tcp  --  anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "17   DROP       all  -f  anywhere             anywhere            \n"
	 "18   DROP       gre  !f  anywhere             anywhere            \n"
	 "19   ACCEPT    !253  --  anywhere             anywhere            \n"
	 "20              ethernet --  anywhere             anywhere            \n"
	 "21   RETURN     all  --  localhost            anywhere            \n"
	 "22   DROP       all  --  anywhere             10.0.0.0/255.0.255.0 \n"
	 "23              all  --  anywhere             loopback/8          \n"
	 "24   REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "25   REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset\n"
	 "26   REJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "27   LOG        all  --  anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "28   LOG        all  --  anywhere             anywhere             LOG level warn\n"
	 "29              all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    logdrop    all  --  anywhere             anywhere            [goto] \n"
	 "2    ACCEPT     all  --  anywhere             anywhere            \n"
	 "3    DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     udp  --  anywhere             198.18.0.1           udp dpt:domain\n"
	 "2    ACCEPT     all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    LOG        all  --  anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "2    DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http\n"
	 "2    RETURN     all  --  anywhere             anywhere            \n"},
	{"-L -x",
	 "Chain INPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "ACCEPT     tcp  --  198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "web        tcp  -- !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "DROP       tcp  --  anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "           tcp  --  anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "ACCEPT     udp  --  anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "           udp  --  anywhere             anywhere             udp dpt:bootpc\n"
	 "ACCEPT     icmp --  anywhere             anywhere             icmp echo-request\n"
	 "DROP       icmp --  anywhere             anywhere             icmp !fragmentation-needed\n"
	 "           icmp --  anywhere             anywhere             icmp any\n"
	 "           icmp --  anywhere             anywhere             icmptype 13 code 0\n"
	 "web        tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "           udp  --  anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "           tcp  --  anywhere             anywhere             multiport ports tcpmux,2\n"
	 "ACCEPT     all  --  anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "           tcp  --  anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "DROP       all  -f  anywhere             anywhere            \n"
	 "DROP       gre  !f  anywhere             anywhere            \n"
	 "ACCEPT    !253  --  anywhere             anywhere            \n"
	 "           ethernet --  anywhere             anywhere            \n"
	 "RETURN     all  --  localhost            anywhere            \n"
	 "DROP       all  --  anywhere             10.0.0.0/255.0.255.0 \n"
	 "           all  --  anywhere             loopback/8          \n"
	 "REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset\n"
	 "REJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "LOG        all  --  anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "LOG        all  --  anywhere             anywhere             LOG level warn\n"
	 "           all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "target     prot opt source               destination         \n"
	 "logdrop    all  --  anywhere             anywhere            [goto] \n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     udp  --  anywhere             198.18.0.1           udp dpt:domain\n"
	 "ACCEPT     all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "target     prot opt source               destination         \n"
	 "LOG        all  --  anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http\n"
	 "RETURN     all  --  anywhere             anywhere            \n"},
	{"-L -x --line-numbers",
	 "Chain INPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     all  --  anywhere             anywhere            \n"
	 "2    ACCEPT     tcp  --  198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "3    web        tcp  -- !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "4    DROP       tcp  --  anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "5               tcp  --  anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "6    ACCEPT     udp  --  anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "7               udp  --  anywhere             anywhere             udp dpt:bootpc\n"
	 "8    ACCEPT     icmp --  anywhere             anywhere             icmp echo-request\n"
	 "9    DROP       icmp --  anywhere             anywhere             icmp !fragmentation-needed\n"
	 "10              icmp --  anywhere             anywhere             icmp any\n"
	 "11              icmp --  anywhere             anywhere             icmptype 13 code 0\n"
	 "12   web        tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "13              udp  --  anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "14              tcp  --  anywhere             anywhere             multiport ports tcpmux,2\n"
	 "15   ACCEPT     all  --  anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "16              tcp  --  anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "17   DROP       all  -f  anywhere             anywhere            \n"
	 "18   DROP       gre  !f  anywhere             anywhere            \n"
	 "19   ACCEPT    !253  --  anywhere             anywhere            \n"
	 "20              ethernet --  anywhere             anywhere            \n"
	 "21   RETURN     all  --  localhost            anywhere            \n"
	 "22   DROP       all  --  anywhere             10.0.0.0/255.0.255.0 \n"
	 "23              all  --  anywhere             loopback/8          \n"
	 "24   REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "25   REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset\n"
	 "26   REJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "27   LOG        all  --  anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "28   LOG        all  --  anywhere             anywhere             LOG level warn\n"
	 "29              all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    logdrop    all  --  anywhere             anywhere            [goto] \n"
	 "2    ACCEPT     all  --  anywhere             anywhere            \n"
	 "3    DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     udp  --  anywhere             198.18.0.1           udp dpt:domain\n"
	 "2    ACCEPT     all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    LOG        all  --  anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "2    DROP       all  --  anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http\n"
	 "2    RETURN     all  --  anywhere             anywhere            \n"},
	{"-L -n",
	 "Chain INPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "ACCEPT     6    --  198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "web        6    -- !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "ACCEPT     17   --  0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "           17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "DROP       1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "           1    --  0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "           1    --  0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "web        6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "           17   --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "DROP       0    -f  0.0.0.0/0            0.0.0.0/0           \n"
	 "DROP       47   !f  0.0.0.0/0            0.0.0.0/0           \n"
	 "ACCEPT    !253  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "           143  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "RETURN     0    --  127.0.0.1            0.0.0.0/0           \n"
	 "DROP       0    --  0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "           0    --  0.0.0.0/0            127.0.0.0/8         \n"
	 "REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "REJECT     6    --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "           0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "target     prot opt source               destination         \n"
	 "logdrop    0    --  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     17   --  0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "target     prot opt source               destination         \n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -n --line-numbers",
	 "Chain INPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "2    ACCEPT     6    --  198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "3    web        6    -- !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "4    DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "5               6    --  0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "6    ACCEPT     17   --  0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "7               17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "8    ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "9    DROP       1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "10              1    --  0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "11              1    --  0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "12   web        6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "13              17   --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "14              6    --  0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "15   ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "16              6    --  0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "17   DROP       0    -f  0.0.0.0/0            0.0.0.0/0           \n"
	 "18   DROP       47   !f  0.0.0.0/0            0.0.0.0/0           \n"
	 "19   ACCEPT    !253  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "20              143  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "21   RETURN     0    --  127.0.0.1            0.0.0.0/0           \n"
	 "22   DROP       0    --  0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "23              0    --  0.0.0.0/0            127.0.0.0/8         \n"
	 "24   REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "25   REJECT     6    --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "26   REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "27   LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "28   LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "29              0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    logdrop    0    --  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "2    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "3    DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     17   --  0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "2    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "2    DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "2    RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -n -x",
	 "Chain INPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "ACCEPT     6    --  198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "web        6    -- !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "ACCEPT     17   --  0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "           17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "DROP       1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "           1    --  0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "           1    --  0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "web        6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "           17   --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "           6    --  0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "DROP       0    -f  0.0.0.0/0            0.0.0.0/0           \n"
	 "DROP       47   !f  0.0.0.0/0            0.0.0.0/0           \n"
	 "ACCEPT    !253  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "           143  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "RETURN     0    --  127.0.0.1            0.0.0.0/0           \n"
	 "DROP       0    --  0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "           0    --  0.0.0.0/0            127.0.0.0/8         \n"
	 "REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "REJECT     6    --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "           0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "target     prot opt source               destination         \n"
	 "logdrop    0    --  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     17   --  0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "target     prot opt source               destination         \n"
	 "LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -n -x --line-numbers",
	 "Chain INPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "2    ACCEPT     6    --  198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "3    web        6    -- !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "4    DROP       6    --  0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "5               6    --  0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "6    ACCEPT     17   --  0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "7               17   --  0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "8    ACCEPT     1    --  0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "9    DROP       1    --  0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "10              1    --  0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "11              1    --  0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "12   web        6    --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "13              17   --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "14              6    --  0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "15   ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "16              6    --  0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "17   DROP       0    -f  0.0.0.0/0            0.0.0.0/0           \n"
	 "18   DROP       47   !f  0.0.0.0/0            0.0.0.0/0           \n"
	 "19   ACCEPT    !253  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "20              143  --  0.0.0.0/0            0.0.0.0/0           \n"
	 "21   RETURN     0    --  127.0.0.1            0.0.0.0/0           \n"
	 "22   DROP       0    --  0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "23              0    --  0.0.0.0/0            127.0.0.0/8         \n"
	 "24   REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "25   REJECT     6    --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "26   REJECT     0    --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "27   LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "28   LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "29              0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    logdrop    0    --  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "2    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "3    DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     17   --  0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "2    ACCEPT     0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    LOG        0    --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "2    DROP       0    --  0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num  target     prot opt source               destination         \n"
	 "1    ACCEPT     6    --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "2    RETURN     0    --  0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -v",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     all  --  lo     any     anywhere             anywhere            \n"
	 "99999  100K ACCEPT     tcp  --  any    any     198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 " 100K  101K web        tcp  --  any    any    !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "9999K   10M DROP       tcp  --  any    any     anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "  10G   10G            tcp  --  any    any     anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "  10T   10T ACCEPT     udp  --  any    any     anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "   0K     1            udp  --  any    any     anywhere             anywhere             udp dpt:bootpc\n"
	 "100000T 12345 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request\n"
	 "    0     0 DROP       icmp --  any    any     anywhere             anywhere             icmp !fragmentation-needed\n"
	 "    0     0            icmp --  any    any     anywhere             anywhere             icmp any\n"
	 "    0     0            icmp --  any    any     anywhere             anywhere             icmptype 13 code 0\n"
	 "    0     0 web        tcp  --  any    any     anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "    0     0            udp  --  any    any     anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "    0     0            tcp  --  any    any     anywhere             anywhere             multiport ports tcpmux,2\n"
	 "    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "    0     0            tcp  --  any    any     anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "    0     0 DROP       all  -f  any    any     anywhere             anywhere            \n"
	 "    0     0 DROP       gre  !f  any    any     anywhere             anywhere            \n"
	 "    0     0 ACCEPT    !253  --  any    any     anywhere             anywhere            \n"
	 "    0     0            ethernet --  any    any     anywhere             anywhere            \n"
	 "    0     0 RETURN     all  --  any    any     localhost            anywhere            \n"
	 "    0     0 DROP       all  --  any    any     anywhere             10.0.0.0/255.0.255.0 \n"
	 "    0     0            all  --  any    any     anywhere             loopback/8          \n"
	 "    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "    0     0 REJECT     tcp  --  any    any     anywhere             anywhere             reject-with tcp-reset\n"
	 "    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn\n"
	 "    0     0            all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 logdrop    all  --  !eth0  !veth+  anywhere             anywhere            [goto] \n"
	 "    0     0 ACCEPT     all  --  +      eth1    anywhere             anywhere            \n"
	 "    0     0 DROP       all  --  abcdefghijklmno any     anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     udp  --  any    any     anywhere             198.18.0.1           udp dpt:domain\n"
	 "    0     0 ACCEPT     all  --  any    lo      anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "    0     0 DROP       all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:http\n"
	 "    0     0 RETURN     all  --  any    any     anywhere             anywhere            \n"},
	{"-L -v --line-numbers",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     all  --  lo     any     anywhere             anywhere            \n"
	 "2    99999  100K ACCEPT     tcp  --  any    any     198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "3     100K  101K web        tcp  --  any    any    !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "4    9999K   10M DROP       tcp  --  any    any     anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "5      10G   10G            tcp  --  any    any     anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "6      10T   10T ACCEPT     udp  --  any    any     anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "7       0K     1            udp  --  any    any     anywhere             anywhere             udp dpt:bootpc\n"
	 "8    100000T 12345 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request\n"
	 "9        0     0 DROP       icmp --  any    any     anywhere             anywhere             icmp !fragmentation-needed\n"
	 "10       0     0            icmp --  any    any     anywhere             anywhere             icmp any\n"
	 "11       0     0            icmp --  any    any     anywhere             anywhere             icmptype 13 code 0\n"
	 "12       0     0 web        tcp  --  any    any     anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "13       0     0            udp  --  any    any     anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "14       0     0            tcp  --  any    any     anywhere             anywhere             multiport ports tcpmux,2\n"
	 "15       0     0 ACCEPT     all  --  any    any     anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "16       0     0            tcp  --  any    any     anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "17       0     0 DROP       all  -f  any    any     anywhere             anywhere            \n"
	 "18       0     0 DROP       gre  !f  any    any     anywhere             anywhere            \n"
	 "19       0     0 ACCEPT    !253  --  any    any     anywhere             anywhere            \n"
	 "20       0     0            ethernet --  any    any     anywhere             anywhere            \n"
	 "21       0     0 RETURN     all  --  any    any     localhost            anywhere            \n"
	 "22       0     0 DROP       all  --  any    any     anywhere             10.0.0.0/255.0.255.0 \n"
	 "23       0     0            all  --  any    any     anywhere             loopback/8          \n"
	 "24       0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "25       0     0 REJECT     tcp  --  any    any     anywhere             anywhere             reject-with tcp-reset\n"
	 "26       0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "27       0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "28       0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn\n"
	 "29       0     0            all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 logdrop    all  --  !eth0  !veth+  anywhere             anywhere            [goto] \n"
	 "2        0     0 ACCEPT     all  --  +      eth1    anywhere             anywhere            \n"
	 "3        0     0 DROP       all  --  abcdefghijklmno any     anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     udp  --  any    any     anywhere             198.18.0.1           udp dpt:domain\n"
	 "2        0     0 ACCEPT     all  --  any    lo      anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "2        0     0 DROP       all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:http\n"
	 "2        0     0 RETURN     all  --  any    any     anywhere             anywhere            \n"},
	{"-L -v -x",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     all  --  lo     any     anywhere             anywhere            \n"
	 "   99999   100000 ACCEPT     tcp  --  any    any     198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "  100499   100500 web        tcp  --  any    any    !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 " 9999499  9999500 DROP       tcp  --  any    any     anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "9999499999 9999500000            tcp  --  any    any     anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "9999499999999 9999500000000 ACCEPT     udp  --  any    any     anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "18446744073709551615        1            udp  --  any    any     anywhere             anywhere             udp dpt:bootpc\n"
	 "99999999999999999    12345 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request\n"
	 "       0        0 DROP       icmp --  any    any     anywhere             anywhere             icmp !fragmentation-needed\n"
	 "       0        0            icmp --  any    any     anywhere             anywhere             icmp any\n"
	 "       0        0            icmp --  any    any     anywhere             anywhere             icmptype 13 code 0\n"
	 "       0        0 web        tcp  --  any    any     anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "       0        0            udp  --  any    any     anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "       0        0            tcp  --  any    any     anywhere             anywhere             multiport ports tcpmux,2\n"
	 "       0        0 ACCEPT     all  --  any    any     anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "       0        0            tcp  --  any    any     anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "       0        0 DROP       all  -f  any    any     anywhere             anywhere            \n"
	 "       0        0 DROP       gre  !f  any    any     anywhere             anywhere            \n"
	 "       0        0 ACCEPT    !253  --  any    any     anywhere             anywhere            \n"
	 "       0        0            ethernet --  any    any     anywhere             anywhere            \n"
	 "       0        0 RETURN     all  --  any    any     localhost            anywhere            \n"
	 "       0        0 DROP       all  --  any    any     anywhere             10.0.0.0/255.0.255.0 \n"
	 "       0        0            all  --  any    any     anywhere             loopback/8          \n"
	 "       0        0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "       0        0 REJECT     tcp  --  any    any     anywhere             anywhere             reject-with tcp-reset\n"
	 "       0        0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "       0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "       0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn\n"
	 "       0        0            all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 logdrop    all  --  !eth0  !veth+  anywhere             anywhere            [goto] \n"
	 "       0        0 ACCEPT     all  --  +      eth1    anywhere             anywhere            \n"
	 "       0        0 DROP       all  --  abcdefghijklmno any     anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     udp  --  any    any     anywhere             198.18.0.1           udp dpt:domain\n"
	 "       0        0 ACCEPT     all  --  any    lo      anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "       0        0 DROP       all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:http\n"
	 "       0        0 RETURN     all  --  any    any     anywhere             anywhere            \n"},
	{"-L -v -x --line-numbers",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     all  --  lo     any     anywhere             anywhere            \n"
	 "2       99999   100000 ACCEPT     tcp  --  any    any     198.18.0.0/15        198.19.1.2           tcp dpt:ssh\n"
	 "3      100499   100500 web        tcp  --  any    any    !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"
	 "4     9999499  9999500 DROP       tcp  --  any    any     anywhere             anywhere             tcp option=8 flags:!FIN,SYN,RST,ACK/SYN\n"
	 "5    9999499999 9999500000            tcp  --  any    any     anywhere             anywhere             tcp spts:0:1023 dpts:!1024:65535 flags:FIN,SYN,RST,PSH,ACK,URG/NONE\n"
	 "6    9999499999999 9999500000000 ACCEPT     udp  --  any    any     anywhere             anywhere             udp spt:domain dpts:!1:1023\n"
	 "7    18446744073709551615        1            udp  --  any    any     anywhere             anywhere             udp dpt:bootpc\n"
	 "8    99999999999999999    12345 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request\n"
	 "9           0        0 DROP       icmp --  any    any     anywhere             anywhere             icmp !fragmentation-needed\n"
	 "10          0        0            icmp --  any    any     anywhere             anywhere             icmp any\n"
	 "11          0        0            icmp --  any    any     anywhere             anywhere             icmptype 13 code 0\n"
	 "12          0        0 web        tcp  --  any    any     anywhere             anywhere             multiport dports http,https,8000:http-alt\n"
	 "13          0        0            udp  --  any    any     anywhere             anywhere             multiport sports  !domain,bootps:bootpc\n"
	 "14          0        0            tcp  --  any    any     anywhere             anywhere             multiport ports tcpmux,2\n"
	 "15          0        0 ACCEPT     all  --  any    any     anywhere             anywhere             /* allow \"quoted\" things */\n"
	 "16          0        0            tcp  --  any    any     anywhere             anywhere             /* plain */ tcp dpt:https\n"
	 "17          0        0 DROP       all  -f  any    any     anywhere             anywhere            \n"
	 "18          0        0 DROP       gre  !f  any    any     anywhere             anywhere            \n"
	 "19          0        0 ACCEPT    !253  --  any    any     anywhere             anywhere            \n"
	 "20          0        0            ethernet --  any    any     anywhere             anywhere            \n"
	 "21          0        0 RETURN     all  --  any    any     localhost            anywhere            \n"
	 "22          0        0 DROP       all  --  any    any     anywhere             10.0.0.0/255.0.255.0 \n"
	 "23          0        0            all  --  any    any     anywhere             loopback/8          \n"
	 "24          0        0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-port-unreachable\n"
	 "25          0        0 REJECT     tcp  --  any    any     anywhere             anywhere             reject-with tcp-reset\n"
	 "26          0        0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-prohibited\n"
	 "27          0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn tcp-sequence tcp-options ip-options uid prefix \"in: \"\n"
	 "28          0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn\n"
	 "29          0        0            all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 logdrop    all  --  !eth0  !veth+  anywhere             anywhere            [goto] \n"
	 "2           0        0 ACCEPT     all  --  +      eth1    anywhere             anywhere            \n"
	 "3           0        0 DROP       all  --  abcdefghijklmno any     anywhere             anywhere            \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     udp  --  any    any     anywhere             198.18.0.1           udp dpt:domain\n"
	 "2           0        0 ACCEPT     all  --  any    lo      anywhere             anywhere            \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "2           0        0 DROP       all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:http\n"
	 "2           0        0 RETURN     all  --  any    any     anywhere             anywhere            \n"},
	{"-L -v -n",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     0    --  lo     *       0.0.0.0/0            0.0.0.0/0           \n"
	 "99999  100K ACCEPT     6    --  *      *       198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 " 100K  101K web        6    --  *      *      !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "9999K   10M DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "  10G   10G            6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "  10T   10T ACCEPT     17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "   0K     1            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "100000T 12345 ACCEPT     1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "    0     0 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "    0     0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "    0     0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "    0     0 web        6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "    0     0            17   --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "    0     0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "    0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "    0     0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "    0     0 DROP       0    -f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "    0     0 DROP       47   !f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "    0     0 ACCEPT    !253  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "    0     0            143  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "    0     0 RETURN     0    --  *      *       127.0.0.1            0.0.0.0/0           \n"
	 "    0     0 DROP       0    --  *      *       0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "    0     0            0    --  *      *       0.0.0.0/0            127.0.0.0/8         \n"
	 "    0     0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "    0     0 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "    0     0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "    0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "    0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "    0     0            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 logdrop    0    --  !eth0  !veth+  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "    0     0 ACCEPT     0    --  +      eth1    0.0.0.0/0            0.0.0.0/0           \n"
	 "    0     0 DROP       0    --  abcdefghijklmno *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     17   --  *      *       0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "    0     0 ACCEPT     0    --  *      lo      0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "    0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "    0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -v -n --line-numbers",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     0    --  lo     *       0.0.0.0/0            0.0.0.0/0           \n"
	 "2    99999  100K ACCEPT     6    --  *      *       198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "3     100K  101K web        6    --  *      *      !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "4    9999K   10M DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "5      10G   10G            6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "6      10T   10T ACCEPT     17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "7       0K     1            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "8    100000T 12345 ACCEPT     1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "9        0     0 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "10       0     0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "11       0     0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "12       0     0 web        6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "13       0     0            17   --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "14       0     0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "15       0     0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "16       0     0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "17       0     0 DROP       0    -f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "18       0     0 DROP       47   !f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "19       0     0 ACCEPT    !253  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "20       0     0            143  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "21       0     0 RETURN     0    --  *      *       127.0.0.1            0.0.0.0/0           \n"
	 "22       0     0 DROP       0    --  *      *       0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "23       0     0            0    --  *      *       0.0.0.0/0            127.0.0.0/8         \n"
	 "24       0     0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "25       0     0 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "26       0     0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "27       0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "28       0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "29       0     0            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 logdrop    0    --  !eth0  !veth+  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "2        0     0 ACCEPT     0    --  +      eth1    0.0.0.0/0            0.0.0.0/0           \n"
	 "3        0     0 DROP       0    --  abcdefghijklmno *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     17   --  *      *       0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "2        0     0 ACCEPT     0    --  *      lo      0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "2        0     0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0     0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "2        0     0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -v -n -x",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     0    --  lo     *       0.0.0.0/0            0.0.0.0/0           \n"
	 "   99999   100000 ACCEPT     6    --  *      *       198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "  100499   100500 web        6    --  *      *      !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 " 9999499  9999500 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "9999499999 9999500000            6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "9999499999999 9999500000000 ACCEPT     17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "18446744073709551615        1            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "99999999999999999    12345 ACCEPT     1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "       0        0 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "       0        0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "       0        0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "       0        0 web        6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "       0        0            17   --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "       0        0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "       0        0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "       0        0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "       0        0 DROP       0    -f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "       0        0 DROP       47   !f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "       0        0 ACCEPT    !253  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "       0        0            143  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "       0        0 RETURN     0    --  *      *       127.0.0.1            0.0.0.0/0           \n"
	 "       0        0 DROP       0    --  *      *       0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "       0        0            0    --  *      *       0.0.0.0/0            127.0.0.0/8         \n"
	 "       0        0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "       0        0 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "       0        0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "       0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "       0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "       0        0            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 logdrop    0    --  !eth0  !veth+  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "       0        0 ACCEPT     0    --  +      eth1    0.0.0.0/0            0.0.0.0/0           \n"
	 "       0        0 DROP       0    --  abcdefghijklmno *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     17   --  *      *       0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "       0        0 ACCEPT     0    --  *      lo      0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "       0        0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0        0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "       0        0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"},
	{"-L -v -n -x --line-numbers",
	 "Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     0    --  lo     *       0.0.0.0/0            0.0.0.0/0           \n"
	 "2       99999   100000 ACCEPT     6    --  *      *       198.18.0.0/15        198.19.1.2           tcp dpt:22\n"
	 "3      100499   100500 web        6    --  *      *      !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"
	 "4     9999499  9999500 DROP       6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=8 flags:!0x17/0x02\n"
	 "5    9999499999 9999500000            6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:0:1023 dpts:!1024:65535 flags:0x3F/0x00\n"
	 "6    9999499999999 9999500000000 ACCEPT     17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:!1:1023\n"
	 "7    18446744073709551615        1            17   --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:68\n"
	 "8    99999999999999999    12345 ACCEPT     1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8\n"
	 "9           0        0 DROP       1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 3 code 4\n"
	 "10          0        0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255\n"
	 "11          0        0            1    --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 13 code 0\n"
	 "12          0        0 web        6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080\n"
	 "13          0        0            17   --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67:68\n"
	 "14          0        0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2\n"
	 "15          0        0 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* allow \"quoted\" things */\n"
	 "16          0        0            6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* plain */ tcp dpt:443\n"
	 "17          0        0 DROP       0    -f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "18          0        0 DROP       47   !f  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "19          0        0 ACCEPT    !253  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "20          0        0            143  --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "21          0        0 RETURN     0    --  *      *       127.0.0.1            0.0.0.0/0           \n"
	 "22          0        0 DROP       0    --  *      *       0.0.0.0/0            10.0.0.0/255.0.255.0 \n"
	 "23          0        0            0    --  *      *       0.0.0.0/0            127.0.0.0/8         \n"
	 "24          0        0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable\n"
	 "25          0        0 REJECT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset\n"
	 "26          0        0 REJECT     0    --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited\n"
	 "27          0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4 prefix \"in: \"\n"
	 "28          0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4\n"
	 "29          0        0            0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 logdrop    0    --  !eth0  !veth+  0.0.0.0/0            0.0.0.0/0           [goto] \n"
	 "2           0        0 ACCEPT     0    --  +      eth1    0.0.0.0/0            0.0.0.0/0           \n"
	 "3           0        0 DROP       0    --  abcdefghijklmno *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     17   --  *      *       0.0.0.0/0            198.18.0.1           udp dpt:53\n"
	 "2           0        0 ACCEPT     0    --  *      lo      0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain logdrop (1 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 LOG        0    --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7 prefix \"drop \"\n"
	 "2           0        0 DROP       0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain unused (0 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain web (2 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 ACCEPT     6    --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80\n"
	 "2           0        0 RETURN     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"},
	{"-S",
	 "-P INPUT ACCEPT\n"
	 "-P FORWARD DROP\n"
	 "-P OUTPUT ACCEPT\n"
	 "-N logdrop\n"
	 "-N unused\n"
	 "-N web\n"
	 "-A INPUT -i lo -j ACCEPT\n"
	 "-A INPUT -s 198.18.0.0/15 -d 198.19.1.2/32 -p tcp -m tcp --dport 22 -j ACCEPT\n"
	 "-A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web\n"
	 "-A INPUT -p tcp -m tcp --tcp-option 8 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP\n"
	 "-A INPUT -p tcp -m tcp --sport 0:1023 ! --dport 1024:65535 --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE\n"
	 "-A INPUT -p udp -m udp --sport 53 ! --dport 1:1023 -j ACCEPT\n"
	 "-A INPUT -p udp -m udp --dport 68\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
	 "-A INPUT -p icmp -m icmp ! --icmp-type 3/4 -j DROP\n"
	 "-A INPUT -p icmp -m icmp --icmp-type any\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 13/0\n"
	 "-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j web\n"
	 "-A INPUT -p udp -m multiport ! --sports 53,67:68\n"
	 "-A INPUT -p tcp -m multiport --ports 1,2\n"
	 "-A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -j ACCEPT\n"
	 "-A INPUT -p tcp -m comment --comment plain -m tcp --dport 443\n"
	 "-A INPUT -f -j DROP\n"
	 "-A INPUT -p gre ! -f -j DROP\n"
	 "-A INPUT ! -p 253 -j ACCEPT\n"
	 "-A INPUT -p ethernet\n"
	 "-A INPUT -s 127.0.0.1/32 -j RETURN\n"
	 "-A INPUT -d 10.0.0.0/255.0.255.0 -j DROP\n"
	 "-A INPUT -d 127.0.0.0/8\n"
	 "-A INPUT -j REJECT --reject-with icmp-port-unreachable\n"
	 "-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n"
	 "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
	 "-A INPUT -j LOG --log-prefix \"in: \" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid\n"
	 "-A INPUT -j LOG\n"
	 "-A INPUT\n"
	 "-A FORWARD ! -i eth0 ! -o veth+ -g logdrop\n"
	 "-A FORWARD -o eth1 -j ACCEPT\n"
	 "-A FORWARD -i abcdefghijklmno -j DROP\n"
	 "-A OUTPUT -d 198.18.0.1/32 -p udp -m udp --dport 53 -j ACCEPT\n"
	 "-A OUTPUT -o lo -j ACCEPT\n"
	 "-A logdrop -j LOG --log-prefix \"drop \" --log-level 7\n"
	 "-A logdrop -j DROP\n"
	 "-A web -p tcp -m tcp --dport 80 -j ACCEPT\n"
	 "-A web -j RETURN\n"},
	{"-S -v",
	 "-P INPUT ACCEPT -c 0 0\n"
	 "-P FORWARD DROP -c 0 0\n"
	 "-P OUTPUT ACCEPT -c 0 0\n"
	 "-N logdrop\n"
	 "-N unused\n"
	 "-N web\n"
	 "-A INPUT -i lo -c 0 0 -j ACCEPT\n"
	 "-A INPUT -s 198.18.0.0/15 -d 198.19.1.2/32 -p tcp -m tcp --dport 22 -c 99999 100000 -j ACCEPT\n"
	 "-A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -c 100499 100500 -j web\n"
	 "-A INPUT -p tcp -m tcp --tcp-option 8 ! --tcp-flags FIN,SYN,RST,ACK SYN -c 9999499 9999500 -j DROP\n"
	 "-A INPUT -p tcp -m tcp --sport 0:1023 ! --dport 1024:65535 --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -c 9999499999 9999500000\n"
	 "-A INPUT -p udp -m udp --sport 53 ! --dport 1:1023 -c 9999499999999 9999500000000 -j ACCEPT\n"
	 "-A INPUT -p udp -m udp --dport 68 -c 18446744073709551615 1\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 8 -c 99999999999999999 12345 -j ACCEPT\n"
	 "-A INPUT -p icmp -m icmp ! --icmp-type 3/4 -c 0 0 -j DROP\n"
	 "-A INPUT -p icmp -m icmp --icmp-type any -c 0 0\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 13/0 -c 0 0\n"
	 "-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -c 0 0 -j web\n"
	 "-A INPUT -p udp -m multiport ! --sports 53,67:68 -c 0 0\n"
	 "-A INPUT -p tcp -m multiport --ports 1,2 -c 0 0\n"
	 "-A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -c 0 0 -j ACCEPT\n"
	 "-A INPUT -p tcp -m comment --comment plain -m tcp --dport 443 -c 0 0\n"
	 "-A INPUT -f -c 0 0 -j DROP\n"
	 "-A INPUT -p gre ! -f -c 0 0 -j DROP\n"
	 "-A INPUT ! -p 253 -c 0 0 -j ACCEPT\n"
	 "-A INPUT -p ethernet -c 0 0\n"
	 "-A INPUT -s 127.0.0.1/32 -c 0 0 -j RETURN\n"
	 "-A INPUT -d 10.0.0.0/255.0.255.0 -c 0 0 -j DROP\n"
	 "-A INPUT -d 127.0.0.0/8 -c 0 0\n"
	 "-A INPUT -c 0 0 -j REJECT --reject-with icmp-port-unreachable\n"
	 "-A INPUT -p tcp -c 0 0 -j REJECT --reject-with tcp-reset\n"
	 "-A INPUT -c 0 0 -j REJECT --reject-with icmp-host-prohibited\n"
	 "-A INPUT -c 0 0 -j LOG --log-prefix \"in: \" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid\n"
	 "-A INPUT -c 0 0 -j LOG\n"
	 "-A INPUT -c 0 0\n"
	 "-A FORWARD ! -i eth0 ! -o veth+ -c 0 0 -g logdrop\n"
	 "-A FORWARD -o eth1 -c 0 0 -j ACCEPT\n"
	 "-A FORWARD -i abcdefghijklmno -c 0 0 -j DROP\n"
	 "-A OUTPUT -d 198.18.0.1/32 -p udp -m udp --dport 53 -c 0 0 -j ACCEPT\n"
	 "-A OUTPUT -o lo -c 0 0 -j ACCEPT\n"
	 "-A logdrop -c 0 0 -j LOG --log-prefix \"drop \" --log-level 7\n"
	 "-A logdrop -c 0 0 -j DROP\n"
	 "-A web -p tcp -m tcp --dport 80 -c 0 0 -j ACCEPT\n"
	 "-A web -c 0 0 -j RETURN\n"},
	{"-S INPUT",
	 "-P INPUT ACCEPT\n"
	 "-A INPUT -i lo -j ACCEPT\n"
	 "-A INPUT -s 198.18.0.0/15 -d 198.19.1.2/32 -p tcp -m tcp --dport 22 -j ACCEPT\n"
	 "-A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web\n"
	 "-A INPUT -p tcp -m tcp --tcp-option 8 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP\n"
	 "-A INPUT -p tcp -m tcp --sport 0:1023 ! --dport 1024:65535 --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE\n"
	 "-A INPUT -p udp -m udp --sport 53 ! --dport 1:1023 -j ACCEPT\n"
	 "-A INPUT -p udp -m udp --dport 68\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
	 "-A INPUT -p icmp -m icmp ! --icmp-type 3/4 -j DROP\n"
	 "-A INPUT -p icmp -m icmp --icmp-type any\n"
	 "-A INPUT -p icmp -m icmp --icmp-type 13/0\n"
	 "-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j web\n"
	 "-A INPUT -p udp -m multiport ! --sports 53,67:68\n"
	 "-A INPUT -p tcp -m multiport --ports 1,2\n"
	 "-A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -j ACCEPT\n"
	 "-A INPUT -p tcp -m comment --comment plain -m tcp --dport 443\n"
	 "-A INPUT -f -j DROP\n"
	 "-A INPUT -p gre ! -f -j DROP\n"
	 "-A INPUT ! -p 253 -j ACCEPT\n"
	 "-A INPUT -p ethernet\n"
	 "-A INPUT -s 127.0.0.1/32 -j RETURN\n"
	 "-A INPUT -d 10.0.0.0/255.0.255.0 -j DROP\n"
	 "-A INPUT -d 127.0.0.0/8\n"
	 "-A INPUT -j REJECT --reject-with icmp-port-unreachable\n"
	 "-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n"
	 "-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
	 "-A INPUT -j LOG --log-prefix \"in: \" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid\n"
	 "-A INPUT -j LOG\n"
	 "-A INPUT\n"},
	{"-S INPUT 3",
	 "-A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web\n"},
	{"-S web 1 -v",
	 "-A web -p tcp -m tcp --dport 80 -c 0 0 -j ACCEPT\n"},
	{"-L INPUT 3",
	 "web        tcp  -- !198.18.5.0/24        anywhere             tcp spts:1024:65535 dpt:http flags:SYN,ACK/SYN\n"},
	{"-L INPUT 3 -v -n",
	 " 100K  101K web        6    --  *      *      !198.18.5.0/24        0.0.0.0/0            tcp spts:1024:65535 dpt:80 flags:0x12/0x02\n"},
	{"-L web",
	 "Chain web (2 references)\n"
	 "target     prot opt source               destination         \n"
	 "ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http\n"
	 "RETURN     all  --  anywhere             anywhere            \n"},
	{"-L logdrop -v -x --line-numbers",
	 "Chain logdrop (1 references)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0        0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug prefix \"drop \"\n"
	 "2           0        0 DROP       all  --  any    any     anywhere             anywhere            \n"},
	{"-L unused -n",
	 "Chain unused (0 references)\n"
	 "target     prot opt source               destination         \n"},
	{"-S unused",
	 "-N unused\n"},
	{"-L FORWARD -v",
	 "Chain FORWARD (policy DROP 0 packets, 0 bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0     0 logdrop    all  --  !eth0  !veth+  anywhere             anywhere            [goto] \n"
	 "    0     0 ACCEPT     all  --  +      eth1    anywhere             anywhere            \n"
	 "    0     0 DROP       all  --  abcdefghijklmno any     anywhere             anywhere            \n"},
};

/* iptables-legacy-save | grep -v '^#' */
static const char save_plain[] =
	"*filter\n"
	":INPUT ACCEPT [0:0]\n"
	":FORWARD DROP [0:0]\n"
	":OUTPUT ACCEPT [0:0]\n"
	":logdrop - [0:0]\n"
	":unused - [0:0]\n"
	":web - [0:0]\n"
	"-A INPUT -i lo -j ACCEPT\n"
	"-A INPUT -s 198.18.0.0/15 -d 198.19.1.2/32 -p tcp -m tcp --dport 22 -j ACCEPT\n"
	"-A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web\n"
	"-A INPUT -p tcp -m tcp --tcp-option 8 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP\n"
	"-A INPUT -p tcp -m tcp --sport 0:1023 ! --dport 1024:65535 --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE\n"
	"-A INPUT -p udp -m udp --sport 53 ! --dport 1:1023 -j ACCEPT\n"
	"-A INPUT -p udp -m udp --dport 68\n"
	"-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
	"-A INPUT -p icmp -m icmp ! --icmp-type 3/4 -j DROP\n"
	"-A INPUT -p icmp -m icmp --icmp-type any\n"
	"-A INPUT -p icmp -m icmp --icmp-type 13/0\n"
	"-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j web\n"
	"-A INPUT -p udp -m multiport ! --sports 53,67:68\n"
	"-A INPUT -p tcp -m multiport --ports 1,2\n"
	"-A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -j ACCEPT\n"
	"-A INPUT -p tcp -m comment --comment plain -m tcp --dport 443\n"
	"-A INPUT -f -j DROP\n"
	"-A INPUT -p gre ! -f -j DROP\n"
	"-A INPUT ! -p 253 -j ACCEPT\n"
	"-A INPUT -p ethernet\n"
	"-A INPUT -s 127.0.0.1/32 -j RETURN\n"
	"-A INPUT -d 10.0.0.0/255.0.255.0 -j DROP\n"
	"-A INPUT -d 127.0.0.0/8\n"
	"-A INPUT -j REJECT --reject-with icmp-port-unreachable\n"
	"-A INPUT -p tcp -j REJECT --reject-with tcp-reset\n"
	"-A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
	"-A INPUT -j LOG --log-prefix \"in: \" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid\n"
	"-A INPUT -j LOG\n"
	"-A INPUT\n"
	"-A FORWARD ! -i eth0 ! -o veth+ -g logdrop\n"
	"-A FORWARD -o eth1 -j ACCEPT\n"
	"-A FORWARD -i abcdefghijklmno -j DROP\n"
	"-A OUTPUT -d 198.18.0.1/32 -p udp -m udp --dport 53 -j ACCEPT\n"
	"-A OUTPUT -o lo -j ACCEPT\n"
	"-A logdrop -j LOG --log-prefix \"drop \" --log-level 7\n"
	"-A logdrop -j DROP\n"
	"-A web -p tcp -m tcp --dport 80 -j ACCEPT\n"
	"-A web -j RETURN\n"
	"COMMIT\n";

/* iptables-legacy-save -c | grep -v '^#' */
static const char save_counters[] =
	"*filter\n"
	":INPUT ACCEPT [0:0]\n"
	":FORWARD DROP [0:0]\n"
	":OUTPUT ACCEPT [0:0]\n"
	":logdrop - [0:0]\n"
	":unused - [0:0]\n"
	":web - [0:0]\n"
	"[0:0] -A INPUT -i lo -j ACCEPT\n"
	"[99999:100000] -A INPUT -s 198.18.0.0/15 -d 198.19.1.2/32 -p tcp -m tcp --dport 22 -j ACCEPT\n"
	"[100499:100500] -A INPUT ! -s 198.18.5.0/24 -p tcp -m tcp --sport 1024:65535 --dport 80 --tcp-flags SYN,ACK SYN -j web\n"
	"[9999499:9999500] -A INPUT -p tcp -m tcp --tcp-option 8 ! --tcp-flags FIN,SYN,RST,ACK SYN -j DROP\n"
	"[9999499999:9999500000] -A INPUT -p tcp -m tcp --sport 0:1023 ! --dport 1024:65535 --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE\n"
	"[9999499999999:9999500000000] -A INPUT -p udp -m udp --sport 53 ! --dport 1:1023 -j ACCEPT\n"
	"[18446744073709551615:1] -A INPUT -p udp -m udp --dport 68\n"
	"[99999999999999999:12345] -A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\n"
	"[0:0] -A INPUT -p icmp -m icmp ! --icmp-type 3/4 -j DROP\n"
	"[0:0] -A INPUT -p icmp -m icmp --icmp-type any\n"
	"[0:0] -A INPUT -p icmp -m icmp --icmp-type 13/0\n"
	"[0:0] -A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j web\n"
	"[0:0] -A INPUT -p udp -m multiport ! --sports 53,67:68\n"
	"[0:0] -A INPUT -p tcp -m multiport --ports 1,2\n"
	"[0:0] -A INPUT -m comment --comment \"allow \\\"quoted\\\" things\" -j ACCEPT\n"
	"[0:0] -A INPUT -p tcp -m comment --comment plain -m tcp --dport 443\n"
	"[0:0] -A INPUT -f -j DROP\n"
	"[0:0] -A INPUT -p gre ! -f -j DROP\n"
	"[0:0] -A INPUT ! -p 253 -j ACCEPT\n"
	"[0:0] -A INPUT -p ethernet\n"
	"[0:0] -A INPUT -s 127.0.0.1/32 -j RETURN\n"
	"[0:0] -A INPUT -d 10.0.0.0/255.0.255.0 -j DROP\n"
	"[0:0] -A INPUT -d 127.0.0.0/8\n"
	"[0:0] -A INPUT -j REJECT --reject-with icmp-port-unreachable\n"
	"[0:0] -A INPUT -p tcp -j REJECT --reject-with tcp-reset\n"
	"[0:0] -A INPUT -j REJECT --reject-with icmp-host-prohibited\n"
	"[0:0] -A INPUT -j LOG --log-prefix \"in: \" --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid\n"
	"[0:0] -A INPUT -j LOG\n"
	"[0:0] -A INPUT\n"
	"[0:0] -A FORWARD ! -i eth0 ! -o veth+ -g logdrop\n"
	"[0:0] -A FORWARD -o eth1 -j ACCEPT\n"
	"[0:0] -A FORWARD -i abcdefghijklmno -j DROP\n"
	"[0:0] -A OUTPUT -d 198.18.0.1/32 -p udp -m udp --dport 53 -j ACCEPT\n"
	"[0:0] -A OUTPUT -o lo -j ACCEPT\n"
	"[0:0] -A logdrop -j LOG --log-prefix \"drop \" --log-level 7\n"
	"[0:0] -A logdrop -j DROP\n"
	"[0:0] -A web -p tcp -m tcp --dport 80 -j ACCEPT\n"
	"[0:0] -A web -j RETURN\n"
	"COMMIT\n";

static bool has_word(const char *args, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = args; (p = strstr(p, word)); p += n)
		if ((p == args || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

/* The layout iptables' list_entries picks for these options. */
static unsigned int list_format(const char *args)
{
	unsigned int f = FMT_OPTIONS;

	f |= has_word(args, "-v") ? FMT_VIA : FMT_NOCOUNTS;
	if (has_word(args, "-n"))
		f |= FMT_NUMERIC;
	if (!has_word(args, "-x"))
		f |= FMT_KILOMEGAGIGA;
	if (has_word(args, "--line-numbers"))
		f |= FMT_LINENUMBERS;
	return f;
}

/* "-L" followed only by options: the whole table. */
static bool whole_table_list(const char *args)
{
	return strncmp(args, "-L", 2) == 0 && (args[2] == '\0' || args[3] == '-');
}

/* Each listing through the command path; the whole-table -L ones also
 * straight through print_list with the format iptables would use. */
static void check_listings(const struct ruleset *rs, const char *what, const struct listing *l,
			   size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct ruleset *copy = ruleset_clone(rs);
		struct strbuf out;
		struct xt_err err;

		sb_init(&out);
		if (l[i].args[0] == '-') {
			CHECK_INT(0, run_line(copy, l[i].args, &out, &err), "%s: %s succeeds", what,
				  l[i].args);
			CHECK_STR(l[i].out, out.buf, "%s: %s as iptables-legacy", what, l[i].args);
		}
		if (whole_table_list(l[i].args)) {
			sb_reset(&out);
			CHECK_INT(0, print_list(&out, rs, NULL, 0, list_format(l[i].args)),
				  "%s: print_list for %s", what, l[i].args);
			CHECK_STR(l[i].out, out.buf, "%s: print_list for %s as iptables-legacy",
				  what, l[i].args);
		}
		sb_free(&out);
		ruleset_free(copy);
	}
}

/* -S and save straight from the printers. */
static void check_rules_and_save(const struct ruleset *rs, const char *what,
				 const struct listing *l, size_t n, const char *save,
				 const char *save_c)
{
	struct strbuf out;

	sb_init(&out);
	print_rules(&out, rs, NULL, 0, false);
	CHECK_STR(find_listing(l, n, "-S"), out.buf, "%s: print_rules without counters", what);
	sb_reset(&out);
	print_rules(&out, rs, NULL, 0, true);
	CHECK_STR(find_listing(l, n, "-S -v"), out.buf, "%s: print_rules with counters", what);
	sb_reset(&out);
	print_save_table(&out, rs, false);
	CHECK_STR(save, out.buf, "%s: print_save_table without counters", what);
	sb_reset(&out);
	print_save_table(&out, rs, true);
	CHECK_STR(save_c, out.buf, "%s: print_save_table with counters", what);
	sb_free(&out);
}

static void test_all_kinds(struct ruleset *rs)
{
	struct strbuf out;

	check_listings(rs, "all kinds", all_kinds_lists, ARRAY_SIZE(all_kinds_lists));
	check_rules_and_save(rs, "all kinds", all_kinds_lists, ARRAY_SIZE(all_kinds_lists),
			     save_plain, save_counters);
	sb_init(&out);
	CHECK_INT(-1, print_list(&out, rs, "nosuch", 0, FMT_OPTIONS),
		  "print_list of a missing chain");
	CHECK_INT(-1, print_rules(&out, rs, "nosuch", 0, false), "print_rules of a missing chain");
	CHECK_STR("", out.buf, "nothing printed for a missing chain");
	sb_free(&out);
}

/* ---- counter columns at their rounding boundaries ------------------ */

/* Built with iptables-legacy-restore -c from this file, then listed:
 *   :INPUT ACCEPT [99999:100000]
 *   :FORWARD DROP [9999499:9999500]
 *   :OUTPUT ACCEPT [18446744073709551615:9999499999999]
 *   [P:B] -A INPUT -j ACCEPT          (for each pair of counters below) */
static const unsigned long long counter_pairs[][2] = {
	{0, 99999},
	{100000, 100499},
	{100500, 999499},
	{999500, 9999499},
	{9999500, 99999999},
	{999499999, 999500000},
	{9999499999, 9999500000},
	{99999499999, 999999500000},
	{9999499999999, 9999500000000},
	{999999999999999, 1000000000000000},
	{18446744073709551115ull, 18446744073709551116ull},
	{18446744073709551615ull, 12345678901234567890ull},
};

static const struct listing counter_lists[] = {
	{"-L -v",
	 "Chain INPUT (policy ACCEPT 99999 packets, 100K bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "    0 99999 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 " 100K  100K ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 " 101K  999K ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "1000K 9999K ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  10M  100M ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "1000M 1000M ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  10G   10G ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 " 100G 1000G ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  10T   10T ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "1000T 1000T ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "18446744T    0K ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "   0K 12345679T ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 9999K packets, 10M bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0K packets, 10T bytes)\n"
	 " pkts bytes target     prot opt in     out     source               destination         \n"},
	{"-L -v -x",
	 "Chain INPUT (policy ACCEPT 99999 packets, 100000 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "       0    99999 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  100000   100499 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  100500   999499 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "  999500  9999499 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 " 9999500 99999999 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "999499999 999500000 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "9999499999 9999500000 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "99999499999 999999500000 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "9999499999999 9999500000000 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "999999999999999 1000000000000000 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "18446744073709551115 18446744073709551116 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "18446744073709551615 12345678901234567890 ACCEPT     all  --  any    any     anywhere             anywhere            \n"
	 "\n"
	 "Chain FORWARD (policy DROP 9999499 packets, 9999500 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 18446744073709551615 packets, 9999499999999 bytes)\n"
	 "    pkts      bytes target     prot opt in     out     source               destination         \n"},
	{"-L -v -n --line-numbers",
	 "Chain INPUT (policy ACCEPT 99999 packets, 100K bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "1        0 99999 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "2     100K  100K ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "3     101K  999K ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "4    1000K 9999K ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "5      10M  100M ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "6    1000M 1000M ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "7      10G   10G ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "8     100G 1000G ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "9      10T   10T ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "10   1000T 1000T ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "11   18446744T    0K ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "12      0K 12345679T ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 9999K packets, 10M bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 0K packets, 10T bytes)\n"
	 "num   pkts bytes target     prot opt in     out     source               destination         \n"},
	{"-L -v -n -x --line-numbers",
	 "Chain INPUT (policy ACCEPT 99999 packets, 100000 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "1           0    99999 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "2      100000   100499 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "3      100500   999499 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "4      999500  9999499 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "5     9999500 99999999 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "6    999499999 999500000 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "7    9999499999 9999500000 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "8    99999499999 999999500000 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "9    9999499999999 9999500000000 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "10   999999999999999 1000000000000000 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "11   18446744073709551115 18446744073709551116 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "12   18446744073709551615 12345678901234567890 ACCEPT     0    --  *      *       0.0.0.0/0            0.0.0.0/0           \n"
	 "\n"
	 "Chain FORWARD (policy DROP 9999499 packets, 9999500 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"
	 "\n"
	 "Chain OUTPUT (policy ACCEPT 18446744073709551615 packets, 9999499999999 bytes)\n"
	 "num      pkts      bytes target     prot opt in     out     source               destination         \n"},
	{"-S -v",
	 "-P INPUT ACCEPT -c 99999 100000\n"
	 "-P FORWARD DROP -c 9999499 9999500\n"
	 "-P OUTPUT ACCEPT -c 18446744073709551615 9999499999999\n"
	 "-A INPUT -c 0 99999 -j ACCEPT\n"
	 "-A INPUT -c 100000 100499 -j ACCEPT\n"
	 "-A INPUT -c 100500 999499 -j ACCEPT\n"
	 "-A INPUT -c 999500 9999499 -j ACCEPT\n"
	 "-A INPUT -c 9999500 99999999 -j ACCEPT\n"
	 "-A INPUT -c 999499999 999500000 -j ACCEPT\n"
	 "-A INPUT -c 9999499999 9999500000 -j ACCEPT\n"
	 "-A INPUT -c 99999499999 999999500000 -j ACCEPT\n"
	 "-A INPUT -c 9999499999999 9999500000000 -j ACCEPT\n"
	 "-A INPUT -c 999999999999999 1000000000000000 -j ACCEPT\n"
	 "-A INPUT -c 18446744073709551115 18446744073709551116 -j ACCEPT\n"
	 "-A INPUT -c 18446744073709551615 12345678901234567890 -j ACCEPT\n"},
	{"-S",
	 "-P INPUT ACCEPT\n"
	 "-P FORWARD DROP\n"
	 "-P OUTPUT ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"},
	{"save -c",
	 "*filter\n"
	 ":INPUT ACCEPT [99999:100000]\n"
	 ":FORWARD DROP [9999499:9999500]\n"
	 ":OUTPUT ACCEPT [18446744073709551615:9999499999999]\n"
	 "[0:99999] -A INPUT -j ACCEPT\n"
	 "[100000:100499] -A INPUT -j ACCEPT\n"
	 "[100500:999499] -A INPUT -j ACCEPT\n"
	 "[999500:9999499] -A INPUT -j ACCEPT\n"
	 "[9999500:99999999] -A INPUT -j ACCEPT\n"
	 "[999499999:999500000] -A INPUT -j ACCEPT\n"
	 "[9999499999:9999500000] -A INPUT -j ACCEPT\n"
	 "[99999499999:999999500000] -A INPUT -j ACCEPT\n"
	 "[9999499999999:9999500000000] -A INPUT -j ACCEPT\n"
	 "[999999999999999:1000000000000000] -A INPUT -j ACCEPT\n"
	 "[18446744073709551115:18446744073709551116] -A INPUT -j ACCEPT\n"
	 "[18446744073709551615:12345678901234567890] -A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
	{"save",
	 "*filter\n"
	 ":INPUT ACCEPT [99999:100000]\n"
	 ":FORWARD DROP [9999499:9999500]\n"
	 ":OUTPUT ACCEPT [18446744073709551615:9999499999999]\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "-A INPUT -j ACCEPT\n"
	 "COMMIT\n"},
};

static struct ruleset *counters_table(void)
{
	static const unsigned long long policy[RULESET_N_BUILTIN][2] = {
		{99999, 100000}, {9999499, 9999500}, {18446744073709551615ull, 9999499999999}};
	struct ruleset *rs = ruleset_new();
	struct strbuf out;
	struct xt_err err;

	sb_init(&out);
	CHECK_INT(0, run_line(rs, "-P FORWARD DROP", &out, &err), "counters: -P FORWARD DROP");
	for (size_t i = 0; i < ARRAY_SIZE(counter_pairs); i++) {
		char line[128];

		snprintf(line, sizeof(line), "-A INPUT -j ACCEPT -c %llu %llu", counter_pairs[i][0],
			 counter_pairs[i][1]);
		CHECK_INT(0, run_line(rs, line, &out, &err), "counters: %s", line);
	}
	/* Policy counters come from restore -c or the dataplane, never -P. */
	for (size_t i = 0; i < RULESET_N_BUILTIN; i++) {
		rs->chains[i]->pcnt = policy[i][0];
		rs->chains[i]->bcnt = policy[i][1];
	}
	sb_free(&out);
	return rs;
}

static void test_counters(void)
{
	struct ruleset *rs = counters_table();

	check_listings(rs, "counters", counter_lists, ARRAY_SIZE(counter_lists));
	check_rules_and_save(rs, "counters", counter_lists, ARRAY_SIZE(counter_lists),
			     find_listing(counter_lists, ARRAY_SIZE(counter_lists), "save"),
			     find_listing(counter_lists, ARRAY_SIZE(counter_lists), "save -c"));
	ruleset_free(rs);
}

/* ---- the line -v prints for a rule command ------------------------- */

/* stdout and stderr of iptables-legacy; where iptables-nft differs, its
 * pair too (either backend's pair is right, DESIGN.md section 7). */
struct verbose_case {
	const char *setup;
	const char *args;
	int ret;
	const char *out, *err;
	const char *nft_out, *nft_err; /* NULL: as iptables-legacy */
};

#define LEG_EINVAL "iptables: Invalid argument. Run `dmesg' for more information.\n"
#define NO_CHAIN "iptables: No chain/target/match by that name.\n"

static const struct verbose_case verbose_cases[] = {
	{NULL, "-A INPUT -p tcp -s 1.2.3.4 -d 5.6.7.8 -i lo -f -c 1 2 -j ACCEPT -v", 0,
	 "ACCEPT  tcp opt -f in lo out *  1.2.3.4  -> 5.6.7.8  \n", "", NULL, NULL},
	{NULL,
	 "-A INPUT -p tcp -m multiport --dports 1,2 -m comment --comment \"x y\" -j REJECT "
	 "--reject-with tcp-reset -v",
	 0,
	 "REJECT  tcp opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   multiport dports 1,2 /* x y */ "
	 "reject-with tcp-reset\n",
	 "", NULL, NULL},
	{"-N c", "-I INPUT -g c -v", 0,
	 "c  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  [goto] \n", "", NULL, NULL},
	{NULL, "-A INPUT -s 1.2.3.4,5.6.7.8 -v", 0,
	 "  all opt -- in * out *  1.2.3.4  -> 0.0.0.0/0  \n"
	 "  all opt -- in * out *  5.6.7.8  -> 0.0.0.0/0  \n",
	 "", NULL, NULL},
	{NULL, "-A INPUT -p 143 -v", 0, "  143 opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n", "",
	 NULL, NULL},
	{"-A INPUT -p 143", "-D INPUT -p 143 -v", 0,
	 "  143 opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n", "", NULL, NULL},
	{"-A INPUT -s 1.2.3.4", "-C INPUT -s 1.2.3.4 -v", 0,
	 "  all opt -- in * out *  1.2.3.4  -> 0.0.0.0/0  \n", "", NULL, NULL},
	{"-A INPUT", "-R INPUT 1 -d 9.9.9.9 -j LOG --log-prefix p -v", 0,
	 "LOG  all opt -- in * out *  0.0.0.0/0  -> 9.9.9.9   LOG flags 0 level 4 prefix \"p\"\n", "",
	 NULL, NULL},
	{NULL, "-A INPUT -s 198.18.0.0/15 -d 10.0.0.0/255.0.255.0 -v", 0,
	 "  all opt -- in * out *  198.18.0.0/15  -> 10.0.0.0/255.0.255.0  \n", "", NULL, NULL},
	/* a failing rule command prints its line first (iptables-nft not always) */
	{NULL, "-I INPUT 5 -j ACCEPT -v", -1,
	 "ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n",
	 "iptables: Index of insertion too big.\n", "", "iptables: Index of insertion too big.\n"},
	{NULL, "-A nosuch -j ACCEPT -v", -1,
	 "ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n", NO_CHAIN, NULL, NULL},
	{NULL, "-R INPUT 3 -j ACCEPT -v", -1,
	 "ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  \n",
	 "iptables: Index of replacement too big.\n", "", NO_CHAIN},
	{NULL, "-A INPUT -m tcp --dport 22 -v", -1,
	 "  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   tcp dpt:22\n", LEG_EINVAL, "",
	 "iptables v1.8.9 (nf_tables): TCP match requires '-p tcp'\n"
	 "Try `iptables -h' or 'iptables --help' for more information.\n"},
};

static void check_verbose_case(const struct verbose_case *c)
{
	struct ruleset *rs = ruleset_new();
	struct strbuf out, errtext;
	struct xt_err err;
	bool nft;

	sb_init(&out);
	sb_init(&errtext);
	if (c->setup)
		CHECK_INT(0, run_line(rs, c->setup, &out, &err), "-v: setup %s", c->setup);
	sb_reset(&out);
	CHECK_INT(c->ret, run_line(rs, c->args, &out, &err), "%s: result", c->args);
	if (c->ret)
		report_error(&errtext, PROG, &err, -1);
	/* judged against the backend whose stdout it matches, else legacy */
	nft = c->nft_out && strcmp(out.buf, c->out) != 0 && strcmp(out.buf, c->nft_out) == 0;
	char *want_err = check_from_iptables(nft && c->nft_err ? c->nft_err : c->err);

	CHECK_STR(nft ? c->nft_out : c->out, out.buf, "%s: stdout as iptables-%s", c->args,
		  nft ? "nft" : "legacy");
	CHECK_STR(want_err, errtext.buf, "%s: stderr as iptables-%s", c->args,
		  nft ? "nft" : "legacy");
	free(want_err);
	sb_free(&out);
	sb_free(&errtext);
	ruleset_free(rs);
}

static void test_verbose_lines(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(verbose_cases); i++)
		check_verbose_case(&verbose_cases[i]);
}

/* ---- the state file ------------------------------------------------ */

static void save_text(struct strbuf *out, const struct ruleset *rs)
{
	sb_reset(out);
	print_save_table(out, rs, true);
}

static bool same_slots(const struct ruleset *a, const struct ruleset *b)
{
	if (a->n_chains != b->n_chains || a->next_slot != b->next_slot)
		return false;
	for (size_t i = 0; i < a->n_chains; i++) {
		if (a->chains[i]->n_rules != b->chains[i]->n_rules)
			return false;
		for (size_t j = 0; j < a->chains[i]->n_rules; j++)
			if (a->chains[i]->rules[j]->slot != b->chains[i]->rules[j]->slot)
				return false;
	}
	return true;
}

static void test_round_trip(const struct ruleset *rs, const char *what)
{
	struct strbuf bytes, again, before, after;
	struct xt_err err;
	struct ruleset *back;

	sb_init(&bytes);
	sb_init(&again);
	sb_init(&before);
	sb_init(&after);
	ruleset_serialize(rs, &bytes);
	back = ruleset_deserialize(bytes.buf, bytes.len, &err);
	if (CHECK(back, "%s: deserializes (%zu bytes)", what, bytes.len)) {
		save_text(&before, rs);
		save_text(&after, back);
		CHECK_STR(before.buf, after.buf, "%s: same save -c text after the round trip",
			  what);
		sb_reset(&before);
		sb_reset(&after);
		print_list(&before, rs, NULL, 0, FMT_OPTIONS | FMT_VIA | FMT_LINENUMBERS);
		print_list(&after, back, NULL, 0, FMT_OPTIONS | FMT_VIA | FMT_LINENUMBERS);
		CHECK_STR(before.buf, after.buf, "%s: same -L -v -x text after the round trip",
			  what);
		CHECK(same_slots(rs, back), "%s: counter slots survive", what);
		ruleset_serialize(back, &again);
		CHECK(again.len == bytes.len && memcmp(again.buf, bytes.buf, bytes.len) == 0,
		      "%s: serializing again gives the same bytes", what);
		ruleset_free(back);
	}
	sb_free(&bytes);
	sb_free(&again);
	sb_free(&before);
	sb_free(&after);
}

/* Bytes a table of this build would never contain must be refused. */
static void test_truncated(const struct strbuf *bytes)
{
	size_t accepted = 0, first = 0;
	struct xt_err err;

	for (size_t len = 0; len < bytes->len; len++) {
		struct ruleset *rs = ruleset_deserialize(bytes->buf, len, &err);

		if (rs && !accepted++)
			first = len;
		ruleset_free(rs);
	}
	if (!CHECK_INT(0, accepted, "all %zu truncations refused", bytes->len))
		printf("#   first accepted length: %zu\n", first);
	xt_err_clear(&err);
	CHECK(!ruleset_deserialize(bytes->buf, 0, &err), "empty input refused");
	CHECK_INT(XT_OTHER_PROBLEM, err.status, "refusal has exit status 1");
	CHECK_STR("rule table state is damaged or from another version", err.msg,
		  "refusal message");
}

/* Offsets in the layout ruleset_io.c documents. */
#define HDR_SIZE (7 + 1 + 4 + 4)
#define NAME_LEN 32
#define CHAIN_HDR (NAME_LEN + 4 + 8 + 8 + 4)
#define RULE_HDR (sizeof(struct rule_ip) + 8 + 8 + 4 + 4 + NAME_LEN + 4)
#define EXT_HDR (NAME_LEN + 4)

struct corruption {
	const char *what;
	size_t offset;
	const void *bytes; /* NULL: append one byte */
	size_t n;
};

static void check_corruption(const struct strbuf *good, const struct corruption *c)
{
	char *buf = malloc(good->len + 1);
	size_t len = good->len;
	struct xt_err err;
	struct ruleset *rs;

	memcpy(buf, good->buf, good->len);
	if (c->bytes)
		memcpy(buf + c->offset, c->bytes, c->n);
	else
		buf[len++] = 0;
	rs = ruleset_deserialize(buf, len, &err);
	CHECK(!rs, "corrupted state refused: %s", c->what);
	ruleset_free(rs);
	free(buf);
}

/* A table with fixed record offsets: INPUT holds one rule
 *   -p tcp --dport 22 -m comment --comment hi -j REJECT
 * and the user chain foo follows the three built-in chains. */
static void test_corruptions(void)
{
	static const uint32_t all_ones = 0xffffffffu, nine = 9, none = POLICY_NONE, seven = 7,
			      three = 3;
	struct ruleset *rs = ruleset_new();
	struct strbuf bytes, out;
	struct xt_err err;
	char filler[256];

	sb_init(&bytes);
	sb_init(&out);
	CHECK_INT(0, run_line(rs, "-N foo", &out, &err), "corruption table: -N foo");
	CHECK_INT(0,
		  run_line(rs, "-A INPUT -p tcp --dport 22 -m comment --comment hi -j REJECT", &out,
			   &err),
		  "corruption table: its rule");
	ruleset_serialize(rs, &bytes);
	memset(filler, 'A', sizeof(filler));

	size_t rule0 = HDR_SIZE + CHAIN_HDR;
	size_t verdict = rule0 + sizeof(struct rule_ip) + 8 + 8 + 4;
	size_t match0 = rule0 + RULE_HDR;
	size_t match1 = match0 + EXT_HDR + xt_find_match("tcp")->size;
	size_t target = match1 + EXT_HDR + xt_find_match("comment")->size;
	size_t foo = target + EXT_HDR + xt_find_target("REJECT")->size + 2 * CHAIN_HDR;
	const struct corruption cases[] = {
		{"bad magic", 0, "X", 1},
		{"format version 2", 7, "\x02", 1},
		{"2^32-1 chains", 8, &all_ones, 4},
		{"built-in chain renamed", HDR_SIZE, "OUTPUT", 7},
		{"INPUT without a policy", HDR_SIZE + NAME_LEN, &none, 4},
		{"2^32-1 rules in INPUT", HDR_SIZE + CHAIN_HDR - 4, &all_ones, 4},
		{"verdict 9", verdict, &nine, 4},
		{"2^32-1 matches", rule0 + RULE_HDR - 4, &all_ones, 4},
		{"unknown match name", match0, "nosuch", 7},
		{"a target's name as a match", match0, "REJECT", 7},
		{"match data size 3", match0 + NAME_LEN, &three, 4},
		{"a match's name as the target", target, "tcp", 4},
		{"one trailing byte", 0, NULL, 0},
		/* these three were taken until 8bdb6eb: a policy no build
		 * writes (listed as ACCEPT), ... */
		{"INPUT with policy 7", HDR_SIZE + NAME_LEN, &seven, 4},
		/* ...a second chain named INPUT... */
		{"user chain renamed INPUT", foo, "INPUT", 6},
		/* ...and a comment without its NUL, which the printers then
		 * read past the end of its 256-byte field */
		{"comment text without a NUL", match1 + EXT_HDR, filler, sizeof(filler)},
	};

	CHECK_STR("foo", bytes.buf + foo, "corruption table: foo's record where expected");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check_corruption(&bytes, &cases[i]);
	ruleset_free(rs);
	sb_free(&bytes);
	sb_free(&out);
}

/* The save -c text of a table, restored with counters and saved again. */
static bool restores_to_itself(const char *save)
{
	FILE *in = fmemopen((void *)save, strlen(save), "r");
	struct restore_opts opts = {.prog = "iptables-restore", .counters = true};
	struct ruleset *rs = ruleset_new();
	struct strbuf out, errout;
	bool same;

	sb_init(&out);
	sb_init(&errout);
	same = in && restore_run(in, &rs, &opts, &out, &errout) == 0;
	if (same) {
		sb_reset(&out);
		print_save_table(&out, rs, true);
		same = strcmp(out.buf, save) == 0;
	}
	if (in)
		fclose(in);
	ruleset_free(rs);
	sb_free(&out);
	sb_free(&errout);
	return same;
}

/* Progress of a bit-flip walk, shared with the child that does it so
 * that a crash costs one flip, not the rest of the test. */
struct flip_walk {
	const struct strbuf *bytes;
	bool restore; /* also check that accepted tables restore to themselves */
	bool whole_bytes; /* flip all 8 bits of each byte at once, not one */
	size_t next, total;
	unsigned int accepted, bad, crashes;
	size_t bad_at[8], crash_at[8];
	int crash_sig[8];
};

/* "-i ' '" is a table this build writes (with a warning) whose save text
 * does not restore: iptables-save does not quote interfaces either. */
static bool spaced_interface(const struct ruleset *rs)
{
	for (size_t i = 0; i < rs->n_chains; i++)
		for (size_t j = 0; j < rs->chains[i]->n_rules; j++) {
			const struct rule_ip *ip = &rs->chains[i]->rules[j]->ip;

			if (strchr(ip->iniface, ' ') || strchr(ip->outiface, ' '))
				return true;
		}
	return false;
}

/* Flip flip number `i` and use what is accepted as the front end
 * would: list it, save it, store it. Returns false when the table is not
 * one this build could have written, i.e. its save text does not restore
 * to itself. (Bytes need not match: padding after a NUL is not kept.) */
static bool flip_one(struct flip_walk *w, char *buf, size_t i)
{
	const struct strbuf *bytes = w->bytes;
	struct strbuf text;
	struct xt_err err;
	struct ruleset *rs;
	bool sound = true;

	memcpy(buf, bytes->buf, bytes->len);
	if (w->whole_bytes)
		buf[i] ^= (char)0xff;
	else
		buf[i / 8] ^= (char)(1 << (i % 8));
	rs = ruleset_deserialize(buf, bytes->len, &err);
	if (!rs)
		return true;
	w->accepted++;
	sb_init(&text);
	print_list(&text, rs, NULL, 0, FMT_OPTIONS | FMT_VIA | FMT_NUMERIC | FMT_LINENUMBERS);
	sb_reset(&text);
	ruleset_serialize(rs, &text);
	save_text(&text, rs);
	if (w->restore && !spaced_interface(rs))
		sound = restores_to_itself(text.buf);
	sb_free(&text);
	ruleset_free(rs);
	return sound;
}

static void flip_child(struct flip_walk *w)
{
	char *buf = malloc(w->bytes->len);

	for (; w->next < w->total; w->next++) {
		if (flip_one(w, buf, w->next))
			continue;
		if (w->bad < 8)
			w->bad_at[w->bad] = w->next;
		w->bad++;
	}
	free(buf);
	_exit(0);
}

/* Run the walk in children, one more after each crash. */
static void flip_all(struct flip_walk *w)
{
	while (w->next < w->total) {
		int status = 0;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid == 0)
			flip_child(w);
		if (pid < 0 || waitpid(pid, &status, 0) < 0)
			abort();
		if (!WIFSIGNALED(status))
			continue;
		if (w->crashes < 8) {
			w->crash_at[w->crashes] = w->next;
			w->crash_sig[w->crashes] = WTERMSIG(status);
		}
		w->crashes++;
		w->next++;
	}
}

static void flip_describe(const struct flip_walk *w, size_t i, int sig)
{
	if (w->whole_bytes)
		printf("#   byte %zu xor 0xff", i);
	else
		printf("#   byte %zu bit %zu", i / 8, i % 8);
	printf(sig ? ": signal %d\n" : "\n", sig);
}

/* Every single-bit flip, or for big tables every byte flipped whole. */
static void test_bit_flips(const char *what, const struct strbuf *bytes, bool restore,
			   bool whole_bytes)
{
	struct flip_walk *w = mmap(NULL, sizeof(*w), PROT_READ | PROT_WRITE,
				   MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (w == MAP_FAILED)
		abort();
	*w = (struct flip_walk){
		.bytes = bytes,
		.restore = restore,
		.whole_bytes = whole_bytes,
		.total = bytes->len * (whole_bytes ? 1 : 8),
	};
	flip_all(w);
	printf("# %s: %u of %zu flips accepted\n", what, w->accepted, w->total);
	/* Until 8bdb6eb deserialize took extension data unchecked and the
	 * printers indexed tables with it (multiport's dir, for one). */
	if (!CHECK_INT(0, w->crashes, "%s: no bit flip crashes deserialize or a printer", what))
		for (unsigned int i = 0; i < w->crashes && i < 8; i++)
			flip_describe(w, w->crash_at[i], w->crash_sig[i]);
	/* The same without a crash: policies, chain names, extension data
	 * that no build writes must be refused. */
	if (restore &&
	    !CHECK_INT(0, w->bad, "%s: every accepted bit flip is a table this build writes", what))
		for (unsigned int i = 0; i < w->bad && i < 8; i++)
			flip_describe(w, w->bad_at[i], 0);
	munmap(w, sizeof(*w));
}

/* One rule per extension and header field, small enough to restore after
 * every one of its bit flips. */
static const char *const compact[] = {
	"-N foo",
	"-A INPUT -p tcp --sport 1:2 --dport 22 --tcp-flags SYN,ACK SYN --tcp-option 8 "
	"-m multiport --dports 80,443:450 -m comment --comment hi -j REJECT --reject-with tcp-reset",
	"-A FORWARD -p udp ! --dport 53 -j LOG --log-prefix p --log-level 3",
	"-A OUTPUT -p icmp --icmp-type 3/4 -g foo",
	"-A foo ! -s 1.2.3.4/24 -o eth+ -f -j RETURN -c 5 6",
};

static void test_state_file(const struct ruleset *all)
{
	struct ruleset *empty = ruleset_new();
	struct ruleset *counters = counters_table();
	struct ruleset *small = build(compact, ARRAY_SIZE(compact));
	struct strbuf bytes;

	test_round_trip(empty, "empty table");
	test_round_trip(all, "all kinds");
	test_round_trip(counters, "counters");
	test_round_trip(small, "compact");
	sb_init(&bytes);
	ruleset_serialize(all, &bytes);
	test_truncated(&bytes);
	test_corruptions();
	test_bit_flips("all kinds", &bytes, false, true);
	sb_reset(&bytes);
	ruleset_serialize(small, &bytes);
	test_bit_flips("compact", &bytes, true, false);
	sb_free(&bytes);
	ruleset_free(empty);
	ruleset_free(counters);
	ruleset_free(small);
}

int main(void)
{
	check_offline();
	struct ruleset *all = build(all_kinds, ARRAY_SIZE(all_kinds));

	test_all_kinds(all);
	test_counters();
	test_verbose_lines();
	test_state_file(all);
	ruleset_free(all);
	return check_exit();
}
