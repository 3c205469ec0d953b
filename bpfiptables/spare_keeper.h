/* SPDX-License-Identifier: GPL-2.0-only */
/* The keeper of spare dataplanes (spare_keeper.c; the idea and the
 * protocol: dataplane/dp_spare.h). */
#ifndef BPFIPT_SPARE_KEEPER_H
#define BPFIPT_SPARE_KEEPER_H

/* bpf-iptables --spare-keeper ROOT REQUEST: the keeper itself. */
int spare_keeper_main(const char *root, const char *hex_request);
/* bpf-iptables --spare-stop: stops the state root's keeper, waiting
 * until it is gone (its spares with it). */
int spare_stop_main(void);
/* bpf-iptables --spare-status: "spares N", then the program ids of the
 * first ready one, one per line (for tests). */
int spare_status_main(void);

#endif
