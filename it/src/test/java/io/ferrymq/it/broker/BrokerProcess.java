package io.ferrymq.it.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A broker in a child JVM, started as {@code ferry broker} is ({@code io.ferrymq.cli.Ferry}, on
 * this test's class path, with the JVM's default heap), so that a test can stop it cleanly
 * (SIGTERM) or kill it (SIGKILL) and start another on the same data directory.
 */
final class BrokerProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("Ferry broker ready on port\\(s\\) \\[(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final Process process;
    final Path log;
    final int port;

    private BrokerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts a broker on {@code dataDir} listening on a free port, its output going to
     * {@code log}; returns once it says it is ready.
     */
    static BrokerProcess start(Path dataDir, Path log, String... jvmOptions) throws IOException {
        return start(dataDir, log, List.of(jvmOptions));
    }

    /** As {@link #start(Path, Path, String...)}, with {@code brokerArgs} after {@code ferry broker}'s own. */
    static BrokerProcess start(Path dataDir, Path log, List<String> jvmOptions, String... brokerArgs)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ferrymq.cli.Ferry", "broker",
                "--port", "0", "--data", dataDir.toString()));
        command.addAll(List.of(brokerArgs));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int[] port = new int[1];
        try {
            Await.until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the broker exited with " + p.exitValue() + " before it was ready:\n"
                            + read(log));
                }
                Matcher m = READY.matcher(read(log));
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(1));
                    return true;
                }
                return false;
            }, START_TIMEOUT, () -> "the broker to start:\n" + read(log));
        } catch (RuntimeException | Error e) {
            p.destroyForcibly();
            throw e;
        }
        return new BrokerProcess(p, log, port[0]);
    }

    static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: the broker gets no chance to do anything. Returns the exit status. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return await();
    }

    /** SIGTERM: the broker's shutdown hook stops it cleanly. Returns the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        return await();
    }

    private int await() throws InterruptedException {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the broker did not exit:\n" + read(log));
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
