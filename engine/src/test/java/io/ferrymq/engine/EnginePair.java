package io.ferrymq.engine;

import io.netty.buffer.ByteBuf;

/** A client engine and a server engine joined in memory: {@link #pump()} carries bytes both ways. */
final class EnginePair {
    final Recorder clientEvents;
    final Recorder serverEvents;
    final Engine client;
    final Engine server;

    EnginePair(EngineOptions clientOptions, EngineOptions serverOptions) {
        this(clientOptions, new Recorder(), serverOptions, new Recorder().answering());
    }

    EnginePair(EngineOptions clientOptions, Recorder clientEvents, EngineOptions serverOptions, Recorder serverEvents) {
        this.clientEvents = clientEvents;
        this.serverEvents = serverEvents;
        this.client = Engine.client(clientOptions, clientEvents);
        this.server = Engine.server(serverOptions, serverEvents);
    }

    static EnginePair plain() {
        return new EnginePair(new EngineOptions().containerId("client"), new EngineOptions().containerId("server"));
    }

    /** Moves output between the engines until neither has any. Returns the bytes moved. */
    long pump() {
        long moved = 0;
        boolean progress = true;
        while (progress) {
            progress = false;
            ByteBuf b;
            while ((b = client.pollOutput()) != null) {
                moved += b.readableBytes();
                server.ingest(b);
                b.release();
                progress = true;
            }
            while ((b = server.pollOutput()) != null) {
                moved += b.readableBytes();
                client.ingest(b);
                b.release();
                progress = true;
            }
        }
        return moved;
    }

    /** Opens the connection and a session from the client, and pumps. */
    Session openSession() {
        client.connection().open();
        Session s = client.connection().session();
        s.begin();
        pump();
        return s;
    }
}
