/* SPDX-License-Identifier: GPL-2.0-only */
/* What -j REJECT answers with, for those that act on a REJECT rule (the
 * reference matcher, the compiler): the kernel's enum ipt_reject_with,
 * so a value means the same here, in the state file and in netfilter. */
#ifndef BPFIPT_EXT_REJECT_H
#define BPFIPT_EXT_REJECT_H

enum reject_with {
	REJECT_NET_UNREACHABLE,
	REJECT_HOST_UNREACHABLE,
	REJECT_PROT_UNREACHABLE,
	REJECT_PORT_UNREACHABLE,
	REJECT_ECHOREPLY, /* retired: no name, refused by the kernel */
	REJECT_NET_PROHIBITED,
	REJECT_HOST_PROHIBITED,
	REJECT_TCP_RESET,
	REJECT_ADMIN_PROHIBITED,
	REJECT_N_TYPES,
};

/* The --reject-with of a REJECT rule's target data (enum reject_with). */
int reject_kind(const void *data);

#endif
