package io.ferrymq.codec;

import static io.ferrymq.codec.Bytes.decode;
import static io.ferrymq.codec.Bytes.encodeHex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpSequence;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.DeleteOnClose;
import io.ferrymq.codec.messaging.DeleteOnNoLinks;
import io.ferrymq.codec.messaging.DeleteOnNoLinksOrMessages;
import io.ferrymq.codec.messaging.DeleteOnNoMessages;
import io.ferrymq.codec.messaging.DeliveryAnnotations;
import io.ferrymq.codec.messaging.Footer;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Received;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.messaging.TerminusDurability;
import io.ferrymq.codec.messaging.TerminusExpiryPolicy;
import io.ferrymq.codec.security.SaslChallenge;
import io.ferrymq.codec.security.SaslCode;
import io.ferrymq.codec.security.SaslInit;
import io.ferrymq.codec.security.SaslMechanisms;
import io.ferrymq.codec.security.SaslOutcome;
import io.ferrymq.codec.security.SaslResponse;
import io.ferrymq.codec.spec.SpecTypes;
import io.ferrymq.codec.transactions.Coordinator;
import io.ferrymq.codec.transactions.Declare;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.Discharge;
import io.ferrymq.codec.transactions.TransactionalState;
import io.ferrymq.codec.transport.AmqpError;
import io.ferrymq.codec.transport.Attach;
import io.ferrymq.codec.transport.Begin;
import io.ferrymq.codec.transport.Close;
import io.ferrymq.codec.transport.Detach;
import io.ferrymq.codec.transport.Disposition;
import io.ferrymq.codec.transport.End;
import io.ferrymq.codec.transport.Flow;
import io.ferrymq.codec.transport.Open;
import io.ferrymq.codec.transport.ReceiverSettleMode;
import io.ferrymq.codec.transport.Role;
import io.ferrymq.codec.transport.SenderSettleMode;
import io.ferrymq.codec.transport.Transfer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every composite the spec defines: full round trips, trailing fields, defaults, mandatory fields. */
class CompositeTypesTest {

    static Map<Symbol, Object> fields(Object... kv) {
        Map<Symbol, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(Symbol.valueOf((String) kv[i]), kv[i + 1]);
        }
        return map;
    }

    static Binary bin(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new Binary(b);
    }

    /** One value of every composite and section, with every field set. */
    static Stream<Object> everyTypeFullyPopulated() {
        ErrorCondition error = new ErrorCondition(AmqpError.NOT_FOUND, "no such node", fields("node", "q1"));
        Source source = new Source()
                .address("q1")
                .durable(TerminusDurability.UNSETTLED_STATE)
                .expiryPolicy(TerminusExpiryPolicy.NEVER)
                .timeout(30)
                .dynamic(true)
                .dynamicNodeProperties(fields("lifetime-policy", DeleteOnClose.INSTANCE))
                .distributionMode(Source.COPY)
                .filter(fields("sel", new UnknownDescribedType(UnsignedLong.valueOf(0x0000468C00000004L), "a = 1")))
                .defaultOutcome(new Modified(true, false))
                .outcomes(Symbol.array("amqp:accepted:list"))
                .capabilities(Symbol.array("queue"));
        Target target = new Target()
                .address("t")
                .durable(TerminusDurability.CONFIGURATION)
                .expiryPolicy(TerminusExpiryPolicy.LINK_DETACH)
                .timeout(7)
                .dynamic(true)
                .dynamicNodeProperties(fields("x", 1))
                .capabilities(Symbol.array("topic", "shared"));
        Map<Binary, io.ferrymq.codec.messaging.DeliveryState> unsettled = new LinkedHashMap<>();
        unsettled.put(bin(1), Accepted.INSTANCE);
        unsettled.put(bin(2), null);
        Map<Object, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("x-opt-a"), "b");
        annotations.put(UnsignedLong.valueOf(7), 7);
        Map<String, Object> appProps = new LinkedHashMap<>();
        appProps.put("color", "red");
        appProps.put("weight", UnsignedByte.valueOf(3));
        return Stream.of(
                new Open()
                        .containerId("c1")
                        .hostname("h")
                        .maxFrameSize(65536)
                        .channelMax(255)
                        .idleTimeOut(30000)
                        .outgoingLocales(Symbol.array("en-US"))
                        .incomingLocales(Symbol.array("fr"))
                        .offeredCapabilities(Symbol.array("ANONYMOUS-RELAY"))
                        .desiredCapabilities(Symbol.array("X"))
                        .properties(fields("product", "ferry")),
                new Begin()
                        .remoteChannel(3)
                        .nextOutgoingId(0xffff_fffeL)
                        .incomingWindow(2048)
                        .outgoingWindow(1)
                        .handleMax(1023)
                        .offeredCapabilities(Symbol.array("a"))
                        .desiredCapabilities(Symbol.array("b"))
                        .properties(fields("p", true)),
                new Attach()
                        .name("link")
                        .handle(5)
                        .role(Role.RECEIVER)
                        .sndSettleMode(SenderSettleMode.SETTLED)
                        .rcvSettleMode(ReceiverSettleMode.SECOND)
                        .source(source)
                        .target(target)
                        .unsettled(unsettled)
                        .incompleteUnsettled(true)
                        .initialDeliveryCount(9)
                        .maxMessageSize(UnsignedLong.valueOf(1 << 20))
                        .offeredCapabilities(Symbol.array("o"))
                        .desiredCapabilities(Symbol.array("d"))
                        .properties(fields("k", 1L)),
                new Attach()
                        .name("txn")
                        .handle(0)
                        .role(Role.SENDER)
                        .target(new Coordinator().capabilities(Coordinator.LOCAL_TRANSACTIONS)),
                new Flow()
                        .nextIncomingId(1)
                        .incomingWindow(2)
                        .nextOutgoingId(3)
                        .outgoingWindow(4)
                        .handle(5)
                        .deliveryCount(6)
                        .linkCredit(7)
                        .available(8)
                        .drain(true)
                        .echo(true)
                        .properties(fields("f", 1)),
                new Transfer()
                        .handle(1)
                        .deliveryId(2)
                        .deliveryTag(bin(0, 1))
                        .messageFormat(0)
                        .settled(false)
                        .more(true)
                        .rcvSettleMode(ReceiverSettleMode.SECOND)
                        .state(new Received(3, 4))
                        .resume(true)
                        .aborted(true)
                        .batchable(true),
                new Disposition()
                        .role(Role.RECEIVER)
                        .first(10)
                        .last(20)
                        .settled(true)
                        .state(new Rejected(error))
                        .batchable(true),
                new Detach().handle(4).closed(true).error(error),
                new End(error),
                new Close(error),
                error,
                new Header()
                        .durable(true)
                        .priority(9)
                        .ttl(1000)
                        .firstAcquirer(true)
                        .deliveryCount(2),
                new DeliveryAnnotations(annotations),
                new MessageAnnotations(annotations),
                new Properties()
                        .messageId(UUID.randomUUID())
                        .userId(bin(117))
                        .to("q")
                        .subject("s")
                        .replyTo("r")
                        .correlationId(UnsignedLong.valueOf(42))
                        .contentType(Symbol.valueOf("text/plain"))
                        .contentEncoding(Symbol.valueOf("gzip"))
                        .absoluteExpiryTime(1_700_000_000_000L)
                        .creationTime(-5)
                        .groupId("g")
                        .groupSequence(0xffff_ffffL)
                        .replyToGroupId("rg"),
                new ApplicationProperties(appProps),
                new Data(bin(1, 2, 3)),
                new AmqpSequence(List.of(1, "two")),
                new AmqpValue(Map.of("k", List.of())),
                new Footer(annotations),
                new Received(0xffff_ffffL, -1L),
                Accepted.INSTANCE,
                new Rejected(error),
                Released.INSTANCE,
                new Modified(true, true, fields("x-opt-reason", "poison")),
                source,
                target,
                DeleteOnClose.INSTANCE,
                DeleteOnNoLinks.INSTANCE,
                DeleteOnNoMessages.INSTANCE,
                DeleteOnNoLinksOrMessages.INSTANCE,
                new Coordinator().capabilities(Coordinator.LOCAL_TRANSACTIONS, Coordinator.MULTI_TXNS_PER_SSN),
                new Declare().globalId(bin(9)),
                new Discharge(bin(1, 2), true),
                new Declared(bin(1, 2)),
                new TransactionalState(bin(3), Accepted.INSTANCE),
                new SaslMechanisms(Symbol.array("PLAIN", "ANONYMOUS")),
                new SaslInit(Symbol.valueOf("PLAIN"), bin(0, 117, 0, 112), "example.com"),
                new SaslChallenge(bin(1)),
                new SaslResponse(bin(2)),
                new SaslOutcome(SaslCode.AUTH, bin(3)));
    }

    @ParameterizedTest
    @MethodSource("everyTypeFullyPopulated")
    void roundTripsWithEveryFieldSet(Object value) {
        String hex = encodeHex(value);
        Object back = decode(hex);
        assertThat(back).isInstanceOf(value.getClass()).isEqualTo(value);
        assertThat(encodeHex(back)).isEqualTo(hex);
        assertThat(back.toString()).startsWith(value.getClass().getSimpleName());
    }

    @ParameterizedTest
    @MethodSource("everyTypeFullyPopulated")
    void decodesWhenTheDescriptorIsASymbol(Object value) {
        byte[] bytes = Encoder.toBytes(value);
        Symbol name = ((DescribedType) value) instanceof CompositeType c ? c.descriptorSymbol() : sectionSymbol(value);
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        b.writeByte(0);
        Encoder.writeSymbol(b, name);
        b.writeBytes(bytes, 3, bytes.length - 3);
        assertThat(SpecTypes.newDecoder().readObject(b)).isEqualTo(value);
    }

    private static Symbol sectionSymbol(Object value) {
        try {
            return (Symbol) value.getClass().getField("DESCRIPTOR_SYMBOL").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void trailingAbsentFieldsAreLeftOut() {
        assertThat(encodeHex(new Transfer().handle(0))).isEqualTo("005314" + "c00201" + "43");
        assertThat(encodeHex(new Transfer().handle(0).deliveryId(1).deliveryTag(bin(7))))
                .isEqualTo("005314" + "c00703" + "43" + "5201" + "a00107");
        assertThat(encodeHex(new Close())).isEqualTo("00531845");
        assertThat(encodeHex(Accepted.INSTANCE)).isEqualTo("00532445");
        assertThat(encodeHex(new Header())).isEqualTo("00537045");
        // a middle field that is absent is written as null
        assertThat(encodeHex(new Flow().incomingWindow(1).nextOutgoingId(2).outgoingWindow(3)))
                .isEqualTo("005313" + "c00804" + "40" + "5201" + "5202" + "5203");
    }

    @Test
    void fieldsEqualToTheirDefaultAreLeftOut() {
        Attach attach = new Attach()
                .name("a")
                .handle(0)
                .role(Role.SENDER)
                .sndSettleMode(SenderSettleMode.MIXED)
                .rcvSettleMode(ReceiverSettleMode.FIRST);
        assertThat(encodeHex(attach)).isEqualTo("005312" + "c00603" + "a10161" + "43" + "42");
        assertThat(encodeHex(new Open().containerId("c").maxFrameSize(Open.DEFAULT_MAX_FRAME_SIZE)))
                .isEqualTo("005310" + "c00401" + "a10163");
    }

    @Test
    void shorterListsDecodeWithTheSpecDefaults() {
        Attach attach = (Attach) decode("005312" + "c00603" + "a10161" + "43" + "41");
        assertThat(attach.role()).isEqualTo(Role.RECEIVER);
        assertThat(attach.sndSettleMode()).isEqualTo(SenderSettleMode.MIXED);
        assertThat(attach.rcvSettleMode()).isEqualTo(ReceiverSettleMode.FIRST);
        assertThat(attach.initialDeliveryCount()).isEqualTo(-1);
        assertThat(attach.source()).isNull();
        Open open = (Open) decode("005310" + "c00401" + "a10163");
        assertThat(open.maxFrameSize()).isEqualTo(0xffff_ffffL);
        assertThat(open.channelMax()).isEqualTo(65535);
        assertThat(open.idleTimeOut()).isEqualTo(-1);
        Source source = (Source) decode("005328" + "45");
        assertThat(source.durable()).isEqualTo(TerminusDurability.NONE);
        assertThat(source.expiryPolicy()).isEqualTo(TerminusExpiryPolicy.SESSION_END);
        Header header = (Header) decode("005370" + "45");
        assertThat(header.priority()).isEqualTo(4);
    }

    @Test
    void explicitNullsAndList32FormsDecodeToo() {
        Transfer t =
                (Transfer) decode("005314" + "d0 0000000f 0000000b 43 40 40 40 40 40 40 40 40 40 40".replace(" ", ""));
        assertThat(t.handle()).isZero();
        assertThat(t.deliveryId()).isEqualTo(-1);
        assertThat(t.more()).isFalse();
    }

    @Test
    void extraFieldsFromANewerVersionAreSkipped() {
        Close close = (Close) decode("005318" + "c00703" + "40" + "a10178" + "5405");
        assertThat(close.error()).isNull();
    }

    @Test
    void missingMandatoryFieldIsAnErrorNamingIt() {
        assertThatThrownBy(() -> decode("005314" + "45"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("transfer")
                .hasMessageContaining("'handle'");
        assertThatThrownBy(() -> decode("005314" + "c00201" + "40"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("'handle'");
        assertThatThrownBy(() -> decode("005312" + "c00502" + "a10161" + "43"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("'role'");
        assertThatThrownBy(() -> decode("005310" + "45"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("'container-id'");
        assertThatThrownBy(() -> decode("00531d" + "45"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("'condition'");
        assertThatThrownBy(() -> decode("005313" + "c00301" + "40" + "40"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("'incoming-window'");
    }

    @Test
    void fieldOfTheWrongTypeIsAnErrorNamingIt() {
        assertThatThrownBy(() -> decode("005314" + "c00401" + "a10178"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("transfer.handle")
                .hasMessageContaining("str8");
        assertThatThrownBy(() -> decode("005312" + "c00804" + "a10161" + "43" + "41" + "5007"))
                .isInstanceOf(DecodeException.class)
                .hasMessageContaining("snd-settle-mode");
    }

    @Test
    void multipleSymbolFieldsAcceptASingleSymbol() {
        Open open = (Open) decode("005310" + "c00d08" + "a10163" + "40 40 40 40 40 40".replace(" ", "") + "a30161");
        assertThat(open.offeredCapabilities()).containsExactly(Symbol.valueOf("a"));
    }
}
