package io.ferrymq.testsupport;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * How a {@link ChildJvm}'s main reports what it did when the test may kill it at any moment: each line goes to
 * standard output, for the test to follow as the child runs, and, in one write call, to a file. The file is the record
 * the test checks after the kill: a line in a pipe can be cut short when the process dies, a write to a file that
 * completed stays.
 */
public final class ChildOutput {
    private final PrintStream out = System.out;
    private final FileOutputStream file;

    /** Appends to {@code path}. */
    public ChildOutput(Path path) {
        try {
            this.file = new FileOutputStream(path.toFile(), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized void line(String line) {
        try {
            file.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println(line);
        out.flush();
    }
}
