package io.ferrymq.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/** Opens client connections: TCP, TLS (directly or after the AMQP TLS header), or WebSocket. */
public final class AmqpConnector {
    private static final byte[] TLS_HEADER = {'A', 'M', 'Q', 'P', 2, 1, 0, 0};

    private AmqpConnector() {}

    /**
     * Connects, and once the connection is ready for AMQP (TLS and WebSocket handshakes started),
     * makes its engine with {@code factory}. The future completes with the connection, or
     * exceptionally when it cannot be made.
     */
    public static CompletableFuture<ConnectionContext> connect(
            ConnectOptions options, EventLoopGroup group, EngineFactory factory) {
        CompletableFuture<ConnectionContext> result = new CompletableFuture<>();
        SslContext ssl;
        try {
            ssl = options.tls() == null ? null : options.tls().clientContext();
        } catch (SSLException e) {
            result.completeExceptionally(e);
            return result;
        }
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(Transports.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, options.connectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        String kind = options.webSocketPath() != null
                                ? (ssl != null ? "wss" : "ws")
                                : ssl != null ? (options.tlsHeader() ? "amqp-tls" : "tls") : "tcp";
                        EngineBridge bridge = new EngineBridge(factory, kind, OutboundLimits.CLIENT, result::complete);
                        if (ssl != null && options.tlsHeader()) {
                            p.addLast("tls-header", new TlsHeaderExchange(() -> {
                                p.addLast("ssl", sslHandler(ssl, ch, options));
                                addRest(p, options, bridge);
                            }));
                            return;
                        }
                        if (ssl != null) {
                            p.addLast("ssl", sslHandler(ssl, ch, options));
                        }
                        addRest(p, options, bridge);
                    }
                });
        b.connect(options.host(), options.port()).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    private static SslHandler sslHandler(SslContext ssl, SocketChannel ch, ConnectOptions options) {
        SslHandler handler = ssl.newHandler(ch.alloc(), options.host(), options.port());
        if (options.tls().verifyHost()) {
            SSLEngine engine = handler.engine();
            SSLParameters params = engine.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(params);
        }
        return handler;
    }

    private static void addRest(ChannelPipeline p, ConnectOptions options, EngineBridge bridge) {
        if (options.webSocketPath() == null) {
            p.addLast("engine", bridge);
            return;
        }
        String scheme = options.tls() != null ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + options.host() + ":" + options.port() + options.webSocketPath());
        p.addLast("http", new HttpClientCodec());
        p.addLast("http-aggregator", new HttpObjectAggregator(8192));
        p.addLast(
                "websocket",
                new WebSocketClientProtocolHandler(WebSocketClientHandshakerFactory.newHandshaker(
                        uri, WebSocketVersion.V13, "amqp", false, new DefaultHttpHeaders(), 1024 * 1024)));
        p.addLast("websocket-binary", new WebSocketBinaryAdapter(true));
        p.addLast("websocket-ready", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                    ctx.pipeline().replace(this, "engine", bridge);
                }
                ctx.fireUserEventTriggered(evt);
            }
        });
    }

    /** Sends the AMQP TLS header, checks the server echoes it, then lets TLS start. */
    private static final class TlsHeaderExchange extends ChannelInboundHandlerAdapter {
        private final Runnable then;
        private ByteBuf received = Unpooled.buffer(8);

        TlsHeaderExchange(Runnable then) {
            this.then = then;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(TLS_HEADER));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                received.writeBytes(in, Math.min(in.readableBytes(), 8 - received.readableBytes()));
                if (received.readableBytes() < 8) {
                    return;
                }
                for (int i = 0; i < 8; i++) {
                    if (received.getByte(i) != TLS_HEADER[i]) {
                        ctx.close();
                        return;
                    }
                }
                ctx.pipeline().remove(this);
                then.run();
                if (in.isReadable()) {
                    ctx.pipeline().fireChannelRead(in.retain());
                }
            } finally {
                in.release();
            }
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            if (received != null) {
                received.release();
                received = null;
            }
        }
    }
}
