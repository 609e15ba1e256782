/**
 * The AMQP 1.0 type system ({@code types.xml}).
 */
package io.ferrymq.codec;
