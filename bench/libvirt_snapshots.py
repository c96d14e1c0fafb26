#!/usr/bin/python3
# libvirt's API side of the snapshot benchmark, through python3-libvirt (one process, no virsh
# start-up): internal snapshot with memory, revert to it, external snapshot with memory, save
# and restore of a running domain. Usage: libvirt_snapshots.py URI DOMAIN OUTDIR RUNS
import os, sys, time, libvirt

uri, name, out, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = libvirt.open(uri)
d = c.lookupByName(name)
med = lambda v: sorted(v)[len(v) // 2]
def timed(f):
    t0 = time.perf_counter(); f(); return (time.perf_counter() - t0) * 1000
create = [timed(lambda: d.snapshotCreateXML("<domainsnapshot><name>api-i%d</name></domainsnapshot>" % i, 0))
          for i in range(runs)]
revert = [timed(lambda: d.revertToSnapshot(d.snapshotLookupByName("api-i%d" % i, 0), 0)) for i in range(runs)]
for i in range(runs):
    d.snapshotLookupByName("api-i%d" % i, 0).delete(0)
external = []
for i in range(runs):
    xml = ("<domainsnapshot><name>api-e%d</name><memory snapshot='external' file='%s/api-mem%d'/><disks>"
           "<disk name='vda' snapshot='external'><source file='%s/api-ov%d.qcow2'/></disk></disks></domainsnapshot>"
           % (i, out, i, out, i))
    external.append(timed(lambda: d.snapshotCreateXML(xml, 0)))
save, restore = [], []
for i in range(runs):
    f = "%s/api.save" % out
    if os.path.exists(f):
        os.remove(f)
    save.append(timed(lambda: d.save(f)))
    restore.append(timed(lambda: c.restore(f)))
    d = c.lookupByName(name)
print("libvirt_api_snapshot_create_internal_memory: %.0f ms" % med(create))
print("libvirt_api_snapshot_revert_internal_running: %.0f ms" % med(revert))
print("libvirt_api_snapshot_create_external_memory: %.0f ms" % med(external))
print("libvirt_api_save: %.0f ms" % med(save))
print("libvirt_api_restore: %.0f ms" % med(restore))
print("libvirt_api_snapshot_create_internal_memory_all: %s ms" % " ".join(str(round(x)) for x in create))
print("libvirt_api_snapshot_create_external_memory_all: %s ms" % " ".join(str(round(x)) for x in external))
