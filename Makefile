# tcptraceroute: top level.  Plain make; GNU make and bmake both read
# this (no conditionals, no GNU- or BSD-only syntax).

PREFIX?=	/usr/local
DESTDIR?=
BINDIR?=	${PREFIX}/sbin
MANDIR?=	${PREFIX}/share/man/man8
BINMODE?=	0555
MANMODE?=	0444
INSTALL?=	install

SUBDIR=		lib/libcompat usr.sbin/tcptraceroute
PROG=		usr.sbin/tcptraceroute/tcptraceroute

all:
	@for d in ${SUBDIR}; do \
		echo "===> $$d"; \
		(cd $$d && ${MAKE} all) || exit 1; \
	done

install: all
	${INSTALL} -d ${DESTDIR}${BINDIR} ${DESTDIR}${MANDIR}
	${INSTALL} -m ${BINMODE} ${PROG} ${DESTDIR}${BINDIR}/tcptraceroute
	${INSTALL} -m ${MANMODE} man/tcptraceroute.8 ${DESTDIR}${MANDIR}/
	DESTDIR="${DESTDIR}" sh etc/mkuser.sh

uninstall:
	rm -f ${DESTDIR}${BINDIR}/tcptraceroute \
	    ${DESTDIR}${MANDIR}/tcptraceroute.8

# The whole regress suite under kyua; the last line is "N passed, M failed".
test: all
	@cd regress && ${MAKE} test

demo: all
	@sh regress/demo.sh

lint:
	mandoc -Tlint -Wwarning man/tcptraceroute.8

clean:
	@for d in ${SUBDIR} regress; do (cd $$d && ${MAKE} clean); done

.PHONY: all install uninstall test demo lint clean
