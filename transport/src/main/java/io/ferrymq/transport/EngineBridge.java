package io.ferrymq.transport;

import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one engine from one channel, on the channel's event loop: bytes read go into the
 * engine; after each round of the event loop (its reads and tasks), all of its output is
 * written and flushed at once; the engine's timer runs as a scheduled task; a closed socket
 * ends the engine.
 */
final class EngineBridge extends ChannelDuplexHandler implements ConnectionContext {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBridge.class);

    private final EngineFactory factory;
    private final String kind;
    private final long openTimeoutMillis;
    private final java.util.function.Consumer<ConnectionContext> onStart;
    private ChannelHandlerContext ctx;
    private Engine engine;
    private String tlsPrincipal;
    private ScheduledFuture<?> tickTask;
    private long tickDeadline;
    private boolean pausedByApplication;
    private Runnable writabilityListener;
    private boolean flushPending;
    private final Runnable deferredFlush = () -> {
        flushPending = false;
        flush();
    };

    EngineBridge(EngineFactory factory, String kind, long openTimeoutMillis) {
        this(factory, kind, openTimeoutMillis, null);
    }

    /** {@code onStart} hears of the connection once its engine exists. */
    EngineBridge(EngineFactory factory, String kind, long openTimeoutMillis,
            java.util.function.Consumer<ConnectionContext> onStart) {
        this.factory = factory;
        this.kind = kind;
        this.openTimeoutMillis = openTimeoutMillis;
        this.onStart = onStart;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    // ------------------------------------------------------------------ channel events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            start();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (engine == null) {
            start();
        }
        ctx.fireChannelActive();
    }

    private void start() {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl != null && ssl.handshakeFuture().isSuccess()) {
            tlsPrincipal = principalOf(ssl);
        }
        engine = factory.create(this);
        if (tlsPrincipal != null) {
            engine.tlsPrincipal(tlsPrincipal);
        }
        if (onStart != null) {
            onStart.accept(this);
        }
        if (openTimeoutMillis > 0) {
            ctx.executor().schedule(() -> {
                if (engine.connection().remoteState() == EndpointState.UNINITIALIZED && ctx.channel().isActive()) {
                    LOG.info("closing {}: no AMQP open within {} ms", ctx.channel().remoteAddress(), openTimeoutMillis);
                    ctx.close();
                }
            }, openTimeoutMillis, TimeUnit.MILLISECONDS);
        }
        flush();
    }

    private static String principalOf(SslHandler ssl) {
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return x509.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return null;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess() && engine != null) {
            // The handshake failed (an untrusted certificate, say): the application hears why at once, instead of
            // waiting for an open that never comes.
            engine.fail(new io.ferrymq.codec.transport.ErrorCondition(
                    io.ferrymq.codec.transport.ConnectionError.CONNECTION_FORCED,
                    "TLS handshake failed: " + rootMessage(done.cause())));
        }
        if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess() && tlsPrincipal == null) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (ssl != null) {
                tlsPrincipal = principalOf(ssl);
                if (engine != null && tlsPrincipal != null) {
                    engine.tlsPrincipal(tlsPrincipal);
                }
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            engine.ingest(bytes);
        } finally {
            bytes.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushSoon();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        // The peer is not reading what we send: stop reading what it sends until it catches up.
        ctx.channel().config().setAutoRead(writable && !pausedByApplication);
        if (writable && writabilityListener != null) {
            writabilityListener.run();
            flush();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        if (engine != null) {
            engine.transportClosed();
        }
        ctx.fireChannelInactive();
    }

    /** The innermost message of a TLS failure: "PKIX path building failed: ..." rather than Netty's wrappers. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() != null ? root.getMessage() : root.toString();
        return t != root && t.getMessage() != null && !t.getMessage().contains(m) ? t.getMessage() + ": " + m : m;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {} after {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    // ------------------------------------------------------------------ output and time

    @Override
    public void flush() {
        if (engine == null) {
            return;
        }
        boolean wrote = false;
        ByteBuf out;
        while ((out = engine.pollOutput()) != null) {
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (engine.isFinished()) {
            ctx.close();
            return;
        }
        tick();
    }

    private void tick() {
        long deadline = engine.tick(now());
        if (engine.hasOutput()) {
            ByteBuf out;
            while ((out = engine.pollOutput()) != null) {
                ctx.write(out, ctx.voidPromise());
            }
            ctx.flush();
        }
        if (engine.isFinished()) {
            ctx.close();
            return;
        }
        if (deadline > 0 && (tickTask == null || tickTask.isDone() || deadline < tickDeadline)) {
            if (tickTask != null) {
                tickTask.cancel(false);
            }
            tickDeadline = deadline;
            tickTask = ctx.executor().schedule(this::tick, Math.max(1, deadline - now()), TimeUnit.MILLISECONDS);
        }
    }

    // ------------------------------------------------------------------ ConnectionContext

    @Override
    public Engine engine() {
        return engine;
    }

    @Override
    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return ctx.channel().localAddress();
    }

    @Override
    public String tlsPrincipal() {
        return tlsPrincipal;
    }

    @Override
    public boolean secure() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public void execute(Runnable task) {
        if (ctx.executor().inEventLoop()) {
            task.run();
            flushSoon();
        } else {
            ctx.executor().execute(() -> {
                task.run();
                flushSoon();
            });
        }
    }

    /**
     * Flushes once the event loop has run this round's reads and tasks: what every connection on the loop produced in
     * the round goes out in one write per socket, not one per message (a write to a socket costs more CPU than the
     * rest of a small message's trip through the broker). Called on the event loop.
     */
    private void flushSoon() {
        if (flushPending) {
            return;
        }
        if (ctx.executor() instanceof SingleThreadEventLoop loop) {
            flushPending = true;
            try {
                loop.executeAfterEventLoopIteration(deferredFlush);
                return;
            } catch (RejectedExecutionException e) {
                flushPending = false; // the loop is shutting down: flush now
            }
        }
        flush();
    }

    @Override
    public boolean inEventLoop() {
        return ctx.executor().inEventLoop();
    }

    @Override
    public void pauseReading() {
        pausedByApplication = true;
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        pausedByApplication = false;
        if (ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Bytes the channel's outbound buffer takes before it turns unwritable (negative when past it). */
    long bytesBeforeUnwritable() {
        return ctx.channel().bytesBeforeUnwritable();
    }

    /** Whether the channel is reading (auto-read on). */
    boolean reading() {
        return ctx.channel().config().isAutoRead();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void onWritable(Runnable listener) {
        this.writabilityListener = listener;
    }

    @Override
    public void close() {
        execute(() -> ctx.close());
    }
}
