package dev.sagebox.api.runtime;

import dev.sagebox.core.SageboxException;
import dev.sagebox.hosting.InvocationFailure;
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
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;

/**
 * One invocation on its way through the containers of the chosen instance (primary first, then each supplemental
 * container with the previous one's answer) and back. Lives on the exchange's I/O thread only, so it needs no
 * locking. A refused connection is retried once on another instance of the variant; a pooled connection the
 * container had closed is retried once on a fresh one.
 */
final class Invocation extends TimedInvocation {

    private final InvocationProxy proxy;
    private final HttpServerExchange exchange;
    private final String accept;
    private final String customAttributes;
    private Route route;
    private int hop;
    private byte[] payload;
    private String payloadType;
    private boolean finished;
    private boolean retriedInstance;
    private boolean retriedStale;
    private ClientConnection connection;
    private XnioExecutor.Key timeout;

    Invocation(InvocationProxy proxy, HttpServerExchange exchange, Route route, byte[] body, long arrivedNanos) {
        super(arrivedNanos);
        this.proxy = proxy;
        this.exchange = exchange;
        this.route = route;
        this.payload = body;
        HeaderMap headers = exchange.getRequestHeaders();
        this.payloadType = headers.getFirst(Headers.CONTENT_TYPE);
        this.accept = headers.getFirst(Headers.ACCEPT);
        this.customAttributes = headers.getFirst(InvocationProxy.CUSTOM_ATTRIBUTES);
    }

    void start() {
        timeout = exchange.getIoThread().executeAfter(this::timedOut, proxy.timeoutMillis, TimeUnit.MILLISECONDS);
        send(false);
    }

    private void send(boolean fresh) {
        URI address = route.hops().get(hop);
        ContainerConnections.Handler handler = new ContainerConnections.Handler() {
            @Override
            public void connected(ClientConnection c, boolean reused) {
                if (finished) {
                    proxy.connections.release(address, c);
                    return;
                }
                forward(c, reused, address);
            }

            @Override
            public void failed(IOException e) {
                connectFailed(e);
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

    private void connectFailed(IOException e) {
        if (finished) {
            return;
        }
        if (hop == 0 && !retriedInstance) {
            retriedInstance = true;
            Optional<Route> other = proxy.router.retry(route);
            if (other.isPresent()) {
                route = other.get();
                send(false);
                return;
            }
        }
        fail(InvocationFailure.UNREACHABLE, proxy.errors.unreachable(route, hop, e.getMessage()));
    }

    private void forward(ClientConnection c, boolean reused, URI address) {
        connection = c;
        hopStarted();
        ExchangeEnds ends = new ExchangeEnds(address, c);
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
            hopEnded();
            answered(status, type, attributes, body);
        }, () -> {
            if (ends.breaks() && !finished) {
                hopEnded();
                fail(InvocationFailure.MODEL_5XX, proxy.errors.tooLarge(route, hop, status));
            }
        }, e -> exchangeFailed(ends, e, false)).start(answered.getResponseChannel());
    }

    private void answered(int status, String type, String attributes, byte[] body) {
        if (finished) {
            return;
        }
        if (status < 200 || status > 299) {
            modelError(status, new String(body, StandardCharsets.UTF_8));
            return;
        }
        if (hop + 1 < route.hops().size()) {
            hop++;
            payload = body;
            payloadType = type;
            retriedStale = false;
            send(false);
            return;
        }
        finish();
        meterAnswered(route);
        exchange.setStatusCode(200);
        HeaderMap headers = exchange.getResponseHeaders();
        if (type != null) {
            headers.put(Headers.CONTENT_TYPE, type);
        }
        headers.put(InvocationProxy.INVOKED_VARIANT, route.variantName());
        if (attributes != null) {
            headers.put(InvocationProxy.CUSTOM_ATTRIBUTES, attributes);
        }
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    private void exchangeFailed(ExchangeEnds ends, IOException e, boolean reused) {
        if (!ends.breaks() || finished) {
            return;
        }
        if (reused && !retriedStale) {
            // The container closed a kept-alive connection while it sat in the pool; it never saw this request.
            retriedStale = true;
            send(true);
            return;
        }
        fail(InvocationFailure.UNREACHABLE, proxy.errors.connectionFailed(route, hop, e.getMessage()));
    }

    private void timedOut() {
        if (finished) {
            return;
        }
        IoUtils.safeClose(connection);
        hopEnded();
        fail(InvocationFailure.TIMEOUT, proxy.errors.timedOut(route, hop));
    }

    private void modelError(int status, String text) {
        fail(status >= 500 ? InvocationFailure.MODEL_5XX : InvocationFailure.MODEL_4XX,
                proxy.errors.answered(route, hop, status, text));
    }

    private void fail(InvocationFailure failure, SageboxException error) {
        finish();
        meterFailed(route, failure);
        proxy.renderer.render(exchange, error);
    }

    private void finish() {
        finished = true;
        if (timeout != null) {
            timeout.remove();
        }
        route.release();
    }
}
