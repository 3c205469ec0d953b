// SPDX-License-Identifier: GPL-2.0-only
/*
 * bpfipt-probe: the traffic tool of the live differential suite.
 *   bpfipt-probe serve PORT...          TCP accept and UDP echo on the ports
 *   bpfipt-probe run TIMEOUT_MS <probes one outcome line per probe line
 * Probe lines: "tcp SRC SPORT DST DPORT", "udp SRC SPORT DST DPORT",
 * "ping SRC ID DST". Outcomes: see tests/e2e/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

/* A SYN that gets no answer is sent again after the initial RTO of 1 s;
 * a longer wait would make packet counts depend on timing. */
#define TCP_RTO_INIT_MS 1000
#define TIMEOUT_MAX_MS (TCP_RTO_INIT_MS - 100)

static int usage(void)
{
	fprintf(stderr, "usage: bpfipt-probe serve PORT...\n"
			"       bpfipt-probe run TIMEOUT_MS < probes\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && strcmp(argv[1], "serve") == 0)
		return probe_serve(argc - 2, argv + 2);
	if (argc == 3 && strcmp(argv[1], "run") == 0) {
		char *end;
		long ms = strtol(argv[2], &end, 10);

		if (*end || end == argv[2] || ms <= 0 || ms > TIMEOUT_MAX_MS) {
			fprintf(stderr, "bpfipt-probe: TIMEOUT_MS must be 1..%d\n", TIMEOUT_MAX_MS);
			return 2;
		}
		return probe_run((int)ms);
	}
	return usage();
}
