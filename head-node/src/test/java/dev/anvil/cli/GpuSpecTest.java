package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpuSpecTest {

    @Test
    void aCountDeclaresThatManyGpus() {
        GpuSpec spec = GpuSpec.parse("3");
        assertThat(spec.auto()).isFalse();
        assertThat(spec.resolve()).hasSize(3).extracting(g -> g.index()).containsExactly(0, 1, 2);
    }

    @Test
    void autoAsksNvidiaSmiAndFindsNoneWithoutIt() {
        GpuSpec spec = GpuSpec.parse("AUTO");
        assertThat(spec.auto()).isTrue();
        // This machine has no nvidia-smi; on one with GPUs the list would hold them.
        if (!new java.io.File("/usr/bin/nvidia-smi").exists()) {
            assertThat(spec.resolve()).isEmpty();
        }
    }

    @Test
    void negativeOrGarbageIsRefusedWithTheValue() {
        assertThatThrownBy(() -> GpuSpec.parse("-1")).hasMessage("--gpus must be >= 0 [gpus=-1]");
        assertThatThrownBy(() -> GpuSpec.parse("two")).hasMessageContaining("[gpus=two]");
    }
}
