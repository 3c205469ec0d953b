/* SPDX-License-Identifier: GPL-2.0-only */
/* IPv4 addresses as iptables reads and writes them. */
#ifndef BPFIPT_ADDR_H
#define BPFIPT_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "xt_error.h"

struct addr_list {
	uint32_t *addr, *mask; /* network byte order, addr already masked */
	size_t n;
	/* A name was looked up (/etc/networks, the resolver): what it
	 * stands for depends on who looks, and when. */
	bool by_name;
};

/* "a[/m][,b[/m]...]": numeric, network or host names (a host name can
 * stand for several addresses), masks as prefix length or dotted quad. */
int addr_parse_list(const char *spec, struct addr_list *out, struct xt_err *err);
void addr_list_free(struct addr_list *l);

/* -1 when the mask is not contiguous. */
int addr_mask_to_prefix(uint32_t mask);
/* "a.b.c.d" */
void addr_put_numeric(struct strbuf *out, uint32_t addr);
/* -L column text: "anywhere", a name, or numeric, with "/len" unless /32. */
void addr_put_list(struct strbuf *out, uint32_t addr, uint32_t mask, int numeric);
/* -S and save: "a.b.c.d/len", or a dotted mask when not contiguous. */
void addr_put_save(struct strbuf *out, uint32_t addr, uint32_t mask);

#endif
