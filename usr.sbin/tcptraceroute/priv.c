/*
 * Copyright (c) 2026 The tcptraceroute developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * Giving up privilege, for both processes.  The tool runs setuid root,
 * with file capabilities (cap_net_raw+ep) or as root; in every case the
 * parent ends with CAP_NET_RAW alone and the child with nothing.
 */

#include <sys/types.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#endif

#include <err.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "tcptraceroute.h"

#ifdef __linux__
/* Keep exactly the capabilities in mask, permitted and effective. */
static void
caps_set(uint64_t mask)
{
	struct __user_cap_header_struct hdr;
	struct __user_cap_data_struct data[2];

	memset(&hdr, 0, sizeof(hdr));
	memset(data, 0, sizeof(data));
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	/* Only what we hold can be kept: an ordinary user holds nothing. */
	if (syscall(SYS_capget, &hdr, data) == -1)
		err(1, "capget");
	mask &= (uint64_t)data[1].permitted << 32 | data[0].permitted;
	memset(data, 0, sizeof(data));
	data[0].effective = data[0].permitted = (uint32_t)mask;
	data[1].effective = data[1].permitted = (uint32_t)(mask >> 32);
	if (syscall(SYS_capset, &hdr, data) == -1)
		err(1, "capset");
}

/* Empty the bounding set but for keep (-1: empty it all). */
static void
bounding_drop(int keep)
{
	int cap;

	for (cap = 0; cap <= 63; cap++)
		if (cap != keep && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) == -1 &&
		    errno != EINVAL && errno != EPERM)
			err(1, "prctl capbset");
}
#endif

/*
 * Not dumpable: no ptrace(2), no /proc/pid/mem for the user, whose uid
 * the processes may share (file capabilities).  A change of ids sets
 * it to the suid_dumpable sysctl, which may be 1: set it again after.
 */
static void
nodump(void)
{
#ifdef __linux__
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == -1)
		err(1, "prctl dumpable");
#endif
}

static void
switch_ids(uid_t uid, gid_t gid, int setgroup)
{
	if (setgroup && setgroups(1, &gid) == -1)
		err(1, "setgroups");
	if (setresgid(gid, gid, gid) == -1 || setresuid(uid, uid, uid) == -1)
		err(1, "cannot drop privileges");
	nodump();
}

/*
 * The parent: back to the invoking user, with CAP_NET_RAW only, so
 * that it can still open the capture once the child has said where.
 */
void
priv_drop_parent(uid_t ruid, gid_t rgid)
{
#ifdef __linux__
	if (geteuid() == 0) {
		if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
			err(1, "prctl keepcaps");
		bounding_drop(CAP_NET_RAW);
		/* A user's own groups stay; root's are emptied. */
		switch_ids(ruid, rgid, ruid == 0);
		if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
			err(1, "prctl keepcaps");
	}
	caps_set(1ULL << CAP_NET_RAW);
	nodump();
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		err(1, "prctl no_new_privs");
#else
	(void)ruid;
	(void)rgid;
#endif
}

/*
 * The child: the unprivileged user, keeping only the right to chroot
 * until priv_chroot.  Without root (file capabilities), there is no
 * user to become and no chroot: every capability goes at once, and the
 * sandbox alone confines it.  Returns 1 when a chroot is to follow.
 */
int
priv_drop_child(const struct passwd *pw)
{
#ifdef __linux__
	if (geteuid() != 0) {
		caps_set(0);
		nodump();
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
			err(1, "prctl no_new_privs");
		return (0);
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) == -1)
		err(1, "prctl keepcaps");
	bounding_drop(CAP_SYS_CHROOT);
	switch_ids(pw->pw_uid, pw->pw_gid, 1);
	caps_set(1ULL << CAP_SYS_CHROOT);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) == -1)
		err(1, "prctl keepcaps");
	/* Before argv is read: nothing may gain privilege from here. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		err(1, "prctl no_new_privs");
	return (1);
#else
	/* Without capabilities the ids can change only after chroot. */
	return (geteuid() == 0);
#endif
}

void
priv_chroot(const struct passwd *pw)
{
	if (chroot(TTR_CHROOT) == -1)
		err(1, "chroot %s", TTR_CHROOT);
	if (chdir("/") == -1)
		err(1, "chdir /");
#ifdef __linux__
	(void)pw;
	caps_set(0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		err(1, "prctl no_new_privs");
#else
	switch_ids(pw->pw_uid, pw->pw_gid, 1);
#endif
}
