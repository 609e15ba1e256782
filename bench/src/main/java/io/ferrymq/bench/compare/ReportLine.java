package io.ferrymq.bench.compare;

/**
 * One line of the table for a row: which measured value it shows, which CPU figure beside it, and the ceiling cell.
 *
 * @param measure what the value is ("msgs/s", "p99 µs", ...)
 * @param valueKey the {@link Measurement} value shown for each broker
 * @param cpuKey the {@link Measurement} CPU-seconds-per-million value shown beside it
 * @param ceiling the client's or the disk's ceiling, already formatted ("—" when there is none)
 */
record ReportLine(String measure, String valueKey, String cpuKey, String ceiling) {}
