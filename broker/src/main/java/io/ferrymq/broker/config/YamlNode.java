package io.ferrymq.broker.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A typed view of one mapping in the configuration file that knows its path, so every error
 * names the setting ({@code listeners[1].port: must be in [0, 65535], not 70000}), and that
 * refuses settings it does not know.
 */
final class YamlNode {
    private final String path;
    private final Map<String, Object> map;

    @SuppressWarnings("unchecked")
    YamlNode(String path, Object value) {
        this.path = path;
        if (value == null) {
            this.map = Map.of();
        } else if (value instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) {
                    throw new ConfigException(name("") + "setting names are text, not " + k);
                }
            }
            this.map = (Map<String, Object>) m;
        } else {
            throw new ConfigException(path + ": expected settings (key: value lines), found '" + value + "'");
        }
    }

    private String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Refuses any key not in {@code known}. */
    void only(Set<String> known) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                String near = null;
                for (String k : known) {
                    if (distance(k, key) <= 2) {
                        near = k;
                    }
                }
                throw new ConfigException(name(key) + ": unknown setting"
                        + (near != null
                                ? " (did you mean '" + name(near) + "'?)"
                                : "; known here: " + String.join(", ", known)));
            }
        }
    }

    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                d[i][j] = Math.min(
                        Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1),
                        d[i - 1][j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
        }
        return d[a.length()][b.length()];
    }

    boolean has(String key) {
        return map.containsKey(key);
    }

    String string(String key, String otherwise) {
        Object v = map.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Map || v instanceof List) {
            throw new ConfigException(name(key) + ": expected a single value, found '" + v + "'");
        }
        return v.toString();
    }

    int integer(String key, int otherwise, int min, int max) {
        long v = longValue(key, otherwise);
        if (v < min || v > max) {
            throw new ConfigException(name(key) + ": must be in [" + min + ", " + max + "], not " + v);
        }
        return (int) v;
    }

    long longValue(String key, long otherwise) {
        Object v = map.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(name(key) + ": '" + v + "' is not a whole number");
        }
    }

    Boolean bool(String key, Boolean otherwise) {
        Object v = map.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new ConfigException(name(key) + ": '" + v + "' is not true or false");
        };
    }

    long size(String key, long otherwise) {
        Object v = map.get(key);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        String text = v.toString().trim();
        if (text.equals("-1") || text.equalsIgnoreCase("unlimited")) {
            return -1;
        }
        return Sizes.parse(text, name(key));
    }

    /** A size that may also be a percentage of the maximum heap ("50%"). */
    long sizeOrHeapPercent(String key, long otherwise) {
        Object v = map.get(key);
        if (v != null && v.toString().trim().endsWith("%")) {
            String t = v.toString().trim();
            try {
                double pct = Double.parseDouble(t.substring(0, t.length() - 1));
                if (pct <= 0 || pct > 90) {
                    throw new ConfigException(name(key) + ": a share of the heap must be in (0%, 90%], not " + t);
                }
                return (long) (Runtime.getRuntime().maxMemory() * pct / 100);
            } catch (NumberFormatException e) {
                throw new ConfigException(name(key) + ": '" + t + "' is not a percentage");
            }
        }
        return size(key, otherwise);
    }

    /**
     * A duration with its unit: {@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 5m}, {@code 1h}. A number without a
     * unit is refused (only 0 needs none): {@code idle-timeout: 30} was read as 30 ms where a reader means 30 s.
     */
    Duration duration(String key, Duration otherwise) {
        Object v = map.get(key);
        if (v == null) {
            return otherwise;
        }
        String t = v.toString().trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(t.substring(0, t.length() - 2).trim()));
            } else if (t.endsWith("s")) {
                return Duration.ofMillis((long)
                        (Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
            } else if (t.endsWith("m")) {
                return Duration.ofMillis((long)
                        (Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 60_000));
            } else if (t.endsWith("h")) {
                return Duration.ofMillis((long)
                        (Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 3_600_000));
            }
            if (Double.parseDouble(t) == 0) {
                return Duration.ZERO;
            }
        } catch (NumberFormatException e) {
            throw new ConfigException(name(key) + ": '" + v + "' is not a duration (examples: 500ms, 30s, 5m, 1h)");
        }
        throw new ConfigException(name(key) + ": '" + v + "' needs a unit: write " + t + "ms, " + t + "s or " + t
                + "m (ms, s, m and h are understood)");
    }

    YamlNode child(String key) {
        return new YamlNode(name(key), map.get(key));
    }

    List<YamlNode> list(String key) {
        Object v = map.get(key);
        List<YamlNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List<?> l)) {
            throw new ConfigException(name(key) + ": expected a list (lines starting with '-')");
        }
        for (int i = 0; i < l.size(); i++) {
            out.add(new YamlNode(name(key) + "[" + i + "]", l.get(i)));
        }
        return out;
    }

    List<String> strings(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
        } else {
            out.add(v.toString());
        }
        return out;
    }

    Map<String, Object> raw() {
        return new LinkedHashMap<>(map);
    }

    String path() {
        return path;
    }
}
