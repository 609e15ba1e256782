package io.ferrymq.cli;

import io.ferrymq.engine.sasl.ScramAlgorithm;
import io.ferrymq.engine.sasl.ScramCredential;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry user}: user administration that needs no running broker. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages broker users.",
        subcommands = UserCommand.Hash.class)
final class UserCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ferry user: say what to do, for example 'ferry user hash alice s3cret'");
        return 2;
    }

    @Command(name = "hash", mixinStandardHelpOptions = true,
            description = {"Prints the stored credentials for a user's password, to paste under 'users:' in the "
                    + "broker's configuration. The password itself is not stored."})
    static final class Hash implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "PASSWORD")
        String password;

        @Override
        public Integer call() {
            System.out.println("users:");
            System.out.println("  " + user + ":");
            for (ScramAlgorithm a : ScramAlgorithm.values()) {
                System.out.println("    - \"" + ScramCredential.create(a, password).encode() + "\"");
            }
            return 0;
        }
    }
}
