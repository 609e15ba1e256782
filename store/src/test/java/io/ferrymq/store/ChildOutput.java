package io.ferrymq.store;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How a child process reports: each line goes to standard output (for the parent to follow as it runs) and, with one
 * write call, to a file. The file is the record the parent checks after killing the child: lines in a pipe can be
 * cut short when the process dies, a completed write to a file stays.
 */
final class ChildOutput {
    private static final PrintStream OUT = System.out;
    private final FileOutputStream file;

    ChildOutput(Path path) {
        try {
            this.file = new FileOutputStream(path.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized void line(String line) {
        try {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OUT.println(line);
        OUT.flush();
    }
}
