package io.ferrymq.testsupport.amqp;

import io.ferrymq.transport.TlsOptions;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/**
 * A throwaway certificate authority and a server certificate it signed for localhost and 127.0.0.1, written where
 * servers and clients can read them: PEM files for a server and for clients that take PEM, a PKCS12 trust store for
 * Java clients.
 */
public final class TestPki {
    public static final String TRUST_STORE_PASSWORD = "ferry-test-trust";

    private final Path caPem;
    private final Path serverCertificate;
    private final Path serverKey;
    private final Path trustStore;

    private TestPki(Path caPem, Path serverCertificate, Path serverKey, Path trustStore) {
        this.caPem = caPem;
        this.serverCertificate = serverCertificate;
        this.serverKey = serverKey;
        this.trustStore = trustStore;
    }

    /** Makes the CA and the server's certificate and writes them to {@code dir}. */
    public static TestPki create(Path dir) throws Exception {
        X509Bundle ca = new CertificateBuilder()
                .subject("CN=Ferry Test CA")
                .setIsCertificateAuthority(true)
                .ecp256()
                .buildSelfSigned();
        X509Bundle server = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth()
                .ecp256()
                .buildIssuedBy(ca);
        return new TestPki(
                Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM()),
                Files.writeString(dir.resolve("server.pem"), server.getCertificatePathPEM()),
                Files.writeString(dir.resolve("server.key"), server.getPrivateKeyPEM()),
                writeTrustStore(ca, dir.resolve("trust.p12")));
    }

    private static Path writeTrustStore(X509Bundle ca, Path file) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ferry-test-ca", ca.getCertificate());
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    /** The CA's certificate, PEM. */
    public Path caPem() {
        return caPem;
    }

    /** A PKCS12 trust store holding the CA's certificate; its password is {@link #TRUST_STORE_PASSWORD}. */
    public Path trustStore() {
        return trustStore;
    }

    /** The server's certificate chain, PEM. */
    public Path serverCertificate() {
        return serverCertificate;
    }

    /** The server's private key, PKCS#8 PEM. */
    public Path serverKey() {
        return serverKey;
    }

    /** The server's side of TLS for a Ferry listener. */
    public TlsOptions serverTls() {
        return new TlsOptions().pem(serverCertificate, serverKey);
    }
}
