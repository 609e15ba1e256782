package io.ferrymq.cli;

import io.ferrymq.client.ConnectionOptions;
import io.ferrymq.transport.TlsOptions;
import java.io.Console;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The server and address a messaging command works on, from its URL
 * ({@code amqp://host:port/address}), and how to connect (credentials, TLS). A picocli mixin.
 */
final class Endpoint {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "User to authenticate as (SASL); also user:password@ in the URL.")
    String user;

    @Option(
            names = "--password",
            paramLabel = "SECRET",
            description = "Password of --user (better: the " + PASSWORD_ENV
                    + " environment variable, or the prompt that asks for it when neither is given).")
    String password;

    /** Where a password comes from when neither --password nor the URL gives one. */
    static final String PASSWORD_ENV = "FERRY_PASSWORD";

    private static final Pattern USERINFO_PASSWORD = Pattern.compile("(amqps?|amqpwss?)://([^:/@\\s]*):[^@/\\s]*@");

    /**
     * {@code text} with the password of every AMQP URL in it masked ({@code amqp://alice:****@host}): what the commands
     * print, in messages and in JSON, never holds a password.
     */
    static String mask(String text) {
        return text == null ? null : USERINFO_PASSWORD.matcher(text).replaceAll("$1://$2:****@");
    }

    /** The server part of {@code url} as the commands print it: with its password masked. */
    String shown(String url) {
        return mask(server(url));
    }

    @Option(
            names = "--trust-all",
            description = "With amqps:// or amqpwss://, trust any server certificate (testing only).")
    boolean trustAll;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description =
                    "With amqps:// or amqpwss://, trust the CA "
                            + "certificate(s) in this PEM file: for a server whose certificate a private CA (or itself) signed.")
    Path ca;

    @Option(
            names = "--trust-store",
            paramLabel = "FILE",
            description = "With amqps:// or amqpwss://, trust the "
                    + "certificates in this key store (PKCS12, or JKS when the name ends in .jks).")
    Path trustStore;

    @Option(
            names = "--trust-store-password",
            paramLabel = "PASSWORD",
            description = "The trust store's password, if it has one.")
    String trustStorePassword;

    /** The server part of {@code url}, without the address. */
    String server(String url) {
        URI u = parse(url);
        String scheme = u.getScheme() == null ? "amqp" : u.getScheme();
        String authority = u.getRawAuthority();
        boolean ws = scheme.startsWith("amqpws");
        return scheme + "://" + authority + (ws ? wsPath(u) : "");
    }

    /** The address named by {@code url}'s path: {@code amqp://host/orders} names "orders". */
    String address(String url) {
        URI u = parse(url);
        String path = u.getPath() == null ? "" : u.getPath();
        if (u.getScheme() != null && u.getScheme().startsWith("amqpws")) {
            path = u.getFragment() == null ? "" : u.getFragment();
        }
        String address = path.startsWith("/") ? path.substring(1) : path;
        if (address.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "the URL '" + mask(url) + "' names no address: add it as the "
                            + "path, for example amqp://localhost:5672/orders (for WebSocket URLs, as the fragment: "
                            + "amqpws://host:80/ws#orders)");
        }
        return address;
    }

    /** The password of --user from {@link #PASSWORD_ENV}, or asked for on the terminal; null when neither is there. */
    // Built for 21, where no terminal means null; from 22 the console reads standard input then, which is as good.
    @SuppressWarnings("SystemConsoleNull")
    private String passwordFromEnvironmentOrPrompt() {
        String fromEnv = System.getenv(PASSWORD_ENV);
        if (fromEnv != null) {
            return fromEnv;
        }
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] typed = console.readPassword("password for %s: ", user);
        return typed == null ? null : new String(typed);
    }

    private static String wsPath(URI u) {
        return u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    }

    private URI parse(String url) {
        try {
            URI u = new URI(url);
            if (u.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            String scheme = u.getScheme();
            if (scheme != null && !scheme.matches("amqp|amqps|amqpws|amqpwss")) {
                throw new URISyntaxException(url, "the scheme must be amqp, amqps, amqpws or amqpwss");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new ParameterException(
                    spec.commandLine(),
                    "cannot read the URL '" + mask(url) + "': " + e.getReason()
                            + " (expected amqp://host:port/address)");
        }
    }

    ConnectionOptions options() {
        ConnectionOptions o = new ConnectionOptions();
        if (user != null) {
            o.user(user).password(password != null ? password : passwordFromEnvironmentOrPrompt());
        }
        if ((trustAll ? 1 : 0) + (ca != null ? 1 : 0) + (trustStore != null ? 1 : 0) > 1) {
            throw new ParameterException(spec.commandLine(), "give one of --trust-all, --ca and --trust-store");
        }
        if (trustAll) {
            o.tls(new TlsOptions().trustAll(true).verifyHost(false));
        } else if (trustStore != null) {
            if (!Files.isReadable(trustStore)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "cannot read --trust-store " + trustStore
                                + ": give a PKCS12 or JKS key store holding the certificate of the CA that signed the server's");
            }
            String type =
                    trustStore.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
            TlsOptions tls = new TlsOptions().trustStore(trustStore, trustStorePassword, type);
            try {
                tls.clientContext(); // a wrong password or an unreadable store, said now as a usage error
            } catch (SSLException e) {
                throw new ParameterException(spec.commandLine(), "--trust-store: " + e.getMessage());
            }
            o.tls(tls);
        } else if (ca != null) {
            if (!Files.isReadable(ca)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "cannot read --ca " + ca
                                + ": give a PEM file with the CA certificate that signed the server's certificate");
            }
            o.tls(new TlsOptions().trustPem(ca));
        }
        return o;
    }
}
