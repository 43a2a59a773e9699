package dev.anvil.worker.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.node.GpuInfo;
import org.junit.jupiter.api.Test;

class NvidiaSmiParserTest {

    @Test
    void parsesOneGpuPerLineInOrder() {
        String out = "0, NVIDIA A100-SXM4-80GB, 81920 MiB\n1, NVIDIA A100-SXM4-80GB, 81920 MiB\n";
        assertThat(NvidiaSmiParser.parse(out))
                .containsExactly(
                        new GpuInfo(0, "NVIDIA A100-SXM4-80GB", 81920), new GpuInfo(1, "NVIDIA A100-SXM4-80GB", 81920));
    }

    @Test
    void keepsCommasInsideNamesAndToleratesCrLfAndBlankLines() {
        String out = "\r\n3, Tesla T4, rev A, 15360 MiB\r\n\r\n";
        assertThat(NvidiaSmiParser.parse(out)).containsExactly(new GpuInfo(3, "Tesla T4, rev A", 15360));
    }

    @Test
    void unknownMemoryIsZero() {
        assertThat(NvidiaSmiParser.parse("0, GRID vGPU, [N/A]")).containsExactly(new GpuInfo(0, "GRID vGPU", 0));
    }

    @Test
    void emptyOutputMeansNoGpus() {
        assertThat(NvidiaSmiParser.parse("")).isEmpty();
    }

    @Test
    void malformedLineIsNamedInTheError() {
        assertThatThrownBy(() -> NvidiaSmiParser.parse("No devices were found"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line=No devices were found");
        assertThatThrownBy(() -> NvidiaSmiParser.parse("x, GPU, 10 MiB")).hasMessageContaining("bad index or memory");
    }
}
