package io.ferrymq.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLException;

/** Accepts AMQP connections on one port and gives each its own engine. */
public final class AmqpListener implements AutoCloseable {
    private final Channel serverChannel;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ListenerOptions options;

    private AmqpListener(ListenerOptions options, Channel serverChannel) {
        this.options = options;
        this.serverChannel = serverChannel;
    }

    /**
     * Binds and starts accepting.
     *
     * @param acceptors the event loops that accept
     * @param workers the event loops that serve connections (each connection stays on one)
     * @throws IOException when the address cannot be bound or TLS cannot be set up
     */
    public static AmqpListener start(
            ListenerOptions options, EventLoopGroup acceptors, EventLoopGroup workers, EngineFactory factory)
            throws IOException {
        SslContext ssl;
        try {
            ssl = options.tls() == null ? null : options.tls().serverContext();
        } catch (SSLException e) {
            throw new IOException("TLS for " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        ChannelGroup[] group = new ChannelGroup[1];
        SocketAdmission admission = new SocketAdmission(options);
        ServerBootstrap b = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(Transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(
                        ChannelOption.WRITE_BUFFER_WATER_MARK,
                        new WriteBufferWaterMark(options.writeLowWaterMark(), options.writeHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (!admission.admit(ch)) {
                            return;
                        }
                        if (group[0] != null) {
                            group[0].add(ch);
                        }
                        ch.pipeline().addLast("detect", new ProtocolDetector(options, ssl, factory, null));
                    }
                });
        Channel channel;
        try {
            channel = b.bind(options.host(), options.port()).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding " + options.host() + ":" + options.port(), e);
        } catch (Exception e) {
            throw new IOException(
                    "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        AmqpListener listener = new AmqpListener(options, channel);
        group[0] = listener.connections;
        return listener;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    public ListenerOptions options() {
        return options;
    }

    /** Connections open now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Stops accepting; connections already open stay open. */
    public void stopAccepting() {
        serverChannel.close().syncUninterruptibly();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        stopAccepting();
        connections.close().awaitUninterruptibly();
    }
}
