# tcptraceroute: top level.  Plain make; GNU make and bmake both read
# this (no conditionals, no GNU- or BSD-only syntax).

PREFIX?=	/usr/local
DESTDIR?=
BINDIR?=	${PREFIX}/sbin
MANDIR?=	${PREFIX}/share/man/man8
BINOWN?=	root
BINGRP?=	root
BINMODE?=	4555
MANMODE?=	0444
INSTALL?=	install
# Stripped, as BSD installs base; STRIP= keeps the symbols (for
# packagers whose tools strip and keep debug files themselves).
STRIP?=		-s
MYUID!=		id -u

SUBDIR=		lib/libcompat usr.sbin/tcptraceroute
PROG=		usr.sbin/tcptraceroute/tcptraceroute

all:
	@for d in ${SUBDIR}; do \
		echo "===> $$d"; \
		(cd $$d && ${MAKE} all) || exit 1; \
	done

# Setuid root (BINMODE 4555) as BSD installs it.  Without root, into a
# DESTDIR for packaging: the mode stays, the owner is the packager's.
# For file capabilities instead: make install BINMODE=0555, then
# setcap cap_net_raw+ep ${BINDIR}/tcptraceroute.
install: all
	${INSTALL} -d ${DESTDIR}${BINDIR} ${DESTDIR}${MANDIR}
	@own=; [ "${MYUID}" = 0 ] && own="-o ${BINOWN} -g ${BINGRP}"; \
	echo "${INSTALL} ${STRIP} $$own -m ${BINMODE} ${PROG} ${DESTDIR}${BINDIR}/"; \
	${INSTALL} ${STRIP} $$own -m ${BINMODE} ${PROG} \
	    ${DESTDIR}${BINDIR}/tcptraceroute
	${INSTALL} -m ${MANMODE} man/tcptraceroute.8 ${DESTDIR}${MANDIR}/
	@if [ "${MYUID}" = 0 ] || [ -n "${DESTDIR}" ]; then \
		DESTDIR="${DESTDIR}" sh etc/mkuser.sh; fi

uninstall:
	rm -f ${DESTDIR}${BINDIR}/tcptraceroute \
	    ${DESTDIR}${MANDIR}/tcptraceroute.8

# The whole regress suite under kyua; the last line is "N passed, M failed".
# The summary runs here, not in a sub-make, so that it stays the last
# line (GNU make prints "Leaving directory" after a sub-make).
test: all
	@cd regress && ${MAKE} all
	@cd regress && sh ../etc/mkuser.sh >/dev/null && sh ./summarize.sh

demo: all
	@sh regress/demo.sh

# libFuzzer runs of FUZZTIME seconds each (default 60); needs clang.
fuzz:
	@cd regress/fuzz && ${MAKE} fuzz

# Timing and accuracy against traceroute -T, tcptraceroute 1.5, mtr, lft
# on a namespace path with delayed links (root; a few minutes).
bench: all
	@sh regress/bench/bench.sh

lint:
	mandoc -Tlint -Wwarning man/tcptraceroute.8

clean:
	@for d in ${SUBDIR} regress regress/bench; do \
		(cd $$d && ${MAKE} clean); \
	done

.PHONY: all install uninstall test demo bench fuzz lint clean
