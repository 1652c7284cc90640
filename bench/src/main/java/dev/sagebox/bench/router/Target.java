package dev.sagebox.bench.router;

import java.util.Map;

/** One way of reaching the inference container: an address, a path and the headers every request carries. */
record Target(String name, String host, int port, String path, Map<String, String> headers) {
    byte[] request(byte[] body) {
        return LoopbackClient.request(path, port, headers, body);
    }
}
