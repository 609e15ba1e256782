package io.ferrymq.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Port numbers for tests. */
public final class Ports {
    private Ports() {}

    /**
     * A port no one listens on at the moment of asking: for a server that must be told its port before it starts,
     * or for a client that must find no server there.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
