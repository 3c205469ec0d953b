/* SPDX-License-Identifier: GPL-2.0-only */
/* The namespace's resident helper (resident.c). */
#ifndef BPFIPT_RESIDENT_H
#define BPFIPT_RESIDENT_H

/* bpf-iptables --resident DIR [3]: the helper itself; with 3, that
 * descriptor holds the dataplane until the helper has opened it. */
int resident_main(const char *dir, int hold_fd);
/* Starts the helper of the namespace whose state is in dir, unless it
 * runs; hold_fd (or -1) is handed to it (resident_main). Returns before
 * the helper is up: it starts once this command lets go of the lock. */
void resident_ensure(const char *dir, int hold_fd);
/* Stops it, waiting until it is gone. */
void resident_stop(const char *dir);

#endif
