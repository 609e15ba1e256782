package io.ferrymq.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real child JVM running a main class from the test classpath, whose output lines the test reads. */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    private ChildJvm(Process process) {
        this.process = process;
        Thread out = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true), "child-stdout");
        Thread err = new Thread(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false), "child-stderr");
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /** Starts {@code mainClass} with {@code args}; {@code prefix} goes before the java command (e.g. prlimit). */
    static ChildJvm start(List<String> prefix, List<String> jvmArgs, Class<?> mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(cmd).start());
    }

    static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(List.of(), List.of("-Xmx256m"), mainClass, args);
    }

    private void pump(BufferedReader r, boolean toQueue) {
        try (r) {
            String line;
            while ((line = r.readLine()) != null) {
                if (toQueue) {
                    lines.add(line);
                } else {
                    synchronized (stderr) {
                        if (stderr.length() < 20_000) {
                            stderr.append(line).append('\n');
                        }
                    }
                }
            }
        } catch (IOException ignored) {
            // the child was killed: its pipes close
        } finally {
            if (toQueue) {
                lines.add(EOF);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** The next output line, or null at end of output; fails after the deadline. */
    String nextLine(long timeoutMillis) throws InterruptedException {
        String l = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (l == null) {
            throw new AssertionError("child printed nothing for " + timeoutMillis + " ms; stderr:\n" + stderr());
        }
        return l.equals(EOF) ? null : l;
    }

    /** Reads lines until one matches, handing each to {@code seen}; fails at end of output or the deadline. */
    String awaitLine(Predicate<String> match, java.util.function.Consumer<String> seen, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (;;) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("no matching line from child within " + timeoutMillis + " ms; stderr:\n"
                        + stderr());
            }
            String l = nextLine(left);
            if (l == null) {
                throw new AssertionError("child ended without the expected line; exit "
                        + exitCode() + "; stderr:\n" + stderr());
            }
            seen.accept(l);
            if (match.test(l)) {
                return l;
            }
        }
    }

    /** SIGKILL (Process.destroyForcibly on Linux) and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + process.pid() + " did not die");
        }
    }

    int waitFor(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("child did not exit within " + timeoutMillis + " ms; stderr:\n" + stderr());
        }
        return process.exitValue();
    }

    private String exitCode() {
        return process.isAlive() ? "(alive)" : String.valueOf(process.exitValue());
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
