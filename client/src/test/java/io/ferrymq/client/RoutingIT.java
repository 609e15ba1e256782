package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Anonymous senders, dynamic receivers, durable and shared subscriptions, selectors, browsing
 * and streamed messages, against Artemis and against Ferry.
 */
class RoutingIT extends ServersIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Override
    protected boolean persistent() {
        return true;
    }

    @ParameterizedTest
    @MethodSource("servers")
    void anAnonymousSenderSendsWhereEachMessageSays(TestServer server) {
        String a = unique("anon-a");
        String b = unique("anon-b");
        try (Connection c = client.connect(server.uri())) {
            c.awaitOpen(T);
            assertThat(c.remoteOffers("ANONYMOUS-RELAY")).isTrue();
            Sender s = c.openAnonymousSender();
            assertThat(s.address()).isNull();
            s.send(Message.create("to a").to(a)).awaitAccepted(T);
            s.send(Message.create("to b").to(b)).awaitAccepted(T);
            c.send(Message.create("to a again").to(a)).awaitAccepted(T);
            Receiver ra = c.openReceiver(a);
            Receiver rb = c.openReceiver(b);
            assertThat(ra.receive(T).message().body()).isEqualTo("to a");
            assertThat(ra.receive(T).message().body()).isEqualTo("to a again");
            assertThat(rb.receive(T).message().body()).isEqualTo("to b");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aDynamicReceiverGetsATemporaryQueue(TestServer server) {
        try (Connection c = client.connect(server.uri())) {
            Receiver r = c.openDynamicReceiver();
            assertThat(r.address()).isNotBlank();
            c.openSender(r.address()).send(Message.create("reply")).awaitAccepted(T);
            assertThat(r.receive(T).message().body()).isEqualTo("reply");
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aDurableSubscriptionKeepsMessagesWhileDetached(TestServer server) {
        String topic = unique("topic");
        String sub = unique("sub");
        try (Client own = Client.create(new ClientOptions().containerId(unique("durable-client")));
                Connection c = own.connect(server.uri())) {
            Receiver r = c.openDurableReceiver(topic, sub);
            Sender s = c.openSender(topic, new SenderOptions().targetCapabilities("topic"));
            s.send(Message.create("while attached")).awaitAccepted(T);
            assertThat(r.receive(T).message().body()).isEqualTo("while attached");
            r.detach(T);
            s.send(Message.create("while detached")).awaitAccepted(T);
            Receiver again = c.openDurableReceiver(topic, sub);
            assertThat(again.receive(T).message().body()).isEqualTo("while detached");
            again.close(T);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aSharedSubscriptionSplitsMessagesBetweenItsReceivers(TestServer server) {
        String topic = unique("shared-topic");
        String sub = unique("shared-sub");
        try (Connection c1 = client.connect(server.uri());
                Connection c2 = client.connect(server.uri())) {
            ReceiverOptions o = new ReceiverOptions().shared(true).linkName(sub).creditWindow(1);
            Receiver r1 = c1.openReceiver(topic, o);
            Receiver r2 = c2.openReceiver(
                    topic, new ReceiverOptions().shared(true).linkName(sub).creditWindow(1));
            Sender s = c1.openSender(topic, new SenderOptions().targetCapabilities("topic"));
            for (int i = 0; i < 20; i++) {
                s.send(Message.create(i)).awaitAccepted(T);
            }
            Set<Object> got1 = new HashSet<>();
            Set<Object> got2 = new HashSet<>();
            Delivery d;
            while (got1.size() + got2.size() < 20) {
                if ((d = r1.receive(Duration.ofMillis(50))) != null) {
                    got1.add(d.message().body());
                }
                if ((d = r2.receive(Duration.ofMillis(50))) != null) {
                    got2.add(d.message().body());
                }
            }
            assertThat(got1).isNotEmpty().doesNotContainAnyElementsOf(got2);
            assertThat(got2).isNotEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aSelectorFiltersMessages(TestServer server) {
        String q = unique("selector");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            for (int i = 0; i < 10; i++) {
                s.send(Message.create(i).property("color", i % 2 == 0 ? "red" : "blue"))
                        .awaitAccepted(T);
            }
            Receiver red = c.openReceiver(q, new ReceiverOptions().selector("color = 'red'"));
            List<Object> got = new ArrayList<>();
            Delivery d;
            while ((d = red.receive(Duration.ofMillis(500))) != null) {
                got.add(d.message().body());
            }
            assertThat(got).containsExactly(0, 2, 4, 6, 8);
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void browsingLeavesTheMessagesInPlace(TestServer server) {
        String q = unique("browse");
        try (Connection c = client.connect(server.uri())) {
            Sender s = c.openSender(q);
            for (int i = 0; i < 5; i++) {
                s.send(Message.create(i)).awaitAccepted(T);
            }
            Receiver browser = c.openReceiver(q, new ReceiverOptions().browse(true));
            for (int i = 0; i < 5; i++) {
                assertThat(browser.receive(T).message().body()).isEqualTo(i);
            }
            browser.close();
            Receiver consumer = c.openReceiver(q);
            for (int i = 0; i < 5; i++) {
                assertThat(consumer.receive(T).message().body()).isEqualTo(i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void aStreamedMessageArrivesWhole(TestServer server) throws Exception {
        String q = unique("stream");
        int size = 5 * 1024 * 1024 + 123;
        try (Connection c = client.connect(server.uri())) {
            StreamSender sender = c.openStreamSender(q);
            StreamSenderMessage out = sender.beginMessage(
                    Message.create().durable(true).subject("big").property("size", size));
            CRC32 sent = new CRC32();
            Random random = new Random(7);
            byte[] chunk = new byte[10_000];
            try (OutputStream body = out.body()) {
                for (int written = 0; written < size; written += chunk.length) {
                    random.nextBytes(chunk);
                    int n = Math.min(chunk.length, size - written);
                    body.write(chunk, 0, n);
                    sent.update(chunk, 0, n);
                }
            }
            out.tracker().awaitAccepted(Duration.ofSeconds(60));

            StreamReceiver receiver = c.openStreamReceiver(q);
            StreamDelivery delivery = receiver.receive(T);
            Message<Object> envelope = delivery.message().envelope();
            assertThat(envelope.subject()).isEqualTo("big");
            assertThat(envelope.property("size")).isEqualTo(size);
            assertThat(envelope.durable()).isTrue();
            CRC32 got = new CRC32();
            long total = 0;
            try (InputStream in = delivery.message().body()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) > 0) {
                    got.update(buf, 0, n);
                    total += n;
                }
            }
            assertThat(total).isEqualTo(size);
            assertThat(got.getValue()).isEqualTo(sent.getValue());
            assertThat(delivery.completed()).isTrue();
            assertThat(delivery.settled()).isTrue();
            // A plain receiver sees the same message's data sections (none left: it was accepted).
            assertThat(c.openReceiver(q).receive(Duration.ofMillis(300))).isNull();
        }
    }

    @ParameterizedTest
    @MethodSource("servers")
    void anAbortedStreamIsDiscarded(TestServer server) throws Exception {
        String q = unique("aborted");
        try (Connection c = client.connect(server.uri())) {
            StreamSender sender = c.openStreamSender(q);
            StreamSenderMessage out = sender.beginMessage();
            out.body().write(new byte[200_000]);
            out.body().flush();
            out.abort();
            StreamSenderMessage next = sender.beginMessage();
            next.body().write("after the abort".getBytes());
            next.complete().awaitAccepted(T);
            Receiver r = c.openReceiver(q);
            Delivery d = r.receive(T);
            assertThat(new String((byte[]) d.message().body())).isEqualTo("after the abort");
        }
    }
}
