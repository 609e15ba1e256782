package io.ferrymq.transport;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every socket a listener accepts counts from the moment of accept, not from its AMQP open: at most
 * {@link ListenerOptions#maxSockets()} at once and {@link ListenerOptions#maxSocketsPerSource()} from one source
 * address, and one that has not reached the AMQP stage (its protocol header, or a TLS handshake) within the open
 * timeout is closed. Sockets that sent fewer than 8 bytes were neither counted nor ever closed, and 21,000 of them ran
 * a broker out of file descriptors.
 */
final class SocketAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(SocketAdmission.class);

    private final ListenerOptions options;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final AtomicInteger refused = new AtomicInteger();

    SocketAdmission(ListenerOptions options) {
        this.options = options;
    }

    /** Counts an accepted socket, or closes it at once when a cap is reached; true when it may go on. */
    boolean admit(Channel ch) {
        InetAddress source = ch.remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        AtomicInteger fromSource = source == null ? null : perSource.computeIfAbsent(source, s -> new AtomicInteger());
        int total = open.incrementAndGet();
        int mine = fromSource == null ? 0 : fromSource.incrementAndGet();
        ch.closeFuture().addListener(f -> release(source, fromSource));
        if (total > options.maxSockets() || mine > options.maxSocketsPerSource()) {
            if (refused.getAndIncrement() % 1000 == 0) {
                LOG.warn(
                        "refusing connections from {}: {} open ({} from that address), the limits are {} and {} per "
                                + "source address",
                        source,
                        total,
                        mine,
                        options.maxSockets(),
                        options.maxSocketsPerSource());
            }
            ch.close();
            return false;
        }
        if (options.openTimeoutMillis() > 0) {
            ch.eventLoop()
                    .schedule(
                            () -> {
                                if (ch.isActive() && ch.pipeline().get(EngineBridge.class) == null) {
                                    LOG.debug(
                                            "closing {}: no AMQP within {} ms of accepting it",
                                            ch.remoteAddress(),
                                            options.openTimeoutMillis());
                                    ch.close();
                                }
                            },
                            options.openTimeoutMillis(),
                            TimeUnit.MILLISECONDS);
        }
        return true;
    }

    private void release(InetAddress source, AtomicInteger fromSource) {
        open.decrementAndGet();
        if (fromSource != null && fromSource.decrementAndGet() <= 0) {
            perSource.remove(source, fromSource);
        }
    }

    /** Sockets open now. */
    int open() {
        return open.get();
    }
}
