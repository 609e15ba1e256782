package io.ferrymq.codec.security;

/** The body of a SASL frame ({@code security.xml#section-sasl}). */
public sealed interface SaslPerformative permits SaslMechanisms, SaslInit, SaslChallenge, SaslResponse, SaslOutcome {}
