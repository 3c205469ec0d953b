/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef BPFIPT_HELP_H
#define BPFIPT_HELP_H

#include <stdio.h>

void print_iptables_help(FILE *f);
void print_restore_help(FILE *f);

#endif
