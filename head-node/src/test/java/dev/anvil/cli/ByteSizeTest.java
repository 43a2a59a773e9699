package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

    @Test
    void parsesUnitsLikeXmx() {
        assertThat(ByteSize.parse("8g")).isEqualTo(8L << 30);
        assertThat(ByteSize.parse("512M")).isEqualTo(512L << 20);
        assertThat(ByteSize.parse("64k")).isEqualTo(64L << 10);
        assertThat(ByteSize.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(ByteSize.parse("1000")).isEqualTo(1000);
    }

    @Test
    void formatsInTheLargestWholeUnit() {
        assertThat(ByteSize.format(8L << 30)).isEqualTo("8g");
        assertThat(ByteSize.format(1536L << 20)).isEqualTo("1536m");
        assertThat(ByteSize.format(1000)).isEqualTo("1000");
    }

    @Test
    void rejectsWhatIsNotASize() {
        assertThatThrownBy(() -> ByteSize.parse("lots")).hasMessageContaining("[size=lots]");
        assertThatThrownBy(() -> ByteSize.parse("-1g")).hasMessageContaining("not a size");
        assertThatThrownBy(() -> ByteSize.parse("99999999999t")).hasMessageContaining("too large");
    }
}
