/* SPDX-License-Identifier: GPL-2.0-only */
/* Waiting until the machine is quiet, for work that can wait (the spare
 * keeper's loads, spare_keeper.c): the CPUs 90 % idle over a 50 ms
 * window of /proc/stat. */
#ifndef BPFIPT_CPU_QUIET_H
#define BPFIPT_CPU_QUIET_H

/* Returns once a window was quiet, or after max_ms of waiting. */
void cpu_quiet_wait(int max_ms);

#endif
