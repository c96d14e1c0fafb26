#!/usr/bin/python3
# libvirt's API side of the lifecycle benchmark: create (start), destroy and start -> ready
# line in the serial log file, through python3-libvirt. Usage: libvirt_lifecycle.py URI DOMAIN LOGFILE RUNS
import os, sys, time, libvirt

uri, name, logfile, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = libvirt.open(uri)
d = c.lookupByName(name)
start, ready, destroy = [], [], []
def seen():
    try:
        with open(logfile, "rb") as f:
            return b"JVIRT-GUEST-READY" in f.read()
    except FileNotFoundError:
        return False
for _ in range(runs):
    if os.path.exists(logfile):
        os.remove(logfile)
    t0 = time.perf_counter(); d.create(); start.append((time.perf_counter() - t0) * 1000)
    while not seen():
        time.sleep(0.002)
    ready.append((time.perf_counter() - t0) * 1000)
    t1 = time.perf_counter(); d.destroy(); destroy.append((time.perf_counter() - t1) * 1000)
med = lambda v: sorted(v)[len(v) // 2]
print("libvirt_api_start: %.0f ms" % med(start))
print("libvirt_api_destroy: %.0f ms" % med(destroy))
print("libvirt_api_start_to_ready: %.0f ms" % med(ready))
