package dev.sagebox.api.runtime;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a container's response body to its end without blocking, then hands over the bytes; a body longer than
 * {@code limit} is not kept: the channel is closed and {@code tooLarge} runs instead.
 */
final class BodyCollector implements ChannelListener<StreamSourceChannel> {
    private final ByteBufferPool buffers;
    private final int limit;
    private final Consumer<byte[]> done;
    private final Runnable tooLarge;
    private final Consumer<IOException> failed;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream(512);

    BodyCollector(ByteBufferPool buffers, int limit, Consumer<byte[]> done, Runnable tooLarge,
            Consumer<IOException> failed) {
        this.buffers = buffers;
        this.limit = limit;
        this.done = done;
        this.tooLarge = tooLarge;
        this.failed = failed;
    }

    void start(StreamSourceChannel channel) {
        handleEvent(channel);
    }

    @Override
    public void handleEvent(StreamSourceChannel channel) {
        try (PooledByteBuffer pooled = buffers.allocate()) {
            ByteBuffer buffer = pooled.getBuffer();
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n == 0) {
                    channel.getReadSetter().set(this);
                    channel.resumeReads();
                    return;
                }
                if (n == -1) {
                    channel.suspendReads();
                    channel.getReadSetter().set(null);
                    IoUtils.safeClose(channel);
                    done.accept(body.toByteArray());
                    return;
                }
                buffer.flip();
                if (body.size() + buffer.remaining() > limit) {
                    channel.suspendReads();
                    channel.getReadSetter().set(null);
                    IoUtils.safeClose(channel);
                    tooLarge.run();
                    return;
                }
                if (buffer.hasArray()) {
                    body.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
                } else {
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    body.write(chunk, 0, chunk.length);
                }
            }
        } catch (IOException e) {
            channel.suspendReads();
            IoUtils.safeClose(channel);
            failed.accept(e);
        }
    }
}
