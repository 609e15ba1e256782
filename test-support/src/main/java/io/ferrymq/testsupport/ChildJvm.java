package io.ferrymq.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A main class of the test's class path running in a JVM of its own, which the test follows line by line on its
 * standard output and can kill at any moment. The last lines it wrote to standard error are kept for the test's
 * failure messages.
 */
public final class ChildJvm implements AutoCloseable {
    /** A child's heap unless the test asks for another: children are small programs. */
    public static final List<String> SMALL_HEAP = List.of("-Xmx256m");

    private static final String END_OF_OUTPUT = "\u0000end of output";
    private static final int STDERR_LINES_KEPT = 200;
    private static final Duration DEATH_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();

    private ChildJvm(Process process) {
        this.process = process;
        pump(process.getInputStream(), "child-stdout", lines::add, () -> lines.add(END_OF_OUTPUT));
        pump(process.getErrorStream(), "child-stderr", this::keepStderr, () -> {});
    }

    /** Starts {@code mainClass} with {@code args} and a {@link #SMALL_HEAP}. */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(SMALL_HEAP, mainClass, args);
    }

    public static ChildJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) throws IOException {
        return new ChildJvm(Command.javaMain(jvmOptions, mainClass.getName(), args)
                .processBuilder()
                .start());
    }

    private static void pump(InputStream from, String name, Consumer<String> line, Runnable atEnd) {
        Thread pump = new Thread(
                () -> {
                    try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                        for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                            line.accept(l);
                        }
                    } catch (IOException e) {
                        // the child was killed: its pipes close
                    } finally {
                        atEnd.run();
                    }
                },
                name);
        pump.setDaemon(true);
        pump.start();
    }

    private void keepStderr(String line) {
        synchronized (stderrTail) {
            if (stderrTail.size() == STDERR_LINES_KEPT) {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** The next line of its standard output, or null once it ended; fails if none came within {@code timeout}. */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError(
                    "the child printed nothing for " + timeout.toMillis() + " ms; stderr:\n" + stderr());
        }
        return line.equals(END_OF_OUTPUT) ? null : line;
    }

    /**
     * Reads its standard output up to the first line {@code match} takes, and returns that line (every line read is
     * shown to {@code match}, so it may count or print them); fails at the end of its output or after {@code timeout}.
     */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (; ; ) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(
                        "no matching line from the child within " + timeout.toMillis() + " ms; stderr:\n" + stderr());
            }
            String line = nextLine(Duration.ofNanos(left));
            if (line == null) {
                throw new AssertionError(
                        "the child ended without the line looked for; exit " + exitStatus() + "; stderr:\n" + stderr());
            }
            if (match.test(line)) {
                return line;
            }
        }
    }

    /** The last lines it wrote to standard error. */
    public String stderr() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    /** SIGKILL: it gets no chance to do anything. Returns once it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(DEATH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the child " + process.pid() + " did not die");
        }
    }

    /**
     * Closes its standard input, which a child that reads it to the end takes as the sign to stop, and gives it
     * {@code grace} to do so before killing it.
     */
    public void stopByClosingInput(Duration grace) throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** Waits for it to end of itself and returns its exit status; fails if it still runs after {@code timeout}. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    "the child did not exit within " + timeout.toMillis() + " ms; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private String exitStatus() {
        return process.isAlive() ? "(alive)" : String.valueOf(process.exitValue());
    }

    /** Kills it if it still runs. */
    @Override
    public void close() {
        Processes.killIfAlive(process);
    }
}
