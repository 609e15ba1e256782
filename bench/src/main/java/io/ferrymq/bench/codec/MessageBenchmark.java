package io.ferrymq.bench.codec;

import io.ferrymq.codec.Symbol;
import io.ferrymq.codec.messaging.ApplicationProperties;
import io.ferrymq.codec.messaging.Data;
import io.ferrymq.codec.messaging.Header;
import io.ferrymq.codec.messaging.Properties;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.qpid.protonj2.buffer.ProtonBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A whole message as a client sends and receives it: a durable header; properties with a
 * message-id, to, content-type and creation-time; three application-properties (a string, a
 * long and a boolean); and a 100-byte data body. Decoding reads every section in full, as a
 * client does before handing the message to the application.
 *
 * <p>The codecs encode these values in two ways that differ only in widths: protonj2 always
 * writes the properties list and the application-properties map in their 32-bit forms, Ferry
 * in the smallest form that fits (as Proton-C does). Both decoders read the same bytes, Ferry's
 * encoding; {@link #protonj2DecodeOwnEncoding} shows protonj2 reading its own.
 */
// Types of the same simple name from two packages meet here: one of them is written in full.
@SuppressWarnings("checkstyle:InlineQualifiedName")
public class MessageBenchmark extends CodecBenchmark {
    static final String MESSAGE_ID = "ID:ferry-bench-7f3a:1:1:1:42";
    static final String TO = "orders.emea";
    static final String CONTENT_TYPE = "application/octet-stream";
    static final long CREATION_TIME = 1_764_237_600_000L;
    static final byte[] BODY = body();

    Header ferryHeader;
    Properties ferryProperties;
    ApplicationProperties ferryApplicationProperties;
    Data ferryBody;
    org.apache.qpid.protonj2.types.messaging.Header protonHeader;
    org.apache.qpid.protonj2.types.messaging.Properties protonProperties;
    org.apache.qpid.protonj2.types.messaging.ApplicationProperties protonApplicationProperties;
    org.apache.qpid.protonj2.types.messaging.Data protonBody;
    ProtonBuffer protonOwnInput;

    private static byte[] body() {
        byte[] body = new byte[100];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return body;
    }

    private static Map<String, Object> applicationProperties() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("region", "emea");
        map.put("orderId", 9_876_543_210L);
        map.put("express", true);
        return map;
    }

    /** The message as Ferry encodes it: the input of the message and message-view decode benchmarks. */
    static byte[] encoded() {
        MessageBenchmark m = new MessageBenchmark();
        m.setUp();
        return m.ferryWritten();
    }

    @Setup
    public void setUp() {
        ferryHeader = new Header().durable(true);
        ferryProperties = new Properties()
                .messageId(MESSAGE_ID)
                .to(TO)
                .contentType(Symbol.valueOf(CONTENT_TYPE))
                .creationTime(CREATION_TIME);
        ferryApplicationProperties = new ApplicationProperties(applicationProperties());
        ferryBody = new Data(BODY.clone());

        protonHeader = new org.apache.qpid.protonj2.types.messaging.Header().setDurable(true);
        protonProperties = new org.apache.qpid.protonj2.types.messaging.Properties()
                .setMessageId(MESSAGE_ID)
                .setTo(TO)
                .setContentType(CONTENT_TYPE)
                .setCreationTime(CREATION_TIME);
        protonApplicationProperties =
                new org.apache.qpid.protonj2.types.messaging.ApplicationProperties(applicationProperties());
        protonBody = new org.apache.qpid.protonj2.types.messaging.Data(BODY.clone());

        ferryEncode();
        protonj2Encode();
        byte[] protonBytes = protonWritten();
        inputs(ferryWritten());
        protonOwnInput = protonBuffer(protonBytes);
    }

    @Benchmark
    public void ferryDecode(Blackhole bh) {
        ByteBuf b = ferryInput();
        while (b.isReadable()) {
            bh.consume(ferryDecoder.readObject(b));
        }
    }

    @Benchmark
    public void protonj2Decode(Blackhole bh) {
        protonDecodeAll(protonInput(), bh);
    }

    @Benchmark
    public void protonj2DecodeOwnEncoding(Blackhole bh) {
        protonDecodeAll(protonOwnInput.setReadOffset(0), bh);
    }

    private void protonDecodeAll(ProtonBuffer b, Blackhole bh) {
        while (b.isReadable()) {
            bh.consume(protonDecoder.readObject(b, protonDecoderState));
        }
    }

    @Benchmark
    public ByteBuf ferryEncode() {
        ByteBuf b = ferryOutput();
        ferryHeader.encode(b);
        ferryProperties.encode(b);
        ferryApplicationProperties.encode(b);
        ferryBody.encode(b);
        return b;
    }

    @Benchmark
    public ProtonBuffer protonj2Encode() {
        ProtonBuffer b = protonOutput();
        protonEncoder.writeObject(b, protonEncoderState, protonHeader);
        protonEncoder.writeObject(b, protonEncoderState, protonProperties);
        protonEncoder.writeObject(b, protonEncoderState, protonApplicationProperties);
        protonEncoder.writeObject(b, protonEncoderState, protonBody);
        return b;
    }
}
