package io.jvirt.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A minimal HTTP/1.1 client connection over a UNIX domain socket, kept alive between
 * requests. The JDK's HttpClient cannot speak over UNIX sockets, and a full client library
 * would dominate the CLI's start-up time; this class knows exactly what jvirtd sends:
 * {@code Content-Length} or chunked bodies, and an event stream read line by line.
 *
 * <p>Not thread-safe: one request at a time per connection.
 */
public final class UnixHttpConnection implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

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

    /**
     * Sends a GET request for an event stream and hands each {@code data:} line to the consumer
     * until the server closes the stream or the consumer throws.
     */
    public void stream(String target, Consumer<String> dataLines) throws IOException {
        writeRequest("GET", target, null, null, "text/event-stream");
        readResponse(dataLines);
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

    private HttpResponse readResponse(Consumer<String> streamLines) throws IOException {
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
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                case "content-type" -> contentType = value;
                default -> { }
            }
        }
        byte[] body;
        if (streamLines != null && status == 200) {
            readStream(chunked, streamLines);
            body = new byte[0];
            close = true;
        } else if (chunked) {
            body = readChunked();
        } else if (contentLength >= 0) {
            body = in.readNBytes(Math.toIntExact(contentLength));
        } else {
            body = in.readAllBytes();
            close = true;
        }
        if (close) {
            reopen();
        }
        return new HttpResponse(status, contentType, body);
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
