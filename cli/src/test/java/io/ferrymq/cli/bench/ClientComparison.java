package io.ferrymq.cli.bench;

import io.ferrymq.cli.Ferry;
import io.ferrymq.client.ArtemisServer;
import io.ferrymq.client.FerryServer;
import io.ferrymq.client.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ferry's client beside the Qpid protonj2 client on the same workloads, through embedded Artemis
 * and through the Ferry broker, in one run: {@code ferry bench} and {@link ProtonJ2Bench} take turns
 * (after a warm-up each), and the table gives each one's mean and the ratio.
 *
 * <p>Arguments (all optional): rounds (default 3), messages per run (default 200000).
 */
public final class ClientComparison {
    private ClientComparison() {
    }

    record Workload(String name, int size, String settle, boolean durable, long count) {
    }

    record Result(double msgs, double p50, double p99, double p999) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        long count = args.length > 1 ? Long.parseLong(args[1]) : 200_000;
        Path dir = Files.createTempDirectory("client-comparison");
        List<TestServer> servers = List.of(ArtemisServer.start(dir.resolve("artemis"), true),
                FerryServer.start(dir.resolve("ferry")));
        List<Workload> workloads = List.of(
                new Workload("100 B, at-least-once", 100, "at-least-once", false, count),
                new Workload("100 B, at-most-once", 100, "at-most-once", false, count),
                new Workload("1 KiB, at-least-once", 1024, "at-least-once", false, count),
                new Workload("1 KiB durable, at-least-once", 1024, "at-least-once", true, count / 4));
        List<String> rows = new ArrayList<>();
        try {
            for (TestServer server : servers) {
                for (Workload w : workloads) {
                    String url = server.uri() + "/bench-" + w.size() + "-" + w.settle() + "-" + w.durable();
                    run(true, url, w, Math.min(w.count(), 20_000));
                    run(false, url, w, Math.min(w.count(), 20_000));
                    List<Result> ferry = new ArrayList<>();
                    List<Result> proton = new ArrayList<>();
                    for (int r = 0; r < rounds; r++) {
                        ferry.add(run(true, url, w, w.count()));
                        proton.add(run(false, url, w, w.count()));
                    }
                    Result f = mean(ferry);
                    Result p = mean(proton);
                    String row = String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f | %.2f / %.2f / %.2f | "
                            + "%.2f / %.2f / %.2f |", server.name(), w.name(), f.msgs(), p.msgs(), f.msgs() / p.msgs(),
                            f.p50(), f.p99(), f.p999(), p.p50(), p.p99(), p.p999());
                    System.err.println(row);
                    rows.add(row);
                }
            }
        } finally {
            for (TestServer s : servers) {
                s.close();
            }
        }
        System.out.println("| server | workload | Ferry msg/s | protonj2 msg/s | Ferry / protonj2 | Ferry latency ms "
                + "p50 / p99 / p99.9 | protonj2 latency ms p50 / p99 / p99.9 |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
    }

    private static Result mean(List<Result> rs) {
        return new Result(rs.stream().mapToDouble(Result::msgs).average().orElse(0),
                rs.stream().mapToDouble(Result::p50).average().orElse(0),
                rs.stream().mapToDouble(Result::p99).average().orElse(0),
                rs.stream().mapToDouble(Result::p999).average().orElse(0));
    }

    private static Result run(boolean ferry, String url, Workload w, long count) throws Exception {
        String json;
        if (ferry) {
            PrintStream out = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                List<String> a = new ArrayList<>(List.of("bench", url, "--count", Long.toString(count), "--size",
                        Integer.toString(w.size()), "--settle", w.settle(), "--window", "1000", "--json"));
                if (w.durable()) {
                    a.add("--durable");
                }
                code = Ferry.run(a.toArray(String[]::new));
            } finally {
                System.setOut(out);
            }
            json = captured.toString(StandardCharsets.UTF_8);
            if (code != 0) {
                throw new IllegalStateException("ferry bench failed: " + json);
            }
        } else {
            json = ProtonJ2Bench.run(URI.create(url), count, w.size(), w.settle().equals("at-least-once"), 1000, 1, 1,
                    w.durable());
        }
        Result r = new Result(number(json, "msgPerSecond"), number(json, "p50"), number(json, "p99"),
                number(json, "p99.9"));
        System.err.printf(Locale.ROOT, "%s %s %s: %,.0f msg/s%n", ferry ? "ferry   " : "protonj2", url, w.name(),
                r.msgs());
        return r;
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\":([0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + key + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }
}
