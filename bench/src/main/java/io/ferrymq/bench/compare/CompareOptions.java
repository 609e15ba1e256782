package io.ferrymq.bench.compare;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * bench/compare's options.
 *
 * @param rounds rounds of Ferry then Artemis for each row (medians are reported)
 * @param quick short runs, a smoke test of the harness
 * @param only rows whose id this finds (null: every row)
 * @param writeDocs whether to rewrite the section of {@code docs}
 * @param docs docs/benchmarks.md
 * @param ferryJar cli/target/ferry.jar
 * @param logs where each run's server and client logs are kept
 * @param warmupMillis warm-up of each timed run
 * @param measureMillis measurement window of each timed run
 * @param credit the credit window each consumer grants (and each broker grants producers)
 * @param clientProcesses client JVMs each run's producers and consumers are spread over
 * @param backlogMessages messages in the backlog row
 * @param backlogRounds rounds of the backlog row (it is long)
 * @param command the command as typed, for the docs
 * @param commit the commit measured, for the docs
 * @param clients run {@link ClientCompare} (Ferry's client beside protonj2) instead of the broker rows
 */
record CompareOptions(
        int rounds,
        boolean quick,
        Pattern only,
        boolean writeDocs,
        Path docs,
        Path ferryJar,
        Path logs,
        long warmupMillis,
        long measureMillis,
        int credit,
        int clientProcesses,
        long backlogMessages,
        int backlogRounds,
        String command,
        String commit,
        boolean clients) {

    static CompareOptions parse(String[] args) {
        int rounds = 3;
        boolean quick = false;
        Pattern only = null;
        boolean docs = true;
        Path docsPath = Path.of("docs", "benchmarks.md");
        Path ferryJar = Path.of("cli", "target", "ferry.jar");
        Path logs = Path.of("bench", "target", "compare-logs");
        Double warmup = null;
        Double measure = null;
        int credit = 1000;
        int clients = 1;
        Long backlog = null;
        int backlogRounds = 1;
        String command = "bench/compare";
        String commit = "";
        boolean clientRows = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--clients" -> clientRows = true;
                case "--only" -> only = Pattern.compile(args[++i]);
                case "--no-docs" -> docs = false;
                case "--docs" -> docsPath = Path.of(args[++i]);
                case "--ferry-jar" -> ferryJar = Path.of(args[++i]);
                case "--logs" -> logs = Path.of(args[++i]);
                case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                case "--measure" -> measure = Double.parseDouble(args[++i]);
                case "--credit" -> credit = Integer.parseInt(args[++i]);
                case "--client-processes" -> clients = Integer.parseInt(args[++i]);
                case "--backlog" -> backlog = Long.parseLong(args[++i]);
                case "--backlog-rounds" -> backlogRounds = Integer.parseInt(args[++i]);
                case "--command" -> command = args[++i];
                case "--commit" -> commit = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
            }
        }
        if (rounds < 1 || clients < 1 || credit < 1 || backlogRounds < 1) {
            throw new IllegalArgumentException(
                    "--rounds, --client-processes, --credit and --backlog-rounds must be " + "at least 1");
        }
        long warmupMillis = (long) ((warmup != null ? warmup : quick ? 2 : 10) * 1000);
        long measureMillis = (long) ((measure != null ? measure : quick ? 3 : 5) * 1000);
        long backlogMessages = backlog != null ? backlog : quick ? 50_000 : 1_000_000;
        return new CompareOptions(
                rounds,
                quick,
                only,
                docs,
                docsPath,
                ferryJar,
                logs,
                warmupMillis,
                measureMillis,
                credit,
                clients,
                backlogMessages,
                Math.min(backlogRounds, rounds),
                command,
                commit,
                clientRows);
    }

    static String usage() {
        return """
                usage: bench/compare [--clients] [--rounds N] [--quick] [--only REGEX] [--no-docs]
                       [--warmup S] [--measure S] [--credit N] [--client-processes N]
                       [--backlog MESSAGES] [--backlog-rounds N]""";
    }

    /** Whether the row with this id is to run. */
    boolean selects(String id) {
        return only == null || only.matcher(id).find();
    }
}
