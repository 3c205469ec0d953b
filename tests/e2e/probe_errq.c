// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reads the error queue that IP_RECVERR fills. It says which ICMP error
 * came back and from whom, which the errno alone does not (port- and
 * protocol-unreachable, tcp-reset and the prohibited codes collapse into
 * three errnos); and for TCP it still holds the error when the ICMP
 * arrived while connect() held the socket lock, a case in which the kernel
 * keeps the error only as a soft error and the connect would wait for a
 * retransmission instead of failing.
 */
#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "probe.h"

void probe_errq_read(int fd, int *err, char *detail, size_t len)
{
	char data[256], ctrl[512];
	struct sockaddr_in from;
	struct iovec iov = {.iov_base = data, .iov_len = sizeof(data)};
	struct msghdr msg = {
	    .msg_name = &from,
	    .msg_namelen = sizeof(from),
	    .msg_iov = &iov,
	    .msg_iovlen = 1,
	    .msg_control = ctrl,
	    .msg_controllen = sizeof(ctrl),
	};

	*err = 0;
	detail[0] = '\0';
	if (recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
		return;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_IP || c->cmsg_type != IP_RECVERR)
			continue;
		struct sock_extended_err *ee = (struct sock_extended_err *)CMSG_DATA(c);
		*err = (int)ee->ee_errno;
		if (ee->ee_origin == SO_EE_ORIGIN_ICMP) {
			struct sockaddr_in *off = (struct sockaddr_in *)SO_EE_OFFENDER(ee);
			char addr[INET_ADDRSTRLEN] = "?";

			if (off->sin_family == AF_INET)
				inet_ntop(AF_INET, &off->sin_addr, addr, sizeof(addr));
			snprintf(detail, len, " icmp=%u/%u from=%s", ee->ee_type, ee->ee_code,
				 addr);
		} else {
			snprintf(detail, len, " origin=%u", ee->ee_origin);
		}
		return;
	}
}
