/* SPDX-License-Identifier: GPL-2.0-only */
/* The namespace's resident helper (resident.c). */
#ifndef BPFIPT_RESIDENT_H
#define BPFIPT_RESIDENT_H

/* bpf-iptables --resident DIR: the helper itself. */
int resident_main(const char *dir);
/* Starts the helper of the namespace whose state is in dir, unless it runs. */
void resident_ensure(const char *dir);
/* Stops it, waiting until it is gone. */
void resident_stop(const char *dir);

#endif
