package io.ferrymq.codec.interop;

import io.ferrymq.codec.Binary;
import io.ferrymq.codec.ErrorCondition;
import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.UnknownDescribedType;
import io.ferrymq.codec.UnsignedLong;
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
import io.ferrymq.codec.messaging.Section;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.UUID;

/** Random performatives, outcomes, termini and message sections, each field present or not at random. */
final class RandomComposites {
    private final SplittableRandom r;

    RandomComposites(long seed) {
        this.r = new SplittableRandom(seed);
    }

    private boolean some() {
        return r.nextBoolean();
    }

    private long uint() {
        return switch (r.nextInt(4)) {
            case 0 -> 0;
            case 1 -> r.nextInt(256);
            case 2 -> 0xffff_ffffL;
            default -> r.nextLong(1L << 32);
        };
    }

    private Symbol[] symbols() {
        Symbol[] s = new Symbol[1 + r.nextInt(3)];
        for (int i = 0; i < s.length; i++) {
            s[i] = Symbol.valueOf("cap-" + r.nextInt(50));
        }
        return s;
    }

    private Binary binary(int max) {
        byte[] b = new byte[r.nextInt(max + 1)];
        r.nextBytes(b);
        return new Binary(b);
    }

    private String string() {
        return InteropValues.string(r);
    }

    Map<Symbol, Object> fields() {
        Map<Symbol, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            m.put(Symbol.valueOf("k" + r.nextInt(100)), InteropValues.value(r, 1, false));
        }
        return m;
    }

    private ErrorCondition error() {
        return new ErrorCondition(
                Symbol.valueOf("amqp:" + r.nextInt(10)), some() ? string() : null, some() ? fields() : null);
    }

    Outcome outcome() {
        return switch (r.nextInt(4)) {
            case 0 -> Accepted.INSTANCE;
            case 1 -> Released.INSTANCE;
            case 2 -> new Rejected(some() ? error() : null);
            default -> new Modified(some(), some(), some() ? fields() : null);
        };
    }

    DeliveryState state() {
        return switch (r.nextInt(4)) {
            case 0 -> new Received(uint(), r.nextLong());
            case 1 -> new Declared(binary(8));
            case 2 -> new TransactionalState(binary(8), some() ? outcome() : null);
            default -> outcome();
        };
    }

    Source source() {
        Source s = new Source();
        if (some()) {
            s.address(string());
        }
        if (some()) {
            s.durable(TerminusDurability.values()[r.nextInt(3)]);
        }
        if (some()) {
            s.expiryPolicy(TerminusExpiryPolicy.values()[r.nextInt(4)]);
        }
        if (some()) {
            s.timeout(uint());
        }
        s.dynamic(some());
        if (some()) {
            s.dynamicNodeProperties(fields());
        }
        if (some()) {
            s.distributionMode(some() ? Source.MOVE : Source.COPY);
        }
        if (some()) {
            Map<Symbol, Object> filter = new LinkedHashMap<>();
            filter.put(
                    Symbol.valueOf("jms-selector"),
                    new UnknownDescribedType(UnsignedLong.valueOf(0x0000468C00000004L), "color = 'red'"));
            s.filter(filter);
        }
        if (some()) {
            s.defaultOutcome(outcome());
        }
        if (some()) {
            s.outcomes(symbols());
        }
        if (some()) {
            s.capabilities(symbols());
        }
        return s;
    }

    Target target() {
        Target t = new Target();
        if (some()) {
            t.address(string());
        }
        if (some()) {
            t.durable(TerminusDurability.values()[r.nextInt(3)]);
        }
        if (some()) {
            t.expiryPolicy(TerminusExpiryPolicy.values()[r.nextInt(4)]);
        }
        if (some()) {
            t.timeout(uint());
        }
        t.dynamic(some());
        if (some()) {
            t.dynamicNodeProperties(fields());
        }
        if (some()) {
            t.capabilities(symbols());
        }
        return t;
    }

    Object performative() {
        return switch (r.nextInt(9)) {
            case 0 -> {
                Open o = new Open().containerId(string());
                if (some()) {
                    o.hostname(string());
                }
                if (some()) {
                    o.maxFrameSize(512 + r.nextLong(0xffff_fdffL));
                }
                if (some()) {
                    o.channelMax(r.nextInt(65535));
                }
                if (some()) {
                    o.idleTimeOut(uint());
                }
                if (some()) {
                    o.outgoingLocales(symbols());
                }
                if (some()) {
                    o.incomingLocales(symbols());
                }
                if (some()) {
                    o.offeredCapabilities(symbols());
                }
                if (some()) {
                    o.desiredCapabilities(symbols());
                }
                if (some()) {
                    o.properties(fields());
                }
                yield o;
            }
            case 1 -> {
                Begin b = new Begin()
                        .nextOutgoingId(uint())
                        .incomingWindow(uint())
                        .outgoingWindow(uint());
                if (some()) {
                    b.remoteChannel(r.nextInt(65536));
                }
                if (some()) {
                    b.handleMax(uint());
                }
                if (some()) {
                    b.offeredCapabilities(symbols());
                }
                if (some()) {
                    b.desiredCapabilities(symbols());
                }
                if (some()) {
                    b.properties(fields());
                }
                yield b;
            }
            case 2 -> {
                Attach a = new Attach()
                        .name(string())
                        .handle(uint())
                        .role(some() ? Role.SENDER : Role.RECEIVER)
                        .sndSettleMode(SenderSettleMode.values()[r.nextInt(3)])
                        .rcvSettleMode(ReceiverSettleMode.values()[r.nextInt(2)]);
                if (some()) {
                    a.source(source());
                }
                if (some()) {
                    a.target(some() ? target() : new Coordinator().capabilities(Coordinator.LOCAL_TRANSACTIONS));
                }
                if (some()) {
                    Map<Binary, DeliveryState> u = new LinkedHashMap<>();
                    for (int i = r.nextInt(3); i > 0; i--) {
                        u.put(binary(8), some() ? state() : null);
                    }
                    a.unsettled(u);
                }
                a.incompleteUnsettled(some());
                if (some()) {
                    a.initialDeliveryCount(uint());
                }
                if (some()) {
                    a.maxMessageSize(UnsignedLong.valueOf(r.nextLong()));
                }
                if (some()) {
                    a.offeredCapabilities(symbols());
                }
                if (some()) {
                    a.desiredCapabilities(symbols());
                }
                if (some()) {
                    a.properties(fields());
                }
                yield a;
            }
            case 3 -> {
                Flow f = new Flow()
                        .incomingWindow(uint())
                        .nextOutgoingId(uint())
                        .outgoingWindow(uint())
                        .drain(some())
                        .echo(some());
                if (some()) {
                    f.nextIncomingId(uint());
                }
                if (some()) {
                    f.handle(uint());
                    f.deliveryCount(uint());
                    f.linkCredit(uint());
                    if (some()) {
                        f.available(uint());
                    }
                }
                if (some()) {
                    f.properties(fields());
                }
                yield f;
            }
            case 4 -> {
                Transfer t = new Transfer()
                        .handle(uint())
                        .more(some())
                        .resume(some())
                        .aborted(some())
                        .batchable(some());
                if (some()) {
                    t.deliveryId(uint());
                    t.deliveryTag(binary(32));
                    t.messageFormat(uint());
                }
                if (some()) {
                    t.settled(some());
                }
                if (some()) {
                    t.rcvSettleMode(ReceiverSettleMode.values()[r.nextInt(2)]);
                }
                if (some()) {
                    t.state(state());
                }
                yield t;
            }
            case 5 -> {
                Disposition d = new Disposition()
                        .role(some() ? Role.SENDER : Role.RECEIVER)
                        .first(uint())
                        .settled(some())
                        .batchable(some());
                if (some()) {
                    d.last(uint());
                }
                if (some()) {
                    d.state(state());
                }
                yield d;
            }
            case 6 -> new Detach().handle(uint()).closed(some()).error(some() ? error() : null);
            case 7 -> new End(some() ? error() : null);
            default -> new Close(some() ? error() : null);
        };
    }

    /** A message: some of the optional sections, a body, maybe a footer. */
    List<Section> message() {
        List<Section> sections = new ArrayList<>();
        if (some()) {
            Header h = new Header().durable(some()).firstAcquirer(some());
            if (some()) {
                h.priority(r.nextInt(10));
            }
            if (some()) {
                h.ttl(uint());
            }
            if (some()) {
                h.deliveryCount(uint());
            }
            sections.add(h);
        }
        if (some()) {
            sections.add(new DeliveryAnnotations(annotations()));
        }
        if (some()) {
            sections.add(new MessageAnnotations(annotations()));
        }
        if (some()) {
            sections.add(properties());
        }
        if (some()) {
            Map<String, Object> ap = new LinkedHashMap<>();
            for (int i = r.nextInt(5); i > 0; i--) {
                ap.put("p" + r.nextInt(100), InteropValues.simple(r, false));
            }
            sections.add(new ApplicationProperties(ap));
        }
        switch (r.nextInt(3)) {
            case 0 -> {
                for (int i = 1 + r.nextInt(2); i > 0; i--) {
                    sections.add(new Data(binary(300)));
                }
            }
            case 1 ->
                sections.add(new AmqpSequence(new ArrayList<>(
                        List.of(string(), Objects.requireNonNullElse(InteropValues.simple(r, false), 0)))));
            default -> sections.add(new AmqpValue(InteropValues.value(r, 2, false)));
        }
        if (some()) {
            sections.add(new Footer(annotations()));
        }
        return sections;
    }

    private Map<Object, Object> annotations() {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) {
            m.put(Symbol.valueOf("x-opt-" + r.nextInt(100)), InteropValues.simple(r, false));
        }
        return m;
    }

    private Properties properties() {
        Properties p = new Properties();
        if (some()) {
            p.messageId(
                    switch (r.nextInt(4)) {
                        case 0 -> UnsignedLong.valueOf(r.nextLong());
                        case 1 -> new UUID(r.nextLong(), r.nextLong());
                        case 2 -> binary(16);
                        default -> string();
                    });
        }
        if (some()) {
            p.userId(binary(10));
        }
        if (some()) {
            p.to(string());
        }
        if (some()) {
            p.subject(string());
        }
        if (some()) {
            p.replyTo(string());
        }
        if (some()) {
            p.correlationId(string());
        }
        if (some()) {
            p.contentType(Symbol.valueOf("text/plain"));
        }
        if (some()) {
            p.contentEncoding(Symbol.valueOf("utf-8"));
        }
        if (some()) {
            p.absoluteExpiryTime(r.nextLong());
        }
        if (some()) {
            p.creationTime(r.nextLong());
        }
        if (some()) {
            p.groupId(string());
        }
        if (some()) {
            p.groupSequence(uint());
        }
        if (some()) {
            p.replyToGroupId(string());
        }
        return p;
    }
}
