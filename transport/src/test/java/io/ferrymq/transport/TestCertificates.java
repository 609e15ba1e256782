package io.ferrymq.transport;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;

/** A throwaway certificate authority with a server certificate for localhost and a client certificate. */
final class TestCertificates {
    final X509Bundle ca;
    final X509Bundle server;
    final X509Bundle client;
    final Path caPem;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;

    TestCertificates(Path dir) throws Exception {
        ca = new CertificateBuilder()
                .subject("CN=Ferry Test CA")
                .setIsCertificateAuthority(true)
                .ecp256()
                .buildSelfSigned();
        server = new CertificateBuilder()
                .subject("CN=localhost")
                .addSanDnsName("localhost")
                .addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth()
                .ecp256()
                .buildIssuedBy(ca);
        client = new CertificateBuilder()
                .subject("CN=client-1,O=Ferry")
                .addExtendedKeyUsageClientAuth()
                .ecp256()
                .buildIssuedBy(ca);
        caPem = write(dir.resolve("ca.pem"), ca.getCertificatePEM());
        serverCert = write(dir.resolve("server.pem"), server.getCertificatePathPEM());
        serverKey = write(dir.resolve("server.key"), server.getPrivateKeyPEM());
        clientCert = write(dir.resolve("client.pem"), client.getCertificatePathPEM());
        clientKey = write(dir.resolve("client.key"), client.getPrivateKeyPEM());
    }

    private static Path write(Path path, String text) throws Exception {
        Files.writeString(path, text);
        return path;
    }

    TlsOptions serverTls() {
        return new TlsOptions().pem(serverCert, serverKey).trustPem(caPem);
    }

    TlsOptions clientTls() {
        return new TlsOptions().trustPem(caPem);
    }
}
