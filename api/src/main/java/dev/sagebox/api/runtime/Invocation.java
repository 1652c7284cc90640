package dev.sagebox.api.runtime;

import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.Route;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

/**
 * One invocation through Undertow, on its way through the containers of the chosen instance and back: the exchanges
 * with the containers over Undertow's client, the endpoint's timeout on the I/O thread's timer, and the answers on
 * the server exchange. Lives on the exchange's I/O thread only, so it needs no locking. What it decides, it decides
 * as {@link LaneInvocation} does for the lane ({@link PipelineInvocation}).
 */
final class Invocation extends PipelineInvocation {

    private final InvocationProxy proxy;
    private final HttpServerExchange exchange;
    private final String accept;
    private final String customAttributes;
    private ClientConnection connection;
    private XnioExecutor.Key timeout;

    Invocation(InvocationProxy proxy, HttpServerExchange exchange, Route route, byte[] body, long arrivedNanos) {
        super(proxy.router, proxy.errors, route, body, exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE),
                arrivedNanos);
        this.proxy = proxy;
        this.exchange = exchange;
        HeaderMap headers = exchange.getRequestHeaders();
        this.accept = headers.getFirst(Headers.ACCEPT);
        this.customAttributes = headers.getFirst(InvocationProxy.CUSTOM_ATTRIBUTES);
    }

    void start() {
        timeout = exchange.getIoThread().executeAfter(this::timeoutPassed, proxy.timeoutMillis, TimeUnit.MILLISECONDS);
        send(false);
    }

    @Override
    void send(boolean fresh) {
        URI address = hopAddress();
        ContainerConnections.Handler handler = new ContainerConnections.Handler() {
            @Override
            public void connected(ClientConnection c, boolean reused) {
                if (finished()) {
                    proxy.connections.release(address, c);
                    return;
                }
                forward(c, reused, address);
            }

            @Override
            public void failed(IOException e) {
                hopRefused(e);
            }
        };
        if (fresh) {
            proxy.connections.connect(address, exchange.getIoThread(), exchange.getConnection().getByteBufferPool(),
                    handler);
        } else {
            proxy.connections.acquire(address, exchange.getIoThread(), exchange.getConnection().getByteBufferPool(),
                    handler);
        }
    }

    private void forward(ClientConnection c, boolean reused, URI address) {
        connection = c;
        hopStarted();
        ExchangeEnds ends = new ExchangeEnds(address, c);
        byte[] payload = payload();
        String payloadType = payloadType();
        ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath("/invocations");
        HeaderMap headers = request.getRequestHeaders();
        headers.put(Headers.HOST, address.getHost() + ":" + address.getPort());
        headers.put(Headers.CONTENT_LENGTH, payload.length);
        if (payloadType != null) {
            headers.put(Headers.CONTENT_TYPE, payloadType);
        }
        if (accept != null) {
            headers.put(Headers.ACCEPT, accept);
        }
        if (customAttributes != null) {
            headers.put(InvocationProxy.CUSTOM_ATTRIBUTES, customAttributes);
        }
        c.sendRequest(request, new ClientCallback<ClientExchange>() {
            @Override
            public void completed(ClientExchange sent) {
                sent.setResponseListener(new ClientCallback<ClientExchange>() {
                    @Override
                    public void completed(ClientExchange answered) {
                        read(answered, ends);
                    }

                    @Override
                    public void failed(IOException e) {
                        exchangeFailed(ends, e, reused);
                    }
                });
                write(sent.getRequestChannel(), ByteBuffer.wrap(payload), reused, ends);
            }

            @Override
            public void failed(IOException e) {
                exchangeFailed(ends, e, reused);
            }
        });
    }

    private void write(StreamSinkChannel channel, ByteBuffer body, boolean reused, ExchangeEnds ends) {
        ChannelListener<StreamSinkChannel> flushed = ch -> {
            ch.suspendWrites();
            ch.getWriteSetter().set(null);
            ends.requestFlushed();
        };
        ChannelListener<StreamSinkChannel> writer = new ChannelListener<>() {
            @Override
            public void handleEvent(StreamSinkChannel ch) {
                try {
                    while (body.hasRemaining()) {
                        if (ch.write(body) == 0) {
                            ch.getWriteSetter().set(this);
                            ch.resumeWrites();
                            return;
                        }
                    }
                    ch.suspendWrites();
                    ch.getWriteSetter().set(null);
                    ch.shutdownWrites();
                    if (ch.flush()) {
                        flushed.handleEvent(ch);
                    } else {
                        ch.getWriteSetter().set(ChannelListeners.flushingChannelListener(flushed,
                                (failedChannel, e) -> exchangeFailed(ends, e, reused)));
                        ch.resumeWrites();
                    }
                } catch (IOException e) {
                    exchangeFailed(ends, e, reused);
                }
            }
        };
        writer.handleEvent(channel);
    }

    /**
     * The two ends of one exchange with a container. Its connection goes back to the pool only when the request was
     * flushed and the response read: until both, the client still counts the exchange as running and would queue
     * the next request behind it. A broken exchange is reported by several listeners (the write and the response
     * both fail on a closed connection) but counts once, so a stale pooled connection is retried exactly once.
     */
    private final class ExchangeEnds {
        private final URI address;
        private final ClientConnection connection;
        private boolean flushed;
        private boolean read;
        private boolean broken;

        ExchangeEnds(URI address, ClientConnection connection) {
            this.address = address;
            this.connection = connection;
        }

        void requestFlushed() {
            flushed = true;
            releaseIfDone();
        }

        void responseRead() {
            read = true;
            releaseIfDone();
        }

        /** True the first time only: the later reports of the same broken exchange are ignored. */
        boolean breaks() {
            if (broken) {
                return false;
            }
            broken = true;
            IoUtils.safeClose(connection);
            return true;
        }

        private void releaseIfDone() {
            if (flushed && read && !broken) {
                proxy.connections.release(address, connection);
            }
        }
    }

    private void read(ClientExchange answered, ExchangeEnds ends) {
        ClientResponse response = answered.getResponse();
        int status = response.getResponseCode();
        String type = response.getResponseHeaders().getFirst(Headers.CONTENT_TYPE);
        String attributes = response.getResponseHeaders().getFirst(InvocationProxy.CUSTOM_ATTRIBUTES);
        new BodyCollector(answered.getConnection().getBufferPool(), InvocationErrors.MAX_RESPONSE_BYTES, body -> {
            ends.responseRead();
            hopAnswered(status, type, attributes, body);
        }, () -> {
            if (ends.breaks()) {
                hopTooLarge(status);
            }
        }, e -> exchangeFailed(ends, e, false)).start(answered.getResponseChannel());
    }

    /** A failure of the exchange, counted once however many listeners report it. */
    private void exchangeFailed(ExchangeEnds ends, IOException e, boolean reused) {
        if (ends.breaks()) {
            hopBroke(e, reused);
        }
    }

    private void timeoutPassed() {
        if (!finished()) {
            IoUtils.safeClose(connection);
            timedOut();
        }
    }

    @Override
    void respond(String variantName, String contentType, String attributes, byte[] body) {
        exchange.setStatusCode(200);
        HeaderMap headers = exchange.getResponseHeaders();
        if (contentType != null) {
            headers.put(Headers.CONTENT_TYPE, contentType);
        }
        headers.put(InvocationProxy.INVOKED_VARIANT, variantName);
        if (attributes != null) {
            headers.put(InvocationProxy.CUSTOM_ATTRIBUTES, attributes);
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    @Override
    void respondError(SageboxException error) {
        proxy.renderer.render(exchange, error);
    }

    @Override
    void ended() {
        if (timeout != null) {
            timeout.remove();
        }
    }
}
