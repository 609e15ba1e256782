package io.ferrymq.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PEM keys in the forms OpenSSL's older tools write (PKCS#1 RSA, SEC 1 EC) failed deep in the TLS library with "File
 * does not contain valid private key"; they are refused naming the form and the command that converts them.
 */
class TlsOptionsTest {
    @TempDir
    Path dir;

    private Path pem(String name, String label) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(new byte[120]);
        return Files.writeString(
                dir.resolve(name), "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n");
    }

    @Test
    void aPkcs1RsaKeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        Path key = pem("rsa.key", "RSA PRIVATE KEY");
        assertThatThrownBy(() -> new TlsOptions().pem(certs.serverCert, key).serverContext())
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("is a PKCS#1 RSA key")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt -in " + key);
    }

    @Test
    void aSec1EcKeyAndAnEncryptedKeyAreRefusedToo() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        Path ec = pem("ec.key", "EC PRIVATE KEY");
        assertThatThrownBy(() -> new TlsOptions().pem(certs.clientCert, ec).clientContext())
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("is a SEC 1 EC key");
        Path encrypted = pem("enc.key", "ENCRYPTED PRIVATE KEY");
        assertThatThrownBy(
                        () -> new TlsOptions().pem(certs.serverCert, encrypted).serverContext())
                .isInstanceOf(SSLException.class)
                .hasMessageContaining("an encrypted PKCS#8 key");
    }

    @Test
    void aPkcs8KeyIsTaken() throws Exception {
        TestCertificates certs = new TestCertificates(dir);
        assertThat(Files.readString(certs.serverKey)).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(certs.serverTls().serverContext().isServer()).isTrue();
    }
}
