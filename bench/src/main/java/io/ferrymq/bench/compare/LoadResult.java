package io.ferrymq.bench.compare;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What a client process counted.
 *
 * @param sent messages whose send returned
 * @param windowSent of those, sent within the measurement window
 * @param delivered messages the broker took: accepted (at least once) or sent (pre-settled)
 * @param failures sends that failed or whose outcome was not accepted, and receive errors
 * @param received deliveries the consumers received in all
 * @param windowReceived of those, received within the measurement window
 * @param windowNanos the window's length
 * @param produceNanos for a backlog: how long producing it took
 * @param consumeNanos for a backlog: how long consuming it took
 * @param latency end-to-end latency in microseconds of the messages received in the window (fixed-rate rows), or
 *     null
 * @param firstError the first failure's description, or ""
 */
record LoadResult(
        long sent,
        long windowSent,
        long delivered,
        long failures,
        long received,
        long windowReceived,
        long windowNanos,
        long produceNanos,
        long consumeNanos,
        Histogram latency,
        String firstError) {

    static final LoadResult EMPTY = new LoadResult(0, 0, 0, 0, 0, 0, 0, 0, 0, null, "");

    /** Sums two processes' counts (the window and phase lengths are the longest of the two). */
    LoadResult merge(LoadResult o) {
        Histogram h = null;
        if (latency != null || o.latency != null) {
            h = new Histogram(3);
            h.setAutoResize(true);
            for (Histogram part : new Histogram[] {latency, o.latency}) {
                if (part != null) {
                    h.add(part);
                }
            }
        }
        return new LoadResult(
                sent + o.sent,
                windowSent + o.windowSent,
                delivered + o.delivered,
                failures + o.failures,
                received + o.received,
                windowReceived + o.windowReceived,
                Math.max(windowNanos, o.windowNanos),
                Math.max(produceNanos, o.produceNanos),
                Math.max(consumeNanos, o.consumeNanos),
                h,
                firstError.isEmpty() ? o.firstError : firstError);
    }

    double windowSeconds() {
        return windowNanos / 1e9;
    }

    /** One line: {@code key=value} pairs separated by spaces. */
    String encode() {
        StringBuilder b = new StringBuilder();
        b.append("sent=")
                .append(sent)
                .append(" windowSent=")
                .append(windowSent)
                .append(" delivered=")
                .append(delivered)
                .append(" failures=")
                .append(failures)
                .append(" received=")
                .append(received)
                .append(" windowReceived=")
                .append(windowReceived)
                .append(" windowNanos=")
                .append(windowNanos)
                .append(" produceNanos=")
                .append(produceNanos)
                .append(" consumeNanos=")
                .append(consumeNanos)
                .append(" error=")
                .append(Base64.getUrlEncoder().encodeToString(firstError.getBytes(StandardCharsets.UTF_8)));
        if (latency != null) {
            ByteBuffer buf = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
            int n = latency.encodeIntoCompressedByteBuffer(buf);
            byte[] bytes = new byte[n];
            buf.flip().get(bytes);
            b.append(" latency=").append(Base64.getUrlEncoder().encodeToString(bytes));
        }
        return b.toString();
    }

    static LoadResult decode(String line) {
        Map<String, String> m = new HashMap<>();
        for (String pair : line.trim().split(" ", -1)) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        Histogram latency = null;
        if (m.containsKey("latency")) {
            try {
                latency = Histogram.decodeFromCompressedByteBuffer(
                        ByteBuffer.wrap(Base64.getUrlDecoder().decode(m.get("latency"))), 0);
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("bad latency histogram: " + e.getMessage(), e);
            }
        }
        return new LoadResult(
                num(m, "sent"),
                num(m, "windowSent"),
                num(m, "delivered"),
                num(m, "failures"),
                num(m, "received"),
                num(m, "windowReceived"),
                num(m, "windowNanos"),
                num(m, "produceNanos"),
                num(m, "consumeNanos"),
                latency,
                new String(Base64.getUrlDecoder().decode(m.getOrDefault("error", "")), StandardCharsets.UTF_8));
    }

    private static long num(Map<String, String> m, String key) {
        return Long.parseLong(m.getOrDefault(key, "0"));
    }
}
