#!/usr/bin/python3
# libvirt's API side of the domstats benchmark: getAllDomainStats (all groups, every domain)
# through python3-libvirt. Usage: libvirt_domstats.py URI RUNS
import sys, time, libvirt

uri, runs = sys.argv[1], int(sys.argv[2])
c = libvirt.open(uri)
for _ in range(3):
    c.getAllDomainStats()
t = []
n = 0
for _ in range(runs):
    t0 = time.perf_counter()
    n = len(c.getAllDomainStats())
    t.append((time.perf_counter() - t0) * 1000)
print("libvirt_api_domstats_10: %.1f ms (%d domains)" % (sorted(t)[len(t) // 2], n))
