package io.ferrymq.cli;

import io.ferrymq.client.DeliveryMode;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --settle} values: at-least-once (the server acknowledges each message) or at-most-once (pre-settled). */
final class Settle implements ITypeConverter<DeliveryMode> {
    static final String VALUES = "at-least-once (or unsettled), at-most-once (or presettled)";

    @Override
    public DeliveryMode convert(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "at-least-once", "unsettled", "ack" -> DeliveryMode.AT_LEAST_ONCE;
            case "at-most-once", "presettled", "none" -> DeliveryMode.AT_MOST_ONCE;
            default -> throw new TypeConversionException("'" + value + "' is not a settle mode: use " + VALUES);
        };
    }

    static String name(DeliveryMode mode) {
        return mode == DeliveryMode.AT_MOST_ONCE ? "at-most-once" : "at-least-once";
    }
}
