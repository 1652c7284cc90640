package dev.sagebox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Code run in a notebook instance's Jupyter kernel, as a browser would, through Sagebox's notebook proxy. */
public final class JupyterKernels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JupyterKernels() {
    }

    /**
     * Runs {@code code} in kernel {@code kernelId} of {@code notebook} (Sagebox on {@code port}) over Jupyter's
     * WebSocket channels, through the proxy; its stdout and errors.
     */
    public static String execute(HttpClient browser, int port, String notebook, String kernelId, String code)
            throws Exception {
        String msgId = UUID.randomUUID().toString();
        StringBuilder output = new StringBuilder();
        CompletableFuture<String> done = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder frame = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                frame.append(data);
                if (last) {
                    onMessage(frame.toString());
                    frame.setLength(0);
                }
                socket.request(1);
                return null;
            }

            private void onMessage(String text) {
                try {
                    JsonNode message = JSON.readTree(text);
                    if (!msgId.equals(message.path("parent_header").path("msg_id").asText())) {
                        return;
                    }
                    JsonNode content = message.path("content");
                    switch (message.path("msg_type").asText()) {
                        case "stream" -> output.append(content.path("text").asText());
                        case "error" -> output.append(content.path("ename").asText()).append(": ")
                                .append(content.path("evalue").asText()).append('\n');
                        case "status" -> {
                            if ("idle".equals(content.path("execution_state").asText())) {
                                done.complete(output.toString());
                            }
                        }
                        default -> {
                        }
                    }
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                done.completeExceptionally(error);
            }
        };
        // A browser's Origin: Jupyter refuses WebSockets from another origin than the Host it was asked for.
        URI channels = URI.create("ws://127.0.0.1:" + port + "/notebooks/" + notebook + "/api/kernels/" + kernelId
                + "/channels");
        WebSocket socket = browser.newWebSocketBuilder().header("Origin", "http://127.0.0.1:" + port)
                .buildAsync(channels, listener).get(30, TimeUnit.SECONDS);
        try {
            ObjectNode request = JSON.createObjectNode();
            request.putObject("header").put("msg_id", msgId).put("username", "sagebox-test")
                    .put("session", UUID.randomUUID().toString()).put("msg_type", "execute_request")
                    .put("version", "5.3");
            request.putObject("parent_header");
            request.putObject("metadata");
            request.putObject("content").put("code", code).put("silent", false).put("store_history", false)
                    .put("allow_stdin", false).put("stop_on_error", true).putObject("user_expressions");
            request.put("channel", "shell");
            request.putArray("buffers");
            socket.sendText(JSON.writeValueAsString(request), true).get(10, TimeUnit.SECONDS);
            return done.get(60, TimeUnit.SECONDS);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
