/* SPDX-License-Identifier: GPL-2.0-only */
/* Interfaces coming and going in the helper's network namespace, from
 * rtnetlink: the helper attaches the dataplane to interfaces that appear
 * later and resolves the ifindexes of events to the names LOG prints.
 *
 * Use: link_watch_open(), then link_watch_dump() for what exists, then
 * link_watch_dispatch() whenever link_watch_fd() is readable. Opening
 * before dumping means that nothing is missed: a change made during the
 * dump is also queued on the watch and reported again by dispatch. */
#ifndef BPFIPT_LINK_WATCH_H
#define BPFIPT_LINK_WATCH_H

#include <stdbool.h>

struct link_watch;

/* A link with this ifindex exists with this name (present: it appeared,
 * or changed: renamed, set up or down, ...), or no longer exists in the
 * namespace (!present: deleted or moved to another namespace; name is its
 * last name). Calls for an unchanged link may repeat. */
typedef void (*link_watch_cb)(void *arg, int ifindex, const char *name, bool present);

/* A watch in the calling thread's network namespace: 0 or -errno. */
int link_watch_open(struct link_watch **lw, link_watch_cb cb, void *arg);
void link_watch_close(struct link_watch *lw);

/* Non-blocking; readable when events wait (for epoll). */
int link_watch_fd(const struct link_watch *lw);

/* Report every link event that has arrived, without blocking: the number
 * of callbacks made, or -errno. -ENOBUFS: the kernel dropped events
 * because they were not read fast enough; call link_watch_dump() to know
 * the state again. */
int link_watch_dispatch(struct link_watch *lw);

/* Report every link of the namespace as present: the number of callbacks
 * made, or -errno. */
int link_watch_dump(struct link_watch *lw);

#endif
