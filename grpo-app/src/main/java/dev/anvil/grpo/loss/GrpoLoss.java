package dev.anvil.grpo.loss;

import ai.djl.ndarray.NDArray;

/**
 * The GRPO objective, per token then averaged, as in TorchForge's {@code simple_grpo_loss}.
 *
 * <pre>
 * ratio   = exp(logp - old_logp)                       (old = generation-time log-probs)
 * kl      = exp(ref - logp) - (ref - logp) - 1         (k3 estimator of KL(policy || reference))
 * loss_t  = -(ratio * A - beta * kl)
 * loss    = mean over sequences of ( sum_t loss_t * mask_t / max(1, sum_t mask_t) )
 * </pre>
 *
 * <p>With one optimizer step per batch of fresh rollouts the ratio is 1 in value and only carries the
 * gradient {@code A * grad(logp)}; it becomes a true importance weight when the batch is slightly stale.
 */
public final class GrpoLoss {

    private final float beta;

    /**
     * Creates the loss.
     *
     * @param beta weight of the KL penalty to the reference model
     */
    public GrpoLoss(float beta) {
        this.beta = beta;
    }

    /**
     * The loss and the diagnostics it logs.
     *
     * @param loss scalar loss to differentiate
     * @param kl masked mean KL estimate (no gradient needed)
     */
    public record Output(NDArray loss, NDArray kl) {}

    /**
     * Computes the loss.
     *
     * @param logp policy log-probs of the response tokens {@code [B, R]} (with gradient)
     * @param oldLogp generation-time log-probs {@code [B, R]}
     * @param refLogp reference-model log-probs {@code [B, R]}
     * @param advantages one advantage per sequence {@code [B]}
     * @param mask 1 for real response tokens, 0 for padding {@code [B, R]}
     * @return the loss and the KL diagnostic
     */
    public Output compute(NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray advantages, NDArray mask) {
        NDArray ratio = logp.sub(oldLogp).exp();
        NDArray policyTerm = ratio.mul(advantages.expandDims(1));
        NDArray refDiff = refLogp.sub(logp);
        NDArray kl = refDiff.exp().sub(refDiff).sub(1);
        NDArray perToken = policyTerm.sub(kl.mul(beta)).neg();
        NDArray tokens = mask.sum(new int[] {1}).maximum(1f);
        NDArray loss = perToken.mul(mask).sum(new int[] {1}).div(tokens).mean();
        NDArray klMean = kl.mul(mask).sum(new int[] {1}).div(tokens).mean();
        return new Output(loss, klMean);
    }
}
