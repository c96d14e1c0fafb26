#!/usr/bin/python3
"""libvirt's API side of the network benchmark: net-start (create) and net-destroy latency of
a defined network through the libvirt Python binding, medians in ms.
   libvirt_network.py URI NETWORK RUNS"""
import statistics
import sys
import time

import libvirt

uri, name, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = libvirt.open(uri)
net = conn.networkLookupByName(name)
start, destroy = [], []
for _ in range(runs):
    t0 = time.perf_counter()
    net.create()
    start.append((time.perf_counter() - t0) * 1000)
    t1 = time.perf_counter()
    net.destroy()
    destroy.append((time.perf_counter() - t1) * 1000)
print("libvirt_api_net_start: %.1f ms" % statistics.median_low(start))
print("libvirt_api_net_destroy: %.1f ms" % statistics.median_low(destroy))
