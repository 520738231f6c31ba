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

    /** The former way, with substrings and splits: the reference the in-place one must agree with. */
    private static boolean referenceIsClientAddress(String key, int start) {
        String s = key.substring(start);
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String bits = s.substring(slash + 1);
            if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                return false;
            }
            s = s.substring(0, slash);
        }
        return s.equals("unknown") || referenceIpv4(s) || referenceIpv6(s);
    }

    private static boolean referenceIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                    || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean referenceIpv6(String s) {
        if (s.indexOf(':') < 0) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        if ((s.startsWith(":") && !s.startsWith("::")) || (s.endsWith(":") && !s.endsWith("::"))) {
            return false;
        }
        String[] fields = s.split(":", -1);
        int groups = 0;
        for (int i = 0; i < fields.length; i++) {
            String f = fields[i];
            if (f.isEmpty()) {
                if (gap < 0) {
                    return false;
                }
            } else if (i == fields.length - 1 && f.indexOf('.') >= 0) {
                if (!referenceIpv4(f)) {
                    return false;
                }
                groups += 2;
            } else if (f.length() <= 4 && f.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')
                    || (ch >= 'A' && ch <= 'F'))) {
                groups++;
            } else {
                return false;
            }
        }
        return gap >= 0 ? groups <= 7 : groups == 8;
    }

    @Test
    void clientAddressTestAgreesWithTheReferenceOnRandomKeys() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "0123456789abcdefgxyz:.:/:.un";
        int agreed = 0;
        for (int i = 0; i < 200_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(24);
            for (int k = 0; k < n; k++) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String key = random.nextInt(50) == 0 ? "smtp:unknown" : s.toString();
            int start = key.isEmpty() ? 0 : random.nextInt(key.length());
            assertThat(ServiceBodyParser.isClientAddress(key, start)).as("%s from %d", key, start)
                    .isEqualTo(referenceIsClientAddress(key, start));
            agreed++;
        }
        assertThat(agreed).isEqualTo(200_000);
    }
}
