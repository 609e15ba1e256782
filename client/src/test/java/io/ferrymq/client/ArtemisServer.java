package io.ferrymq.client;

import io.ferrymq.testsupport.Ports;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * ActiveMQ Artemis embedded in the test JVM, with an AMQP acceptor on a free loopback port,
 * security off, and addresses and queues created on demand as anycast (so messages sent before
 * a receiver attaches are kept).
 */
public final class ArtemisServer implements TestServer {
    private final Path dataDir;
    private final boolean persistent;
    private final int port;
    private EmbeddedActiveMQ server;

    private ArtemisServer(Path dataDir, boolean persistent, int port) {
        this.dataDir = dataDir;
        this.persistent = persistent;
        this.port = port;
    }

    /** Starts Artemis keeping its journal (and large messages) under {@code dataDir}. */
    public static ArtemisServer start(Path dataDir, boolean persistent) throws Exception {
        ArtemisServer s = new ArtemisServer(dataDir, persistent, Ports.free());
        s.start();
        return s;
    }

    @Override
    public void start() throws Exception {
        Configuration config = new ConfigurationImpl();
        config.setName("artemis-test");
        config.setPersistenceEnabled(persistent);
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setJournalType(JournalType.NIO);
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        config.setNodeManagerLockDirectory(dataDir.resolve("lock").toString());
        config.setCriticalAnalyzer(false);
        config.setMaxDiskUsage(100);
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        AddressSettings settings = new AddressSettings()
                .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                .setAutoCreateAddresses(true)
                .setAutoCreateQueues(true)
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false);
        config.addAddressSetting("#", settings);
        server = new EmbeddedActiveMQ();
        server.setConfiguration(config);
        server.start();
    }

    @Override
    public String name() {
        return "artemis";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
