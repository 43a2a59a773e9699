package dev.anvil.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code anvil} command line: {@code anvil head}, {@code anvil worker}, {@code anvil status}, {@code anvil stop},
 * {@code anvil inspect}, {@code anvil job}, {@code anvil demo}.
 *
 * <p>Errors are one line on stderr, {@code anvil: <problem> [key=value, ...]}, with exit code 2 for bad usage and 1
 * for everything else.
 */
@Command(
        name = "anvil",
        mixinStandardHelpOptions = true,
        version = "anvil 0.1.0",
        description = "Ray-style service cluster for RL post-training, on Apache Ignite.",
        subcommands = {
            HeadCommand.class,
            WorkerCommand.class,
            StatusCommand.class,
            StopCommand.class,
            InspectCommand.class,
            JobCommand.class,
            DemoCommand.class
        })
public class AnvilCli {
    /** Exit code of bad usage (unknown flag, bad value). */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a command that failed. */
    public static final int EXIT_FAILURE = 1;

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line in this JVM, printing to stdout/stderr, and returns the exit code. */
    public static int run(String... args) {
        // Ignite's own shutdown hook would race ours; the node commands stop their node themselves on SIGTERM.
        System.setProperty("IGNITE_NO_SHUTDOWN_HOOK", "true");
        // Ignite prints "quiet mode" lines to stdout unless told otherwise: keep stdout for Anvil's own output.
        System.setProperty("IGNITE_QUIET", "false");
        return commandLine().execute(args);
    }

    /** The configured picocli command line (one-line errors, exit codes). */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new AnvilCli());
        // The last of a repeated flag wins, so wrappers (tests, scripts) can override defaults they pass.
        cmd.setOverwrittenOptionsAllowed(true);
        cmd.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("anvil: " + oneLine(ex.getMessage()) + " (see 'anvil " + commandPath(ex.getCommandLine())
                    + "--help')");
            err.flush();
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("anvil: " + oneLine(describe(ex)));
            err.flush();
            return ex instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cmd;
    }

    private static String commandPath(CommandLine cl) {
        String path = cl.getCommandSpec().qualifiedName(" ");
        path = path.startsWith("anvil") ? path.substring("anvil".length()).trim() : path;
        return path.isEmpty() ? "" : path + " ";
    }

    private static String describe(Throwable ex) {
        String msg = ex.getMessage();
        return msg == null || msg.isBlank() ? ex.getClass().getSimpleName() : msg;
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
