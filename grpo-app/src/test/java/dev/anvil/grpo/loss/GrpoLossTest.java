package dev.anvil.grpo.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GrpoLossTest {

    /*
     * Hand computation (beta = 0.1), rows b, tokens t:
     *   row 0: A = 1,   mask [1, 1]
     *     t0: ratio = e^{0.2} = 1.221403, d = ref - logp = 0.2,  kl = e^{0.2} - 0.2 - 1 = 0.021403
     *         loss_t = -(1.221403 - 0.0021403) = -1.219262
     *     t1: ratio = 1, d = -0.2, kl = e^{-0.2} + 0.2 - 1 = 0.018731, loss_t = -(1 - 0.0018731) = -0.998127
     *     row loss = (-1.219262 - 0.998127) / 2 = -1.108695, row kl = 0.020067
     *   row 1: A = -0.5, mask [1, 0]
     *     t0: ratio = 1, d = 0.5, kl = e^{0.5} - 1.5 = 0.148721, loss_t = -(-0.5 - 0.0148721) = 0.514872
     *     row loss = 0.514872, row kl = 0.148721
     *   loss = (-1.108695 + 0.514872) / 2 = -0.296911, kl = (0.020067 + 0.148721) / 2 = 0.084394
     * d loss / d logp_t = -(ratio * A - beta * (1 - e^d)) * mask / (tokens_b * B).
     */
    @Test
    void matchesHandComputedValueAndGradient() {
        try (NDManager m = Engine.getInstance().newBaseManager()) {
            NDArray logp = m.create(new float[] {-1.0f, -0.5f, -2.0f, -0.1f}, new Shape(2, 2));
            NDArray old = m.create(new float[] {-1.2f, -0.5f, -2.0f, -0.3f}, new Shape(2, 2));
            NDArray ref = m.create(new float[] {-0.8f, -0.7f, -1.5f, -0.1f}, new Shape(2, 2));
            NDArray adv = m.create(new float[] {1.0f, -0.5f});
            NDArray mask = m.create(new float[] {1, 1, 1, 0}, new Shape(2, 2));
            logp.setRequiresGradient(true);
            GrpoLoss.Output out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                out = new GrpoLoss(0.1f).compute(logp, old, ref, adv, mask);
                gc.backward(out.loss());
            }
            assertThat(out.loss().getFloat()).isCloseTo(-0.296911f, within(1e-5f));
            assertThat(out.kl().getFloat()).isCloseTo(0.084394f, within(1e-5f));
            float[] grad = logp.getGradient().toFloatArray();
            assertThat(grad[0]).isCloseTo(-0.310886f, within(1e-5f));
            assertThat(grad[1]).isCloseTo(-0.245468f, within(1e-5f));
            assertThat(grad[2]).isCloseTo(0.217564f, within(1e-5f));
            assertThat(grad[3]).as("padding gets no gradient").isEqualTo(0f);
        }
    }

    @Test
    void equalPolicyAndReferenceGiveZeroKlAndPlainPolicyGradientLoss() {
        try (NDManager m = Engine.getInstance().newBaseManager()) {
            NDArray lp = m.create(new float[] {-0.3f, -0.6f}, new Shape(1, 2));
            NDArray out = new GrpoLoss(0.5f)
                    .compute(lp, lp, lp, m.create(new float[] {2f}), m.ones(new Shape(1, 2)))
                    .loss();
            // ratio = 1 and kl = 0, so the loss is -A.
            assertThat(out.getFloat()).isCloseTo(-2f, within(1e-6f));
        }
    }
}
