package io.ferrymq.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** Chooses native epoll where it is available, Java NIO elsewhere. */
public final class Transports {
    private Transports() {}

    /** True when the native epoll transport can be used here (and is not switched off by -Dferry.epoll=false). */
    public static boolean epoll() {
        return Boolean.parseBoolean(System.getProperty("ferry.epoll", "true")) && Epoll.isAvailable();
    }

    /** A group of event loops, {@code threads} of them (0 for Netty's default: twice the cores). */
    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), factory);
    }

    public static Class<? extends ServerSocketChannel> serverChannel() {
        return epoll() ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public static Class<? extends SocketChannel> clientChannel() {
        return epoll() ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio": for the settings printed at start. */
    public static String name() {
        return epoll() ? "epoll" : "nio";
    }
}
