/**
 * Node configuration files: {@link dev.anvil.cli.config.NodeConfig}, Anvil's own YAML read with Jackson (unknown keys
 * are errors), and {@link dev.anvil.cli.config.ConfigException} for files that are missing or do not parse. The keys
 * are listed in {@code cluster-configs/README.md}.
 */
package dev.anvil.cli.config;
