package io.ferrymq.transport;

import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.transport.ConnectionError;
import io.ferrymq.engine.EndpointState;
import io.ferrymq.engine.Engine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SingleThreadEventLoop;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one engine from one channel, on the channel's event loop: bytes read go into the
 * engine; after each round of the event loop (its reads and tasks), its output is written and
 * flushed at once; the engine's timer runs as a scheduled task; a closed socket ends the engine.
 *
 * <p>Output moves from the engine to the socket only while the socket is writable (below its
 * high water mark): a peer that does not read holds at most that much in the socket's buffer,
 * the rest stays in the engine, and the application is told ({@link #isWritable()}) to make no
 * more. A peer that takes nothing for {@link OutboundLimits#unreadTimeoutMillis()} is closed, as
 * is one whose unwritten output passes {@link OutboundLimits#maxUnwrittenBytes()}.
 */
final class EngineBridge extends ChannelDuplexHandler implements ConnectionContext {
    private static final Logger LOG = LoggerFactory.getLogger(EngineBridge.class);

    private final EngineFactory factory;
    private final String kind;
    private final OutboundLimits limits;
    private final Consumer<ConnectionContext> onStart;
    private ChannelHandlerContext ctx;
    private Engine engine;
    private String tlsPrincipal;
    private ScheduledFuture<?> tickTask;
    private long tickDeadline;
    private boolean pausedByApplication;
    private Runnable writabilityListener;
    private LongConsumer unwrittenListener;
    /** Checks whether a peer whose socket is full reads anything; null while the socket is writable. */
    private ScheduledFuture<?> unreadCheck;

    private long pendingAtUnreadCheck;
    private boolean flushPending;
    // One Runnable for the connection, not a new one each time a flush is scheduled.
    @SuppressWarnings("UnnecessaryLambda")
    private final Runnable deferredFlush = () -> {
        flushPending = false;
        flush();
    };

    EngineBridge(EngineFactory factory, String kind, OutboundLimits limits) {
        this(factory, kind, limits, null);
    }

    /** {@code onStart} hears of the connection once its engine exists. */
    EngineBridge(EngineFactory factory, String kind, OutboundLimits limits, Consumer<ConnectionContext> onStart) {
        this.factory = factory;
        this.kind = kind;
        this.limits = limits;
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
        highWaterMark = ctx.channel().config().getWriteBufferHighWaterMark(); // read per claim after this: kept
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
        long openTimeout = limits.openTimeoutMillis();
        if (openTimeout > 0) {
            ctx.executor()
                    .schedule(
                            () -> {
                                if (engine.connection().remoteState() == EndpointState.UNINITIALIZED
                                        && ctx.channel().isActive()) {
                                    LOG.info(
                                            "closing {}: no AMQP open within {} ms",
                                            ctx.channel().remoteAddress(),
                                            openTimeout);
                                    ctx.close();
                                }
                            },
                            openTimeout,
                            TimeUnit.MILLISECONDS);
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
            engine.fail(new ErrorCondition(
                    ConnectionError.CONNECTION_FORCED, "TLS handshake failed: " + rootMessage(done.cause())));
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
        if (writable) {
            stopUnreadCheck();
            if (writabilityListener != null) {
                writabilityListener.run();
            }
            flush();
        } else {
            startUnreadCheck();
            reportUnwritten();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (tickTask != null) {
            tickTask.cancel(false);
        }
        stopUnreadCheck();
        if (engine != null) {
            engine.transportClosed();
        }
        if (unwrittenListener != null) {
            unwrittenListener.accept(0);
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
        writeOutput();
        if (engine.isFinished()) {
            finish();
            return;
        }
        tick();
    }

    /** How long a finished connection reads (and drops) what its peer still sends before the socket is closed. */
    static final long LINGER_MILLIS = 2_000;

    private boolean finishing;
    /** The socket's write high water mark, which also bounds the output the engine may hold besides. */
    private int highWaterMark;

    /**
     * Ends the connection once the engine has written its last frame (its close). Closing a TCP socket with bytes from
     * the peer unread sends a reset, and a peer still sending (a producer whose connection the broker closed for
     * holding too much) lost the close frame with the reason in it and saw only "connection reset". So on a plain
     * socket the output is shut (the peer reads the close, then the end), what the peer still sends is read and
     * dropped, and the socket is closed when the peer closes it or after {@link #LINGER_MILLIS}. Under TLS the socket
     * is closed at once, as before.
     */
    private void finish() {
        if (finishing) {
            return;
        }
        finishing = true;
        if (ctx.channel() instanceof DuplexChannel duplex
                && duplex.isActive()
                && ctx.pipeline().get(SslHandler.class) == null
                && ctx.pipeline().get(WebSocketBinaryAdapter.class) == null) {
            // Shutting the output fails writes still pending: it waits for the last one (the close) to be written.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(written -> {
                if (!written.isSuccess()) {
                    ctx.close();
                    return;
                }
                duplex.shutdownOutput().addListener(shut -> {
                    if (!shut.isSuccess()) {
                        ctx.close();
                        return;
                    }
                    ctx.channel().config().setAutoRead(true);
                    ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
                });
            });
        } else {
            ctx.close();
        }
    }

    /**
     * Moves the engine's output into the socket while it is writable, and flushes it. Past the high water mark the
     * rest stays in the engine until the socket drains ({@link #channelWritabilityChanged}).
     */
    private void writeOutput() {
        boolean engineWasFull = engineFull();
        boolean wrote = false;
        ByteBuf out;
        while (ctx.channel().isWritable() && (out = engine.pollOutput()) != null) {
            ctx.write(out, ctx.voidPromise());
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (!ctx.channel().isWritable() && ctx.channel().isActive()) {
            startUnreadCheck();
        } else if (engineWasFull && !engineFull() && writabilityListener != null) {
            writabilityListener.run(); // writable again without the socket having been full
        }
        reportUnwritten();
    }

    /** Whether the engine holds a socket buffer's worth of output not yet moved to the socket. */
    private boolean engineFull() {
        return engine.pendingOutputBytes() >= highWaterMark;
    }

    /** Output built and not yet taken by the peer: in the engine, and in the socket's outbound buffer. */
    long unwrittenBytes() {
        var buffer = ctx.channel().unsafe().outboundBuffer();
        return engine.pendingOutputBytes() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
    }

    /**
     * Tells the application how much output waits unwritten (after every write: it may have made output since the
     * last report that the socket has taken already), and closes a connection past its bound. While the socket holds
     * output it writes as it can, with no event for that, so a report is also made every {@link #DRAIN_CHECK_MILLIS}
     * until it has none.
     */
    private void reportUnwritten() {
        long unwritten = unwrittenBytes();
        if (unwritten > limits.maxUnwrittenBytes() && ctx.channel().isActive()) {
            LOG.info(
                    "closing {}: {} bytes of output wait unwritten, more than the {} a connection may have",
                    ctx.channel().remoteAddress(),
                    unwritten,
                    limits.maxUnwrittenBytes());
            ctx.close();
        }
        if (unwrittenListener != null) {
            unwrittenListener.accept(unwritten);
            if (unwritten > 0 && !drainCheck && ctx.channel().isActive()) {
                drainCheck = true;
                ctx.executor()
                        .schedule(
                                () -> {
                                    drainCheck = false;
                                    if (ctx.channel().isActive()) {
                                        reportUnwritten();
                                    }
                                },
                                DRAIN_CHECK_MILLIS,
                                TimeUnit.MILLISECONDS);
            }
        }
    }

    private static final long DRAIN_CHECK_MILLIS = 20;
    private boolean drainCheck;

    /**
     * Watches a socket that turned full: each {@link OutboundLimits#unreadTimeoutMillis()} it must have taken some of
     * its buffer (the peer read something), or the connection is closed. A peer that stops reading would otherwise
     * hold its connection's output, and whatever the application keeps for it, for as long as it likes.
     */
    private void startUnreadCheck() {
        var buffer = ctx.channel().unsafe().outboundBuffer();
        if (unreadCheck != null || limits.unreadTimeoutMillis() <= 0 || buffer == null) {
            return;
        }
        pendingAtUnreadCheck = buffer.totalPendingWriteBytes();
        unreadCheck = ctx.executor().schedule(this::checkUnread, limits.unreadTimeoutMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkUnread() {
        unreadCheck = null;
        var buffer = ctx.channel().unsafe().outboundBuffer();
        if (ctx.channel().isWritable() || buffer == null || !ctx.channel().isActive()) {
            return;
        }
        // Nothing is added to a full socket's buffer, so it shrinks only as the peer reads.
        if (buffer.totalPendingWriteBytes() >= pendingAtUnreadCheck) {
            LOG.info(
                    "closing {}: the peer read nothing for {} ms ({} bytes wait to be written)",
                    ctx.channel().remoteAddress(),
                    limits.unreadTimeoutMillis(),
                    unwrittenBytes());
            ctx.close();
            return;
        }
        startUnreadCheck(); // it read some: slow, not gone
    }

    private void stopUnreadCheck() {
        if (unreadCheck != null) {
            unreadCheck.cancel(false);
            unreadCheck = null;
        }
    }

    private void tick() {
        long deadline = engine.tick(now());
        if (engine.hasOutput()) {
            writeOutput();
        }
        if (engine.isFinished()) {
            finish();
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

    /**
     * The socket is below its high water mark and the engine holds less than that besides: an application that makes
     * output on the event loop between flushes (a queue dispatching to a consumer there) sees the output it made, not
     * only what reached the socket. Read from another thread, the engine's count may be a little stale.
     */
    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable() && (engine == null || !engineFull());
    }

    @Override
    public void onWritable(Runnable listener) {
        this.writabilityListener = listener;
    }

    @Override
    public void onUnwrittenBytes(LongConsumer listener) {
        this.unwrittenListener = listener;
    }

    @Override
    public void close() {
        execute(() -> ctx.close());
    }
}
