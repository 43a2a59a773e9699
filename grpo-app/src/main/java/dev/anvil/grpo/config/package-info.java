/**
 * The app's configuration records, read from YAML with dotted command-line overrides
 * ({@link dev.anvil.grpo.config.ConfigLoader}): model, data, policy sampling, trainer and its optimizer, and warm
 * start. Configuration sits low in the app: it names no model, trainer or generator class.
 */
package dev.anvil.grpo.config;
