package io.github.maillog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How anvil's {@code service:client} keys are split, where both parts may hold colons. */
class ServiceBodyParserTest {

    @ParameterizedTest(name = "{0} -> {1} | {2}")
    @CsvSource(delimiter = '|', value = {
        "smtp:192.0.2.44|smtp|192.0.2.44",
        "smtpd:2604:8d00:0:1::3|smtpd|2604:8d00:0:1::3",
        "smtp:2001:db8::/84|smtp|2001:db8::/84",
        "smtp:192.0.2.0/24|smtp|192.0.2.0/24",
        "smtp:unknown|smtp|unknown",
        "127.0.0.1:2525:127.0.0.1|127.0.0.1:2525|127.0.0.1",
        "[::1]:10025:::1|[::1]:10025|::1",
        "beef:1::2|beef|1::2",
        "submission:::ffff:192.0.2.7|submission|::ffff:192.0.2.7",
        "smtp:1:2:3:4:5:6:7:8|smtp|1:2:3:4:5:6:7:8",
        "localhost:smtp:not-an-address|localhost:smtp|not-an-address",
    })
    void splitsServiceAndClient(String key, String service, String client) {
        int split = ServiceBodyParser.anvilKeySplit(key);
        assertThat(key.substring(0, split)).isEqualTo(service);
        assertThat(key.substring(split + 1)).isEqualTo(client);
    }

    @Test
    void keyWithoutColonHasNoService() {
        assertThat(ServiceBodyParser.anvilKeySplit("192.0.2.44")).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", ":1::2", "1::2:", "1:::2", "1::2::3", "12345::1",
        "g::1", "1.2.3", "256.1.1.1", "1::2/1234", "1::2/", "::1.2.3.4.5"})
    void rejectsWhatIsNoClientAddress(String text) {
        assertThat(ServiceBodyParser.isClientAddress(text, 0)).as(text).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"::", "::1", "1::", "fe80::1", "2001:db8::/84", "::ffff:192.0.2.1", "1:2:3:4:5:6:192.0.2.1",
        "192.0.2.1", "192.0.2.0/24", "unknown"})
    void acceptsClientAddresses(String text) {
        assertThat(ServiceBodyParser.isClientAddress(text, 0)).as(text).isTrue();
    }
}
