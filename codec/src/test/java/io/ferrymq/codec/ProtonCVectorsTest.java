package io.ferrymq.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageView;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.spec.SpecTypes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Decodes values encoded by Qpid Proton-C (files from the spec bundle's vectors, see
 * src/test/resources/vectors/README.md): our decoder against someone else's encoder.
 */
class ProtonCVectorsTest {

    private static List<Object> decodeAll(String file) throws IOException {
        byte[] bytes;
        try (InputStream in = ProtonCVectorsTest.class.getResourceAsStream("/vectors/" + file)) {
            bytes = in.readAllBytes();
        }
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        Decoder d = SpecTypes.newDecoder();
        List<Object> values = new ArrayList<>();
        while (b.isReadable()) {
            values.add(d.readObject(b));
        }
        return values;
    }

    @Test
    void nullValue() throws IOException {
        assertThat(decodeAll("null.amqp")).containsExactly((Object) null);
    }

    @Test
    void primitives() throws IOException {
        assertThat(decodeAll("primitives.amqp"))
                .containsExactly(
                        true,
                        false,
                        UnsignedByte.valueOf(42),
                        UnsignedShort.valueOf(42),
                        (short) -42,
                        UnsignedInteger.valueOf(12345),
                        -12345,
                        UnsignedLong.valueOf(12345),
                        -12345L,
                        0.125f,
                        0.125d);
    }

    @Test
    void strings() throws IOException {
        assertThat(decodeAll("strings.amqp"))
                .containsExactly(
                        new Binary("abc\0defg".getBytes()),
                        "abcdefg",
                        Symbol.valueOf("abcdefg"),
                        Binary.EMPTY,
                        "",
                        Symbol.valueOf(""));
    }

    @Test
    void described() throws IOException {
        List<Object> values = decodeAll("described.amqp");
        assertThat(values)
                .containsExactly(
                        new UnknownDescribedType(Symbol.valueOf("foo-descriptor"), "foo-value"),
                        new UnknownDescribedType(12, 13));
    }

    @Test
    void describedArray() throws IOException {
        List<Object> values = decodeAll("described_array.amqp");
        Object[] array = (Object[]) values.get(0);
        assertThat(array).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(array[i]).isEqualTo(new UnknownDescribedType(Symbol.valueOf("int-array"), i));
        }
    }

    @Test
    void arrays() throws IOException {
        List<Object> values = decodeAll("arrays.amqp");
        int[] ints = (int[]) values.get(0);
        assertThat(ints).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(ints[i]).isEqualTo(i);
        }
        assertThat((String[]) values.get(1)).containsExactly("a", "b", "c");
        assertThat((int[]) values.get(2)).isEmpty();
    }

    @Test
    void lists() throws IOException {
        assertThat(decodeAll("lists.amqp")).containsExactly(List.of(32, "foo", true), List.of());
    }

    @Test
    void maps() throws IOException {
        List<Object> values = decodeAll("maps.amqp");
        Map<Object, Object> first = new LinkedHashMap<>();
        first.put("three", 3);
        first.put("two", 2);
        first.put("one", 1);
        assertThat(values.get(0)).isEqualTo(first);
        assertThat(new ArrayList<Object>(((Map<?, ?>) values.get(0)).keySet())).containsExactly("three", "two", "one");
        assertThat(values.get(1)).isEqualTo(Map.of(1, "one", 2, "two", 3, "three"));
        assertThat(values.get(2)).isEqualTo(Map.of());
    }

    @Test
    void wholeMessageSectionBySection() throws IOException {
        List<Object> sections = decodeAll("message.amqp");
        assertThat(sections).hasSize(3);
        Header header = (Header) sections.get(0);
        assertThat(header.durable()).isFalse();
        assertThat(header.priority()).isEqualTo(4);
        assertThat(header.ttl()).isEqualTo(-1);
        assertThat(header.firstAcquirer()).isFalse();
        assertThat(header.deliveryCount()).isZero();
        Properties properties = (Properties) sections.get(1);
        assertThat(properties.messageId()).isNull();
        assertThat(properties.hasAbsoluteExpiryTime()).isTrue();
        assertThat(properties.absoluteExpiryTime()).isZero();
        assertThat(properties.creationTime()).isZero();
        assertThat(properties.groupSequence()).isZero();
        assertThat(properties.replyToGroupId()).isNull();
        AmqpValue body = (AmqpValue) sections.get(2);
        assertThat(body.value()).isEqualTo(new Binary(Bytes.hex("a1 05 68 65 6c 6c 6f")));
    }

    @Test
    void wholeMessageThroughTheView() throws IOException {
        byte[] bytes;
        try (InputStream in = ProtonCVectorsTest.class.getResourceAsStream("/vectors/message.amqp")) {
            bytes = in.readAllBytes();
        }
        MessageView view = MessageView.parse(Unpooled.wrappedBuffer(bytes), SpecTypes.newDecoder());
        assertThat(view.hasHeader()).isTrue();
        assertThat(view.hasProperties()).isTrue();
        assertThat(view.bodyCode()).isEqualTo(AmqpValue.DESCRIPTOR_CODE);
        assertThat(view.header(SpecTypes.newDecoder()).priority()).isEqualTo(4);
        assertThat(Bytes.hexOf(view.body())).isEqualTo("005377a007a10568656c6c6f");
    }
}
