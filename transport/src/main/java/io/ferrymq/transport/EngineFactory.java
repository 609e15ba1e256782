package io.ferrymq.transport;

import io.ferrymq.engine.Engine;

/** Makes the engine for a new connection; called on the connection's event loop. */
@FunctionalInterface
public interface EngineFactory {
    Engine create(ConnectionContext context);
}
