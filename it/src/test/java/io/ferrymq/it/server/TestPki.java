package io.ferrymq.it.server;

import io.ferrymq.transport.TlsOptions;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * A throwaway certificate authority and a server certificate for localhost and 127.0.0.1,
 * written where each client can read it: PEM for the server and for Python, a PKCS12 trust
 * store for the Java clients.
 */
public final class TestPki {
    public static final String TRUST_STORE_PASSWORD = "ferry-it-trust";

    private final Path caPem;
    private final Path serverCert;
    private final Path serverKey;
    private final Path trustStore;

    TestPki(Path dir) throws Exception {
        X509Bundle ca = new CertificateBuilder().subject("CN=Ferry Interop Test CA").setIsCertificateAuthority(true)
                .ecp256().buildSelfSigned();
        X509Bundle server = new CertificateBuilder().subject("CN=localhost").addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().ecp256().buildIssuedBy(ca);
        caPem = Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        serverCert = Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM());
        serverKey = Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ferry-it-ca", ca.getCertificate());
        trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }

    /** The CA certificate, PEM. */
    public Path caPem() {
        return caPem;
    }

    /** A PKCS12 trust store holding the CA certificate, password {@link #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    TlsOptions serverTls() {
        return new TlsOptions().pem(serverCert, serverKey);
    }
}
