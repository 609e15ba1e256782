package io.ferrymq.transport;

import io.ferrymq.engine.Engine;
import java.net.SocketAddress;
import java.util.function.LongConsumer;

/**
 * One network connection as the application sees it: its engine, where it comes from, and a way
 * to run code on its event loop (the only thread that may touch the engine).
 */
public interface ConnectionContext {
    /** The engine of this connection; touch it only on the event loop. */
    Engine engine();

    SocketAddress remoteAddress();

    SocketAddress localAddress();

    /** The identity of the peer's TLS certificate, or null. */
    String tlsPrincipal();

    /** True when the connection is encrypted (TLS, directly or after the AMQP TLS header). */
    boolean secure();

    /** How the connection arrived: "tcp", "tls", "amqp-tls" (TLS after the AMQP TLS header), "ws" or "wss". */
    String kind();

    /** Runs {@code task} on the connection's event loop, then sends whatever output it made. */
    void execute(Runnable task);

    /** True when on the connection's event loop. */
    boolean inEventLoop();

    /**
     * Sends the engine's pending output. Call it on the event loop after driving the engine from
     * outside a handler callback ({@link #execute} does so already).
     */
    void flush();

    /** Stops reading from the socket (back-pressure from the application). */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}, unless the socket itself is full. */
    void resumeReading();

    /**
     * True while the connection takes more output: its socket is below its high water mark, and the engine holds less
     * than that much output besides. Output made while it is false waits (in the engine) for the peer to read.
     */
    boolean isWritable();

    /** Runs {@code listener} on the event loop each time the connection can take output again. */
    void onWritable(Runnable listener);

    /**
     * Tells {@code listener}, on the event loop, how many bytes of output wait unwritten (built and not yet taken by
     * the peer) whenever that may have changed: after writes, as the socket fills or drains, and 0 once closed.
     */
    void onUnwrittenBytes(LongConsumer listener);

    /** Closes the socket (after sending pending output). */
    void close();
}
