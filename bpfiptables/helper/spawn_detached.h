/* SPDX-License-Identifier: GPL-2.0-only */
/* Starting this binary again as a background process of its own: the
 * namespace's helper (resident.c) and the keeper of spare dataplanes
 * (dataplane/dp_spare.c). */
#ifndef BPFIPT_SPAWN_DETACHED_H
#define BPFIPT_SPAWN_DETACHED_H

/* Runs /proc/self/exe with argv (NULL-terminated) in a session of its
 * own, stdio on /dev/null, none of the caller's descriptors but hold_fd
 * (-1 for none), which it gets as descriptor 3. Not waited for: the
 * caller goes on at once, and the process is reparented when the caller
 * ends. */
void spawn_detached(char *const argv[], int hold_fd);

#endif
