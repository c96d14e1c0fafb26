#!/usr/bin/python3
# Storage benchmark, libvirt side: python3-libvirt against a private libvirtd on a dir pool.
# Usage: libvirt_storage.py URI POOL_DIR SOURCE_1G RUNS    Prints `name: value unit` lines (medians).
import os, sys, time, libvirt

uri, pdir, src, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = libvirt.open(uri)
pool = c.storagePoolCreateXML("<pool type='dir'><name>bench</name><target><path>%s</path></target></pool>" % pdir, 0)
def median(before, step):
    t = []
    for _ in range(runs):
        before()
        t0 = time.perf_counter(); step(); t.append((time.perf_counter() - t0) * 1000)
    t.sort(); return t[len(t) // 2]
def nothing(): pass
for _ in range(2):
    pool.refresh(0)
print("libvirt_pool_refresh_1000: %.1f ms" % median(nothing, lambda: pool.refresh(0)))
QCOW = "<volume><name>new.qcow2</name><capacity unit='G'>10</capacity><target><format type='qcow2'/></target></volume>"
def drop(name):
    def f():
        try: pool.storageVolLookupByName(name).delete(0)
        except libvirt.libvirtError: pass
    return f
print("libvirt_vol_create_as_qcow2_10G: %.2f ms" % median(drop("new.qcow2"), lambda: pool.createXML(QCOW, 0)))
drop("new.qcow2")()
os.system("cp --sparse=always %s %s/src1g.img" % (src, pdir)); pool.refresh(0)
srcvol = pool.storageVolLookupByName("src1g.img")
CLONE = "<volume><name>clone.img</name><capacity>%d</capacity><target><format type='raw'/></target></volume>" % os.path.getsize(src)
print("libvirt_vol_clone_1G: %.0f ms" % median(drop("clone.img"), lambda: pool.createXMLFrom(CLONE, srcvol, 0)))
drop("clone.img")()
up = pool.createXML("<volume><name>up.img</name><capacity>0</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>", 0)
def upload():
    st = c.newStream(0)
    up.upload(st, 0, 0, 0)
    with open(src, "rb") as f:
        st.sendAll(lambda s, n, fh: fh.read(n), f)
    st.finish()
print("libvirt_vol_upload_1G: %.0f ms" % median(nothing, upload))
def download():
    st = c.newStream(0)
    up.download(st, 0, 0, 0)
    with open(os.path.join(pdir, ".down"), "wb") as f:
        st.recvAll(lambda s, d, fh: fh.write(d), f)
    st.finish()
print("libvirt_vol_download_1G: %.0f ms" % median(nothing, download))
os.unlink(os.path.join(pdir, ".down")); up.delete(0); srcvol.delete(0)
pool.destroy()
