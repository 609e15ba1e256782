package io.ferrymq.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS settings, through the JDK's SSLEngine: this end's certificate (a key store, or PEM
 * certificate and key files), the certificates to trust, and whether clients must show one.
 */
public final class TlsOptions {
    /**
     * TLS 1.2 lets a client ask for a new handshake on an established connection: each costs the server a full
     * handshake's work, a cheap way to load it (CVE-2011-1473), and AMQP has no use for it. The JDK refuses
     * client-initiated renegotiation when this property is true; it is read when the JDK's TLS classes load, so it is
     * set here, before any context is made (an operator's own -D setting wins).
     */
    static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        if (System.getProperty(REJECT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_RENEGOTIATION, "true");
        }
    }

    /** Whether a server asks clients for certificates. */
    public enum ClientCertificates {
        NONE,
        OPTIONAL,
        REQUIRED
    }

    private Path keyStore;
    private String keyStorePassword;
    private String keyStoreType = "PKCS12";
    private Path certificatePem;
    private Path privateKeyPem;
    private Path trustStore;
    private String trustStorePassword;
    private String trustStoreType = "PKCS12";
    private Path trustPem;
    private ClientCertificates clientCertificates = ClientCertificates.NONE;
    private boolean verifyHost = true;
    private boolean trustAll;
    private SslContext context;

    /** This end's certificate and key from a key store (PKCS12 or JKS). */
    public TlsOptions keyStore(Path path, String password, String type) {
        this.keyStore = path;
        this.keyStorePassword = password;
        this.keyStoreType = type == null ? "PKCS12" : type;
        return this;
    }

    /** This end's certificate chain and private key as PEM files. */
    public TlsOptions pem(Path certificateChain, Path privateKey) {
        this.certificatePem = certificateChain;
        this.privateKeyPem = privateKey;
        return this;
    }

    /** The certificates to trust, from a key store. */
    public TlsOptions trustStore(Path path, String password, String type) {
        this.trustStore = path;
        this.trustStorePassword = password;
        this.trustStoreType = type == null ? "PKCS12" : type;
        return this;
    }

    /** The certificates to trust, from a PEM file. */
    public TlsOptions trustPem(Path certificates) {
        this.trustPem = certificates;
        return this;
    }

    public TlsOptions clientCertificates(ClientCertificates mode) {
        this.clientCertificates = mode;
        return this;
    }

    /** Client: whether the server's certificate must name the host connected to (default true). */
    public TlsOptions verifyHost(boolean verify) {
        this.verifyHost = verify;
        return this;
    }

    public boolean verifyHost() {
        return verifyHost;
    }

    /** Client: trust any server certificate. For tests only: it gives up the point of TLS. */
    public TlsOptions trustAll(boolean trustAll) {
        this.trustAll = trustAll;
        return this;
    }

    /** Uses a context built elsewhere instead of the settings above. */
    public TlsOptions context(SslContext context) {
        this.context = context;
        return this;
    }

    /** The server-side context. */
    public SslContext serverContext() throws SSLException {
        if (context != null) {
            return context;
        }
        SslContextBuilder b;
        if (keyStore != null) {
            b = SslContextBuilder.forServer(keyManagers());
        } else if (certificatePem != null && privateKeyPem != null) {
            checkPrivateKey(privateKeyPem);
            try {
                b = SslContextBuilder.forServer(certificatePem.toFile(), privateKeyPem.toFile());
            } catch (IllegalArgumentException e) {
                throw new SSLException(
                        "cannot use certificate " + certificatePem + " with key " + privateKeyPem + ": "
                                + e.getMessage(),
                        e);
            }
        } else {
            throw new SSLException("TLS needs a certificate: set a key store, or PEM certificate and key files");
        }
        b.sslProvider(SslProvider.JDK)
                .clientAuth(
                        switch (clientCertificates) {
                            case NONE -> ClientAuth.NONE;
                            case OPTIONAL -> ClientAuth.OPTIONAL;
                            case REQUIRED -> ClientAuth.REQUIRE;
                        });
        trust(b);
        return b.build();
    }

    /** The client-side context. */
    public SslContext clientContext() throws SSLException {
        if (context != null) {
            return context;
        }
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
        if (keyStore != null) {
            b.keyManager(keyManagers());
        } else if (certificatePem != null && privateKeyPem != null) {
            checkPrivateKey(privateKeyPem);
            try {
                b.keyManager(certificatePem.toFile(), privateKeyPem.toFile());
            } catch (IllegalArgumentException e) {
                throw new SSLException(
                        "cannot use certificate " + certificatePem + " with key " + privateKeyPem + ": "
                                + e.getMessage(),
                        e);
            }
        }
        if (trustAll) {
            b.trustManager(InsecureTrustManagerFactory.INSTANCE);
        } else {
            trust(b);
        }
        if (verifyHost && !trustAll) {
            b.endpointIdentificationAlgorithm("HTTPS");
        }
        return b.build();
    }

    private void trust(SslContextBuilder b) throws SSLException {
        if (trustStore != null) {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustStore, trustStorePassword, trustStoreType));
                b.trustManager(tmf);
            } catch (GeneralSecurityException e) {
                throw new SSLException("cannot use trust store " + trustStore + ": " + e.getMessage(), e);
            }
        } else if (trustPem != null) {
            b.trustManager(trustPem.toFile());
        }
    }

    /**
     * Refuses, saying how to convert it, a PEM private key in a form the JDK does not read: it reads PKCS#8
     * ({@code BEGIN PRIVATE KEY}); OpenSSL's older tools write RSA keys as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and EC
     * keys as SEC 1 ({@code BEGIN EC PRIVATE KEY}), which failed deep in the TLS library as "does not contain valid
     * private key". An encrypted PKCS#8 key needs a password, which these settings do not take.
     */
    static void checkPrivateKey(Path pem) throws SSLException {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException e) {
            throw new SSLException("cannot read private key " + pem + ": " + e.getMessage(), e);
        }
        String form = text.contains("-----BEGIN RSA PRIVATE KEY-----")
                ? "a PKCS#1 RSA key"
                : text.contains("-----BEGIN EC PRIVATE KEY-----")
                        ? "a SEC 1 EC key"
                        : text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                                ? "an encrypted PKCS#8 key"
                                : text.contains("-----BEGIN PRIVATE KEY-----") ? null : "not a PEM private key";
        if (form != null) {
            throw new SSLException("private key " + pem + " is " + form + "; Ferry reads unencrypted PKCS#8 PEM keys "
                    + "(-----BEGIN PRIVATE KEY-----). Convert it with: openssl pkcs8 -topk8 -nocrypt -in " + pem
                    + " -out " + pem.getFileName() + ".pkcs8.pem");
        }
    }

    private KeyManagerFactory keyManagers() throws SSLException {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(
                    load(keyStore, keyStorePassword, keyStoreType),
                    keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray());
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new SSLException("cannot use key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password, String type) throws SSLException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password == null ? null : password.toCharArray());
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new SSLException("cannot read " + type + " key store " + path + ": " + e.getMessage(), e);
        }
    }
}
