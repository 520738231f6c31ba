package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * An account with more distinct recipient domains and client IPs than the correlator keeps says
 * that its view is truncated, in JSON, CSV and the table, and the commands say on standard error
 * that the views are partial.
 */
class TruncatedViewsTest {

    /** One SASL login sending {@code n} messages, each from its own IP to its own domain. */
    private static byte[] log(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            String qid = String.format(Locale.ROOT, "%010X", 0x1000000 + i);
            String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            String t = String.format(Locale.ROOT, "Apr 16 %02d:%02d:%02d", 6 + i / 3600, i / 60 % 60, i % 60);
            b.append(t).append(" mx postfix/submission/smtpd[100]: ").append(qid).append(": client=h[").append(ip)
                    .append("], sasl_method=PLAIN, sasl_username=busy@example.org\n");
            b.append(t).append(" mx postfix/qmgr[200]: ").append(qid)
                    .append(": from=<busy@example.org>, size=100, nrcpt=1 (queue active)\n");
            b.append(t).append(" mx postfix/smtp[300]: ").append(qid).append(": to=<u@d").append(i)
                    .append(".test>, relay=d.test[192.0.2.1]:25, delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)\n");
            b.append(t).append(" mx postfix/qmgr[200]: ").append(qid).append(": removed\n");
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAccountBeyondTheCapsSaysItIsALowerBound() {
        byte[] log = log(1_500);

        Cli.Result json = Cli.runWithStdin(log, "accounts", "--format", "json", "--year", "2024");
        assertThat(json.exitCode()).isZero();
        List<JsonNode> accounts = json.json();
        JsonNode busy = accounts.stream().filter(a -> a.get("submitter").asText().equals("busy@example.org"))
                .findFirst().orElseThrow();
        assertThat(busy.get("messages").asLong()).isEqualTo(1_500);
        assertThat(busy.get("truncated").asBoolean()).isTrue();
        assertThat(busy.get("recipientDomains").asLong()).isLessThan(1_500);

        Cli.Result table = Cli.runWithStdin(log, "accounts", "--year", "2024");
        assertThat(table.exitCode()).isZero();
        String row = table.lines().stream().filter(l -> l.startsWith("busy@example.org")).findFirst().orElseThrow();
        assertThat(row).containsPattern("\\d,\\d{3}\\+");

        Cli.Result csv = Cli.runWithStdin(log, "accounts", "--format", "csv", "--year", "2024");
        List<String> header = List.of(csv.lines().get(0).split(","));
        String busyRecord = csv.lines().stream().filter(l -> l.startsWith("busy@example.org")).findFirst()
                .orElseThrow();
        assertThat(header).contains("truncated");
        assertThat(busyRecord).contains("true");
    }

    @Test
    void aSmallLogIsNotTruncatedAndSaysNothingOnStandardError() {
        Cli.Result r = Cli.runWithStdin(log(20), "accounts", "--format", "json", "--year", "2024");
        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).allSatisfy(a -> assertThat(a.get("truncated").asBoolean()).isFalse());
        assertThat(r.err()).doesNotContain("partial");
    }
}
