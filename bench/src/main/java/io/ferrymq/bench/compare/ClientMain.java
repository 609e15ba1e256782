package io.ferrymq.bench.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A client process of bench/compare: runs its share of a workload ({@link LoadSpec}, given as arguments) and talks
 * to the harness one line at a time. To the harness (stdout): {@code READY} once attached, {@code MARK phase} at each
 * phase boundary, {@code SENT n} when its producers are done ({@code n} deliveries expected), {@code RECEIVED n}
 * while draining, {@code RESULT ...} at the end ({@link LoadResult#encode()}), or {@code FAILED reason}. From the
 * harness (stdin): {@code GO} to start, {@code STOP} to end the drain.
 */
public final class ClientMain {
    private static final long PROGRESS_EVERY_NANOS = 100_000_000L;
    private static volatile boolean stopRequested;

    private ClientMain() {}

    public static void main(String[] args) throws Exception {
        LoadSpec spec = LoadSpec.parse(args);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        LoadResult result;
        try (LoadRun run = LoadRun.open(spec)) {
            out.println("READY");
            expect(in, "GO");
            Thread stopReader = new Thread(new StopReader(in), "stop-reader");
            stopReader.setDaemon(true);
            stopReader.start();
            result = run.run(new LineEvents(out));
        } catch (Exception e) {
            out.println("FAILED " + e.toString().replace('\n', ' '));
            e.printStackTrace();
            System.exit(1);
            return;
        }
        out.println("RESULT " + result.encode());
        System.exit(0);
    }

    private static void expect(BufferedReader in, String word) throws IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IOException("expected " + word + " from the harness, got " + line);
        }
    }

    /** Waits for the harness's STOP (or the end of its input). */
    private record StopReader(BufferedReader in) implements Runnable {
        @Override
        public void run() {
            try {
                String line;
                while ((line = in.readLine()) != null && !line.equals("STOP")) {
                    // only STOP is expected here
                }
            } catch (IOException e) {
                // the harness went away: stop
            }
            stopRequested = true;
        }
    }

    /** Reports events as lines on stdout. */
    private static final class LineEvents implements LoadEvents {
        private final PrintStream out;
        private long lastProgress;

        LineEvents(PrintStream out) {
            this.out = out;
        }

        @Override
        public void mark(String phase) {
            out.println("MARK " + phase);
        }

        @Override
        public void producersDone(long expected) {
            out.println("SENT " + expected);
        }

        @Override
        public boolean drained(long received) {
            long now = System.nanoTime();
            if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
                lastProgress = now;
                out.println("RECEIVED " + received);
            }
            return stopRequested;
        }
    }
}
