package dev.anvil.internal.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secure by default: off loopback a node needs TLS, or an explicit insecure mark. */
class TransportSecurityTest {
    @Test
    void loopbackNeedsNoTls() {
        for (String host : new String[] {"127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"}) {
            assertThatCode(() -> TransportSecurity.check(settings(host).build()))
                    .as(host)
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void offLoopbackWithoutTlsIsRefusedSayingHowToFixIt() {
        for (String host : new String[] {"10.0.0.5", "192.168.1.2", "worker-1.example", null}) {
            assertThatThrownBy(() -> TransportSecurity.check(settings(host).build()))
                    .as(String.valueOf(host))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("without TLS")
                    .hasMessageContaining("tls")
                    .hasMessageContaining("--insecure")
                    .hasMessageContaining(host == null ? "every interface" : host);
        }
    }

    @Test
    void offLoopbackWithTlsOrMarkedInsecureStarts() {
        TlsSettings tls = new TlsSettings(Path.of("node.p12"), "pw", Path.of("trust.p12"), "pw");
        assertThatCode(() ->
                        TransportSecurity.check(settings("10.0.0.5").tls(tls).build()))
                .doesNotThrowAnyException();
        NodeSettings insecure =
                settings("10.0.0.5").attribute(NodeAttributes.INSECURE, true).build();
        assertThatCode(() -> TransportSecurity.check(insecure)).doesNotThrowAnyException();
        assertThat(TransportSecurity.isInsecure(insecure)).isTrue();
    }

    @Test
    void aDriverGetsItsNodesTlsStoresFromTheEnvironment() {
        TlsSettings tls = TransportSecurity.tlsFromEnvironment(Map.of(
                TransportSecurity.ENV_KEY_STORE, "/certs/node.p12",
                TransportSecurity.ENV_KEY_STORE_PASSWORD, "a",
                TransportSecurity.ENV_TRUST_STORE, "/certs/trust.p12",
                TransportSecurity.ENV_TRUST_STORE_PASSWORD, "b"));
        assertThat(tls).isEqualTo(new TlsSettings(Path.of("/certs/node.p12"), "a", Path.of("/certs/trust.p12"), "b"));
        assertThat(TransportSecurity.tlsFromEnvironment(Map.of())).isNull();
    }

    private static NodeSettings.Builder settings(String host) {
        return NodeSettings.builder(NodeRole.WORKER, "w").host(host);
    }
}
