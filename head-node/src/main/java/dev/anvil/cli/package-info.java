/**
 * The {@code anvil} command line (picocli, run by {@code bin/anvil}): {@code head}, {@code worker}, {@code status},
 * {@code stop}, {@code inspect} (Ignite's control utility), {@code job} ({@code submit}, {@code list}, {@code status},
 * {@code logs}, {@code stop}) and {@code demo}. Node commands resolve flags over the {@code --config} file over
 * defaults into {@code NodeSettings} ({@link dev.anvil.cli.NodeOptions}, {@link dev.anvil.cli.BlobOptions}), record
 * themselves in the run directory ({@link dev.anvil.cli.RunDirectory}) and stop cleanly on SIGTERM
 * ({@link dev.anvil.cli.NodeRunner}). Errors are one {@code anvil: ...} line.
 */
package dev.anvil.cli;
