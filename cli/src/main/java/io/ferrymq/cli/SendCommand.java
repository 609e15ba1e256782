package io.ferrymq.cli;

import io.ferrymq.client.Client;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.ClientTimeoutException;
import io.ferrymq.client.Connection;
import io.ferrymq.client.DeliveryMode;
import io.ferrymq.client.DeliveryState;
import io.ferrymq.client.Message;
import io.ferrymq.client.Sender;
import io.ferrymq.client.SenderOptions;
import io.ferrymq.client.Tracker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ferry send}: sends messages to an address of any AMQP 1.0 server. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Sends messages to an address of any AMQP 1.0 server and waits until the server has "
                + "acknowledged them (at-least-once, the default). Each message's id is its number (0, 1, "
                + "...). Without a body option the body is the text \"message N\".",
        footer = {
            "%nExamples:",
            "  ferry send amqp://localhost:5672/orders --body 'hello'",
            "  ferry send amqp://localhost/orders --count 100000 --size 1024 --durable",
            "  ferry send amqps://user:secret@host:5671/orders --file order.json --rate 100",
            "%nExit codes: 0 every message sent (and accepted); 1 failure while running (no server,",
            "  refused, not accepted); 2 bad usage."
        })
final class SendCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "URL",
            description = "Server and address: amqp[s]://[user:password@]host[:port]/ADDRESS.")
    String url;

    @Mixin
    Endpoint endpoint;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Messages to send (default 1).")
    long count;

    @ArgGroup(exclusive = true)
    Body body = new Body();

    static final class Body {
        @Option(names = "--size", paramLabel = "BYTES", description = "A binary body of this many bytes.")
        Integer size;

        @Option(names = "--body", paramLabel = "TEXT", description = "A text body.")
        String text;

        @Option(names = "--file", paramLabel = "FILE", description = "The file's bytes as the body.")
        Path file;
    }

    @Option(names = "--durable", description = "Mark messages durable: the server keeps them across restarts.")
    boolean durable;

    @Option(
            names = "--rate",
            paramLabel = "MSG/S",
            defaultValue = "0",
            description = "Send at this fixed rate (messages a second); 0 (default) as fast as possible.")
    double rate;

    @Option(
            names = "--settle",
            paramLabel = "MODE",
            defaultValue = "at-least-once",
            converter = Settle.class,
            description =
                    "at-least-once (default: wait for the server's acknowledgement) or at-most-once (pre-settled).")
    DeliveryMode settle;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long to wait for the server: to connect, for credit, for acknowledgements (default 30).")
    long timeout;

    @Override
    public Integer call() {
        try {
            return run();
        } catch (ParameterException e) {
            return Usage.error(e);
        }
    }

    private int run() {
        String server = endpoint.server(url);
        String address = endpoint.address(url);
        if (count < 1) {
            throw new ParameterException(endpoint.spec.commandLine(), "--count must be at least 1, not " + count);
        }
        if (rate < 0 || timeout < 1) {
            throw new ParameterException(
                    endpoint.spec.commandLine(), "--rate must be 0 or more and --timeout at least 1");
        }
        byte[] bytes = null;
        try {
            if (body.file != null) {
                bytes = Files.readAllBytes(body.file);
            } else if (body.size != null) {
                if (body.size < 0) {
                    throw new ParameterException(endpoint.spec.commandLine(), "--size must not be negative");
                }
                bytes = new byte[body.size];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) ('a' + i % 26);
                }
            }
        } catch (IOException e) {
            throw new ParameterException(endpoint.spec.commandLine(), "cannot read --file " + body.file + ": " + e);
        }
        Duration wait = Duration.ofSeconds(timeout);
        Progress progress = new Progress(System.err, "sent");
        long accepted = 0;
        long notAccepted = 0;
        long sentBytes = 0;
        try (Client client = Client.create();
                Connection c = client.connect(
                        server,
                        endpoint.options()
                                .connectTimeout(wait)
                                .requestTimeout(wait)
                                .sendTimeout(wait))) {
            c.awaitOpen(wait);
            Sender sender = c.openSender(address, new SenderOptions().deliveryMode(settle));
            ArrayDeque<Tracker> unsettled = new ArrayDeque<>();
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                        LockSupport.parkNanos(due - now);
                    }
                }
                Message<?> m = bytes != null
                        ? Message.create(bytes)
                        : body.text != null ? Message.create(body.text) : Message.create("message " + i);
                m.messageId(i).durable(durable);
                unsettled.add(sender.send(m));
                sentBytes += bytes != null ? bytes.length : 0;
                while (unsettled.size() > 1000
                        || (!unsettled.isEmpty() && unsettled.peek().settled())) {
                    if (accepted(unsettled.poll().awaitSettlement(wait))) {
                        accepted++;
                    } else {
                        notAccepted++;
                    }
                }
                progress.update(i + 1, count);
            }
            while (!unsettled.isEmpty()) {
                if (accepted(unsettled.poll().awaitSettlement(wait))) {
                    accepted++;
                } else {
                    notAccepted++;
                }
            }
        } catch (ClientException e) {
            System.err.println("ferry send: " + Errors.explain(e, server));
            if (accepted + notAccepted > 0 || e instanceof ClientTimeoutException) {
                System.err.printf(
                        "ferry send: before that, %,d accepted%s%n",
                        accepted, notAccepted > 0 ? ", " + notAccepted + " NOT accepted:" + refusalSummary() : "");
            }
            return 1;
        }
        double seconds = progress.seconds();
        System.err.printf(
                "ferry send: %,d message(s) to '%s' in %.2f s (%.0f msg/s%s), %s%n",
                count,
                address,
                seconds,
                count / seconds,
                sentBytes > 0 ? String.format(", %.1f MiB/s", sentBytes / 1048576.0 / seconds) : "",
                settle == DeliveryMode.AT_MOST_ONCE
                        ? "pre-settled"
                        : accepted + " accepted"
                                + (notAccepted > 0 ? ", " + notAccepted + " NOT accepted:" + refusalSummary() : ""));
        return notAccepted > 0 ? 1 : 0;
    }

    /** What came back other than accepted, by outcome and condition, in the order first seen. */
    private final Map<String, Long> refusals = new LinkedHashMap<>();

    private int refusalsShown;

    private boolean accepted(Tracker t) {
        DeliveryState s = t.remoteState();
        if (settle == DeliveryMode.AT_MOST_ONCE || (s != null && s.isAccepted())) {
            return true;
        }
        String what = describe(s);
        refusals.merge(what, 1L, Long::sum);
        if (refusalsShown < 5) {
            refusalsShown++;
            System.err.println("ferry send: a message was not accepted: " + what);
        }
        return false;
    }

    /** An outcome as a person reads it: "rejected amqp:resource-limit-exceeded (the broker's memory is full ...)". */
    static String describe(DeliveryState s) {
        return switch (s) {
            case null -> "no outcome";
            case DeliveryState.RejectedState r ->
                "rejected" + (r.condition() != null ? " " + r.condition() : "")
                        + (r.description() != null ? " (" + r.description() + ")" : "");
            case DeliveryState.ReleasedState r -> "released (the server did not take it; sending it again may work)";
            case DeliveryState.ModifiedState m -> "modified" + (m.undeliverableHere() ? " (undeliverable here)" : "");
            default -> s.toString();
        };
    }

    /** The not-accepted outcomes counted by kind, for the summary. */
    private String refusalSummary() {
        StringBuilder b = new StringBuilder();
        refusals.forEach((what, n) -> b.append(String.format("%n  %,d %s", n, what)));
        return b.toString();
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
