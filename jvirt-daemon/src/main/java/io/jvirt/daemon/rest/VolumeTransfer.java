package io.jvirt.daemon.rest;

import io.jvirt.api.SparseStream;
import io.jvirt.daemon.storage.VolumeService;
import io.jvirt.storage.SparseSink;
import io.jvirt.storage.SparseSource;
import io.jvirt.storage.TransferProgress;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Fields;

/**
 * vol-upload and vol-download over HTTP, streamed both ways with flat memory (a few 1 MiB
 * buffers per transfer, never the whole file). A framed upload is read by the request thread
 * and written by a second one ({@link SparseStream.Reader#copyToPipelined}).
 *
 * <pre>
 * GET /v1/pools/{pool}/volumes/{vol}/data[?offset=N&amp;length=N]
 *     Accept: application/vnd.jvirt.sparse  -> framed data and holes (holes are never read or sent)
 *     otherwise                             -> the plain bytes, Content-Length set
 * PUT /v1/pools/{pool}/volumes/{vol}/data[?offset=N&amp;length=N]   (length 0 or none: to the end of the stream)
 *     Content-Type: application/vnd.jvirt.sparse  -> framed; holes are not written
 *     otherwise                                   -> the plain bytes; zero blocks become holes
 * </pre>
 *
 * Like virsh, an upload from offset 0 without a length replaces the file. Checks that need no
 * bytes (the volume exists, no domain uses it) run before the body is read, so a client that
 * sends {@code Expect: 100-continue} gets the refusal before sending anything. A failure in
 * the middle of a download aborts the connection; the missing end frame tells the client.
 */
final class VolumeTransfer {
    private static final int BUFFER = 1 << 20;
    /** Buffers in flight between reading an upload and writing it. */
    private static final int PIPELINE = 4;

    private final VolumeService volumes;

    VolumeTransfer(VolumeService volumes) {
        this.volumes = volumes;
    }

    /** Serves a download; once the response has started, a failure can only abort the connection. */
    void download(Request req, Response resp, String pool, String vol, Fields q) throws IOException {
        long offset = RestHandler.longParam(q, "offset", 0);
        long length = RestHandler.longParam(q, "length", 0);
        long total = volumes.downloadLength(pool, vol, offset, length);
        String accept = req.getHeaders().get(HttpHeader.ACCEPT);
        boolean sparse = accept != null && accept.contains(SparseStream.CONTENT_TYPE);
        resp.setStatus(200);
        resp.getHeaders().put(HttpHeader.CONTENT_TYPE, sparse ? SparseStream.CONTENT_TYPE : "application/octet-stream");
        resp.getHeaders().put(SparseStream.LENGTH_HEADER, Long.toString(total));
        if (!sparse) {
            resp.getHeaders().put(HttpHeader.CONTENT_LENGTH, total);
        }
        try (OutputStream out = new BufferedOutputStream(Content.Sink.asOutputStream(resp), 256 << 10)) {
            if (sparse) {
                SparseStream.Writer w = new SparseStream.Writer(out);
                volumes.download(pool, vol, new SparseSink() {
                    @Override
                    public void data(byte[] buf, int off, int len) throws IOException {
                        w.data(buf, off, len);
                    }

                    @Override
                    public void hole(long len) throws IOException {
                        w.hole(len);
                    }
                }, offset, length <= 0 ? -1 : length, TransferProgress.NONE);
                w.finish();
            } else {
                volumes.download(pool, vol, SparseSink.of(out), offset, length <= 0 ? -1 : length,
                        TransferProgress.NONE);
            }
        }
    }

    /** Serves an upload; returns the volume as the API shows it afterwards. */
    byte[] upload(Request req, String pool, String vol, Fields q) throws IOException {
        long offset = RestHandler.longParam(q, "offset", 0);
        long length = RestHandler.longParam(q, "length", 0);
        String type = req.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean sparse = type != null && type.startsWith(SparseStream.CONTENT_TYPE);
        SparseSource source = sink -> {
            InputStream in = Content.Source.asInputStream(req);
            if (sparse) {
                // the request thread reads the socket while a second one writes the volume
                new SparseStream.Reader(in, BUFFER).copyToPipelined(new SparseStream.Receiver() {
                    @Override
                    public void data(byte[] buf, int off, int len) throws IOException {
                        sink.data(buf, off, len);
                    }

                    @Override
                    public void hole(long len) throws IOException {
                        sink.hole(len);
                    }
                }, PIPELINE);
                // read the body to its end (the chunked terminator after the end frame): Jetty closes a
                // connection whose request body is still unread when the answer goes out
                if (in.transferTo(java.io.OutputStream.nullOutputStream()) > 0) {
                    throw new IOException("the upload carried bytes after its end frame");
                }
                return;
            }
            byte[] buf = new byte[BUFFER];
            for (int n = in.readNBytes(buf, 0, buf.length); n > 0; n = in.readNBytes(buf, 0, buf.length)) {
                sink.data(buf, 0, n);
            }
        };
        volumes.upload(pool, vol, source, offset, length <= 0 ? -1 : length, TransferProgress.NONE);
        io.jvirt.storage.VolumeInfo v = volumes.info(pool, vol);
        return io.jvirt.api.StorageJson.write(ApiViews.info(pool, v, volumes.usedBy(v)));
    }
}
