/**
 * The AMQP 1.0 protocol engine ({@code transport.xml}, {@code security.xml}): frames,
 * connections, sessions, links, flow control, deliveries and settlement, and SASL.
 *
 * <p>The engine does no IO and owns no thread. Bytes from the network go in through
 * {@link io.ferrymq.engine.Engine#ingest}, bytes for the network come out of
 * {@link io.ferrymq.engine.Engine#pollOutput}, and the engine is told the time through
 * {@link io.ferrymq.engine.Engine#tick}. What happens is reported to one
 * {@link io.ferrymq.engine.EngineHandler}, synchronously, while the engine is being driven.
 *
 * <p>Everything here is single-threaded: one thread at a time (in Ferry, the channel's event
 * loop) calls into an engine and the objects it owns. Handlers may call back into the engine.
 */
package io.ferrymq.engine;
