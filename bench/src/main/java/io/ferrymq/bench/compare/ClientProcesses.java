package io.ferrymq.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The harness's side of a run's client processes ({@link ClientMain}): starts them, waits until all are attached,
 * starts them together, passes on their phase marks, decides when the drain ends, and merges their results.
 */
final class ClientProcesses implements AutoCloseable {
    private record Line(int child, String text) {}

    private final List<Process> processes = new ArrayList<>();
    private final List<PrintStream> inputs = new ArrayList<>();
    private final BlockingQueue<Line> lines = new LinkedBlockingQueue<>();

    static ClientProcesses start(Launcher launcher, LoadSpec spec, int count, Path logDir) throws IOException {
        ClientProcesses c = new ClientProcesses();
        for (int i = 0; i < count; i++) {
            List<String> cmd = launcher.main(
                    "1g", ClientMain.class, spec.forProcess(i, count).toArgs());
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.to(
                            logDir.resolve("client-" + i + ".log").toFile()))
                    .start();
            c.processes.add(p);
            c.inputs.add(new PrintStream(p.getOutputStream(), true, StandardCharsets.UTF_8));
            Thread reader = new Thread(new LineReader(i, p, c.lines), "client-" + i + "-reader");
            reader.setDaemon(true);
            reader.start();
        }
        return c;
    }

    /** Feeds a child's stdout lines to the queue; an end of output becomes an EXIT line. */
    private record LineReader(int child, Process process, BlockingQueue<Line> lines) implements Runnable {
        @Override
        public void run() {
            try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                    lines.add(new Line(child, s));
                }
            } catch (IOException e) {
                // treated as an exit
            }
            lines.add(new Line(child, "EXIT"));
        }
    }

    void awaitReady(long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        Set<Integer> ready = new HashSet<>();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (ready.size() < processes.size()) {
            Line l = lines.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (l == null) {
                throw new TimeoutException("client processes not attached after " + timeoutMillis + " ms");
            }
            if (l.text.equals("READY")) {
                ready.add(l.child);
            } else {
                failIfFailed(l);
            }
        }
    }

    /**
     * Starts every process, then follows the run to its end: each phase mark is passed to {@code onMark} (once, as
     * the first process reports it), and once all producers are done the drain is ended as {@code policy} says.
     */
    ClientRun run(Consumer<String> onMark, DrainPolicy policy, long timeoutMillis)
            throws IOException, InterruptedException, TimeoutException {
        inputs.forEach(in -> in.println("GO"));
        int n = processes.size();
        Set<String> marks = new HashSet<>();
        long[] expected = new long[n];
        long[] received = new long[n];
        boolean[] sent = new boolean[n];
        LoadResult[] results = new LoadResult[n];
        int sentCount = 0;
        int resultCount = 0;
        DrainPolicy.End drain = null;
        long drainStart = 0;
        long lastTotal = -1;
        long lastChange = 0;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (resultCount < n) {
            long now = System.currentTimeMillis();
            if (now > deadline) {
                throw new TimeoutException("run not finished after " + timeoutMillis + " ms");
            }
            Line l = lines.poll(50, TimeUnit.MILLISECONDS);
            if (l != null) {
                String[] w = l.text.split(" ", 2);
                switch (w[0]) {
                    case "MARK" -> {
                        if (marks.add(w[1])) {
                            onMark.accept(w[1]);
                        }
                    }
                    case "SENT" -> {
                        expected[l.child] = Long.parseLong(w[1]);
                        if (!sent[l.child]) {
                            sent[l.child] = true;
                            sentCount++;
                        }
                    }
                    case "RECEIVED" -> received[l.child] = Long.parseLong(w[1]);
                    case "RESULT" -> {
                        results[l.child] = LoadResult.decode(w[1]);
                        resultCount++;
                    }
                    case "EXIT" -> {
                        if (results[l.child] == null) {
                            failIfFailed(l);
                        }
                    }
                    default -> failIfFailed(l);
                }
            }
            if (sentCount == n && drain == null) {
                long total = sum(received);
                if (drainStart == 0) {
                    drainStart = now;
                }
                if (total != lastTotal) {
                    lastTotal = total;
                    lastChange = now;
                }
                drain = policy.decide(sum(expected), total, now - lastChange, now - drainStart);
                if (drain != null) {
                    inputs.forEach(in -> in.println("STOP"));
                }
            }
        }
        LoadResult merged = LoadResult.EMPTY;
        for (LoadResult r : results) {
            merged = merged.merge(r);
        }
        return new ClientRun(merged, sum(expected), drain == null ? DrainPolicy.End.NOT_WAITED : drain);
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static void failIfFailed(Line l) throws IOException {
        if (l.text.startsWith("FAILED") || l.text.equals("EXIT")) {
            throw new IOException("client process " + l.child + ": " + l.text);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        try {
            for (Process p : processes) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                }
            }
        } catch (InterruptedException e) {
            processes.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
        }
    }
}
