#!/usr/bin/python3
# Storage benchmark, libvirt API side: python3-libvirt against a private libvirtd on a dir pool.
# Usage: libvirt_storage.py URI POOL_DIR SOURCE_1G SPARSE_1G OUT_DIR RUNS
# POOL_DIR holds the 1000 volumes to refresh and src1g.img (the clone source). Sparse transfers
# use libvirt's sparse streams (SEEK_DATA/SEEK_HOLE on both ends). Prints `name: value unit`
# lines (medians).
import errno, os, sys, time, libvirt

uri, pdir, src, sparse, outdir, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
c = libvirt.open(uri)
pool = c.storagePoolCreateXML("<pool type='dir'><name>lbench</name><target><path>%s</path></target></pool>" % pdir, 0)
def median(before, step):
    t = []
    for _ in range(runs):
        before()
        t0 = time.perf_counter(); step(); t.append((time.perf_counter() - t0) * 1000)
    t.sort(); return t[len(t) // 2]
def nothing(): pass
for _ in range(50):
    pool.refresh(0)
print("libvirt_api_pool_refresh_1000: %.1f ms" % median(nothing, lambda: pool.refresh(0)))
QCOW = "<volume><name>new.qcow2</name><capacity unit='G'>10</capacity><target><format type='qcow2'/></target></volume>"
def drop(name):
    def f():
        try: pool.storageVolLookupByName(name).delete(0)
        except libvirt.libvirtError: pass
    return f
for _ in range(5):
    drop("new.qcow2")(); pool.createXML(QCOW, 0)
print("libvirt_api_vol_create_as_qcow2_10G: %.2f ms" % median(drop("new.qcow2"), lambda: pool.createXML(QCOW, 0)))
drop("new.qcow2")()
srcvol = pool.storageVolLookupByName("src1g.img")
CLONE = "<volume><name>clone.img</name><capacity>%d</capacity><target><format type='raw'/></target></volume>" % os.path.getsize(src)
print("libvirt_api_vol_clone_1G: %.0f ms" % median(drop("clone.img"), lambda: pool.createXMLFrom(CLONE, srcvol, 0)))
drop("clone.img")()
drop("up.img")()
up = pool.createXML("<volume><name>up.img</name><capacity>0</capacity><allocation>0</allocation><target><format type='raw'/></target></volume>", 0)
down = os.path.join(outdir, "libvirt-down.img")
def upload():
    st = c.newStream(0)
    up.upload(st, 0, 0, 0)
    with open(src, "rb") as f:
        st.sendAll(lambda s, n, fh: fh.read(n), f)
    st.finish()
print("libvirt_api_vol_upload_1G: %.0f ms" % median(nothing, upload))
def download():
    st = c.newStream(0)
    up.download(st, 0, 0, 0)
    with open(down, "wb") as f:
        st.recvAll(lambda s, d, fh: fh.write(d), f)
    st.finish()
print("libvirt_api_vol_download_1G: %.0f ms" % median(nothing, download))

# sparse streams, as in libvirt-python's examples/sparsestream.py
def hole_handler(stream, fd):
    cur = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        data = os.lseek(fd, cur, os.SEEK_DATA)
    except OSError as e:
        if e.errno != errno.ENXIO:
            raise
        data = -1
    if data < 0:
        in_data, length = False, os.lseek(fd, 0, os.SEEK_END) - cur
    elif data > cur:
        in_data, length = False, data - cur
    else:
        in_data, length = True, os.lseek(fd, data, os.SEEK_HOLE) - data
    os.lseek(fd, cur, os.SEEK_SET)
    return [in_data, length]
def upload_sparse():
    st = c.newStream(0)
    up.upload(st, 0, 0, libvirt.VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM)
    fd = os.open(sparse, os.O_RDONLY)
    try:
        st.sparseSendAll(lambda s, n, fd: os.read(fd, n), hole_handler, lambda s, n, fd: os.lseek(fd, n, os.SEEK_CUR), fd)
    finally:
        os.close(fd)
    st.finish()
print("libvirt_api_vol_upload_1G_sparse: %.0f ms" % median(nothing, upload_sparse))
def recv_skip(stream, length, fd):
    cur = os.lseek(fd, length, os.SEEK_CUR)
    return os.ftruncate(fd, cur)
def download_sparse():
    st = c.newStream(0)
    up.download(st, 0, 0, libvirt.VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM)
    fd = os.open(down, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        st.sparseRecvAll(lambda s, d, fd: os.write(fd, d), recv_skip, fd)
    finally:
        os.close(fd)
    st.finish()
print("libvirt_api_vol_download_1G_sparse: %.0f ms" % median(nothing, download_sparse))
os.unlink(down); up.delete(0)
pool.destroy()
