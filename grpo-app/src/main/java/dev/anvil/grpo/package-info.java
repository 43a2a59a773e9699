/**
 * The GRPO app's command line ({@link dev.anvil.grpo.GrpoApp}): {@code warmstart}, {@code grpo}, {@code all},
 * {@code eval} and {@code gen-data}, with dotted config overrides; run by {@code bin/grpo} or submitted as a job.
 */
package dev.anvil.grpo;
