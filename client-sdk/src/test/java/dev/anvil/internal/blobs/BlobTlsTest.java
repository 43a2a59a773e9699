package dev.anvil.internal.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BlobTlsTest {
    @Test
    void aes128MovesToTheFrontAndNothingIsAdded() {
        String[] enabled = {"TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256"};
        assertThat(BlobTls.fastFirst(enabled))
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void aConfigurationWithoutTheFastSuitesKeepsItsOwn() {
        String[] enabled = {"TLS_AES_256_GCM_SHA384"};
        assertThat(BlobTls.fastFirst(enabled)).containsExactly("TLS_AES_256_GCM_SHA384");
    }
}
