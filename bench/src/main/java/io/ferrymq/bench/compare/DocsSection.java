package io.ferrymq.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces what lies between {@link #BEGIN} and {@link #END} in a Markdown file with newly generated text; a file
 * without the markers gets the section heading and the markers appended.
 */
final class DocsSection {
    static final String HEADING = "## Ferry beside ActiveMQ Artemis (bench/compare)";
    static final String BEGIN = "<!-- compare:begin -->";
    static final String END = "<!-- compare:end -->";

    private DocsSection() {}

    static String replace(String document, String generated) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        String body = BEGIN + "\n" + generated.strip() + "\n" + END;
        if (begin < 0 || end < begin) {
            String sep = document.endsWith("\n") ? "\n" : "\n\n";
            return document + sep + HEADING + "\n\n" + body + "\n";
        }
        return document.substring(0, begin) + body + document.substring(end + END.length());
    }

    static void write(Path file, String generated) throws IOException {
        String doc = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        Files.writeString(file, replace(doc, generated), StandardCharsets.UTF_8);
    }
}
