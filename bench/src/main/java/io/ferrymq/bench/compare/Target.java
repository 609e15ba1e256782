package io.ferrymq.bench.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the client is pointed at: the sink (no broker), the Ferry broker or ActiveMQ Artemis. */
enum Target {
    SINK("sink"),
    FERRY("Ferry"),
    ARTEMIS("Artemis");

    /** What a server process of one run is started with. */
    record Launch(int port, Path dataDir, String heap, int bodyBytes, int credit, Integer artemisBufferTimeoutNanos) {}

    private final String label;

    Target(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** The command line of the server process for {@code launch}. */
    List<String> command(Launcher launcher, Launch launch) {
        String port = Integer.toString(launch.port());
        return switch (this) {
            case SINK ->
                launcher.main(
                        launch.heap(),
                        SinkMain.class,
                        List.of("--port", port, "--body", Integer.toString(launch.bodyBytes())));
            case FERRY ->
                launcher.ferry(
                        launch.heap(),
                        List.of(
                                "broker",
                                "--port",
                                port,
                                "--data",
                                launch.dataDir().toString()));
            case ARTEMIS -> {
                List<String> args = new ArrayList<>(List.of(
                        "--port",
                        port,
                        "--data",
                        launch.dataDir().toString(),
                        "--credits",
                        Integer.toString(launch.credit())));
                if (launch.artemisBufferTimeoutNanos() != null) {
                    args.add("--buffer-timeout-ns");
                    args.add(launch.artemisBufferTimeoutNanos().toString());
                }
                yield launcher.main(launch.heap(), ArtemisMain.class, args);
            }
        };
    }
}
