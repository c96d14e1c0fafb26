package io.jvirt.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A minimal HTTP/1.1 client connection over a UNIX domain socket, kept alive between
 * requests. The JDK's HttpClient cannot speak over UNIX sockets, and a full client library
 * would dominate the CLI's start-up time; this class knows exactly what jvirtd sends:
 * {@code Content-Length} or chunked bodies, and an event stream read line by line. Large
 * bodies stream both ways ({@link #upload}, {@link #download}) without being held in memory.
 *
 * <p>Not thread-safe: one request at a time per connection.
 */
public final class UnixHttpConnection implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int TRANSFER_SOCKET_BUFFER = 4 << 20;

    private final Path socket;
    private SocketChannel channel;
    private InputStream in;
    private OutputStream out;

    /** Opens a connection to the daemon's socket. */
    public UnixHttpConnection(Path socket) throws IOException {
        this.socket = socket;
        connect();
    }

    private void connect() throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
        out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024);
    }

    /** Sends one request and reads the whole response. */
    public HttpResponse send(String method, String target, String contentType, byte[] body) throws IOException {
        writeRequest(method, target, contentType, body, "application/json");
        return readResponse(null);
    }

    /** Writes a request body. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream body) throws IOException;
    }

    /** Reads a successful response body (it may stop early; the rest is skipped). */
    @FunctionalInterface
    public interface BodyReader {
        void read(Map<String, String> headers, InputStream body) throws IOException;
    }

    /**
     * Socket buffers for volume transfers: a few megabytes let both ends keep working while
     * the other writes its file (the kernel caps them at net.core.wmem_max); memory is used
     * only while data is queued.
     */
    private void bigBuffers() throws IOException {
        channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, TRANSFER_SOCKET_BUFFER);
        channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, TRANSFER_SOCKET_BUFFER);
    }

    /** Takes one chunk of a request body as parts written together (a gathering write, no copies). */
    @FunctionalInterface
    public interface ChunkSink {
        void chunk(ByteBuffer... parts) throws IOException;
    }

    /** Writes a request body as chunks straight to the socket. */
    @FunctionalInterface
    public interface DirectBodyWriter {
        void writeTo(ChunkSink chunks) throws IOException;
    }

    /**
     * Sends a request whose body is streamed in chunks. The request asks for {@code 100
     * Continue} first, so a refusal (the volume does not exist, is in use) arrives before any
     * byte of the body is sent; the connection is then opened afresh.
     *
     * @return the final response, read whole (JSON)
     */
    public HttpResponse upload(String method, String target, String contentType, BodyWriter body) throws IOException {
        return upload(method, target, contentType, body, null);
    }

    /**
     * Like {@link #upload(String, String, String, BodyWriter)}, but the body writer hands whole
     * chunks (lists of buffers) that go to the socket in one gathering write each: large
     * direct buffers are sent without being copied.
     */
    public HttpResponse uploadDirect(String method, String target, String contentType, DirectBodyWriter body)
            throws IOException {
        return upload(method, target, contentType, null, body);
    }

    private HttpResponse upload(String method, String target, String contentType, BodyWriter body,
                                DirectBodyWriter direct) throws IOException {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nAccept: application/json\r\nTransfer-Encoding: chunked\r\n")
                .append("Expect: 100-continue\r\nContent-Type: ").append(contentType).append("\r\n\r\n");
        bigBuffers();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Head h = readHead();
        if (h.status() != 100) {
            HttpResponse r = readBody(h, null);
            reopen(); // the body was never sent: start the next request on a clean connection
            return r;
        }
        try {
            if (direct != null) {
                direct.writeTo(this::writeChunk);
                writeAll(ByteBuffer.wrap(LAST_CHUNK));
            } else {
                try (ChunkedOutputStream chunks = new ChunkedOutputStream(out, 256 << 10)) {
                    body.writeTo(chunks);
                }
            }
        } catch (IOException sending) {
            // the daemon may have answered (a refusal) and closed while we were still sending
            try {
                HttpResponse answer = readResponse(null);
                if (answer.status() >= 400) {
                    reopen();
                    return answer;
                }
            } catch (IOException | RuntimeException noAnswer) {
                sending.addSuppressed(noAnswer);
            }
            throw sending;
        }
        out.flush();
        return readResponse(null);
    }

    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CRLF = {'\r', '\n'};

    /** One chunk: its size line, the parts, CRLF, in one gathering write straight to the socket. */
    private void writeChunk(ByteBuffer... parts) throws IOException {
        long len = 0;
        for (ByteBuffer b : parts) {
            len += b.remaining();
        }
        if (len == 0) {
            return;
        }
        ByteBuffer[] all = new ByteBuffer[parts.length + 2];
        all[0] = ByteBuffer.wrap((Long.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        System.arraycopy(parts, 0, all, 1, parts.length);
        all[all.length - 1] = ByteBuffer.wrap(CRLF);
        writeAll(all);
    }

    private void writeAll(ByteBuffer... buffers) throws IOException {
        long left = 0;
        for (ByteBuffer b : buffers) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(buffers);
        }
    }

    /**
     * Sends a GET and hands a successful response body to {@code reader} as a stream; an
     * error response is returned whole instead.
     *
     * @return the response; its body is empty when the reader consumed it
     */
    public HttpResponse download(String target, String accept, BodyReader reader) throws IOException {
        bigBuffers();
        writeRequest("GET", target, null, null, accept);
        Head h = readHead();
        if (h.status() != 200) {
            return readBody(h, null);
        }
        InputStream body = h.chunked() ? new ChunkedInputStream(in)
                : h.contentLength() >= 0 ? new BoundedInputStream(in, h.contentLength()) : in;
        reader.read(h.headers(), body);
        if (h.chunked() || h.contentLength() >= 0) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        if (h.close() || !h.chunked() && h.contentLength() < 0) {
            reopen();
        }
        return new HttpResponse(h.status(), h.contentType(), new byte[0]);
    }

    /**
     * Sends a GET request for an event stream and hands each {@code data:} line to the consumer
     * until the server closes the stream or the consumer throws.
     *
     * @return the response: status 200 with an empty body once the stream ended, or the
     *         server's refusal (such as a 404 from a daemon without this stream) with its body
     */
    public HttpResponse stream(String target, Consumer<String> dataLines) throws IOException {
        writeRequest("GET", target, null, null, "text/event-stream");
        return readResponse(dataLines);
    }

    /**
     * A two-way exchange: the request body is still being written while the answer is read.
     * Exactly one of {@link #refusal} (the answer to a refused request, read whole) and the
     * two streams is set.
     *
     * @param headers the answer's headers (lowercase names)
     * @param answer  the answer's body, as it arrives
     * @param request the request body: each {@code flush} sends what was written as one chunk;
     *                {@code close} ends the body (the connection stays open for the answer's rest)
     * @param refusal the answer when it was not 200
     */
    public record Duplex(Map<String, String> headers, InputStream answer, OutputStream request, HttpResponse refusal) {
    }

    /**
     * Starts a two-way exchange (a console session): sends the request head with a chunked
     * body and no body yet, then waits for the answer's head, so a refusal arrives before any
     * byte is sent. After a 200 the connection belongs to the exchange; after a refusal it is
     * opened afresh for the next request.
     */
    public Duplex duplex(String method, String target, String contentType, String accept) throws IOException {
        StringBuilder head = new StringBuilder(160)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nAccept: ").append(accept).append("\r\nTransfer-Encoding: chunked\r\n")
                .append("Content-Type: ").append(contentType).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        Head h = readHead();
        if (h.status() != 200) {
            HttpResponse r = readBody(h, null);
            reopen(); // the request body was never ended: this connection cannot carry another request
            return new Duplex(h.headers(), null, null, r);
        }
        InputStream answer = h.chunked() ? new ChunkedInputStream(in)
                : h.contentLength() >= 0 ? new BoundedInputStream(in, h.contentLength()) : in;
        return new Duplex(h.headers(), answer, new ChunkedOutputStream(out, 4096), null);
    }

    private void writeRequest(String method, String target, String contentType, byte[] body, String accept)
            throws IOException {
        StringBuilder head = new StringBuilder(128)
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\nAccept: ").append(accept).append("\r\n");
        int length = body == null ? 0 : body.length;
        if (body != null || !method.equals("GET")) {
            head.append("Content-Length: ").append(length).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** A response's status line and headers. */
    private record Head(int status, String contentType, long contentLength, boolean chunked, boolean close,
                        Map<String, String> headers) {
    }

    private Head readHead() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            throw new IOException("the daemon closed the connection without answering");
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("the daemon answered with something that is not HTTP: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        String contentType = "";
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        for (String line = readLine(); line != null && !line.isEmpty(); line = readLine()) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("the daemon's response headers are too large");
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            headers.put(name, value);
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "content-type" -> contentType = value;
                default -> { }
            }
        }
        return new Head(status, contentType, contentLength, chunked, close, headers);
    }

    private HttpResponse readResponse(Consumer<String> streamLines) throws IOException {
        Head h = readHead();
        while (h.status() == 100) {
            h = readHead();
        }
        return readBody(h, streamLines);
    }

    private HttpResponse readBody(Head h, Consumer<String> streamLines) throws IOException {
        byte[] body;
        boolean close = h.close();
        if (streamLines != null && h.status() == 200) {
            readStream(h.chunked(), streamLines);
            body = new byte[0];
            close = true;
        } else if (h.chunked()) {
            body = readChunked();
        } else if (h.contentLength() >= 0) {
            body = in.readNBytes(Math.toIntExact(h.contentLength()));
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            reopen();
        }
        return new HttpResponse(h.status(), h.contentType(), body);
    }

    private void reopen() throws IOException {
        channel.close();
        connect();
    }

    private void readStream(boolean chunked, Consumer<String> lines) throws IOException {
        InputStream source = chunked ? new ChunkedInputStream(in) : in;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = source.read(); b >= 0; b = source.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.startsWith("data:")) {
                    lines.accept(text.substring(5).trim());
                }
            } else if (b != '\r') {
                line.write(b);
            }
        }
    }

    private byte[] readChunked() throws IOException {
        return new ChunkedInputStream(in).readAllBytes();
    }

    private String readLine() throws IOException {
        return readLine(in);
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
            if (sb.length() > MAX_HEADER_BYTES) {
                throw new IOException("a line in the daemon's response is too long");
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
