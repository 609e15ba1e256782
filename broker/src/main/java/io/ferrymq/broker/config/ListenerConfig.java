package io.ferrymq.broker.config;

import io.ferrymq.transport.TlsOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * One listening port.
 *
 * @param name a name for logs
 * @param host the address to bind
 * @param port the port (0 for any free one)
 * @param tls TLS settings, or null for none
 * @param allowPlain whether unencrypted connections are accepted when TLS is on
 * @param webSocketPath the HTTP path of AMQP over WebSocket, or null
 * @param allowAnonymous whether clients may connect without credentials; by default only on loopback
 */
public record ListenerConfig(
        String name,
        String host,
        int port,
        TlsConfig tls,
        boolean allowPlain,
        String webSocketPath,
        boolean allowAnonymous) {

    /** TLS settings: a key store or PEM files, optional trust for client certificates. */
    public record TlsConfig(
            Path keyStore,
            String keyStorePassword,
            String keyStoreType,
            Path certificate,
            Path privateKey,
            Path trustStore,
            String trustStorePassword,
            Path trustCertificates,
            String clientAuth) {
        /** These settings as the transport takes them. */
        public TlsOptions options() {
            TlsOptions tls = new TlsOptions();
            if (keyStore != null) {
                tls.keyStore(keyStore, keyStorePassword, keyStoreType);
            } else {
                tls.pem(certificate, privateKey);
            }
            if (trustStore != null) {
                tls.trustStore(trustStore, trustStorePassword, null);
            } else if (trustCertificates != null) {
                tls.trustPem(trustCertificates);
            }
            return tls.clientCertificates(
                    switch (clientAuth) {
                        case "required" -> TlsOptions.ClientCertificates.REQUIRED;
                        case "optional" -> TlsOptions.ClientCertificates.OPTIONAL;
                        default -> TlsOptions.ClientCertificates.NONE;
                    });
        }
    }

    public static ListenerConfig defaults() {
        return new ListenerConfig("amqp", "127.0.0.1", 5672, null, true, null, true);
    }

    /** True when {@code host} only accepts connections from this machine. */
    public static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            InetAddress a = InetAddress.getByName(host);
            return a.isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " " + host + ":" + port + (tls != null ? " tls" + (allowPlain ? "+plain" : "") : "")
                + (webSocketPath != null ? " websocket " + webSocketPath : "")
                + (allowAnonymous ? " anonymous allowed" : " authentication required");
    }
}
