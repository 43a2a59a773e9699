/**
 * Test support shared by every module, shipped in client-sdk's test-jar (other modules depend on it with
 * {@code <type>test-jar</type>}): {@link dev.anvil.testkit.ProcessCluster} and {@link dev.anvil.testkit.NodeProcess}
 * (a real head and worker processes started with {@code bin/anvil}, with kill -9, SIGSTOP and SIGCONT),
 * {@link dev.anvil.testkit.AnvilLauncher} and {@link dev.anvil.testkit.CliResult} (one-shot {@code anvil} commands),
 * {@link dev.anvil.testkit.StateCluster} (data and client nodes in one JVM for state tests),
 * {@link dev.anvil.testkit.TestJars} (application jars compiled at test time), {@link dev.anvil.testkit.TestClasspath}
 * and {@link dev.anvil.testkit.TestBytes}. Every process started here is killed when the test JVM ends.
 */
package dev.anvil.testkit;
