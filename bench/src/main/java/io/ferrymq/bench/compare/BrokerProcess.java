package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process (broker or sink) started for one run: its output goes to a log file, and it counts as started once
 * it has printed that it is ready. Stopped with SIGTERM (a clean stop), killed if it does not stop in time.
 */
final class BrokerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_MILLIS = 60_000;
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path log;

    private BrokerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static BrokerProcess start(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
                .start();
        BrokerProcess b = new BrokerProcess(p, log);
        b.awaitReady();
        return b;
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (Files.readString(log).contains("ready on port")) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("server exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            Thread.sleep(50);
        }
        close();
        throw new IOException("server not ready after " + START_TIMEOUT_MILLIS + " ms; see " + log);
    }

    long pid() {
        return process.pid();
    }

    ProcStats stats() throws IOException {
        return ProcStats.read(process.pid());
    }

    Path log() {
        return log;
    }

    /** Writes the server's thread dump (jcmd Thread.print) to {@code file}, for a run that hung. */
    void threadDump(Path java, Path file) {
        Path jcmd = java.resolveSibling("jcmd");
        try {
            new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(file.toFile())
                    .start()
                    .waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            System.err.println("compare: no thread dump: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println(
                        "compare: server " + pid() + " did not stop in " + STOP_TIMEOUT_SECONDS + " s; killed");
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
