package io.ferrymq.codec.interop;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.Char;
import io.ferrymq.codec.Decimal128;
import io.ferrymq.codec.Decimal32;
import io.ferrymq.codec.Decimal64;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.Timestamp;
import io.ferrymq.codec.UnknownDescribedType;
import io.ferrymq.codec.UnsignedByte;
import io.ferrymq.codec.UnsignedInteger;
import io.ferrymq.codec.UnsignedLong;
import io.ferrymq.codec.UnsignedShort;
import io.ferrymq.codec.messaging.Accepted;
import io.ferrymq.codec.messaging.AmqpSequence;
import io.ferrymq.codec.messaging.AmqpValue;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.DeliveryAnnotations;
import io.ferrymq.codec.messaging.DeliveryState;
import io.ferrymq.codec.messaging.Footer;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.MessageAnnotations;
import io.ferrymq.codec.messaging.Modified;
import io.ferrymq.codec.messaging.Outcome;
import io.ferrymq.codec.messaging.Properties;
import io.ferrymq.codec.messaging.Received;
import io.ferrymq.codec.messaging.Rejected;
import io.ferrymq.codec.messaging.Released;
import io.ferrymq.codec.messaging.Source;
import io.ferrymq.codec.messaging.Target;
import io.ferrymq.codec.messaging.TerminusDurability;
import io.ferrymq.codec.messaging.TerminusExpiryPolicy;
import io.ferrymq.codec.transactions.Coordinator;
import io.ferrymq.codec.transactions.Declared;
import io.ferrymq.codec.transactions.TransactionalState;
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
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.protonj2.buffer.ProtonBuffer;
import org.apache.qpid.protonj2.buffer.ProtonBufferAllocator;
import org.apache.qpid.protonj2.codec.CodecFactory;

/**
 * Converts values between Ferry's types and Qpid protonj2's, field by field through each
 * library's own accessors (so a field written in the wrong position by one codec shows up as
 * a different value), and encodes and decodes with protonj2's codec.
 */
final class ProtonJ2Bridge {
    private ProtonJ2Bridge() {}

    private static final org.apache.qpid.protonj2.codec.Encoder PJ_ENCODER = CodecFactory.getDefaultEncoder();
    private static final org.apache.qpid.protonj2.codec.Decoder PJ_DECODER = CodecFactory.getDefaultDecoder();

    static byte[] pjEncode(Object pjValue) {
        ProtonBuffer b = ProtonBufferAllocator.defaultAllocator().allocate(256);
        PJ_ENCODER.writeObject(b, PJ_ENCODER.newEncoderState(), pjValue);
        byte[] out = new byte[b.getReadableBytes()];
        b.readBytes(out, 0, out.length);
        return out;
    }

    static Object pjDecode(byte[] bytes) {
        ProtonBuffer b = ProtonBufferAllocator.defaultAllocator().copy(bytes);
        Object v = PJ_DECODER.readObject(b, PJ_DECODER.newDecoderState());
        if (b.getReadableBytes() != 0) {
            throw new AssertionError("protonj2 left " + b.getReadableBytes() + " bytes");
        }
        return v;
    }

    // ----------------------------------------------------------------- Ferry -> protonj2

    static Object toPj(Object v) {
        return switch (v) {
            case null -> null;
            case Symbol s -> org.apache.qpid.protonj2.types.Symbol.valueOf(s.toString());
            case Binary b -> new org.apache.qpid.protonj2.types.Binary(b.toByteArray());
            case UnsignedByte u -> org.apache.qpid.protonj2.types.UnsignedByte.valueOf(u.byteBits());
            case UnsignedShort u -> org.apache.qpid.protonj2.types.UnsignedShort.valueOf(u.shortBits());
            case UnsignedInteger u -> org.apache.qpid.protonj2.types.UnsignedInteger.valueOf(u.intBits());
            case UnsignedLong u -> org.apache.qpid.protonj2.types.UnsignedLong.valueOf(u.longBits());
            case Decimal32 d -> new org.apache.qpid.protonj2.types.Decimal32(d.bits());
            case Decimal64 d -> new org.apache.qpid.protonj2.types.Decimal64(d.bits());
            case Decimal128 d ->
                new org.apache.qpid.protonj2.types.Decimal128(d.mostSignificantBits(), d.leastSignificantBits());
            case Char c -> (char) c.codePoint();
            case Timestamp t -> new Date(t.epochMillis());
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(toPj(x)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(toPj(k), toPj(x)));
                yield out;
            }
            case UnknownDescribedType u ->
                new org.apache.qpid.protonj2.types.UnknownDescribedType(toPj(u.descriptor()), toPj(u.described()));
            case Open o -> toPj(o);
            case Begin o -> toPj(o);
            case Attach o -> toPj(o);
            case Flow o -> toPj(o);
            case Transfer o -> toPj(o);
            case Disposition o -> toPj(o);
            case Detach o ->
                new org.apache.qpid.protonj2.types.transport.Detach()
                        .setHandle(o.handle())
                        .setClosed(o.closed())
                        .setError(toPj(o.error()));
            case End o -> new org.apache.qpid.protonj2.types.transport.End().setError(toPj(o.error()));
            case Close o -> new org.apache.qpid.protonj2.types.transport.Close().setError(toPj(o.error()));
            case ErrorCondition e -> toPj(e);
            case Source s -> toPj(s);
            case Target t -> toPj(t);
            case Coordinator c ->
                new org.apache.qpid.protonj2.types.transactions.Coordinator()
                        .setCapabilities(symbols(c.capabilities()));
            case Header h -> toPj(h);
            case Properties p -> toPj(p);
            case ApplicationProperties a ->
                new org.apache.qpid.protonj2.types.messaging.ApplicationProperties(
                        a.value() == null ? null : castMap(toPj(a.value())));
            case MessageAnnotations a ->
                new org.apache.qpid.protonj2.types.messaging.MessageAnnotations(
                        a.value() == null ? null : castMap(toPj(a.value())));
            case DeliveryAnnotations a ->
                new org.apache.qpid.protonj2.types.messaging.DeliveryAnnotations(
                        a.value() == null ? null : castMap(toPj(a.value())));
            case Footer a ->
                new org.apache.qpid.protonj2.types.messaging.Footer(
                        a.value() == null ? null : castMap(toPj(a.value())));
            case Data d ->
                new org.apache.qpid.protonj2.types.messaging.Data(d.value().toByteArray());
            case AmqpValue a -> new org.apache.qpid.protonj2.types.messaging.AmqpValue<>(toPj(a.value()));
            case AmqpSequence a ->
                new org.apache.qpid.protonj2.types.messaging.AmqpSequence<>((List<?>) toPj(a.value()));
            case DeliveryState s -> toPjState(s);
            default -> {
                if (v.getClass().isArray() && !v.getClass().getComponentType().isPrimitive()) {
                    Object[] a = (Object[]) v;
                    Object first = a.length == 0 ? null : toPj(a[0]);
                    Class<?> type = first == null ? Object.class : first.getClass();
                    Object[] out = (Object[]) Array.newInstance(type, a.length);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = toPj(a[i]);
                    }
                    yield out;
                }
                yield v;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <K> Map<K, Object> castMap(Object m) {
        return (Map<K, Object>) m;
    }

    private static org.apache.qpid.protonj2.types.Symbol[] symbols(Symbol[] s) {
        return s == null ? null : (org.apache.qpid.protonj2.types.Symbol[]) toPj(s);
    }

    private static org.apache.qpid.protonj2.types.transport.ErrorCondition toPj(ErrorCondition e) {
        return e == null
                ? null
                : new org.apache.qpid.protonj2.types.transport.ErrorCondition(
                        (org.apache.qpid.protonj2.types.Symbol) toPj(e.condition()),
                        e.description(),
                        castMap(toPj(e.info())));
    }

    private static org.apache.qpid.protonj2.types.transport.Open toPj(Open o) {
        var p = new org.apache.qpid.protonj2.types.transport.Open().setContainerId(o.containerId());
        if (o.hostname() != null) {
            p.setHostname(o.hostname());
        }
        if (o.maxFrameSize() != Open.DEFAULT_MAX_FRAME_SIZE) {
            p.setMaxFrameSize(o.maxFrameSize());
        }
        if (o.channelMax() != Open.DEFAULT_CHANNEL_MAX) {
            p.setChannelMax(o.channelMax());
        }
        if (o.idleTimeOut() >= 0) {
            p.setIdleTimeout(o.idleTimeOut());
        }
        if (o.outgoingLocales() != null) {
            p.setOutgoingLocales(symbols(o.outgoingLocales()));
        }
        if (o.incomingLocales() != null) {
            p.setIncomingLocales(symbols(o.incomingLocales()));
        }
        if (o.offeredCapabilities() != null) {
            p.setOfferedCapabilities(symbols(o.offeredCapabilities()));
        }
        if (o.desiredCapabilities() != null) {
            p.setDesiredCapabilities(symbols(o.desiredCapabilities()));
        }
        if (o.properties() != null) {
            p.setProperties(castMap(toPj(o.properties())));
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.transport.Begin toPj(Begin o) {
        var p = new org.apache.qpid.protonj2.types.transport.Begin()
                .setNextOutgoingId(o.nextOutgoingId())
                .setIncomingWindow(o.incomingWindow())
                .setOutgoingWindow(o.outgoingWindow());
        if (o.remoteChannel() >= 0) {
            p.setRemoteChannel(o.remoteChannel());
        }
        if (o.handleMax() != Begin.DEFAULT_HANDLE_MAX) {
            p.setHandleMax(o.handleMax());
        }
        if (o.offeredCapabilities() != null) {
            p.setOfferedCapabilities(symbols(o.offeredCapabilities()));
        }
        if (o.desiredCapabilities() != null) {
            p.setDesiredCapabilities(symbols(o.desiredCapabilities()));
        }
        if (o.properties() != null) {
            p.setProperties(castMap(toPj(o.properties())));
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.transport.Attach toPj(Attach o) {
        var p = new org.apache.qpid.protonj2.types.transport.Attach()
                .setName(o.name())
                .setHandle(o.handle())
                .setRole(org.apache.qpid.protonj2.types.transport.Role.valueOf(
                        o.role().encoding()))
                .setSenderSettleMode(org.apache.qpid.protonj2.types.transport.SenderSettleMode.valueOf(
                        (byte) o.sndSettleMode().code()))
                .setReceiverSettleMode(org.apache.qpid.protonj2.types.transport.ReceiverSettleMode.valueOf(
                        (byte) o.rcvSettleMode().code()));
        if (o.source() != null) {
            p.setSource(toPj(o.source()));
        }
        if (o.target() != null) {
            p.setTarget((org.apache.qpid.protonj2.types.messaging.Terminus) toPj(o.target()));
        }
        if (o.unsettled() != null) {
            Map<org.apache.qpid.protonj2.types.Binary, org.apache.qpid.protonj2.types.transport.DeliveryState> u =
                    new LinkedHashMap<>();
            o.unsettled().forEach((k, s) -> u.put((org.apache.qpid.protonj2.types.Binary) toPj(k), toPjState(s)));
            p.setUnsettled(u);
        }
        if (o.incompleteUnsettled()) {
            p.setIncompleteUnsettled(true);
        }
        if (o.initialDeliveryCount() >= 0) {
            p.setInitialDeliveryCount(o.initialDeliveryCount());
        }
        if (o.maxMessageSize() != null) {
            p.setMaxMessageSize(o.maxMessageSize().longBits());
        }
        if (o.offeredCapabilities() != null) {
            p.setOfferedCapabilities(symbols(o.offeredCapabilities()));
        }
        if (o.desiredCapabilities() != null) {
            p.setDesiredCapabilities(symbols(o.desiredCapabilities()));
        }
        if (o.properties() != null) {
            p.setProperties(castMap(toPj(o.properties())));
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.transport.Flow toPj(Flow o) {
        var p = new org.apache.qpid.protonj2.types.transport.Flow()
                .setIncomingWindow(o.incomingWindow())
                .setNextOutgoingId(o.nextOutgoingId())
                .setOutgoingWindow(o.outgoingWindow());
        if (o.nextIncomingId() >= 0) {
            p.setNextIncomingId(o.nextIncomingId());
        }
        if (o.handle() >= 0) {
            p.setHandle(o.handle());
        }
        if (o.deliveryCount() >= 0) {
            p.setDeliveryCount(o.deliveryCount());
        }
        if (o.linkCredit() >= 0) {
            p.setLinkCredit(o.linkCredit());
        }
        if (o.available() >= 0) {
            p.setAvailable(o.available());
        }
        if (o.drain()) {
            p.setDrain(true);
        }
        if (o.echo()) {
            p.setEcho(true);
        }
        if (o.properties() != null) {
            p.setProperties(castMap(toPj(o.properties())));
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.transport.Transfer toPj(Transfer o) {
        var p = new org.apache.qpid.protonj2.types.transport.Transfer().setHandle(o.handle());
        if (o.deliveryId() >= 0) {
            p.setDeliveryId(o.deliveryId());
        }
        if (o.deliveryTag() != null) {
            p.setDeliveryTag(o.deliveryTag().toByteArray());
        }
        if (o.messageFormat() >= 0) {
            p.setMessageFormat(o.messageFormat());
        }
        if (o.settled() != null) {
            p.setSettled(o.settled());
        }
        if (o.more()) {
            p.setMore(true);
        }
        if (o.rcvSettleMode() != null) {
            p.setRcvSettleMode(org.apache.qpid.protonj2.types.transport.ReceiverSettleMode.valueOf(
                    (byte) o.rcvSettleMode().code()));
        }
        if (o.state() != null) {
            p.setState(toPjState(o.state()));
        }
        if (o.resume()) {
            p.setResume(true);
        }
        if (o.aborted()) {
            p.setAborted(true);
        }
        if (o.batchable()) {
            p.setBatchable(true);
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.transport.Disposition toPj(Disposition o) {
        var p = new org.apache.qpid.protonj2.types.transport.Disposition()
                .setRole(org.apache.qpid.protonj2.types.transport.Role.valueOf(
                        o.role().encoding()))
                .setFirst(o.first());
        if (o.last() >= 0) {
            p.setLast(o.last());
        }
        if (o.settled()) {
            p.setSettled(true);
        }
        if (o.state() != null) {
            p.setState(toPjState(o.state()));
        }
        if (o.batchable()) {
            p.setBatchable(true);
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.messaging.Source toPj(Source s) {
        var p = new org.apache.qpid.protonj2.types.messaging.Source()
                .setAddress(s.address())
                .setDurable(org.apache.qpid.protonj2.types.messaging.TerminusDurability.valueOf(
                        s.durable().code()))
                .setExpiryPolicy(org.apache.qpid.protonj2.types.messaging.TerminusExpiryPolicy.valueOf(
                        (org.apache.qpid.protonj2.types.Symbol)
                                toPj(s.expiryPolicy().symbol())))
                .setTimeout(org.apache.qpid.protonj2.types.UnsignedInteger.valueOf(s.timeout()))
                .setDynamic(s.dynamic());
        if (s.dynamicNodeProperties() != null) {
            p.setDynamicNodeProperties(castMap(toPj(s.dynamicNodeProperties())));
        }
        p.setDistributionMode((org.apache.qpid.protonj2.types.Symbol) toPj(s.distributionMode()));
        if (s.filter() != null) {
            p.setFilter(castMap(toPj(s.filter())));
        }
        if (s.defaultOutcome() != null) {
            p.setDefaultOutcome((org.apache.qpid.protonj2.types.messaging.Outcome) toPjState(s.defaultOutcome()));
        }
        p.setOutcomes(symbols(s.outcomes()));
        p.setCapabilities(symbols(s.capabilities()));
        return p;
    }

    private static org.apache.qpid.protonj2.types.messaging.Target toPj(Target s) {
        var p = new org.apache.qpid.protonj2.types.messaging.Target()
                .setAddress(s.address())
                .setDurable(org.apache.qpid.protonj2.types.messaging.TerminusDurability.valueOf(
                        s.durable().code()))
                .setExpiryPolicy(org.apache.qpid.protonj2.types.messaging.TerminusExpiryPolicy.valueOf(
                        (org.apache.qpid.protonj2.types.Symbol)
                                toPj(s.expiryPolicy().symbol())))
                .setTimeout(org.apache.qpid.protonj2.types.UnsignedInteger.valueOf(s.timeout()))
                .setDynamic(s.dynamic());
        if (s.dynamicNodeProperties() != null) {
            p.setDynamicNodeProperties(castMap(toPj(s.dynamicNodeProperties())));
        }
        p.setCapabilities(symbols(s.capabilities()));
        return p;
    }

    private static org.apache.qpid.protonj2.types.messaging.Header toPj(Header h) {
        var p = new org.apache.qpid.protonj2.types.messaging.Header();
        if (h.durable()) {
            p.setDurable(true);
        }
        if (h.priority() != Header.DEFAULT_PRIORITY) {
            p.setPriority((byte) h.priority());
        }
        if (h.ttl() >= 0) {
            p.setTimeToLive(h.ttl());
        }
        if (h.firstAcquirer()) {
            p.setFirstAcquirer(true);
        }
        if (h.deliveryCount() != 0) {
            p.setDeliveryCount(h.deliveryCount());
        }
        return p;
    }

    private static org.apache.qpid.protonj2.types.messaging.Properties toPj(Properties f) {
        var p = new org.apache.qpid.protonj2.types.messaging.Properties();
        if (f.messageId() != null) {
            p.setMessageId(toPj(f.messageId()));
        }
        if (f.userId() != null) {
            p.setUserId(f.userId().toByteArray());
        }
        if (f.to() != null) {
            p.setTo(f.to());
        }
        if (f.subject() != null) {
            p.setSubject(f.subject());
        }
        if (f.replyTo() != null) {
            p.setReplyTo(f.replyTo());
        }
        if (f.correlationId() != null) {
            p.setCorrelationId(toPj(f.correlationId()));
        }
        if (f.contentType() != null) {
            p.setContentType(f.contentType().toString());
        }
        if (f.contentEncoding() != null) {
            p.setContentEncoding(f.contentEncoding().toString());
        }
        if (f.hasAbsoluteExpiryTime()) {
            p.setAbsoluteExpiryTime(f.absoluteExpiryTime());
        }
        if (f.hasCreationTime()) {
            p.setCreationTime(f.creationTime());
        }
        if (f.groupId() != null) {
            p.setGroupId(f.groupId());
        }
        if (f.groupSequence() >= 0) {
            p.setGroupSequence(f.groupSequence());
        }
        if (f.replyToGroupId() != null) {
            p.setReplyToGroupId(f.replyToGroupId());
        }
        return p;
    }

    static org.apache.qpid.protonj2.types.transport.DeliveryState toPjState(DeliveryState s) {
        return switch (s) {
            case null -> null;
            case Accepted a -> org.apache.qpid.protonj2.types.messaging.Accepted.getInstance();
            case Released r -> org.apache.qpid.protonj2.types.messaging.Released.getInstance();
            case Rejected r -> new org.apache.qpid.protonj2.types.messaging.Rejected(toPj(r.error()));
            case Modified m ->
                new org.apache.qpid.protonj2.types.messaging.Modified()
                        .setDeliveryFailed(m.deliveryFailed())
                        .setUndeliverableHere(m.undeliverableHere())
                        .setMessageAnnotations(
                                m.messageAnnotations() == null ? null : castMap(toPj(m.messageAnnotations())));
            case Received r ->
                new org.apache.qpid.protonj2.types.messaging.Received()
                        .setSectionNumber(org.apache.qpid.protonj2.types.UnsignedInteger.valueOf(r.sectionNumber()))
                        .setSectionOffset(org.apache.qpid.protonj2.types.UnsignedLong.valueOf(r.sectionOffset()));
            case Declared d ->
                new org.apache.qpid.protonj2.types.transactions.Declared()
                        .setTxnId((org.apache.qpid.protonj2.types.Binary) toPj(d.txnId()));
            case TransactionalState t ->
                new org.apache.qpid.protonj2.types.transactions.TransactionalState()
                        .setTxnId((org.apache.qpid.protonj2.types.Binary) toPj(t.txnId()))
                        .setOutcome((org.apache.qpid.protonj2.types.messaging.Outcome) toPjState(t.outcome()));
            default -> throw new IllegalArgumentException("no protonj2 counterpart for " + s);
        };
    }

    // ----------------------------------------------------------------- protonj2 -> Ferry

    static Object fromPj(Object v) {
        return switch (v) {
            case null -> null;
            case org.apache.qpid.protonj2.types.Symbol s -> Symbol.valueOf(s.toString());
            case org.apache.qpid.protonj2.types.Binary b -> new Binary(b.asByteArray());
            case org.apache.qpid.protonj2.types.UnsignedByte u -> UnsignedByte.valueOf(u.byteValue());
            case org.apache.qpid.protonj2.types.UnsignedShort u -> UnsignedShort.valueOf(u.shortValue());
            case org.apache.qpid.protonj2.types.UnsignedInteger u -> UnsignedInteger.valueOf(u.intValue());
            case org.apache.qpid.protonj2.types.UnsignedLong u -> UnsignedLong.valueOf(u.longValue());
            case org.apache.qpid.protonj2.types.Decimal32 d -> new Decimal32(d.getBits());
            case org.apache.qpid.protonj2.types.Decimal64 d -> new Decimal64(d.getBits());
            case org.apache.qpid.protonj2.types.Decimal128 d ->
                new Decimal128(d.getMostSignificantBits(), d.getLeastSignificantBits());
            case Character c -> new Char(c);
            case Date d -> new Timestamp(d.getTime());
            case List<?> l -> {
                List<Object> out = new ArrayList<>();
                l.forEach(x -> out.add(fromPj(x)));
                yield out;
            }
            case Map<?, ?> m -> {
                Map<Object, Object> out = new LinkedHashMap<>();
                m.forEach((k, x) -> out.put(fromPj(k), fromPj(x)));
                yield out;
            }
            case org.apache.qpid.protonj2.types.UnknownDescribedType u ->
                new UnknownDescribedType(fromPj(u.getDescriptor()), fromPj(u.getDescribed()));
            case org.apache.qpid.protonj2.types.transport.Open o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Begin o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Attach o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Flow o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Transfer o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Disposition o -> fromPj(o);
            case org.apache.qpid.protonj2.types.transport.Detach o -> {
                Detach d =
                        new Detach().handle(o.getHandle()).closed(o.getClosed()).error(fromPj(o.getError()));
                yield d;
            }
            case org.apache.qpid.protonj2.types.transport.End o -> new End(fromPj(o.getError()));
            case org.apache.qpid.protonj2.types.transport.Close o -> new Close(fromPj(o.getError()));
            case org.apache.qpid.protonj2.types.transport.ErrorCondition e -> fromPj(e);
            case org.apache.qpid.protonj2.types.messaging.Source s -> fromPj(s);
            case org.apache.qpid.protonj2.types.messaging.Target t -> fromPj(t);
            case org.apache.qpid.protonj2.types.transactions.Coordinator c ->
                new Coordinator().capabilities(fromPjSymbols(c.getCapabilities()));
            case org.apache.qpid.protonj2.types.messaging.Header h -> fromPj(h);
            case org.apache.qpid.protonj2.types.messaging.Properties p -> fromPj(p);
            case org.apache.qpid.protonj2.types.messaging.ApplicationProperties a ->
                new ApplicationProperties(castMap(fromPj(a.getValue())));
            case org.apache.qpid.protonj2.types.messaging.MessageAnnotations a ->
                new MessageAnnotations(castMap(fromPj(a.getValue())));
            case org.apache.qpid.protonj2.types.messaging.DeliveryAnnotations a ->
                new DeliveryAnnotations(castMap(fromPj(a.getValue())));
            case org.apache.qpid.protonj2.types.messaging.Footer a -> new Footer(castMap(fromPj(a.getValue())));
            case org.apache.qpid.protonj2.types.messaging.Data d -> new Data(new Binary(d.getValue()));
            case org.apache.qpid.protonj2.types.messaging.AmqpValue<?> a -> new AmqpValue(fromPj(a.getValue()));
            case org.apache.qpid.protonj2.types.messaging.AmqpSequence<?> a -> {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) fromPj(a.getValue());
                yield new AmqpSequence(list);
            }
            case org.apache.qpid.protonj2.types.transport.DeliveryState s -> fromPjState(s);
            default -> {
                if (v.getClass().isArray() && !v.getClass().getComponentType().isPrimitive()) {
                    Object[] a = (Object[]) v;
                    Object first = a.length == 0 ? null : fromPj(a[0]);
                    Class<?> type = first == null ? Object.class : first.getClass();
                    Object[] out = (Object[]) Array.newInstance(type, a.length);
                    for (int i = 0; i < a.length; i++) {
                        out[i] = fromPj(a[i]);
                    }
                    yield out;
                }
                yield v;
            }
        };
    }

    private static Symbol[] fromPjSymbols(org.apache.qpid.protonj2.types.Symbol[] s) {
        if (s == null) {
            return null;
        }
        Symbol[] out = new Symbol[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = Symbol.valueOf(s[i].toString());
        }
        return out;
    }

    private static ErrorCondition fromPj(org.apache.qpid.protonj2.types.transport.ErrorCondition e) {
        return e == null
                ? null
                : new ErrorCondition(
                        Symbol.valueOf(e.getCondition().toString()), e.getDescription(), castMap(fromPj(e.getInfo())));
    }

    private static Open fromPj(org.apache.qpid.protonj2.types.transport.Open p) {
        Open o = new Open().containerId(p.getContainerId());
        if (p.hasHostname()) {
            o.hostname(p.getHostname());
        }
        if (p.hasMaxFrameSize()) {
            o.maxFrameSize(p.getMaxFrameSize());
        }
        if (p.hasChannelMax()) {
            o.channelMax(p.getChannelMax());
        }
        if (p.hasIdleTimeout()) {
            o.idleTimeOut(p.getIdleTimeout());
        }
        o.outgoingLocales(fromPjSymbols(p.getOutgoingLocales()));
        o.incomingLocales(fromPjSymbols(p.getIncomingLocales()));
        o.offeredCapabilities(fromPjSymbols(p.getOfferedCapabilities()));
        o.desiredCapabilities(fromPjSymbols(p.getDesiredCapabilities()));
        o.properties(castMap(fromPj(p.getProperties())));
        return o;
    }

    private static Begin fromPj(org.apache.qpid.protonj2.types.transport.Begin p) {
        Begin o = new Begin()
                .nextOutgoingId(p.getNextOutgoingId())
                .incomingWindow(p.getIncomingWindow())
                .outgoingWindow(p.getOutgoingWindow());
        if (p.hasRemoteChannel()) {
            o.remoteChannel(p.getRemoteChannel());
        }
        if (p.hasHandleMax()) {
            o.handleMax(p.getHandleMax());
        }
        o.offeredCapabilities(fromPjSymbols(p.getOfferedCapabilities()));
        o.desiredCapabilities(fromPjSymbols(p.getDesiredCapabilities()));
        o.properties(castMap(fromPj(p.getProperties())));
        return o;
    }

    private static Attach fromPj(org.apache.qpid.protonj2.types.transport.Attach p) {
        Attach o = new Attach()
                .name(p.getName())
                .handle(p.getHandle())
                .role(Role.valueOf(p.getRole().getValue()))
                .sndSettleMode(SenderSettleMode.valueOf(p.getSenderSettleMode().byteValue()))
                .rcvSettleMode(
                        ReceiverSettleMode.valueOf(p.getReceiverSettleMode().byteValue()));
        if (p.hasSource()) {
            o.source(fromPj(p.getSource()));
        }
        if (p.hasTargetOrCoordinator()) {
            o.target((io.ferrymq.codec.messaging.LinkTarget) fromPj((Object) p.getTarget()));
        }
        if (p.hasUnsettled()) {
            Map<Binary, DeliveryState> u = new LinkedHashMap<>();
            p.getUnsettled().forEach((k, s) -> u.put((Binary) fromPj(k), fromPjState(s)));
            o.unsettled(u);
        }
        o.incompleteUnsettled(p.getIncompleteUnsettled());
        if (p.hasInitialDeliveryCount()) {
            o.initialDeliveryCount(p.getInitialDeliveryCount());
        }
        if (p.hasMaxMessageSize()) {
            o.maxMessageSize(UnsignedLong.valueOf(p.getMaxMessageSize().longValue()));
        }
        o.offeredCapabilities(fromPjSymbols(p.getOfferedCapabilities()));
        o.desiredCapabilities(fromPjSymbols(p.getDesiredCapabilities()));
        o.properties(castMap(fromPj(p.getProperties())));
        return o;
    }

    private static Flow fromPj(org.apache.qpid.protonj2.types.transport.Flow p) {
        Flow o = new Flow()
                .incomingWindow(p.getIncomingWindow())
                .nextOutgoingId(p.getNextOutgoingId())
                .outgoingWindow(p.getOutgoingWindow())
                .drain(p.getDrain())
                .echo(p.getEcho());
        if (p.hasNextIncomingId()) {
            o.nextIncomingId(p.getNextIncomingId());
        }
        if (p.hasHandle()) {
            o.handle(p.getHandle());
        }
        if (p.hasDeliveryCount()) {
            o.deliveryCount(p.getDeliveryCount());
        }
        if (p.hasLinkCredit()) {
            o.linkCredit(p.getLinkCredit());
        }
        if (p.hasAvailable()) {
            o.available(p.getAvailable());
        }
        o.properties(castMap(fromPj(p.getProperties())));
        return o;
    }

    private static Transfer fromPj(org.apache.qpid.protonj2.types.transport.Transfer p) {
        Transfer o = new Transfer()
                .handle(p.getHandle())
                .more(p.getMore())
                .resume(p.getResume())
                .aborted(p.getAborted())
                .batchable(p.getBatchable());
        if (p.hasDeliveryId()) {
            o.deliveryId(p.getDeliveryId());
        }
        if (p.hasDeliveryTag()) {
            o.deliveryTag(new Binary(p.getDeliveryTag().tagBytes()));
        }
        if (p.hasMessageFormat()) {
            o.messageFormat(p.getMessageFormat());
        }
        if (p.hasSettled()) {
            o.settled(p.getSettled());
        }
        if (p.hasRcvSettleMode()) {
            o.rcvSettleMode(ReceiverSettleMode.valueOf(p.getRcvSettleMode().byteValue()));
        }
        o.state(fromPjState(p.getState()));
        return o;
    }

    private static Disposition fromPj(org.apache.qpid.protonj2.types.transport.Disposition p) {
        Disposition o = new Disposition()
                .role(Role.valueOf(p.getRole().getValue()))
                .first(p.getFirst())
                .settled(p.getSettled())
                .batchable(p.getBatchable())
                .state(fromPjState(p.getState()));
        if (p.hasLast()) {
            o.last(p.getLast());
        }
        return o;
    }

    private static Source fromPj(org.apache.qpid.protonj2.types.messaging.Source p) {
        return new Source()
                .address(p.getAddress())
                .durable(TerminusDurability.valueOf(p.getDurable().getValue().longValue()))
                .expiryPolicy(TerminusExpiryPolicy.valueOf(
                        Symbol.valueOf(p.getExpiryPolicy().getPolicy().toString())))
                .timeout(p.getTimeout().longValue())
                .dynamic(p.isDynamic())
                .dynamicNodeProperties(castMap(fromPj(p.getDynamicNodeProperties())))
                .distributionMode((Symbol) fromPj(p.getDistributionMode()))
                .filter(castMap(fromPj(p.getFilter())))
                .defaultOutcome((Outcome)
                        fromPjState((org.apache.qpid.protonj2.types.transport.DeliveryState) p.getDefaultOutcome()))
                .outcomes(fromPjSymbols(p.getOutcomes()))
                .capabilities(fromPjSymbols(p.getCapabilities()));
    }

    private static Target fromPj(org.apache.qpid.protonj2.types.messaging.Target p) {
        return new Target()
                .address(p.getAddress())
                .durable(TerminusDurability.valueOf(p.getDurable().getValue().longValue()))
                .expiryPolicy(TerminusExpiryPolicy.valueOf(
                        Symbol.valueOf(p.getExpiryPolicy().getPolicy().toString())))
                .timeout(p.getTimeout().longValue())
                .dynamic(p.isDynamic())
                .dynamicNodeProperties(castMap(fromPj(p.getDynamicNodeProperties())))
                .capabilities(fromPjSymbols(p.getCapabilities()));
    }

    private static Header fromPj(org.apache.qpid.protonj2.types.messaging.Header p) {
        Header h = new Header()
                .durable(p.isDurable())
                .priority(p.getPriority() & 0xff)
                .firstAcquirer(p.isFirstAcquirer())
                .deliveryCount(p.getDeliveryCount());
        if (p.hasTimeToLive()) {
            h.ttl(p.getTimeToLive());
        }
        return h;
    }

    private static Properties fromPj(org.apache.qpid.protonj2.types.messaging.Properties p) {
        Properties f = new Properties()
                .messageId(fromPj(p.getMessageId()))
                .userId((Binary) fromPj(p.getUserId()))
                .to(p.getTo())
                .subject(p.getSubject())
                .replyTo(p.getReplyTo())
                .correlationId(fromPj(p.getCorrelationId()))
                .contentType(Symbol.valueOf(p.getContentType()))
                .contentEncoding(Symbol.valueOf(p.getContentEncoding()))
                .groupId(p.getGroupId())
                .replyToGroupId(p.getReplyToGroupId());
        if (p.hasAbsoluteExpiryTime()) {
            f.absoluteExpiryTime(p.getAbsoluteExpiryTime());
        }
        if (p.hasCreationTime()) {
            f.creationTime(p.getCreationTime());
        }
        if (p.hasGroupSequence()) {
            f.groupSequence(p.getGroupSequence());
        }
        return f;
    }

    static DeliveryState fromPjState(org.apache.qpid.protonj2.types.transport.DeliveryState s) {
        return switch (s) {
            case null -> null;
            case org.apache.qpid.protonj2.types.messaging.Accepted a -> Accepted.INSTANCE;
            case org.apache.qpid.protonj2.types.messaging.Released r -> Released.INSTANCE;
            case org.apache.qpid.protonj2.types.messaging.Rejected r -> new Rejected(fromPj(r.getError()));
            case org.apache.qpid.protonj2.types.messaging.Modified m ->
                new Modified(m.isDeliveryFailed(), m.isUndeliverableHere(), castMap(fromPj(m.getMessageAnnotations())));
            case org.apache.qpid.protonj2.types.messaging.Received r ->
                new Received(
                        r.getSectionNumber().longValue(), r.getSectionOffset().longValue());
            case org.apache.qpid.protonj2.types.transactions.Declared d -> new Declared((Binary) fromPj(d.getTxnId()));
            case org.apache.qpid.protonj2.types.transactions.TransactionalState t ->
                new TransactionalState((Binary) fromPj(t.getTxnId()), (Outcome)
                        fromPjState((org.apache.qpid.protonj2.types.transport.DeliveryState) t.getOutcome()));
            default -> throw new IllegalArgumentException("no Ferry counterpart for " + s);
        };
    }

    static UUID uuid(Object v) {
        return (UUID) v;
    }
}
