package io.ferrymq.cli;

import io.ferrymq.broker.BrokerVersion;
import io.netty.util.ResourceLeakDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ferry} command. Exit codes: 0 success, 1 the command failed while running (for
 * example a port already in use, or a server that refused), 2 bad usage or configuration.
 */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = Ferry.Version.class,
        description = "Ferry: an AMQP 1.0 messaging system.%n",
        subcommands = {
            BrokerCommand.class,
            UserCommand.class,
            SendCommand.class,
            ReceiveCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"%nExit codes: 0 success, 1 failure while running, 2 bad usage or configuration."})
public final class Ferry {
    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Netty samples buffer allocations for leaks by default, taking a stack trace for each sampled one: a cost
            // on every message path that a running process does not need. -Dio.netty.leakDetection.level turns it on.
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(run(args));
    }

    /** Runs a command line; returns its exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Ferry());
        // Bad usage exits with 2 as documented: the mapper also decides the code of invalid input.
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? 2 : 1);
        cl.getCommandSpec().exitCodeOnInvalidInput(2);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ferry " + BrokerVersion.VERSION + " (Java " + Runtime.version() + ")"};
        }
    }
}
