package io.ferrymq.client;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.config.BrokerConfig;
import java.nio.file.Path;

/** Ferry's own broker in the test JVM, on a loopback port, its journal under a test directory. */
public final class FerryServer implements TestServer {
    private final Path dataDir;
    private int port;
    private Broker broker;

    private FerryServer(Path dataDir) {
        this.dataDir = dataDir;
    }

    public static FerryServer start(Path dataDir) throws Exception {
        FerryServer s = new FerryServer(dataDir);
        s.start();
        return s;
    }

    @Override
    public void start() throws Exception {
        broker = Broker.start(BrokerConfig.defaults().withDataDir(dataDir).withPort(port));
        port = broker.ports().get(0);
    }

    @Override
    public String name() {
        return "ferry";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public String toString() {
        return name();
    }
}
