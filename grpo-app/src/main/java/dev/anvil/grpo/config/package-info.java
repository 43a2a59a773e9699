/**
 * The app's configuration records, read from YAML with dotted command-line overrides
 * ({@link dev.anvil.grpo.config.ConfigLoader}): model, data, policy sampling, trainer and warm start.
 */
package dev.anvil.grpo.config;
