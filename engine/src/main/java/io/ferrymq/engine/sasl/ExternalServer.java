package io.ferrymq.engine.sasl;

import io.ferrymq.codec.Binary;
import java.nio.charset.StandardCharsets;

/**
 * EXTERNAL (RFC 4422 appendix A): the identity comes from outside SASL, here the client's TLS
 * certificate. An authorization identity in the response must name that same identity.
 */
public final class ExternalServer implements SaslServerMechanism {
    private final String tlsPrincipal;
    private String principal;

    public ExternalServer(String tlsPrincipal) {
        this.tlsPrincipal = tlsPrincipal;
    }

    @Override
    public Binary respond(Binary response) throws SaslException {
        if (tlsPrincipal == null) {
            throw new SaslException("EXTERNAL needs a TLS client certificate");
        }
        if (response != null && response.length() > 0) {
            String authzid = new String(response.toByteArray(), StandardCharsets.UTF_8);
            if (!authzid.equals(tlsPrincipal)) {
                throw new SaslException(
                        "EXTERNAL: the certificate names '" + tlsPrincipal + "', not '" + authzid + "'");
            }
        }
        principal = tlsPrincipal;
        return null;
    }

    @Override
    public String principal() {
        return principal;
    }
}
