package io.ferrymq.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.UnsignedLong;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Messages encode every field and body kind and decode back to the same values. */
class MessageTest {
    private static Message<Object> roundTrip(Message<?> m) {
        return Message.decode(m.encode());
    }

    @Test
    void everyHeaderAndPropertyFieldRoundTrips() {
        UUID id = UUID.randomUUID();
        Message<String> m = Message.create("body")
                .durable(true)
                .priority(7)
                .timeToLive(60_000)
                .firstAcquirer(true)
                .deliveryCount(3)
                .messageId(id)
                .userId(new byte[] {1, 2})
                .to("queue://a")
                .subject("subj")
                .replyTo("replies")
                .correlationId(UnsignedLong.valueOf(42))
                .contentType("text/plain")
                .contentEncoding("utf-8")
                .absoluteExpiryTime(1_700_000_000_000L)
                .creationTime(1_600_000_000_000L)
                .groupId("g")
                .groupSequence(9)
                .replyToGroupId("rg")
                .property("color", "red")
                .property("n", 5)
                .annotation("x-opt-trace", "t1")
                .deliveryAnnotation("x-hop", 2)
                .footer("x-crc", 12345L);
        Message<Object> d = roundTrip(m);
        assertThat(d.body()).isEqualTo("body");
        assertThat(d.bodyKind()).isEqualTo(Message.BodyKind.VALUE);
        assertThat(d.durable()).isTrue();
        assertThat(d.priority()).isEqualTo(7);
        assertThat(d.timeToLive()).isEqualTo(60_000);
        assertThat(d.firstAcquirer()).isTrue();
        assertThat(d.deliveryCount()).isEqualTo(3);
        assertThat(d.messageId()).isEqualTo(id);
        assertThat(d.userId()).containsExactly(1, 2);
        assertThat(d.to()).isEqualTo("queue://a");
        assertThat(d.subject()).isEqualTo("subj");
        assertThat(d.replyTo()).isEqualTo("replies");
        assertThat(d.correlationId()).isEqualTo(UnsignedLong.valueOf(42));
        assertThat(d.contentType()).isEqualTo("text/plain");
        assertThat(d.contentEncoding()).isEqualTo("utf-8");
        assertThat(d.absoluteExpiryTime()).isEqualTo(1_700_000_000_000L);
        assertThat(d.creationTime()).isEqualTo(1_600_000_000_000L);
        assertThat(d.groupId()).isEqualTo("g");
        assertThat(d.groupSequence()).isEqualTo(9);
        assertThat(d.replyToGroupId()).isEqualTo("rg");
        assertThat(d.properties()).containsEntry("color", "red").containsEntry("n", 5);
        assertThat(d.annotation("x-opt-trace")).isEqualTo("t1");
        assertThat(d.deliveryAnnotation("x-hop")).isEqualTo(2);
        assertThat(d.footer("x-crc")).isEqualTo(12345L);
    }

    @Test
    void anEmptyMessageHasNoSectionsAndDefaults() {
        Message<Void> m = Message.create();
        assertThat(m.encode()).isEmpty();
        Message<Object> d = roundTrip(m);
        assertThat(d.body()).isNull();
        assertThat(d.bodyKind()).isEqualTo(Message.BodyKind.NONE);
        assertThat(d.priority()).isEqualTo(4);
        assertThat(d.timeToLive()).isEqualTo(-1);
        assertThat(d.messageId()).isNull();
    }

    @Test
    void bodyTypesChooseTheirSections() {
        Message<Object> bytes = roundTrip(Message.create(new byte[] {9, 8, 7}));
        assertThat(bytes.bodyKind()).isEqualTo(Message.BodyKind.DATA);
        assertThat((byte[]) bytes.body()).containsExactly(9, 8, 7);

        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("b", List.of("x", "y"));
        map.put("c", new byte[] {1});
        Message<Object> mapMessage = roundTrip(Message.create(map));
        assertThat(mapMessage.bodyKind()).isEqualTo(Message.BodyKind.VALUE);
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) mapMessage.body();
        assertThat(back).containsEntry("a", 1).containsEntry("b", List.of("x", "y"));
        assertThat((byte[]) back.get("c")).containsExactly(1);

        Message<Object> list = roundTrip(Message.create(List.of(1L, "two", true)));
        assertThat(list.body()).isEqualTo(List.of(1L, "two", true));
        assertThat(list.bodyKind()).isEqualTo(Message.BodyKind.VALUE);

        Message<Object> seq = roundTrip(Message.sequence(List.of("s1", 2)));
        assertThat(seq.bodyKind()).isEqualTo(Message.BodyKind.SEQUENCE);
        assertThat(seq.body()).isEqualTo(List.of("s1", 2));

        Message<Object> sections = roundTrip(Message.dataSections(List.of(new byte[] {1}, new byte[] {2, 3})));
        assertThat(sections.bodyKind()).isEqualTo(Message.BodyKind.DATA);
        assertThat(sections.bodySections()).hasSize(2);
        assertThat((byte[]) sections.bodySections().get(1)).containsExactly(2, 3);

        Message<Object> number = roundTrip(Message.create(3.5d));
        assertThat(number.body()).isEqualTo(3.5d);
    }

    @Test
    void aReceivedMessageCanBeChangedAndSentOn() {
        Message<Object> d = roundTrip(Message.create("first").subject("s").property("k", "v"));
        d.body("second");
        d.property("k2", 2);
        Message<Object> again = roundTrip(d);
        assertThat(again.body()).isEqualTo("second");
        assertThat(again.subject()).isEqualTo("s");
        assertThat(again.properties()).containsEntry("k", "v").containsEntry("k2", 2);
    }

    @Test
    void reconnectDelaysGrowWithJitterWithinTheLimit() {
        ReconnectOptions r = new ReconnectOptions()
                .initialDelay(java.time.Duration.ofMillis(100))
                .maxDelay(java.time.Duration.ofSeconds(2))
                .multiplier(2)
                .jitter(0.2);
        assertThat(r.delayMillis(1, 0.5)).isZero();
        assertThat(r.delayMillis(2, 0.5)).isEqualTo(100);
        assertThat(r.delayMillis(3, 0.5)).isEqualTo(200);
        assertThat(r.delayMillis(3, 0.0)).isEqualTo(160);
        assertThat(r.delayMillis(3, 0.999)).isBetween(239L, 240L);
        assertThat(r.delayMillis(30, 0.5)).isEqualTo(2000);
    }
}
