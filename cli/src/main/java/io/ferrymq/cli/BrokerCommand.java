package io.ferrymq.cli;

import io.ferrymq.broker.Broker;
import io.ferrymq.broker.BrokerVersion;
import io.ferrymq.broker.config.BrokerConfig;
import io.ferrymq.broker.config.ConfigException;
import io.ferrymq.broker.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry broker}: runs a broker until interrupted. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a message broker until stopped (Ctrl-C stops it cleanly).",
            "With no configuration file it listens on 127.0.0.1:5672, allows anonymous clients there,",
            "keeps its journal under ./data and creates addresses on demand."
        })
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (see docs/broker.md).")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port of the first listener (default 5672).")
    Integer port;

    @Option(
            names = "--host",
            paramLabel = "ADDR",
            description = "Address the first listener binds (default 127.0.0.1). Other than loopback, clients must "
                    + "authenticate unless the configuration allows anonymous.")
    String host;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default ./data).")
    Path data;

    @Option(
            names = "--io-threads",
            paramLabel = "N",
            description = "Threads serving connections and queues (default: half the cores, at least 1).")
    Integer ioThreads;

    @Option(
            names = "--accept-journal-damage",
            description = "Start even when journal segment files are missing or unreadable, going on without the "
                    + "messages and queues they held (the broker refuses to start otherwise, naming the files).")
    boolean acceptJournalDamage;

    @Override
    public Integer call() {
        BrokerConfig cfg;
        boolean explicitAnonymous = false;
        try {
            cfg = config != null ? ConfigLoader.load(config) : BrokerConfig.defaults();
            if (config != null) {
                explicitAnonymous = Files.readString(config).contains("allow-anonymous");
            }
            if (data != null) {
                cfg = cfg.withDataDir(data);
            }
            if (port != null) {
                if (port < 0 || port > 65535) {
                    throw new ConfigException("--port: must be in [0, 65535], not " + port);
                }
                cfg = cfg.withPort(port);
            }
            if (host != null) {
                cfg = cfg.withHost(host, explicitAnonymous);
            }
            if (acceptJournalDamage) {
                cfg = cfg.withStore(cfg.store().withAcceptJournalDamage(true));
            }
            if (ioThreads != null) {
                if (ioThreads < 1 || ioThreads > 1024) {
                    throw new ConfigException("--io-threads: must be in [1, 1024], not " + ioThreads);
                }
                cfg = cfg.withIoThreads(ioThreads);
            }
        } catch (ConfigException e) {
            System.err.println("ferry broker: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("ferry broker: cannot read " + config + ": " + e.getMessage());
            return 2;
        }
        String commit = System.getenv("FERRY_BUILD_COMMIT");
        System.out.println("Ferry broker " + BrokerVersion.VERSION
                + (commit != null && !commit.isBlank() ? " (built from commit " + commit.strip() + ")" : "")
                + ", effective settings:");
        System.out.println(cfg.describe().indent(2).stripTrailing());
        Broker broker;
        try {
            broker = Broker.start(cfg);
        } catch (Exception e) {
            System.err.println("ferry broker: cannot start: " + why(e));
            return 1;
        }
        System.out.println("Ferry broker ready on port(s) " + broker.ports());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Ferry broker stopping");
                            broker.close();
                            stopped.countDown();
                            // Stopped by a signal (SIGTERM, Ctrl-C) and closed cleanly: exit status 0, as
                            // docs/broker.md
                            // says. Once the JVM's shutdown has begun, halt is the only way to set the status, which
                            // would otherwise be 128 + the signal's number.
                            System.out.flush();
                            System.err.flush();
                            Runtime.getRuntime().halt(0);
                        },
                        "ferry-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Why the broker could not start, with the reason as well as the file: a file-system error's message is often the
     * path alone ("cannot start: /srv/ferry/data" said nothing of a file standing where the directory should be).
     */
    static String why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileSystemException f) {
                String reason = f.getReason() != null
                        ? f.getReason()
                        : switch (f) {
                            case FileAlreadyExistsException x -> "a file is there where a directory is needed";
                            case NoSuchFileException x -> "no such file or directory";
                            case AccessDeniedException x -> "permission denied";
                            case NotDirectoryException x -> "not a directory";
                            case DirectoryNotEmptyException x -> "the directory is not empty";
                            default -> f.getClass().getSimpleName();
                        };
                String file = f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "");
                return file + ": " + reason + " (check --data and the directory's owner and permissions)";
            }
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
