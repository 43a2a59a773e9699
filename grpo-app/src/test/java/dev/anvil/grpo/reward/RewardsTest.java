package dev.anvil.grpo.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RewardsTest {

    private final MathReward math = new MathReward();
    private final FormatReward format = new FormatReward();

    @Test
    void mathRewardGivesFullCreditInsideTagsAndPartialElsewhere() {
        assertThat(math.score("<answer>68</answer>", "68")).isEqualTo(1.0);
        assertThat(math.score("<answer> 68.0 </answer>", "68")).isEqualTo(1.0);
        assertThat(math.score("it is 68", "68")).isEqualTo(MathReward.PARTIAL);
        assertThat(math.score("68<answer>67</answer>", "68")).isEqualTo(MathReward.PARTIAL);
        assertThat(math.score("<answer>67</answer>", "68")).isEqualTo(0.0);
        assertThat(math.score("", "68")).isEqualTo(0.0);
    }

    @Test
    void formatRewardWantsExactlyOneNumericSpan() {
        assertThat(format.score("<answer>12</answer>", "99")).isEqualTo(1.0);
        assertThat(format.score("<answer>twelve</answer>", "12")).isEqualTo(0.5);
        assertThat(format.score("<answer>1</answer><answer>2</answer>", "2")).isEqualTo(0.0);
        assertThat(format.score("<answer>12", "12")).isEqualTo(0.0);
        assertThat(format.score("12", "12")).isEqualTo(0.0);
    }

    @Test
    void combinedRewardAveragesMathAndFormat() {
        RewardFunction r = CombinedReward.mathAndFormat();
        assertThat(r.score("<answer>68</answer>", "68")).isEqualTo(1.0);
        assertThat(r.score("<answer>67</answer>", "68")).isEqualTo(0.5);
        assertThat(r.score("68", "68")).isCloseTo(0.05, within(1e-12));
    }

    @Test
    void advantagesAreGroupStandardised() {
        double[] a = Advantages.compute(new double[] {1, 0, 0, 1});
        // mean 0.5, sample std sqrt(1/3) = 0.57735
        assertThat(a[0]).isCloseTo(0.5 / (0.5773503 + 1e-4), within(1e-6));
        assertThat(a[1]).isCloseTo(-0.5 / (0.5773503 + 1e-4), within(1e-6));
        assertThat(a[0] + a[1] + a[2] + a[3]).isCloseTo(0, within(1e-12));
        assertThat(Advantages.compute(new double[] {0.5, 0.5, 0.5})).containsOnly(0.0);
    }
}
