package io.ferrymq.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of tests that run each case against embedded Artemis and against the Ferry broker:
 * both servers start once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServersIT {
    protected List<TestServer> servers;
    protected Client client;
    private Path dir;

    @BeforeAll
    void startServers() throws Exception {
        dir = Files.createTempDirectory("ferry-client-it");
        servers = List.of(
                ArtemisServer.start(dir.resolve("artemis"), persistent()), FerryServer.start(dir.resolve("ferry")));
        client = Client.create(
                new ClientOptions().containerId("client-it-" + getClass().getSimpleName()));
    }

    /** Whether Artemis keeps a journal (off where a test needs no durability). */
    protected boolean persistent() {
        return false;
    }

    @AfterAll
    void stopServers() throws Exception {
        client.close();
        for (TestServer s : servers) {
            s.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    Stream<TestServer> servers() {
        return servers.stream();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
