package io.ferrymq.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A command a test runs as a process of its own: a program and its arguments, or a main class of the test's class
 * path in a JVM of its own. {@link #run(Duration)} runs it to its end; {@link ChildJvm} and {@link BrokerProcess}
 * start one and talk to it while it runs.
 */
public final class Command {
    private final List<String> line;
    private final ProcessBuilder builder;
    private boolean withoutStderr;

    private Command(List<String> line) {
        this.line = List.copyOf(line);
        this.builder = new ProcessBuilder(this.line);
    }

    public static Command of(String... line) {
        return of(List.of(line));
    }

    public static Command of(List<String> line) {
        return new Command(line);
    }

    /** The java launcher of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code mainClass} in a JVM of its own, on the class path of the test's JVM. */
    public static Command javaMain(List<String> jvmOptions, String mainClass, String... args) {
        List<String> line = new ArrayList<>();
        line.add(java());
        line.addAll(jvmOptions);
        line.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        line.addAll(List.of(args));
        return new Command(line);
    }

    /** Runs it in {@code directory} instead of the test's working directory. */
    public Command in(Path directory) {
        builder.directory(directory.toFile());
        return this;
    }

    /** Sets a variable of its environment. */
    public Command env(String name, String value) {
        builder.environment().put(name, value);
        return this;
    }

    /** What it writes to standard error is dropped: its output is its standard output alone. */
    public Command withoutStderr() {
        withoutStderr = true;
        return this;
    }

    /**
     * Runs it to its end and returns its exit status and its output, standard error among it; fails if it is still
     * running after {@code timeout} (and kills it).
     */
    public Result run(Duration timeout) throws IOException, InterruptedException {
        Path output = Files.createTempFile("ferry-command", ".out");
        try {
            if (withoutStderr) {
                builder.redirectError(ProcessBuilder.Redirect.DISCARD);
            } else {
                builder.redirectErrorStream(true);
            }
            Process process = builder.redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(this + " did not finish in " + timeout.toSeconds() + " s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Starts it as it is set up here: where its output goes is for the caller to say. */
    ProcessBuilder processBuilder() {
        return builder;
    }

    /** The command line, the class path left out. */
    @Override
    public String toString() {
        String classPath = System.getProperty("java.class.path");
        return String.join(
                " ",
                line.stream().map(a -> a.equals(classPath) ? "(class path)" : a).toList());
    }

    /** How a command ended: its exit status and what it printed. */
    public record Result(int exitCode, String output) {
        public List<String> lines() {
            return output.lines().toList();
        }
    }
}
