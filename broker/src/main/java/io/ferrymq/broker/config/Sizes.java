package io.ferrymq.broker.config;

import java.util.Locale;

/** Parses sizes such as {@code 64MiB}, {@code 512k}, {@code 1g} and {@code 1048576}, and prints them back. */
public final class Sizes {
    private Sizes() {}

    /** Bytes in {@code text}; {@code setting} names the setting in the error. */
    public static long parse(String text, String setting) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        String[][] units = {
            {"kib", "1024"},
            {"mib", "1048576"},
            {"gib", "1073741824"},
            {"tib", "1099511627776"},
            {"kb", "1000"},
            {"mb", "1000000"},
            {"gb", "1000000000"},
            {"k", "1024"},
            {"m", "1048576"},
            {"g", "1073741824"},
            {"b", "1"}
        };
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            double value = Double.parseDouble(t);
            if (value < 0) {
                throw new ConfigException(setting + ": a size cannot be negative: '" + text + "'");
            }
            return (long) (value * unit);
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    setting + ": '" + text + "' is not a size (examples: 1048576, 512KiB, 64MiB, 1GiB)");
        }
    }

    public static String format(long bytes) {
        if (bytes < 0) {
            return "unlimited";
        }
        String[] names = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int i = 0;
        while (v >= 1024 && i < names.length - 1 && v % 1024 == 0) {
            v /= 1024;
            i++;
        }
        return (v == Math.floor(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + names[i];
    }
}
