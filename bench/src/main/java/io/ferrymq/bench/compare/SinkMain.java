package io.ferrymq.bench.compare;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link SinkServer} in a JVM of its own until SIGTERM.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ferrymq.bench.compare.SinkMain --port 5672 --body 1024
 * </pre>
 */
public final class SinkMain {
    private SinkMain() {}

    public static void main(String[] args) throws Exception {
        int port = 5672;
        int body = 1024;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--body" -> body = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        SinkServer sink = SinkServer.start(port, body);
        System.out.println("sink ready on port " + sink.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sink.close();
                            stopped.countDown();
                        },
                        "sink-shutdown"));
        stopped.await();
    }
}
