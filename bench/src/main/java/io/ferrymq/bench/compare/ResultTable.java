package io.ferrymq.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The comparison as one Markdown table: the median over the rounds of each figure, the ratio Ferry / Artemis, CPU
 * seconds per million messages, peak RSS and errors; then the notes the runs left.
 */
final class ResultTable {
    static final String HEADER = "| workload | measure | client ceiling | Ferry | Artemis | Ferry / Artemis "
            + "| Ferry CPU s / M msgs | Artemis CPU s / M msgs | CPU Ferry / Artemis | Ferry peak RSS MiB "
            + "| Artemis peak RSS MiB | errors Ferry / Artemis |";
    private static final String RULE = "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";

    private ResultTable() {}

    static String markdown(List<RowResult> rows) {
        StringBuilder b = new StringBuilder(HEADER).append('\n').append(RULE).append('\n');
        Set<String> notes = new LinkedHashSet<>();
        for (RowResult r : rows) {
            for (ReportLine line : r.lines()) {
                Double ferry = median(r.ferry(), line.valueKey());
                Double artemis = median(r.artemis(), line.valueKey());
                Double ferryCpu = median(r.ferry(), line.cpuKey());
                Double artemisCpu = median(r.artemis(), line.cpuKey());
                b.append("| ")
                        .append(r.title())
                        .append(" | ")
                        .append(line.measure())
                        .append(" | ")
                        .append(line.ceiling())
                        .append(" | ")
                        .append(number(ferry))
                        .append(" | ")
                        .append(number(artemis))
                        .append(" | ")
                        .append(ratio(ferry, artemis))
                        .append(" | ")
                        .append(cpu(ferryCpu))
                        .append(" | ")
                        .append(cpu(artemisCpu))
                        .append(" | ")
                        .append(ratio(ferryCpu, artemisCpu))
                        .append(" | ")
                        .append(number(median(r.ferry(), Measurement.RSS_MIB)))
                        .append(" | ")
                        .append(number(median(r.artemis(), Measurement.RSS_MIB)))
                        .append(" | ")
                        .append(errors(r.ferry()))
                        .append(" / ")
                        .append(errors(r.artemis()))
                        .append(" |\n");
            }
            addNotes(notes, r, r.ferry());
            addNotes(notes, r, r.artemis());
        }
        if (!notes.isEmpty()) {
            b.append("\nNotes from the runs:\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    private static void addNotes(Set<String> notes, RowResult r, List<Measurement> ms) {
        for (Measurement m : ms) {
            if (!m.note().isEmpty()) {
                notes.add(r.title() + ", " + m.target().label() + ": " + m.note());
            }
        }
    }

    /** The median of the rounds that measured {@code key}, or null if none did. */
    static Double median(List<Measurement> ms, String key) {
        if (key == null) {
            return null;
        }
        List<Double> v = new ArrayList<>(
                ms.stream().map(m -> m.value(key)).filter(Objects::nonNull).toList());
        if (v.isEmpty()) {
            return null;
        }
        v.sort(Double::compare);
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static String number(Double v) {
        return v == null ? "—" : String.format("%,.0f", v);
    }

    static String cpu(Double v) {
        if (v == null) {
            return "—";
        }
        return v >= 10 ? String.format("%,.1f", v) : String.format("%.2f", v);
    }

    static String ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? "—" : String.format("%.2fx", a / b);
    }

    private static String errors(List<Measurement> ms) {
        return Long.toString(ms.stream().mapToLong(Measurement::errors).sum());
    }
}
