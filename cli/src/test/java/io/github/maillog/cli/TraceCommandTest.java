package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TraceCommandTest {

    /** The numbered lines of a file that mention any of the queue IDs, as trace prints them. */
    private static List<String> linesMentioning(String file, String... ids) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(file));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (String id : ids) {
                if (lines.get(i).contains(id)) {
                    out.add(file + ":" + (i + 1) + ": " + lines.get(i));
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void printsTheMessageAndItsNotificationInInputOrderThenTheSummaries() throws IOException {
        Cli.Result r = Cli.run("trace", "418621D80D", Cli.seed());

        assertThat(r.exitCode()).isZero();
        // "418621D80D: sender non-delivery notification: 6711A1D7B7": the lineage is both IDs
        List<String> expected = linesMentioning(Cli.seed(), "418621D80D", "6711A1D7B7");
        assertThat(expected).isNotEmpty();
        assertThat(r.lines().subList(0, expected.size())).containsExactlyElementsOf(expected);
        assertThat(r.out()).contains("Message 418621D80D on mail.xxx.com", "Message 6711A1D7B7 on mail.xxx.com",
                "notification of  418621D80D");
    }

    @Test
    void findsTheLineageFromTheNotificationsSideToo() throws IOException {
        Cli.Result r = Cli.run("trace", "6711A1D7B7", Cli.seed());

        List<String> expected = linesMentioning(Cli.seed(), "418621D80D", "6711A1D7B7");
        assertThat(r.lines().subList(0, expected.size())).containsExactlyElementsOf(expected);
    }

    @Test
    void includesTheSessionOfAnAuthenticatedMessage() throws IOException {
        List<String> file = Files.readAllLines(Path.of(Cli.relayAbuse()));
        String clientLine = file.stream().filter(l -> l.contains("sasl_username=bob@example.com")).findFirst()
                .orElseThrow();
        String qid = clientLine.replaceAll(".*]: ([0-9A-F]+): client=.*", "$1");
        String pid = clientLine.replaceAll(".*smtpd\\[(\\d+)].*", "$1");

        Cli.Result r = Cli.run("trace", qid, Cli.relayAbuse());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("smtpd[" + pid + "]: connect from laptop.example.com[198.51.100.21]",
                "smtpd[" + pid + "]: disconnect from laptop.example.com[198.51.100.21]",
                "submitter        sasl:bob@example.com", "status           complete");
    }

    @Test
    void readsStandardInputTwice() throws IOException {
        byte[] seed = Files.readAllBytes(Path.of(Cli.seed()));

        Cli.Result r = Cli.runWithStdin(seed, "trace", "418621D80D", "-");

        assertThat(r.exitCode()).isZero();
        assertThat(r.lines().get(0)).startsWith("<stdin>:").contains("418621D80D");
    }

    @Test
    void anUnknownQueueIdSaysSoAndExitsOneAsGrepDoes() {
        Cli.Result r = Cli.run("trace", "ABCDEF0123", Cli.seed());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no message with queue ID ABCDEF0123");
    }
}
