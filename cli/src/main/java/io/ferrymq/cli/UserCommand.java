package io.ferrymq.cli;

import io.ferrymq.engine.sasl.ScramAlgorithm;
import io.ferrymq.engine.sasl.ScramCredential;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ferry user}: user administration that needs no running broker. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manages broker users.",
        subcommands = UserCommand.Hash.class)
final class UserCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("ferry user: say what to do, for example 'ferry user hash alice s3cret'");
        return 2;
    }

    @Command(
            name = "hash",
            mixinStandardHelpOptions = true,
            description = {
                "Prints the stored credentials for a user's password, to paste under 'users:' in the "
                        + "broker's configuration. The password itself is not stored."
            })
    static final class Hash implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(
                index = "1",
                paramLabel = "PASSWORD",
                arity = "0..1",
                description = "The password; when left out "
                        + "(so that it stays out of the shell's history and the process list) it is read from the terminal, "
                        + "or the first line of standard input.")
        String password;

        @Override
        public Integer call() throws IOException {
            if (password == null) {
                password = readPassword();
                if (password == null || password.isEmpty()) {
                    System.err.println("ferry user hash: no password: give it after the user name, type it at the "
                            + "prompt, or pipe it in (printf '%s\\n' \"$PASSWORD\" | ferry user hash " + user + ")");
                    return 2;
                }
            }
            System.out.println("users:");
            System.out.println("  " + user + ":");
            for (ScramAlgorithm a : ScramAlgorithm.values()) {
                System.out.println(
                        "    - \"" + ScramCredential.create(a, password).encode() + "\"");
            }
            return 0;
        }

        // Built for 21, where no terminal means null; from 22 the console reads standard input then, as the else does.
        @SuppressWarnings("SystemConsoleNull")
        private String readPassword() throws IOException {
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("password for %s: ", user);
                return typed == null ? null : new String(typed);
            }
            var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            return in.readLine();
        }
    }
}
