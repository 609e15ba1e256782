/**
 * Netty glue between sockets and protocol engines: an {@link io.ferrymq.transport.AmqpListener}
 * accepts TCP connections (plain, TLS, the AMQP TLS header, or WebSocket, all on one port if
 * wanted), an {@link io.ferrymq.transport.AmqpConnector} makes them, and each channel drives one
 * {@link io.ferrymq.engine.Engine} on its event loop.
 *
 * <p>Back-pressure: when a channel's outbound buffer passes its high watermark, the channel
 * stops reading, so a peer that does not read cannot make the other end buffer without limit;
 * the application can also pause reading ({@link io.ferrymq.transport.ConnectionContext#pauseReading()}).
 */
package io.ferrymq.transport;
