package dev.anvil.grpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.grpo.cluster.ClusterSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cluster.policy_replicas}: a number, or {@code auto} with the autoscale keys. */
class ClusterSettingsTest {

    private static ClusterSettings load(String... overrides) throws Exception {
        return ConfigLoader.load(ClusterSettings.BUNDLED, List.of(overrides), ClusterSettings.class);
    }

    @Test
    void aFixedNumberOfPolicyReplicasIsTheDefault() throws Exception {
        ClusterSettings c = load("policy_replicas=3");
        assertThat(c.policyAutoscaled()).isFalse();
        assertThat(c.initialPolicyReplicas()).isEqualTo(3);
    }

    @Test
    void autoScalesThePolicyBetweenTheMinAndMaxKeys() throws Exception {
        ClusterSettings c = load("policy_replicas=auto", "policy_min_replicas=2", "policy_max_replicas=5");
        assertThat(c.policyAutoscaled()).isTrue();
        assertThat(c.initialPolicyReplicas()).isEqualTo(2);
        assertThat(c.policyAutoscale().min()).isEqualTo(2);
        assertThat(c.policyAutoscale().max()).isEqualTo(5);
        assertThat(c.policyAutoscale().upscaleDelay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.describePolicyReplicas()).isEqualTo("auto 2..5");
    }

    @Test
    void badPolicyReplicaSettingsAreRefusedByName() {
        assertThatThrownBy(() -> load("policy_replicas=many"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageContaining("policy_replicas must be a number >= 1 or auto");
        assertThatThrownBy(() -> load("policy_replicas=auto", "policy_min_replicas=3", "policy_max_replicas=2"))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageContaining("policy_min_replicas=3, policy_max_replicas=2");
    }
}
