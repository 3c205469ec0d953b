// SPDX-License-Identifier: GPL-2.0-only
/* Usage texts. Written for bpf-iptables; the options are iptables'. */
#include "help.h"

#include "frontend.h"
#include "../translator/report.h"

void print_iptables_help(FILE *f)
{
	fprintf(f,
		"%s v%s (%s): an iptables-compatible firewall (eBPF dataplane in development)\n\n"
		"Usage: %s -[ACD] chain rule-specification [options]\n"
		"       %s -I chain [rulenum] rule-specification [options]\n"
		"       %s -R chain rulenum rule-specification [options]\n"
		"       %s -D chain rulenum [options]\n"
		"       %s -[LS] [chain [rulenum]] [options]\n"
		"       %s -[FZ] [chain] [options]\n"
		"       %s -[NX] chain\n"
		"       %s -E old-chain-name new-chain-name\n"
		"       %s -P chain target [options]\n"
		"       %s -h (print this help)\n\n"
		"Commands:\n"
		"  --append  -A chain              add rules at the end of a chain\n"
		"  --check   -C chain              tell whether a rule exists\n"
		"  --delete  -D chain              delete matching rules\n"
		"  --delete  -D chain rulenum      delete the rule at that position (1 = first)\n"
		"  --insert  -I chain [rulenum]    insert at that position (default 1 = first)\n"
		"  --replace -R chain rulenum      replace the rule at that position\n"
		"  --list    -L [chain [rulenum]]  list rules (one chain or all)\n"
		"  --list-rules -S [chain [rulenum]]  list rules as commands\n"
		"  --flush   -F [chain]            delete every rule of a chain or of all chains\n"
		"  --zero    -Z [chain [rulenum]]  zero counters\n"
		"  --new-chain -N chain            create a user chain\n"
		"  --delete-chain -X [chain]       delete a user chain (or every empty one)\n"
		"  --policy  -P chain target       set a built-in chain's policy\n"
		"  --rename-chain -E old new       rename a user chain\n\n"
		"Options:\n"
		"[!] --protocol  -p proto          protocol by name or number\n"
		"[!] --source    -s address[/mask][,...]\n"
		"[!] --destination -d address[/mask][,...]\n"
		"[!] --in-interface -i name[+]     input interface ('+' ends a prefix)\n"
		"[!] --out-interface -o name[+]    output interface\n"
		"[!] --fragment  -f                second and later fragments only\n"
		"  --jump -j target                ACCEPT, DROP, RETURN, REJECT, LOG or a chain\n"
		"  --goto -g chain                 jump without return\n"
		"  --match -m match                tcp, udp, icmp, multiport, comment\n"
		"  --numeric -n                    numeric addresses and ports\n"
		"  --table -t table                only 'filter' is supported\n"
		"  --verbose -v                    verbose mode\n"
		"  --wait -w [seconds]             wait for the table lock\n"
		"  --line-numbers                  print line numbers when listing\n"
		"  --exact -x                      exact counter values\n"
		"  --set-counters -c PKTS BYTES    set counters of a new rule\n"
		"  --version -V                    print the version\n",
		PROG_IPTABLES, BPFIPT_VERSION, BPFIPT_BACKEND, PROG_IPTABLES, PROG_IPTABLES,
		PROG_IPTABLES, PROG_IPTABLES, PROG_IPTABLES, PROG_IPTABLES, PROG_IPTABLES,
		PROG_IPTABLES, PROG_IPTABLES, PROG_IPTABLES);
}

void print_restore_help(FILE *f)
{
	fprintf(f,
		"Usage: %s [-c] [-v] [-V] [-t] [-h] [-n] [-w secs] [-T table] [file]\n"
		"  --counters -c     restore the [packets:bytes] counters\n"
		"  --verbose -v      print what is done\n"
		"  --version -V      print the version\n"
		"  --test -t         check the input, change nothing\n"
		"  --help -h         this text\n"
		"  --noflush -n      keep the rules already present\n"
		"  --wait -w [secs]  wait for the table lock\n"
		"  --table -T table  restore only this table\n",
		PROG_RESTORE);
}
