#!/usr/bin/env python3
# sigdfl.py CMD...: run CMD with SIGINT and SIGQUIT at their default, as
# a job of an interactive shell has them.  A script's background jobs
# ignore both, and tcptraceroute, like any Unix tool, leaves a signal
# ignored that was ignored when it started.
import os
import signal
import sys

signal.signal(signal.SIGINT, signal.SIG_DFL)
signal.signal(signal.SIGQUIT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
