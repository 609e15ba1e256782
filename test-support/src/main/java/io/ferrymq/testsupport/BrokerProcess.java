package io.ferrymq.testsupport;

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
 * A Ferry broker in a JVM of its own, started as {@code ferry broker} is ({@code io.ferrymq.cli.Ferry}, which must be
 * on the test's class path), listening on a free port, its standard output and error going to a log file. A test can
 * stop it cleanly (SIGTERM) or kill it (SIGKILL), and start another on the same data directory.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final String FERRY = "io.ferrymq.cli.Ferry";
    private static final Pattern READY = Pattern.compile("Ferry broker ready on port\\(s\\) \\[(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;

    private BrokerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * {@code ferry broker --port 0 --data dataDir}, then {@code brokerArgs}, in a JVM with the JVM's default options:
     * for a test that runs it to its end ({@link Command#run}), a broker that must refuse to start, say.
     */
    public static Command command(Path dataDir, String... brokerArgs) {
        return command(List.of(), dataDir, brokerArgs);
    }

    private static Command command(List<String> jvmOptions, Path dataDir, String... brokerArgs) {
        List<String> args = new ArrayList<>(List.of("broker", "--port", "0", "--data", dataDir.toString()));
        args.addAll(List.of(brokerArgs));
        return Command.javaMain(jvmOptions, FERRY, args.toArray(String[]::new));
    }

    /** Starts a broker on {@code dataDir}, its output going to {@code log}; returns once it says it is ready. */
    public static BrokerProcess start(Path dataDir, Path log, String... jvmOptions) throws IOException {
        return start(dataDir, log, List.of(jvmOptions));
    }

    /** As {@link #start(Path, Path, String...)}, with {@code brokerArgs} after {@code ferry broker}'s own. */
    public static BrokerProcess start(Path dataDir, Path log, List<String> jvmOptions, String... brokerArgs)
            throws IOException {
        Process process = command(jvmOptions, dataDir, brokerArgs)
                .processBuilder()
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            return new BrokerProcess(process, log, awaitReady(process, log));
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Waits for the line that says the broker is ready, and returns the port it names. */
    private static int awaitReady(Process process, Path log) {
        int[] port = new int[1];
        Await.until(
                () -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("the broker exited with " + process.exitValue()
                                + " before it was ready:\n" + read(log));
                    }
                    Matcher ready = READY.matcher(read(log));
                    if (ready.find()) {
                        port[0] = Integer.parseInt(ready.group(1));
                        return true;
                    }
                    return false;
                },
                START_TIMEOUT,
                () -> "the broker to start:\n" + read(log));
        return port[0];
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The port it listens on. */
    public int port() {
        return port;
    }

    /** What it has written to its log so far. */
    public String log() {
        return read(log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the broker gets no chance to do anything. Returns its exit status. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the broker's shutdown hook stops it cleanly. Returns its exit status. */
    public int stop() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the broker did not exit:\n" + read(log));
        }
        return process.exitValue();
    }

    /** Kills it if it still runs. */
    @Override
    public void close() {
        Processes.killIfAlive(process);
    }
}
