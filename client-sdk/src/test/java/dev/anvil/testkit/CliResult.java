package dev.anvil.testkit;

/**
 * What one {@code anvil ...} command run as its own process printed and returned.
 *
 * @param exitCode the process exit code
 * @param stdout what it printed on stdout
 * @param stderr what it printed on stderr
 */
public record CliResult(int exitCode, String stdout, String stderr) {

    /** The lines of stderr starting with {@code anvil:}, the CLI's own error lines. */
    public java.util.List<String> errorLines() {
        return stderr.lines().filter(l -> l.startsWith("anvil:")).toList();
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
