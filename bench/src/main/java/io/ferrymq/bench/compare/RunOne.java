package io.ferrymq.bench.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One run: a fresh server process (broker or sink, its data directory new and removed afterwards), the client
 * processes, the broker's CPU time read at each phase mark, its peak RSS read at the end. Logs are kept under
 * {@code logs/<row>/<target>-<round>/}; a run that hangs leaves the server's thread dump there.
 */
final class RunOne {
    private static final long BACKLOG_TIMEOUT_MILLIS = 40 * 60_000L;

    private final Launcher launcher;
    private final CompareOptions options;
    private final Path dataRoot;
    private final Integer artemisBufferTimeoutNanos;

    RunOne(Launcher launcher, CompareOptions options, Path dataRoot, Integer artemisBufferTimeoutNanos) {
        this.launcher = launcher;
        this.options = options;
        this.dataRoot = dataRoot;
        this.artemisBufferTimeoutNanos = artemisBufferTimeoutNanos;
    }

    /** Runs {@code w} against {@code target}; a run that fails is reported as such, not thrown. */
    Measurement run(Workload w, Target target, int round, double rate) {
        Path logDir = options.logs().resolve(w.id()).resolve(target.label() + "-" + round);
        Path data = dataRoot.resolve(w.id() + "-" + target.label() + "-" + round);
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(data);
            return measure(w, target, rate, logDir, data);
        } catch (Exception e) {
            System.err.printf(
                    "compare: %s against %s, round %d failed: %s (logs in %s)%n",
                    w.id(), target.label(), round, e, logDir);
            return Measurement.failed(target, "run failed: " + e.getMessage());
        } finally {
            delete(data);
        }
    }

    private Measurement measure(Workload w, Target target, double rate, Path logDir, Path data) throws Exception {
        int port = freePort();
        Target.Launch launch =
                new Target.Launch(port, data, w.heap(), w.bodyBytes(), options.credit(), artemisBufferTimeoutNanos);
        try (BrokerProcess server =
                BrokerProcess.start(target.command(launcher, launch), logDir.resolve("server.log"))) {
            LoadSpec spec = new LoadSpec(
                    w, port, options.credit(), options.warmupMillis(), options.measureMillis(), rate, 0, 1);
            int processes = w.kind() == Workload.Kind.BACKLOG ? 1 : options.clientProcesses();
            Map<String, ProcStats> marks = new ConcurrentHashMap<>();
            try (ClientProcesses clients = ClientProcesses.start(launcher, spec, processes, logDir)) {
                clients.awaitReady(60_000);
                ClientRun run;
                try {
                    run = clients.run(mark -> marks.put(mark, stats(server)), drainPolicy(w, target), timeoutMillis(w));
                } catch (TimeoutException e) {
                    server.threadDump(launcher.java(), logDir.resolve("server-threads.txt"));
                    throw e;
                }
                return Measurement.of(target, w, run, marks, server.stats());
            }
        }
    }

    private DrainPolicy drainPolicy(Workload w, Target target) {
        if (w.kind() == Workload.Kind.BACKLOG) {
            return new DrainPolicy(true, 30_000, BACKLOG_TIMEOUT_MILLIS);
        }
        return new DrainPolicy(
                target != Target.SINK, options.quick() ? 3_000 : 5_000, options.quick() ? 20_000 : 60_000);
    }

    private long timeoutMillis(Workload w) {
        if (w.kind() == Workload.Kind.BACKLOG) {
            return BACKLOG_TIMEOUT_MILLIS + 60_000;
        }
        return options.warmupMillis() + options.measureMillis() + 3 * 60_000;
    }

    private static ProcStats stats(BrokerProcess server) {
        try {
            return server.stats();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("compare: could not remove " + dir + ": " + e.getMessage());
        }
    }
}
