package io.ferrymq.client;

import java.nio.file.Path;

/**
 * Embedded Artemis in a JVM of its own, for {@link LargeStreamIT}: Artemis 2.55 reads each AMQP
 * large message whole into one array when it completes (AMQPLargeMessageReader ->
 * getDeliveryAnnotations -> AMQPLargeMessage.getData), so it needs a heap larger than the
 * message, bigger than the test JVM's. Prints {@code ready PORT}, then runs until standard input
 * closes. Arguments: data directory.
 */
public final class ArtemisMain {
    private ArtemisMain() {}

    public static void main(String[] args) throws Exception {
        ArtemisServer server = ArtemisServer.start(Path.of(args[0]), true);
        System.out.println("ready " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our input
        }
        server.close();
        System.exit(0);
    }
}
