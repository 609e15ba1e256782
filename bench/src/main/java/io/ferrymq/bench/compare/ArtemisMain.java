package io.ferrymq.bench.compare;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/**
 * ActiveMQ Artemis as bench/compare runs it, in a JVM of its own, set up as the Ferry broker is by default: an AMQP
 * acceptor on loopback, persistence on with every durable message forced to disk before it is acknowledged
 * (journal-sync-transactional and journal-sync-non-transactional, datasync), security off, addresses and queues
 * created on demand as anycast unless the client asks for a topic, and at most half the heap held in message memory
 * (the global-max-size; Ferry's default memory limit is also half the heap). Runs until SIGTERM.
 *
 * <pre>
 * java -Xmx1g -cp bench/target/benchmarks.jar io.ferrymq.bench.compare.ArtemisMain \
 *     --port 5672 --data DIR [--buffer-timeout-ns N] [--credits 1000]
 * </pre>
 *
 * <p>The journal is NIO: the ASYNCIO journal needs libaio, which these machines do not have. Its buffer timeout (how
 * long the journal gathers writes before one force) is what {@code artemis create} would set on this disk: the time
 * of one write and force, measured by the harness and passed in; without it, Artemis's default for NIO.
 */
public final class ArtemisMain {
    private ArtemisMain() {}

    public static void main(String[] args) throws Exception {
        int port = 5672;
        Path data = Path.of("artemis-data");
        Integer bufferTimeoutNanos = null;
        int credits = 1000;
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(v);
                case "--data" -> data = Path.of(v);
                case "--buffer-timeout-ns" -> bufferTimeoutNanos = Integer.parseInt(v);
                case "--credits" -> credits = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(configuration(port, data, bufferTimeoutNanos, credits));
        server.start();
        System.out.println("Artemis ready on port " + port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.stop();
                            } catch (Exception e) {
                                System.err.println("stopping Artemis failed: " + e);
                            }
                            stopped.countDown();
                        },
                        "artemis-shutdown"));
        stopped.await();
    }

    static Configuration configuration(int port, Path data, Integer bufferTimeoutNanos, int credits) throws Exception {
        Configuration config = new ConfigurationImpl();
        config.setName("artemis-compare");
        config.setPersistenceEnabled(true);
        config.setJournalType(JournalType.NIO);
        config.setJournalSyncTransactional(true);
        config.setJournalSyncNonTransactional(true);
        config.setJournalDatasync(true);
        if (bufferTimeoutNanos != null) {
            config.setJournalBufferTimeout_NIO(bufferTimeoutNanos);
        }
        config.setJournalDirectory(data.resolve("journal").toString());
        config.setBindingsDirectory(data.resolve("bindings").toString());
        config.setLargeMessagesDirectory(data.resolve("large-messages").toString());
        config.setPagingDirectory(data.resolve("paging").toString());
        config.setNodeManagerLockDirectory(data.resolve("lock").toString());
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setCriticalAnalyzer(false);
        config.setMaxDiskUsage(100);
        config.setGlobalMaxSize(Runtime.getRuntime().maxMemory() / 2);
        config.addAcceptorConfiguration(
                "amqp",
                "tcp://127.0.0.1:" + port + "?protocols=AMQP;amqpCredits=" + credits + ";amqpLowCredits="
                        + Math.max(1, credits * 3 / 10));
        config.addAddressSetting(
                "#",
                new AddressSettings()
                        .setDefaultAddressRoutingType(RoutingType.ANYCAST)
                        .setDefaultQueueRoutingType(RoutingType.ANYCAST)
                        .setAutoCreateAddresses(true)
                        .setAutoCreateQueues(true)
                        .setAutoDeleteAddresses(false)
                        .setAutoDeleteQueues(false));
        return config;
    }
}
