package dev.sagebox.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

/**
 * One persistent HTTP/1.1 connection on loopback that writes pre-built request bytes and reads the response. A raw
 * socket, not java.net.http.HttpClient: on two cores the load generator shares the CPU with the server, so the
 * client must cost as little as possible, or it measures itself. Not thread-safe: one per load thread.
 */
final class HttpConnection implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_HEADER_LINE = 16 * 1024;

    private final InetSocketAddress address;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int answered;
    private long lastAnswerNanos;

    HttpConnection(int port) throws IOException {
        this.address = new InetSocketAddress("127.0.0.1", port);
        open();
    }

    private void open() throws IOException {
        answered = 0;
        lastAnswerNanos = System.nanoTime();
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(address, TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    /**
     * Sends one request and reads its whole response. A connection the server closes without saying so fails with
     * how long it had served, which tells an idle timeout from a dropped request.
     */
    Response exchange(byte[] request) throws IOException {
        try {
            out.write(request);
            out.flush();
            Response response = read();
            answered++;
            lastAnswerNanos = System.nanoTime();
            return response;
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (after " + answered + " responses on this connection, "
                    + (System.nanoTime() - lastAnswerNanos) / 1_000_000 + " ms after the last)", e);
        }
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Integer.parseInt(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = chunkedBody();
        } else if (length >= 0) {
            body = in.readNBytes(length);
            if (body.length != length) {
                throw new EOFException("connection closed inside a " + length + "-byte body");
            }
        } else {
            throw new IOException("response with neither Content-Length nor chunked encoding (status " + status + ")");
        }
        if (close) {
            // The server would not keep the connection: count it (a keep-alive bug would be a finding) and go on.
            close();
            open();
        }
        return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers: none expected, skipped
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            line();
        }
    }

    /** One CRLF-terminated line, as ISO-8859-1 (header bytes are never UTF-8 here). */
    private String line() throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed by the server");
            }
            if (b == '\n') {
                int end = s.length();
                if (end > 0 && s.charAt(end - 1) == '\r') {
                    s.setLength(end - 1);
                }
                return s.toString();
            }
            if (s.length() >= MAX_HEADER_LINE) {
                throw new IOException("header line longer than " + MAX_HEADER_LINE + " bytes");
            }
            s.append((char) b);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a loopback socket at the end of a run: nothing to do about a failure.
        }
    }
}
