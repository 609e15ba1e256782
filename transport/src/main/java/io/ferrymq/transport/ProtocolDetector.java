package io.ferrymq.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the first bytes of a new connection and sets up the pipeline for what they are: a
 * TLS handshake, the AMQP TLS header ({@code security.xml#doc-tls}: echoed, then TLS), an HTTP
 * request for a WebSocket, or AMQP itself. After TLS it looks again at the decrypted bytes.
 */
final class ProtocolDetector extends ByteToMessageDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetector.class);
    private static final byte[] TLS_HEADER = {'A', 'M', 'Q', 'P', 2, 1, 0, 0};

    private final ListenerOptions options;
    private final SslContext ssl;
    private final EngineFactory factory;
    private final String tlsKind;

    ProtocolDetector(ListenerOptions options, SslContext ssl, EngineFactory factory, String tlsKind) {
        this.options = options;
        this.ssl = ssl;
        this.factory = factory;
        this.tlsKind = tlsKind;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 8) {
            return;
        }
        ChannelPipeline p = ctx.pipeline();
        boolean secure = tlsKind != null;
        int first = in.getUnsignedByte(in.readerIndex());
        if (first == 0x16 && ssl != null && !secure) {
            // A TLS record: a handshake directly on the port.
            p.addAfter(ctx.name(), "detect-tls", new ProtocolDetector(options, null, factory, "tls"));
            p.addAfter(ctx.name(), "ssl", ssl.newHandler(ctx.alloc()));
            p.remove(this);
            return;
        }
        if (startsWith(in, TLS_HEADER) && ssl != null && !secure) {
            in.skipBytes(TLS_HEADER.length);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TLS_HEADER));
            p.addAfter(ctx.name(), "detect-tls", new ProtocolDetector(options, null, factory, "amqp-tls"));
            p.addAfter(ctx.name(), "ssl", ssl.newHandler(ctx.alloc()));
            p.remove(this);
            return;
        }
        if (!secure && !options.allowPlain()) {
            // security.xml#doc-tls: a server that needs TLS answers with the TLS header, then closes.
            LOG.debug(
                    "refusing an unencrypted connection from {}", ctx.channel().remoteAddress());
            in.skipBytes(in.readableBytes());
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TLS_HEADER)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (options.webSocketPath() != null && startsWith(in, "GET ".getBytes(StandardCharsets.US_ASCII))) {
            p.addAfter(ctx.name(), "http", new HttpServerCodec());
            p.addAfter("http", "http-aggregator", new HttpObjectAggregator(8192));
            p.addAfter(
                    "http-aggregator",
                    "websocket",
                    new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(options.webSocketPath())
                            .subprotocols("amqp")
                            .maxFramePayloadLength(options.maxWebSocketFrame())
                            .handleCloseFrames(true)
                            .build()));
            p.addAfter("websocket", "not-websocket", new NotWebSocket(options.webSocketPath()));
            p.addAfter("not-websocket", "websocket-binary", new WebSocketBinaryAdapter(false));
            p.addAfter(
                    "websocket-binary",
                    "engine",
                    new EngineBridge(factory, secure ? "wss" : "ws", OutboundLimits.of(options)));
            p.remove(this);
            return;
        }
        p.addAfter(
                ctx.name(), "engine", new EngineBridge(factory, secure ? tlsKind : "tcp", OutboundLimits.of(options)));
        p.remove(this);
    }

    /** Failed TLS handshakes, one line each, held to a rate (a scanner must not fill the log). */
    private static final AtomicLong FAILURES_LOGGED = new AtomicLong();

    /**
     * An error before the connection reached the engine (a TLS handshake that failed, mostly): one line with the peer
     * and the reason, and the socket closed. It used to reach the end of the pipeline, where Netty logged a warning with
     * a 35-line stack trace for every attempt.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        long n = FAILURES_LOGGED.incrementAndGet();
        if (n <= 100 || n % 1000 == 0) {
            LOG.info(
                    "closing {} before AMQP: {}{}",
                    ctx.channel().remoteAddress(),
                    EngineBridge.rootMessage(cause),
                    n > 100 ? " (" + n + " such so far)" : "");
        }
        ctx.close();
    }

    private static boolean startsWith(ByteBuf in, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (in.getByte(in.readerIndex() + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
