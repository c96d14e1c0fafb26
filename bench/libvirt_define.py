#!/usr/bin/python3
# libvirt's API side of the define benchmark: python3-libvirt against a private libvirtd.
# Usage: libvirt_define.py URI COUNT PREFIX [keep]
import sys, time, libvirt

uri, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
keep = len(sys.argv) > 4 and sys.argv[4] == "keep"
def xml(name):
    return ("<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>" % name)
c = libvirt.open(uri)
lat = []
for i in range(50):
    t = time.perf_counter(); d = c.defineXML(xml(prefix + "lat%d" % i)); lat.append((time.perf_counter() - t) * 1000)
for i in range(50):
    c.lookupByName(prefix + "lat%d" % i).undefine()
lat.sort()
print("libvirt_api_define_latency: %.2f ms" % lat[len(lat) // 2])
# throughput: the median of three runs (the machine is noisy); the last run's domains stay
rates = []
for run in range(3):
    if run:
        for i in range(count):
            c.lookupByName(prefix + str(i)).undefine()
    t = time.perf_counter()
    for i in range(count):
        c.defineXML(xml(prefix + str(i)))
    rates.append(count / (time.perf_counter() - t))
rates.sort()
print("libvirt_api_define_throughput: %.0f defines/s" % rates[1])
t = time.perf_counter(); c.listAllDomains(0); print("libvirt_api_list_all: %.2f ms" % ((time.perf_counter() - t) * 1000))
if not keep:
    for i in range(count):
        c.lookupByName(prefix + str(i)).undefine()
