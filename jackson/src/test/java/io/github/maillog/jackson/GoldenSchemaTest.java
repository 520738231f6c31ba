package io.github.maillog.jackson;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.Submitter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module writes, byte for byte, what the {@code maillog} command wrote for the harness's real
 * Postfix log before the mapping moved here (test resources {@code golden/}, see their README):
 * every event, every message trace, every account (ranked or not) and every client.
 */
class GoldenSchemaTest {

    private static final ObjectMapper MAPPER = MaillogModule.jsonMapper();
    private static Samples.Run run;

    @BeforeAll
    static void correlate() {
        run = Samples.run(Samples.sampleText(), Samples.SAMPLE);
    }

    private static List<String> golden(String what) {
        return Samples.resource("golden/postfix-3.7-short-ids." + what + ".jsonl").lines().toList();
    }

    private static List<String> written(List<?> values) throws IOException {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(MAPPER.writeValueAsString(v));
        }
        return out;
    }

    private static void assertSameLines(List<String> actual, List<String> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("object %d", i + 1).isEqualTo(expected.get(i));
        }
    }

    @Test
    void everyEventIsWrittenAsTheCliWroteIt() throws IOException {
        assertThat(run.events()).hasSizeGreaterThan(300);
        assertSameLines(written(run.events()), golden("events"));
    }

    @Test
    void everyMessageTraceIsWrittenAsTheCliWroteIt() throws IOException {
        assertThat(run.report().traces()).hasSizeGreaterThan(30);
        assertSameLines(written(run.report().traces()), golden("messages"));
    }

    @Test
    void everyAccountIsWrittenAsTheCliWroteIt() throws IOException {
        Map<Submitter, RankedSubmitter> ranks = new HashMap<>();
        for (RankedSubmitter r : run.report().ranking()) {
            ranks.put(r.account().submitter(), r);
        }
        assertThat(ranks).isNotEmpty();
        List<Object> accounts = new ArrayList<>();
        for (AccountView a : run.report().accounts()) {
            accounts.add(ranks.containsKey(a.submitter()) ? ranks.get(a.submitter()) : a);
        }
        assertSameLines(written(accounts), golden("accounts"));
    }

    @Test
    void everyClientIsWrittenAsTheCliWroteIt() throws IOException {
        assertSameLines(written(run.report().clients()), golden("clients"));
    }

    @Test
    void bytesAndStringsAgree() throws IOException {
        for (Object trace : run.report().traces()) {
            assertThat(new String(MAPPER.writeValueAsBytes(trace), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(MAPPER.writeValueAsString(trace));
        }
    }
}
