package io.ferrymq.bench.compare;

import java.util.List;

/**
 * A row's measurements: one per round for each broker, and the table lines they are shown as.
 *
 * @param title the row's description in the table
 */
record RowResult(String title, List<Measurement> ferry, List<Measurement> artemis, List<ReportLine> lines) {}
