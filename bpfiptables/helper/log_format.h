/* SPDX-License-Identifier: GPL-2.0-only */
/* -j LOG for the resident helper: the line netfilter's IPv4 syslog logger
 * (nf_log_syslog) would write for a packet, written to the kernel log
 * the way a LOG rule's line gets there, and whether netfilter would write
 * anything at all in this network namespace. */
#ifndef BPFIPT_LOG_FORMAT_H
#define BPFIPT_LOG_FORMAT_H

#include <stddef.h>

#include "bpfipt_event.h"

/* Longest line: the kernel builds it in a 1 KiB buffer. */
#define LOG_LINE_MAX 1024

/* The text of the LOG line for ev (a BPFIPT_EV_LOG event), without the
 * level and without the final newline: prefix, IN=in_name OUT=out_name,
 * the MAC header when there is an input device, then the IP packet.
 * in_name/out_name are the names of ev->in_ifindex/ev->out_ifindex (NULL
 * or "" when there is none). pkt[] is the packet as the dataplane saw it
 * at ingress (INPUT, FORWARD) or egress (OUTPUT); what the kernel changes
 * in it before the hook is changed here too (pkt_hook.h): for FORWARD
 * the TTL is shown one lower.
 * Returns the length written (buf is NUL-terminated), -EINVAL for a
 * malformed event, -ENODATA when a header LOG prints lies inside the
 * packet but beyond the captured bytes, -ENOSPC when size is too small
 * (LOG_LINE_MAX always suffices). */
int log_format_line(const struct bpfipt_event *ev, const char *in_name, const char *out_name,
		    char *buf, size_t size);

/* Append line to the kernel log with syslog level `level` (0-7), as
 * netfilter's printk does. The kernel files lines written from user space
 * under the user facility; it cannot be told otherwise. 0 or -errno. */
int log_write(const char *line, unsigned level);

/* 1 when the calling thread's network namespace is the initial one, 0 when
 * not, -errno when the kernel offers no way to tell. */
int log_netns_is_init(void);

/* 1 when netfilter's LOG target would write a line in the calling
 * thread's network namespace, 0 when it would stay silent: outside the
 * initial namespace it logs only with net.netfilter.nf_log_all_netns=1, a
 * setting that exists only in the initial namespace. Reading it from
 * elsewhere enters the initial namespace in a short-lived thread, which
 * needs CAP_SYS_ADMIN and a view of kthreadd (PID 2) in /proc.
 * -errno when it cannot be told. */
int log_netfilter_logs(void);

#endif
