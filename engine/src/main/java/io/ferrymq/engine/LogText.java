package io.ferrymq.engine;

/**
 * Text a peer chose (container-ids, user names, link names, addresses, error descriptions), made safe to put in a log
 * line: control characters (CR and LF among them, and the ESC that starts a terminal escape sequence) and Unicode line
 * separators are written as escapes, so that a peer can neither forge log lines nor drive an operator's terminal, and
 * the text is cut at {@link #MAX} characters, so that one peer cannot fill the log.
 */
public final class LogText {
    /** The most characters of one peer string that go into a log line. */
    public static final int MAX = 256;

    private LogText() {}

    /** {@code value} as a log-safe string ("null" for null). */
    public static String safe(Object value) {
        if (value == null) {
            return "null";
        }
        String s = value.toString();
        int n = Math.min(s.length(), MAX);
        StringBuilder b = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (needsEscape(c)) {
                if (b == null) {
                    b = new StringBuilder(n + 16).append(s, 0, i);
                }
                switch (c) {
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> b.append(String.format("\\u%04x", (int) c));
                }
            } else if (b != null) {
                b.append(c);
            }
        }
        if (b == null && s.length() <= MAX) {
            return s;
        }
        String out = b != null ? b.toString() : s.substring(0, n);
        return s.length() > MAX ? out + "...(" + (s.length() - MAX) + " more characters)" : out;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\\';
    }
}
