package io.ferrymq.broker;

import io.ferrymq.broker.queue.Queue;
import io.ferrymq.broker.queue.QueueEntry;
import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Char;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnsignedByte;
import io.ferrymq.codec.UnsignedInteger;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.UnsignedShort;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A JMS message selector (Jakarta Messaging 3.1, section 3.8.1: a subset of SQL92 conditional
 * expressions) compiled to a tree and evaluated over a message's header, properties and
 * application properties with SQL's three-valued logic (an unknown value is neither true nor
 * false, and only true selects).
 *
 * <p>JMS header names map to AMQP fields as Qpid JMS maps them: JMSDeliveryMode (header
 * durable: 'PERSISTENT' or 'NON_PERSISTENT'), JMSPriority (header priority), JMSMessageID
 * (message-id), JMSCorrelationID (correlation-id), JMSTimestamp (creation-time), JMSExpiration
 * (absolute-expiry-time), JMSType (subject). Any other name is an application property.
 */
final class Selector {
    /** A selector that is not valid JMS selector syntax. */
    static final class InvalidSelectorException extends Exception {
        InvalidSelectorException(String message) {
            super(message);
        }
    }

    /** What an expression reads values from. */
    interface Values {
        Object get(String identifier);
    }

    @FunctionalInterface
    private interface Expr {
        Object eval(Values v);
    }

    private final String text;
    private final Expr root;

    private Selector(String text, Expr root) {
        this.text = text;
        this.root = root;
    }

    static Selector parse(String text) throws InvalidSelectorException {
        Parser p = new Parser(text);
        Expr e = p.orExpr();
        if (p.peek().kind != Kind.END) {
            throw new InvalidSelectorException("unexpected '" + p.peek().text + "' at position " + p.peek().pos);
        }
        return new Selector(text, e);
    }

    String text() {
        return text;
    }

    /** True when the values make the selector true (false and unknown do not select). */
    boolean matches(Values values) {
        try {
            return Boolean.TRUE.equals(root.eval(values));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Evaluates against a queued message, reading its sections from its bytes. */
    boolean matches(QueueEntry entry, Queue queue) {
        return matches(messageValues(queue.bodyOf(entry)));
    }

    /** The values of a message, decoded from its bytes only as far as asked for. */
    static Values messageValues(byte[] bytes) {
        Decoder decoder = SpecTypes.newDecoder();
        MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), decoder);
        return messageValues(view, decoder);
    }

    static Values messageValues(MessageView view, Decoder decoder) {
        return new Values() {
            private Map<String, Object> application;
            private Properties properties;
            private boolean propertiesRead;

            private Properties properties() {
                if (!propertiesRead) {
                    properties = view.properties(decoder);
                    propertiesRead = true;
                }
                return properties;
            }

            @Override
            public Object get(String id) {
                switch (id) {
                    case "JMSDeliveryMode":
                        return view.header(decoder).durable() ? "PERSISTENT" : "NON_PERSISTENT";
                    case "JMSPriority":
                        return (long) view.header(decoder).priority();
                    case "JMSMessageID":
                        return properties() == null ? null : idText(properties().messageId());
                    case "JMSCorrelationID":
                        return properties() == null ? null : idText(properties().correlationId());
                    case "JMSTimestamp":
                        return properties() == null || !properties().hasCreationTime()
                                ? null
                                : properties().creationTime();
                    case "JMSExpiration":
                        return properties() == null || !properties().hasAbsoluteExpiryTime()
                                ? null
                                : properties().absoluteExpiryTime();
                    case "JMSType":
                        return properties() == null ? null : properties().subject();
                    default:
                        if (application == null) {
                            ApplicationProperties ap = view.applicationProperties(decoder);
                            application = ap == null || ap.value() == null ? Map.of() : ap.value();
                        }
                        return normalise(application.get(id));
                }
            }
        };
    }

    private static Object idText(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary b) {
            return b.toString();
        }
        return id.toString();
    }

    /** Numbers become long or double, symbols and chars text; anything else is unknown to a selector. */
    static Object normalise(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Byte b -> (long) b;
            case Short s -> (long) s;
            case Integer i -> (long) i;
            case Long l -> l;
            case Float f -> (double) f;
            case Double d -> d;
            case UnsignedByte u -> u.longValue();
            case UnsignedShort u -> u.longValue();
            case UnsignedInteger u -> u.longValue();
            case UnsignedLong u -> u.longValue() < 0 ? u.doubleValue() : u.longValue();
            case Symbol s -> s.toString();
            case Char c -> c.toString();
            default -> null;
        };
    }

    // ------------------------------------------------------------------ lexer

    private enum Kind {
        IDENT,
        STRING,
        LONG,
        DOUBLE,
        OP,
        LPAREN,
        RPAREN,
        COMMA,
        END
    }

    private record Token(Kind kind, String text, int pos) {}

    private static final class Parser {
        private final List<Token> tokens = new ArrayList<>();
        private int at;

        Parser(String s) throws InvalidSelectorException {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '\'') {
                    StringBuilder sb = new StringBuilder();
                    int start = i++;
                    while (true) {
                        if (i >= s.length()) {
                            throw new InvalidSelectorException("unterminated string starting at position " + start);
                        }
                        char d = s.charAt(i++);
                        if (d == '\'') {
                            if (i < s.length() && s.charAt(i) == '\'') {
                                sb.append('\'');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            sb.append(d);
                        }
                    }
                    tokens.add(new Token(Kind.STRING, sb.toString(), start));
                } else if (Character.isDigit(c)
                        || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                    int start = i;
                    boolean dbl = false;
                    if (c == '0' && i + 1 < s.length() && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
                        i += 2;
                        while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
                            i++;
                        }
                        tokens.add(new Token(
                                Kind.LONG, String.valueOf(Long.parseLong(s.substring(start + 2, i), 16)), start));
                        continue;
                    }
                    while (i < s.length()
                            && (Character.isDigit(s.charAt(i))
                                    || s.charAt(i) == '.'
                                    || s.charAt(i) == 'e'
                                    || s.charAt(i) == 'E'
                                    || ((s.charAt(i) == '-' || s.charAt(i) == '+')
                                            && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')))) {
                        dbl |= s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E';
                        i++;
                    }
                    String num = s.substring(start, i);
                    if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) {
                        i++;
                    } else if (i < s.length() && "dDfF".indexOf(s.charAt(i)) >= 0) {
                        i++;
                        dbl = true;
                    }
                    tokens.add(new Token(dbl ? Kind.DOUBLE : Kind.LONG, num, start));
                } else if (Character.isJavaIdentifierStart(c)) {
                    int start = i;
                    while (i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '.')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.IDENT, s.substring(start, i), start));
                } else if (c == '(') {
                    tokens.add(new Token(Kind.LPAREN, "(", i++));
                } else if (c == ')') {
                    tokens.add(new Token(Kind.RPAREN, ")", i++));
                } else if (c == ',') {
                    tokens.add(new Token(Kind.COMMA, ",", i++));
                } else {
                    String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                    if (two.equals("<>") || two.equals("<=") || two.equals(">=")) {
                        tokens.add(new Token(Kind.OP, two, i));
                        i += 2;
                    } else if ("=<>+-*/".indexOf(c) >= 0) {
                        tokens.add(new Token(Kind.OP, String.valueOf(c), i++));
                    } else {
                        throw new InvalidSelectorException("unexpected character '" + c + "' at position " + i);
                    }
                }
            }
            tokens.add(new Token(Kind.END, "end of selector", s.length()));
        }

        Token peek() {
            return tokens.get(at);
        }

        Token next() {
            return tokens.get(at++);
        }

        boolean keyword(String k) {
            Token t = peek();
            if (t.kind == Kind.IDENT && t.text.equalsIgnoreCase(k)) {
                at++;
                return true;
            }
            return false;
        }

        boolean op(String o) {
            Token t = peek();
            if (t.kind == Kind.OP && t.text.equals(o)) {
                at++;
                return true;
            }
            return false;
        }

        void expect(Kind kind, String what) throws InvalidSelectorException {
            Token t = next();
            if (t.kind != kind) {
                throw new InvalidSelectorException(
                        "expected " + what + " at position " + t.pos + ", found '" + t.text + "'");
            }
        }

        Expr orExpr() throws InvalidSelectorException {
            Expr left = andExpr();
            while (keyword("OR")) {
                Expr l = left;
                Expr r = andExpr();
                left = v -> {
                    Object a = l.eval(v);
                    if (Boolean.TRUE.equals(a)) {
                        return true;
                    }
                    Object b = r.eval(v);
                    if (Boolean.TRUE.equals(b)) {
                        return true;
                    }
                    return (a == null || b == null) ? null : false;
                };
            }
            return left;
        }

        Expr andExpr() throws InvalidSelectorException {
            Expr left = notExpr();
            while (keyword("AND")) {
                Expr l = left;
                Expr r = notExpr();
                left = v -> {
                    Object a = l.eval(v);
                    if (Boolean.FALSE.equals(a)) {
                        return false;
                    }
                    Object b = r.eval(v);
                    if (Boolean.FALSE.equals(b)) {
                        return false;
                    }
                    return (a == null || b == null) ? null : true;
                };
            }
            return left;
        }

        Expr notExpr() throws InvalidSelectorException {
            if (keyword("NOT")) {
                Expr e = notExpr();
                return v -> {
                    Object r = e.eval(v);
                    return r instanceof Boolean b ? !b : null;
                };
            }
            return comparison();
        }

        Expr comparison() throws InvalidSelectorException {
            Expr left = additive();
            Token t = peek();
            if (t.kind == Kind.OP && List.of("=", "<>", "<", "<=", ">", ">=").contains(t.text)) {
                at++;
                Expr right = additive();
                String op = t.text;
                return v -> compare(op, left.eval(v), right.eval(v));
            }
            if (keyword("IS")) {
                boolean not = keyword("NOT");
                if (!keyword("NULL")) {
                    throw new InvalidSelectorException("expected NULL after IS at position " + peek().pos);
                }
                return v -> (left.eval(v) == null) != not;
            }
            boolean not = keyword("NOT");
            if (keyword("BETWEEN")) {
                Expr low = additive();
                if (!keyword("AND")) {
                    throw new InvalidSelectorException("expected AND in BETWEEN at position " + peek().pos);
                }
                Expr high = additive();
                return v -> {
                    Object x = left.eval(v);
                    Object a = compare(">=", x, low.eval(v));
                    Object b = compare("<=", x, high.eval(v));
                    Object r = (a == null || b == null) ? null : (Boolean) a && (Boolean) b;
                    return r == null ? null : not != (Boolean) r;
                };
            }
            if (keyword("IN")) {
                expect(Kind.LPAREN, "'('");
                List<String> items = new ArrayList<>();
                do {
                    Token s = next();
                    if (s.kind != Kind.STRING) {
                        throw new InvalidSelectorException(
                                "IN takes string literals; found '" + s.text + "' at position " + s.pos);
                    }
                    items.add(s.text);
                } while (peek().kind == Kind.COMMA && next() != null);
                expect(Kind.RPAREN, "')'");
                return v -> {
                    Object x = left.eval(v);
                    if (!(x instanceof String s)) {
                        return null;
                    }
                    return items.contains(s) != not;
                };
            }
            if (keyword("LIKE")) {
                Token pattern = next();
                if (pattern.kind != Kind.STRING) {
                    throw new InvalidSelectorException("LIKE takes a string pattern at position " + pattern.pos);
                }
                Character escape = null;
                if (keyword("ESCAPE")) {
                    Token e = next();
                    if (e.kind != Kind.STRING || e.text.length() != 1) {
                        throw new InvalidSelectorException("ESCAPE takes a one-character string at position " + e.pos);
                    }
                    escape = e.text.charAt(0);
                }
                Pattern regex = like(pattern.text, escape);
                return v -> {
                    Object x = left.eval(v);
                    if (!(x instanceof String s)) {
                        return null;
                    }
                    return regex.matcher(s).matches() != not;
                };
            }
            if (not) {
                throw new InvalidSelectorException("expected BETWEEN, IN or LIKE after NOT at position " + peek().pos);
            }
            return left;
        }

        Expr additive() throws InvalidSelectorException {
            Expr left = multiplicative();
            while (true) {
                if (op("+")) {
                    Expr l = left;
                    Expr r = multiplicative();
                    left = v -> arithmetic('+', l.eval(v), r.eval(v));
                } else if (op("-")) {
                    Expr l = left;
                    Expr r = multiplicative();
                    left = v -> arithmetic('-', l.eval(v), r.eval(v));
                } else {
                    return left;
                }
            }
        }

        Expr multiplicative() throws InvalidSelectorException {
            Expr left = unary();
            while (true) {
                if (op("*")) {
                    Expr l = left;
                    Expr r = unary();
                    left = v -> arithmetic('*', l.eval(v), r.eval(v));
                } else if (op("/")) {
                    Expr l = left;
                    Expr r = unary();
                    left = v -> arithmetic('/', l.eval(v), r.eval(v));
                } else {
                    return left;
                }
            }
        }

        Expr unary() throws InvalidSelectorException {
            if (op("-")) {
                Expr e = unary();
                return v -> arithmetic('-', 0L, e.eval(v));
            }
            if (op("+")) {
                return unary();
            }
            return primary();
        }

        Expr primary() throws InvalidSelectorException {
            Token t = next();
            switch (t.kind) {
                case STRING:
                    return v -> t.text;
                case LONG:
                    long l = Long.parseLong(t.text);
                    return v -> l;
                case DOUBLE:
                    double d = Double.parseDouble(t.text);
                    return v -> d;
                case LPAREN:
                    Expr e = orExpr();
                    expect(Kind.RPAREN, "')'");
                    return e;
                case IDENT:
                    String upper = t.text.toUpperCase(Locale.ROOT);
                    if (upper.equals("TRUE")) {
                        return v -> true;
                    }
                    if (upper.equals("FALSE")) {
                        return v -> false;
                    }
                    if (List.of("AND", "OR", "NOT", "BETWEEN", "IN", "LIKE", "IS", "NULL", "ESCAPE")
                            .contains(upper)) {
                        throw new InvalidSelectorException(
                                "'" + t.text + "' is a keyword, not a value, at position " + t.pos);
                    }
                    String name = t.text;
                    return v -> v.get(name);
                default:
                    throw new InvalidSelectorException(
                            "expected a value at position " + t.pos + ", found '" + t.text + "'");
            }
        }
    }

    private static Pattern like(String pattern, Character escape) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (escape != null && c == escape && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                re.append(".*");
            } else if (c == '_') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    private static Object compare(String op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        int c;
        if (a instanceof Number x && b instanceof Number y) {
            if (x instanceof Long && y instanceof Long) {
                c = Long.compare(x.longValue(), y.longValue());
            } else {
                c = Double.compare(x.doubleValue(), y.doubleValue());
            }
        } else if (a instanceof String x && b instanceof String y) {
            if (!op.equals("=") && !op.equals("<>")) {
                return null;
            }
            c = x.equals(y) ? 0 : 1;
        } else if (a instanceof Boolean x && b instanceof Boolean y) {
            if (!op.equals("=") && !op.equals("<>")) {
                return null;
            }
            c = x.equals(y) ? 0 : 1;
        } else {
            return null;
        }
        return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    private static Object arithmetic(char op, Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y)) {
            return null;
        }
        if (x instanceof Long && y instanceof Long) {
            long p = x.longValue();
            long q = y.longValue();
            return switch (op) {
                case '+' -> p + q;
                case '-' -> p - q;
                case '*' -> p * q;
                default -> q == 0 ? null : (Object) (p / q);
            };
        }
        double p = x.doubleValue();
        double q = y.doubleValue();
        return switch (op) {
            case '+' -> p + q;
            case '-' -> p - q;
            case '*' -> p * q;
            default -> p / q;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
