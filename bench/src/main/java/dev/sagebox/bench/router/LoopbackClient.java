package dev.sagebox.bench.router;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One keep-alive HTTP/1.1 connection that sends a prepared request again and again and reads each response whole.
 * Deliberately minimal, so the load generator costs the same on every path measured.
 */
final class LoopbackClient implements AutoCloseable {
    /** One answer: its status and the value of one header the caller asked for. */
    record Answer(int status, String header) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;
    private final byte[] request;
    private final String watchedHeader;
    private final byte[] buffer = new byte[64 * 1024];
    private int start;
    private int end;

    LoopbackClient(String host, int port, byte[] request, String watchedHeader) throws IOException {
        this.host = host;
        this.port = port;
        this.request = request;
        this.watchedHeader = watchedHeader == null ? null : watchedHeader.toLowerCase(Locale.ROOT) + ":";
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(70_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        start = 0;
        end = 0;
    }

    Answer call() throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        int status = Integer.parseInt(statusLine.substring(9, 12));
        int length = -1;
        boolean close = false;
        String watched = null;
        String header;
        while (!(header = line()).isEmpty()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(header.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            } else if (watchedHeader != null && lower.startsWith(watchedHeader)) {
                watched = header.substring(watchedHeader.length()).strip();
            }
        }
        if (length < 0) {
            throw new IOException("response without Content-Length");
        }
        skip(length);
        if (close) {
            // The server ends this connection after the answer (nginx does after keepalive_requests): a new one.
            socket.close();
            connect();
        }
        return new Answer(status, watched);
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            if (start == end) {
                fill();
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int n = text.length();
                return n > 0 && text.charAt(n - 1) == '\r' ? text.substring(0, n - 1) : text.toString();
            }
            text.append((char) b);
        }
    }

    private void skip(int length) throws IOException {
        int left = length;
        while (left > 0) {
            if (start == end) {
                fill();
            }
            int n = Math.min(left, end - start);
            start += n;
            left -= n;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new IOException("connection closed");
        }
        start = 0;
        end = n;
    }

    static byte[] request(String path, int port, java.util.Map<String, String> headers, byte[] body) {
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
        boolean host = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("host"));
        if (!host) {
            head.append("Host: 127.0.0.1:").append(port).append("\r\n");
        }
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length")) {
                head.append(k).append(": ").append(v).append("\r\n");
            }
        });
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
