package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/compare --clients: Ferry's client ({@code ferry bench}) beside the Qpid protonj2 client (bench/compare's load
 * driver) doing the same workload against the same server, the Ferry broker and ActiveMQ Artemis each. Every run has
 * a fresh server process; each round runs protonj2 then Ferry's client on each server. Both leave the warm-up out and
 * report the messages their consumer received per second after it. Prints a markdown table of medians.
 */
public final class ClientCompare {
    private static final Pattern RATE = Pattern.compile("\"msgPerSecond\":([0-9.Ee+-]+)");

    /** One workload: 1 producer, 1 consumer, one queue. */
    private record Row(int size, boolean presettled) {
        Workload workload() {
            return Workload.throughput(Topology.ONE_TO_ONE, size, presettled, false);
        }
    }

    private final CompareOptions options;
    private final Launcher launcher;
    private final Path dataRoot;

    private ClientCompare(CompareOptions options, Path dataRoot) {
        this.options = options;
        this.launcher = Launcher.current(options.ferryJar());
        this.dataRoot = dataRoot;
    }

    static void run(CompareOptions options) throws IOException, InterruptedException {
        Path dataRoot = Files.createTempDirectory("ferry-client-compare-");
        try {
            new ClientCompare(options, dataRoot).runAll();
        } finally {
            RunOne.delete(dataRoot);
        }
    }

    private void runAll() throws IOException, InterruptedException {
        List<Row> rows = List.of(new Row(1024, false), new Row(100, true));
        StringBuilder table = new StringBuilder();
        table.append("| server | workload | protonj2 msgs/s | Ferry client msgs/s | Ferry client / protonj2 |\n");
        table.append("|---|---|---:|---:|---:|\n");
        for (Row row : rows) {
            for (Target server : List.of(Target.FERRY, Target.ARTEMIS)) {
                Map<String, List<Double>> rates = new TreeMap<>();
                for (int round = 1; round <= options.rounds(); round++) {
                    double p = protonj2(row, server, round);
                    double f = ferryClient(row, server, round);
                    System.err.printf(
                            "client-compare: %s on %s round %d: protonj2 %,.0f, Ferry client %,.0f msgs/s%n",
                            row.workload().id(), server.label(), round, p, f);
                    rates.computeIfAbsent("protonj2", k -> new ArrayList<>()).add(p);
                    rates.computeIfAbsent("ferry", k -> new ArrayList<>()).add(f);
                }
                double p = median(rates.get("protonj2"));
                double f = median(rates.get("ferry"));
                table.append(String.format(
                        "| %s | %s | %,.0f | %,.0f | %.2fx |%n",
                        server.label(), row.workload().label(), p, f, p > 0 ? f / p : 0));
            }
        }
        System.out.println();
        System.out.print(table);
    }

    /** A fresh server process for one run, its data under {@code data}, its log in {@code logDir}. */
    private BrokerProcess server(Row row, Target server, Path data, int port, Path logDir)
            throws IOException, InterruptedException {
        Target.Launch launch = new Target.Launch(port, data, "1g", row.size(), options.credit(), null);
        return BrokerProcess.start(server.command(launcher, launch), logDir.resolve("server.log"));
    }

    @SuppressWarnings("try") // the broker process runs for the try's length; nothing in it names it
    private double protonj2(Row row, Target server, int round) throws IOException, InterruptedException {
        Path logDir = logDir(row, server, "protonj2", round);
        Path data = dataRoot.resolve(logDir.getFileName() + "-" + server.label() + "-p");
        int port = RunOne.freePort();
        try (BrokerProcess b = server(row, server, data, port, logDir)) {
            LoadSpec spec = new LoadSpec(
                    row.workload(), port, options.credit(), options.warmupMillis(), options.measureMillis(), 0, 0, 1);
            try (ClientProcesses clients = ClientProcesses.start(launcher, spec, 1, logDir)) {
                clients.awaitReady(60_000);
                ClientRun run = clients.run(
                        mark -> {},
                        new DrainPolicy(true, 5_000, 60_000),
                        options.warmupMillis() + options.measureMillis() + 120_000);
                LoadResult r = run.result();
                if (r.failures() > 0) {
                    throw new IOException("protonj2 run failed: " + r.firstError());
                }
                return r.windowReceived() / r.windowSeconds();
            } catch (TimeoutException e) {
                throw new IOException("protonj2 run timed out; logs in " + logDir, e);
            }
        } finally {
            RunOne.delete(data);
        }
    }

    @SuppressWarnings("try") // the broker process runs for the try's length; nothing in it names it
    private double ferryClient(Row row, Target server, int round) throws IOException, InterruptedException {
        Path logDir = logDir(row, server, "ferry-client", round);
        Path data = dataRoot.resolve(logDir.getFileName() + "-" + server.label() + "-f");
        int port = RunOne.freePort();
        try (BrokerProcess b = server(row, server, data, port, logDir)) {
            double warmup = options.warmupMillis() / 1000.0;
            double duration = warmup + options.measureMillis() / 1000.0;
            List<String> args = List.of(
                    "bench",
                    "amqp://127.0.0.1:" + port + "/client-compare",
                    "--duration",
                    Double.toString(duration),
                    "--warmup",
                    Double.toString(warmup),
                    "--size",
                    Integer.toString(row.size()),
                    "--settle",
                    row.presettled() ? "at-most-once" : "at-least-once",
                    "--window",
                    Integer.toString(options.credit()),
                    "--json");
            Path out = logDir.resolve("ferry-bench.json");
            Process p = new ProcessBuilder(launcher.ferry("1g", args))
                    .redirectOutput(out.toFile())
                    .redirectError(logDir.resolve("ferry-bench.err").toFile())
                    .start();
            if (!p.waitFor((long) duration + 180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ferry bench did not finish; see " + logDir);
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            Matcher m = RATE.matcher(json);
            if (p.exitValue() != 0 || !m.find()) {
                throw new IOException("ferry bench exited with " + p.exitValue() + "; see " + logDir);
            }
            return Double.parseDouble(m.group(1));
        } finally {
            RunOne.delete(data);
        }
    }

    private Path logDir(Row row, Target server, String client, int round) throws IOException {
        Path dir = options.logs()
                .resolve("clients")
                .resolve(row.workload().id())
                .resolve(server.label() + "-" + client + "-" + round);
        Files.createDirectories(dir);
        return dir;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
