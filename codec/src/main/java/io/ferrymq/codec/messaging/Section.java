package io.ferrymq.codec.messaging;

import io.ferrymq.codec.DescribedType;
import io.ferrymq.codec.Encodable;

/**
 * One section of a message in its bare or annotated form ({@code messaging.xml#section-message-format}):
 * header, delivery-annotations, message-annotations, properties, application-properties, a body
 * section (data, amqp-sequence or amqp-value), or footer.
 */
public interface Section extends DescribedType, Encodable {
    /** The section's descriptor code, such as 0x70 for the header. */
    long descriptorCode();
}
