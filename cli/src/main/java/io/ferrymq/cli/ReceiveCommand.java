package io.ferrymq.cli;

import io.ferrymq.client.Client;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.Connection;
import io.ferrymq.client.Delivery;
import io.ferrymq.client.Message;
import io.ferrymq.client.Receiver;
import io.ferrymq.client.ReceiverOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code ferry receive}: receives messages from an address of any AMQP 1.0 server and prints them. */
@Command(
        name = "receive",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Receives messages from an address of any AMQP 1.0 server and prints each on standard "
                + "output, one a line (the body as text, or a JSON object with --output json). Messages are "
                + "accepted (taken off the queue) unless --browse. Progress and the summary go to standard "
                + "error.",
        footer = {
            "%nExamples:",
            "  ferry receive amqp://localhost:5672/orders --count 10",
            "  ferry receive amqp://localhost/orders --timeout 0            # wait forever",
            "  ferry receive amqp://localhost/orders --selector \"color = 'red'\" --output json",
            "%nExit codes: 0 done (all --count messages received); 1 failure while running, or",
            "  fewer than --count messages came before the timeout; 2 bad usage."
        })
final class ReceiveCommand implements Callable<Integer> {
    enum Output {
        text,
        json
    }

    @Parameters(
            index = "0",
            paramLabel = "URL",
            description = "Server and address: amqp[s]://[user:password@]host[:port]/ADDRESS.")
    String url;

    @Mixin
    Endpoint endpoint;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "0",
            description = "Stop after N messages; 0 (default) receives until the timeout.")
    long count;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "Stop when no message came for this long (default 10); 0 waits forever.")
    long timeout;

    @Option(names = "--browse", description = "Look at the messages without taking them.")
    boolean browse;

    @Option(
            names = "--selector",
            paramLabel = "EXPR",
            description = "Only messages matching this JMS selector, for example \"color = 'red' AND size > 3\".")
    String selector;

    @Option(
            names = "--output",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "text (default: the body) or json (one object a line: id, properties, body, ...).")
    Output output;

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
        if (count < 0 || timeout < 0) {
            throw new ParameterException(endpoint.spec.commandLine(), "--count and --timeout must not be negative");
        }
        Duration wait = timeout == 0 ? Duration.ofDays(3650) : Duration.ofSeconds(timeout);
        Duration connectWait = Duration.ofSeconds(timeout == 0 ? 30 : Math.max(timeout, 10));
        int window = (int) (count > 0 ? Math.min(count, 1000) : 1000);
        Progress progress = new Progress(System.err, "received");
        long received = 0;
        try (Client client = Client.create();
                Connection c = client.connect(
                        server, endpoint.options().connectTimeout(connectWait).requestTimeout(connectWait))) {
            c.awaitOpen(connectWait);
            Receiver r = c.openReceiver(
                    address,
                    new ReceiverOptions().creditWindow(window).browse(browse).selector(selector));
            while (count == 0 || received < count) {
                Delivery d = r.receive(wait);
                if (d == null) {
                    break;
                }
                received++;
                System.out.println(
                        output == Output.json
                                ? json(d.message())
                                : text(d.message().body()));
                progress.update(received, count);
            }
            System.out.flush();
        } catch (ClientException e) {
            System.out.flush();
            System.err.println("ferry receive: " + Errors.explain(e, server));
            return 1;
        }
        System.err.printf(
                "ferry receive: %,d message(s) from '%s' in %.2f s%s%n",
                received, address, progress.seconds(), browse ? " (browsed)" : "");
        if (count > 0 && received < count) {
            System.err.printf(
                    "ferry receive: only %,d of %,d message(s) came within the %d s timeout%n",
                    received, count, timeout);
            return 1;
        }
        return 0;
    }

    static String text(Object body) {
        if (body == null) {
            return "";
        }
        if (body instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return body.toString();
    }

    static String json(Message<Object> m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", m.messageId());
        put(o, "correlationId", m.correlationId());
        put(o, "subject", m.subject());
        put(o, "to", m.to());
        put(o, "replyTo", m.replyTo());
        put(o, "contentType", m.contentType());
        o.put("durable", m.durable());
        o.put("priority", m.priority());
        if (m.creationTime() >= 0) {
            o.put("creationTime", m.creationTime());
        }
        if (!m.properties().isEmpty()) {
            o.put("properties", m.properties());
        }
        if (!m.annotations().isEmpty()) {
            o.put("annotations", m.annotations());
        }
        Object body = m.body();
        if (body instanceof byte[]) {
            o.put("bodyEncoding", "base64");
        }
        o.put("body", body);
        return Json.write(o);
    }

    private static void put(Map<String, Object> o, String key, Object value) {
        if (value != null) {
            o.put(key, value);
        }
    }
}
