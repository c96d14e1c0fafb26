#!/usr/bin/python3
# libvirt's API side of the operations benchmark: attachDeviceFlags and detachDeviceFlags of a
# disk on a running domain (AFFECT_LIVE), through python3-libvirt; the detach waits for the
# device-removed event as virsh does. Usage: libvirt_operations.py URI DOMAIN IMAGE RUNS
import sys, threading, time, libvirt

uri, name, image, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
libvirt.virEventRegisterDefaultImpl()
c = libvirt.open(uri)
d = c.lookupByName(name)
removed = threading.Event()
c.domainEventRegisterAny(d, libvirt.VIR_DOMAIN_EVENT_ID_DEVICE_REMOVED, lambda *a: removed.set(), None)
def loop():
    while True:
        libvirt.virEventRunDefaultImpl()
threading.Thread(target=loop, daemon=True).start()
disk = ("<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='%s'/>"
        "<target dev='vdb' bus='virtio'/></disk>" % image)
attach, detach, both = [], [], []
for _ in range(runs):
    removed.clear()
    t0 = time.perf_counter(); d.attachDeviceFlags(disk, libvirt.VIR_DOMAIN_AFFECT_LIVE); t1 = time.perf_counter()
    d.detachDeviceFlags(disk, libvirt.VIR_DOMAIN_AFFECT_LIVE)
    # libvirt returns once the guest let go, or after 5 s with the removal still pending
    removed.wait(30)
    t2 = time.perf_counter()
    attach.append((t1 - t0) * 1000); detach.append((t2 - t1) * 1000); both.append((t2 - t0) * 1000)
med = lambda v: sorted(v)[len(v) // 2]
print("libvirt_api_attach_detach_disk_roundtrip: %.0f ms" % med(both))
print("libvirt_api_attach_disk: %.0f ms" % med(attach))
print("libvirt_api_detach_disk: %.0f ms" % med(detach))
print("libvirt_api_attach_disk_all: %s ms" % " ".join(str(round(x)) for x in attach))
