/**
 * Rewards and advantages: the math and format rewards, their mean ({@link dev.anvil.grpo.reward.CombinedReward}),
 * answer parsing, and group-relative advantages ({@link dev.anvil.grpo.reward.Advantages}).
 */
package dev.anvil.grpo.reward;
