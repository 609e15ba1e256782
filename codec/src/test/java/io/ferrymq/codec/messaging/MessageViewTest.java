package io.ferrymq.codec.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.DecodeException;
import io.ferrymq.codec.Decoder;
import io.ferrymq.codec.Encoder;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker's view of a message: boundaries without decoding, lazy sections, splicing. */
class MessageViewTest {
    private final Decoder decoder = SpecTypes.newDecoder();

    private static ByteBuf message(Section... sections) {
        ByteBuf b = Unpooled.buffer();
        for (Section s : sections) {
            s.encode(b);
        }
        return b;
    }

    private static Map<Object, Object> annotations(String key, Object value) {
        Map<Object, Object> m = new java.util.LinkedHashMap<>();
        m.put(Symbol.valueOf(key), value);
        return m;
    }

    @Test
    void findsEverySection() {
        ByteBuf msg = message(
                new Header().durable(true).priority(7),
                new DeliveryAnnotations(annotations("x-opt-da", 1)),
                new MessageAnnotations(annotations("x-opt-ma", 2)),
                new Properties().messageId("id-1").to("queue-a"),
                new ApplicationProperties(Map.of("k", "v")),
                new Data(new Binary(new byte[] {1, 2, 3})),
                new Data(new Binary(new byte[] {4})),
                new Footer(annotations("x-opt-sig", "abc")));
        MessageView view = MessageView.parse(msg, decoder);
        assertThat(view.hasHeader()).isTrue();
        assertThat(view.hasDeliveryAnnotations()).isTrue();
        assertThat(view.hasMessageAnnotations()).isTrue();
        assertThat(view.hasProperties()).isTrue();
        assertThat(view.hasApplicationProperties()).isTrue();
        assertThat(view.hasFooter()).isTrue();
        assertThat(view.bodyCode()).isEqualTo(Data.DESCRIPTOR_CODE);
        assertThat(view.bodySectionCount()).isEqualTo(2);
        assertThat(view.header(decoder).priority()).isEqualTo(7);
        assertThat(view.properties(decoder).to()).isEqualTo("queue-a");
        assertThat(view.applicationProperties(decoder).value()).containsEntry("k", "v");
        assertThat(view.messageAnnotations(decoder).value()).containsEntry(Symbol.valueOf("x-opt-ma"), 2);
        assertThat(view.deliveryAnnotations(decoder).value()).containsEntry(Symbol.valueOf("x-opt-da"), 1);
        assertThat(view.footer(decoder).value()).containsEntry(Symbol.valueOf("x-opt-sig"), "abc");
        ByteBuf body = view.body();
        assertThat(decoder.readObject(body)).isEqualTo(new Data(new Binary(new byte[] {1, 2, 3})));
        assertThat(decoder.readObject(body)).isEqualTo(new Data(new Binary(new byte[] {4})));
        assertThat(body.isReadable()).isFalse();
    }

    @Test
    void bodyIsNotDecodedToFindTheBoundaries() {
        // The amqp-value holds bytes that are not a valid value at all: the view never looks inside
        // a body, it only measures it.
        ByteBuf msg = message(new Properties().to("q"));
        msg.writeBytes(new byte[] {0x00, 0x53, 0x77, (byte) 0xb0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        MessageView view = MessageView.parse(msg, decoder);
        assertThat(view.bodyCode()).isEqualTo(AmqpValue.DESCRIPTOR_CODE);
        assertThat(view.properties(decoder).to()).isEqualTo("q");
    }

    @Test
    void emptyMessageAndDefaultHeader() {
        MessageView view = MessageView.parse(Unpooled.EMPTY_BUFFER, decoder);
        assertThat(view.hasHeader()).isFalse();
        assertThat(view.bodyCode()).isEqualTo(-1);
        assertThat(view.header(decoder).priority()).isEqualTo(Header.DEFAULT_PRIORITY);
        assertThat(view.properties(decoder)).isNull();
    }

    @Test
    void acceptsSectionsWithSymbolDescriptors() {
        ByteBuf msg = Unpooled.buffer();
        msg.writeByte(0);
        Encoder.writeSymbol(msg, Properties.DESCRIPTOR_SYMBOL);
        Encoder.writeList(msg, List.of("id"));
        msg.writeByte(0);
        Encoder.writeSymbol(msg, AmqpValue.DESCRIPTOR_SYMBOL);
        Encoder.writeString(msg, "hello");
        MessageView view = MessageView.parse(msg, decoder);
        assertThat(view.properties(decoder).messageId()).isEqualTo("id");
        assertThat(view.bodyCode()).isEqualTo(AmqpValue.DESCRIPTOR_CODE);
    }

    @Test
    void splicesANewHeaderInFrontOfTheUntouchedRest() {
        ByteBuf msg = message(
                new Header().durable(true),
                new DeliveryAnnotations(annotations("x-opt-da", 1)),
                new MessageAnnotations(annotations("x-opt-ma", 2)),
                new Properties().messageId("id-1"),
                new AmqpValue("body"));
        MessageView view = MessageView.parse(msg, decoder);
        int bare = view.bareMessageStart();
        byte[] bareBytes = ByteBufUtil.getBytes(msg, bare, msg.writerIndex() - bare);

        Header redelivered = new Header().durable(true).deliveryCount(1);
        ByteBuf spliced = view.withHeader(UnpooledByteBufAllocator.DEFAULT, redelivered);
        MessageView again = MessageView.parse(spliced, decoder);
        assertThat(again.header(decoder).deliveryCount()).isEqualTo(1);
        assertThat(again.deliveryAnnotations(decoder)).isNotNull();
        assertThat(again.messageAnnotations(decoder).value()).containsEntry(Symbol.valueOf("x-opt-ma"), 2);
        int bareAgain = again.bareMessageStart();
        assertThat(ByteBufUtil.getBytes(spliced, bareAgain, spliced.writerIndex() - bareAgain))
                .isEqualTo(bareBytes);
        spliced.release();
    }

    @Test
    void splicesHeaderAndAnnotationsAndDropsDeliveryAnnotations() {
        ByteBuf msg = message(
                new DeliveryAnnotations(annotations("x-opt-da", 1)),
                new Properties().messageId("m"),
                new Data(new Binary(new byte[100])));
        MessageView view = MessageView.parse(msg, decoder);
        Map<Object, Object> ma = annotations("x-opt-dead-letter-reason", "max deliveries");
        ByteBuf spliced = view.splice(
                UnpooledByteBufAllocator.DEFAULT, new Header().deliveryCount(5), false, new MessageAnnotations(ma));
        List<Object> sections = new ArrayList<>();
        while (spliced.isReadable()) {
            sections.add(decoder.readObject(spliced));
        }
        assertThat(sections).hasSize(4);
        assertThat(sections.get(0)).isEqualTo(new Header().deliveryCount(5));
        assertThat(sections.get(1)).isEqualTo(new MessageAnnotations(ma));
        assertThat(((Properties) sections.get(2)).messageId()).isEqualTo("m");
        assertThat(sections.get(3)).isEqualTo(new Data(new Binary(new byte[100])));
        spliced.release();
    }

    @Test
    void splicesNewPropertiesInFrontOfTheUntouchedApplicationPropertiesAndBody() {
        ByteBuf msg = message(
                new Header().durable(true).ttl(1000),
                new Properties().messageId("m").absoluteExpiryTime(1234),
                new ApplicationProperties(Map.of("k", "v")),
                new Data(new Binary(new byte[] {1, 2, 3})));
        MessageView view = MessageView.parse(msg, decoder);
        Properties replaced = view.properties(decoder).clearAbsoluteExpiryTime();
        Map<Object, Object> ma = annotations("x-opt-expired", true);
        ByteBuf spliced = view.splice(
                UnpooledByteBufAllocator.DEFAULT,
                new Header().durable(true),
                false,
                new MessageAnnotations(ma),
                replaced);
        List<Object> sections = new ArrayList<>();
        while (spliced.isReadable()) {
            sections.add(decoder.readObject(spliced));
        }
        assertThat(sections).hasSize(5);
        assertThat(sections.get(0)).isEqualTo(new Header().durable(true));
        assertThat(sections.get(1)).isEqualTo(new MessageAnnotations(ma));
        assertThat(((Properties) sections.get(2)).messageId()).isEqualTo("m");
        assertThat(((Properties) sections.get(2)).hasAbsoluteExpiryTime()).isFalse();
        assertThat(sections.get(3)).isEqualTo(new ApplicationProperties(Map.of("k", "v")));
        assertThat(sections.get(4)).isEqualTo(new Data(new Binary(new byte[] {1, 2, 3})));
        spliced.release();

        // A message without properties gets them in front of the rest.
        ByteBuf bare = message(new Header(), new AmqpValue("body"));
        ByteBuf added = MessageView.parse(bare, decoder)
                .splice(UnpooledByteBufAllocator.DEFAULT, null, false, null, new Properties().messageId("new"));
        assertThat(decoder.readObject(added)).isEqualTo(new Properties().messageId("new"));
        assertThat(decoder.readObject(added)).isEqualTo(new AmqpValue("body"));
        assertThat(added.isReadable()).isFalse();
        added.release();
    }

    @Test
    void sectionsOutOfOrderAreRejected() {
        ByteBuf msg = message(new Properties().messageId("m"), new Header());
        assertThatThrownBy(() -> MessageView.parse(msg, decoder))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("header section out of order");
        ByteBuf twice = message(new Header(), new Header());
        assertThatThrownBy(() -> MessageView.parse(twice, decoder)).isInstanceOf(DecodeException.class);
    }

    @Test
    void mixedOrRepeatedValueBodiesAreRejected() {
        ByteBuf mixed = message(new Data(new Binary(new byte[1])), new AmqpValue(1));
        assertThatThrownBy(() -> MessageView.parse(mixed, decoder))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("mixture");
        ByteBuf twoValues = message(new AmqpValue(1), new AmqpValue(2));
        assertThatThrownBy(() -> MessageView.parse(twoValues, decoder)).isInstanceOf(DecodeException.class);
        ByteBuf sequences = message(new AmqpSequence(List.of(1)), new AmqpSequence(List.of(2)));
        assertThat(MessageView.parse(sequences, decoder).bodySectionCount()).isEqualTo(2);
    }

    @Test
    void nonSectionsAndTruncationAreRejected() {
        ByteBuf notDescribed = Unpooled.wrappedBuffer(new byte[] {0x41});
        assertThatThrownBy(() -> MessageView.parse(notDescribed, decoder))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("not a described value");
        ByteBuf transfer = Unpooled.wrappedBuffer(new byte[] {0x00, 0x53, 0x14, 0x45});
        assertThatThrownBy(() -> MessageView.parse(transfer, decoder))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("not a message section");
        ByteBuf msg = message(new Properties().messageId("m"), new AmqpValue("hello"));
        ByteBuf truncated = msg.slice(0, msg.readableBytes() - 2);
        assertThatThrownBy(() -> MessageView.parse(truncated, decoder))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("truncated");
    }

    private static MessageView withApplicationProperties(Map<String, Object> properties) {
        ByteBuf b = Unpooled.buffer();
        new Header().durable(true).encode(b);
        new ApplicationProperties(properties).encode(b);
        new AmqpValue("body").encode(b);
        return MessageView.parse(b, SpecTypes.newDecoder());
    }

    /** messaging.xml#type-application-properties: string keys, simple values, every entry whole. */
    @Test
    void applicationPropertiesAreCheckedInPlace() {
        java.util.Map<String, Object> good = new java.util.LinkedHashMap<>();
        good.put("color", "red");
        good.put("size", 3);
        good.put("ratio", 0.5);
        good.put("id", Symbol.valueOf("x"));
        good.put("blob", new Binary(new byte[] {1, 2}));
        good.put("nothing", null);
        withApplicationProperties(good).checkApplicationProperties();
        assertThatThrownBy(() -> withApplicationProperties(Map.of("nested", Map.of("a", 1)))
                        .checkApplicationProperties())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("simple type");
        assertThatThrownBy(() ->
                        withApplicationProperties(Map.of("list", List.of(1, 2))).checkApplicationProperties())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("simple type");

        // A string value that claims 4 GiB inside a well-sized section (hand-made bytes: no encoder writes them).
        ByteBuf b = Unpooled.buffer();
        new Header().encode(b);
        b.writeByte(0x00).writeByte(0x53).writeByte(0x74); // application-properties
        b.writeByte(0xc1).writeByte(1 + 3 + 5).writeByte(2); // map8, size, count 2
        b.writeByte(0xa1).writeByte(1).writeByte('k'); // str8 "k"
        b.writeByte(0xb1).writeInt(0xffff_fff0); // str32 claiming ~4 GiB, with no bytes
        new AmqpValue("body").encode(b);
        MessageView forged = MessageView.parse(b, SpecTypes.newDecoder());
        assertThatThrownBy(forged::checkApplicationProperties).isInstanceOf(DecodeException.class);
        // A key that is not a string.
        ByteBuf k = Unpooled.buffer();
        k.writeByte(0x00)
                .writeByte(0x53)
                .writeByte(0x74)
                .writeByte(0xc1)
                .writeByte(1 + 2 + 2)
                .writeByte(2);
        k.writeByte(0x52).writeByte(7).writeByte(0x52).writeByte(8); // smalluint keys and values
        assertThatThrownBy(() -> MessageView.parse(k, SpecTypes.newDecoder()).checkApplicationProperties())
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("key must be a string");
    }
}
