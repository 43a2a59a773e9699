package dev.anvil.grpo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.StandardCapabilities;
import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.ReferenceActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.grpo.engine.Torch;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.ReplicaInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GPU placement of the GRPO actors on an embedded cluster whose one worker declares 4 GPUs: with {@code cluster.gpus}
 * on, the 2 policy replicas, the reference and the trainer, all in one worker JVM, each get a GPU index of their own
 * and put their model on it, or, where DJL has no CUDA (this machine), report the index they were given and the CPU
 * they fell back to; {@code auto} with too few GPUs runs everything on CPUs; {@code true} fails and leaves nothing.
 */
class GpuPlacementTest {

    private static final ModelConfig SHAPE = TestModels.tiny();
    private static Anvil anvil;
    private static GrpoConfig cfg;

    @BeforeAll
    static void cluster() throws Exception {
        anvil = Anvil.local(1, 4);
        cfg = ConfigLoader.load("classpath:config/grpo.yaml", List.of(), GrpoConfig.class);
        try (LanguageModel base = LanguageModel.create(SHAPE, 3)) {
            Map<String, byte[]> weights = base.exportWeights();
            anvil.weightStore("gpu-policy").push(0, weights);
            anvil.weightStore("gpu-reference").push(0, weights);
        }
    }

    @AfterAll
    static void stop() {
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void eachModelActorUsesTheGpuItsReplicaWasGiven() throws Exception {
        GrpoServices services = start("gpu-own", settings("true", 2));
        try {
            List<DevicePlacement> placements = placements(services);
            assertThat(placements).hasSize(4);
            assertThat(placements.stream().map(DevicePlacement::gpuIndex))
                    .as("one worker JVM, four replicas, four GPU indices")
                    .containsExactlyInAnyOrder(0, 1, 2, 3);
            assertThat(gpusOf(services)).containsExactlyInAnyOrder(0, 1, 2, 3);
            boolean cuda = Torch.engine().hasCapability(StandardCapabilities.CUDA);
            for (DevicePlacement p : placements) {
                System.out.println("GpuPlacementTest: " + p.describe());
                if (!cuda) {
                    assertThat(p.fallback()).isTrue();
                    assertThat(p.device().isGpu()).isFalse();
                    assertThat(p.reason()).contains("has no CUDA");
                } else if (!p.fallback()) {
                    assertThat(p.device().getDeviceId()).isEqualTo(p.gpuIndex());
                }
            }
            // The models work where they were put: a generation on every replica.
            assertThat(services.policy()
                            .endpoint(PolicyActor::getVersion)
                            .fanout()
                            .join())
                    .containsExactly(0L, 0L);
        } finally {
            services.shutdown();
        }
    }

    @Test
    void autoWithTooFewGpusRunsOnCpusAndTrueFailsLeavingNothing() throws Exception {
        // 4 policy replicas + reference + trainer need 6 GPUs; the worker has 4.
        assertThatThrownBy(() -> start("gpu-need", settings("true", 4)))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining("gpus");

        GrpoServices services = start("gpu-auto", settings("auto", 4));
        try {
            List<DevicePlacement> placements = placements(services);
            assertThat(placements).hasSize(6).allSatisfy(p -> {
                assertThat(p.gpuIndex()).isEqualTo(-1);
                assertThat(p.fallback()).isFalse();
                assertThat(p.device().isGpu()).isFalse();
            });
            assertThat(gpusOf(services)).isEmpty();
        } finally {
            services.shutdown();
        }
        // Nothing of the failed GPU deployment holds a GPU: all 4 can be taken again.
        GrpoServices again = start("gpu-again", settings("true", 2));
        try {
            assertThat(gpusOf(again)).containsExactlyInAnyOrder(0, 1, 2, 3);
        } finally {
            again.shutdown();
        }
    }

    @Test
    void gpusSettingIsCheckedAndOffNeverAsks() throws Exception {
        assertThatThrownBy(() -> settings("maybe", 2))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause()
                .hasMessageContaining("cluster.gpus must be auto, true or false [gpus=maybe]");
        assertThat(settings("false", 2).gpuMode()).isEqualTo(ClusterSettings.GpuMode.OFF);
        assertThat(settings("TRUE", 2).gpuMode()).isEqualTo(ClusterSettings.GpuMode.REQUIRED);
        ClusterSettings bundled = ConfigLoader.load(ClusterSettings.BUNDLED, List.of(), ClusterSettings.class);
        assertThat(bundled.gpuMode()).as("embedded cluster declaring no GPUs").isEqualTo(ClusterSettings.GpuMode.OFF);
        assertThat(ConfigLoader.load(ClusterSettings.BUNDLED, List.of("address=127.0.0.1:47500"), ClusterSettings.class)
                        .gpuMode())
                .as("a running cluster may have GPUs")
                .isEqualTo(ClusterSettings.GpuMode.PREFERRED);
    }

    private static ClusterSettings settings(String gpus, int policyReplicas) throws Exception {
        return ConfigLoader.load(
                ClusterSettings.BUNDLED,
                List.of("gpus=" + gpus, "policy_replicas=" + policyReplicas, "workers=1", "gpus_per_worker=4"),
                ClusterSettings.class);
    }

    private static GrpoServices start(String run, ClusterSettings settings) {
        return GrpoServices.start(anvil, run, cfg, settings, SHAPE, "gpu-policy", "gpu-reference");
    }

    private static List<DevicePlacement> placements(GrpoServices services) {
        List<DevicePlacement> out = new ArrayList<>(
                services.policy().endpoint(PolicyActor::device).fanout().join());
        out.add(services.rollout()
                .reference()
                .endpoint(ReferenceActor::device)
                .route()
                .join());
        out.add(services.trainer().endpoint(TrainerActor::device).callOne().join());
        return out;
    }

    private static List<Integer> gpusOf(GrpoServices services) {
        List<Integer> gpus = new ArrayList<>();
        for (ReplicaInfo r : services.replicas()) {
            r.gpus().forEach(gpus::addAll);
        }
        return gpus;
    }
}
