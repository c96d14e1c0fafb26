#!/usr/bin/python3
# libvirt's API side of the define benchmark: python3-libvirt against a private libvirtd.
# Usage: libvirt_define.py URI COUNT PREFIX [keep]
# Other benches import its throughput measurement and use it with domains of their own
# (libvirt_xml.py: virt-install's Windows 11 definition).
import sys, time, libvirt

def xml(name):
    return ("<domain type='qemu'><name>%s</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>" % name)

def throughput(c, count, name, xml):
    """Defines domain i (name(i), xml(i)) for i < count, one connection (libvirt's API serializes
    defines per connection anyway), three times, undefining between runs; returns the median
    rate in defines/s (the machine is noisy). The last run's domains stay defined."""
    rates = []
    for run in range(3):
        if run:
            undefine_all(c, count, name)
        t = time.perf_counter()
        for i in range(count):
            c.defineXML(xml(i))
        rates.append(count / (time.perf_counter() - t))
    rates.sort()
    return rates[1]

def undefine_all(c, count, name):
    """Undefines domains name(0) .. name(count - 1); returns the rate in undefines/s."""
    t = time.perf_counter()
    for i in range(count):
        c.lookupByName(name(i)).undefine()
    return count / (time.perf_counter() - t)

def main():
    uri, count, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    keep = len(sys.argv) > 4 and sys.argv[4] == "keep"
    c = libvirt.open(uri)
    lat = []
    for i in range(50):
        t = time.perf_counter(); c.defineXML(xml(prefix + "lat%d" % i)); lat.append((time.perf_counter() - t) * 1000)
    for i in range(50):
        c.lookupByName(prefix + "lat%d" % i).undefine()
    lat.sort()
    print("libvirt_api_define_latency: %.2f ms" % lat[len(lat) // 2])
    name = lambda i: prefix + str(i)
    print("libvirt_api_define_throughput: %.0f defines/s" % throughput(c, count, name, lambda i: xml(name(i))))
    t = time.perf_counter(); c.listAllDomains(0); print("libvirt_api_list_all: %.2f ms" % ((time.perf_counter() - t) * 1000))
    if not keep:
        undefine_all(c, count, name)

if __name__ == "__main__":
    main()
