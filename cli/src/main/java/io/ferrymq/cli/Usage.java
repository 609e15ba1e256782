package io.ferrymq.cli;

import picocli.CommandLine.ParameterException;

/** Bad usage found while a command runs: say what is wrong and where help is, exit 2. */
final class Usage {
    private Usage() {}

    static int error(ParameterException e) {
        String name = e.getCommandLine().getCommandName();
        System.err.println("ferry " + name + ": " + e.getMessage());
        System.err.println("Try 'ferry " + name + " --help' for the options.");
        return 2;
    }
}
