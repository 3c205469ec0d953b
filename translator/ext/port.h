/* SPDX-License-Identifier: GPL-2.0-only */
/* Ports and service names as the tcp, udp and multiport extensions read
 * and show them. iptables resolves names in two ways, and the difference
 * is visible: tcp and multiport look a name up for their own protocol and
 * accept hex and octal numbers; udp asks getaddrinfo, which takes decimal
 * only, wraps numbers above 65535 and knows names of any protocol. */
#ifndef BPFIPT_EXT_PORT_H
#define BPFIPT_EXT_PORT_H

#include <stdbool.h>
#include <stdint.h>

#include "../strbuf.h"
#include "../xt_error.h"

#define PORT_MAX 0xFFFF

/* A number 0-65535 (decimal, 0x hex or 0 octal) or a service of `proto`;
 * fails with "invalid port/service `S' specified". */
int port_parse(const char *s, const char *proto, uint16_t *port, struct xt_err *err);

/* A port as getaddrinfo reads a service: false if it does not resolve. */
bool port_resolve(const char *s, uint16_t *port);

/* The service name of `port` for `proto` (NULL: any protocol) unless
 * numeric or unnamed, else the number. */
void port_print(struct strbuf *out, uint16_t port, const char *proto, bool numeric);

/* -L form of a tcp/udp port range: " spt:22", " dpts:!1:1023"; nothing
 * for the full range unless inverted. `label` is "spt" or "dpt". */
void port_print_range(struct strbuf *out, const char *label, const uint16_t range[2], bool invert,
		      const char *proto, bool numeric);

/* Save form: " ! --dport 1:1023"; nothing for the full range, even
 * inverted, as iptables does. `opt` is "sport" or "dport". */
void port_save_range(struct strbuf *out, const char *opt, const uint16_t range[2], bool invert);

#endif
