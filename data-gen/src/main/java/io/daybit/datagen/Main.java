package io.daybit.datagen;

import io.daybit.datagen.cli.GenerateCommand;
import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of {@code java -jar daybit-data-gen.jar}; see {@link GenerateCommand} for the options. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with its output on {@code out} and {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new GenerateCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("daybit-data-gen: " + e);
            commandLine.getErr().flush();
            return 1;
        });
        return cli.execute(args);
    }
}
