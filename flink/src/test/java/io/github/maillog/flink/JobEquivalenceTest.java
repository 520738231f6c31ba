package io.github.maillog.flink;

import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The job at parallelism 1, 2 and 4 writes the same messages, accounts and clients as the
 * single-process tool on the same input: the real Postfix samples, the shared production log, and
 * a fleet log of several logs interleaved by time under different host names.
 */
class JobEquivalenceTest {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @TempDir
    static Path tmp;

    private static final Map<String, List<Path>> INPUTS = new ConcurrentHashMap<>();
    /** The tool's output per input and kind, computed once. */
    private static final Map<String, List<JsonNode>> EXPECTED = new ConcurrentHashMap<>();

    @BeforeAll
    static void inputs() throws Exception {
        Path samples = JobRuns.samples();
        Path shortIds = samples.resolve("postfix-3.7-short-ids.log");
        Path longIds = samples.resolve("postfix-3.7-long-ids.log");
        INPUTS.put("samples", List.of(shortIds, longIds));
        Path production = JobRuns.productionLog();
        if (Files.isReadable(production)) {
            INPUTS.put("production", List.of(production));
        }
        // three hosts, two of them with the same log (fully interleaved, same queue IDs on both)
        // and one with the other sample; plus the production log's host where it is present
        List<FleetLog.Member> fleet = new java.util.ArrayList<>(List.of(new FleetLog.Member(shortIds, "mx1"),
                new FleetLog.Member(shortIds, "mx2"), new FleetLog.Member(longIds, "submit1")));
        if (Files.isReadable(production)) {
            fleet.add(new FleetLog.Member(production, "relay"));
        }
        INPUTS.put("fleet", List.of(FleetLog.write(tmp.resolve("fleet.log"), JobRuns.PARSER.parser(), fleet)));
    }

    @ParameterizedTest(name = "{0} at parallelism {1}")
    @CsvSource({"samples, 1", "samples, 2", "samples, 4", "production, 1", "production, 2", "production, 4",
            "fleet, 1", "fleet, 2", "fleet, 4"})
    void sameOutputAsTheSingleProcessTool(String input, int parallelism) throws Exception {
        List<Path> files = INPUTS.get(input);
        assumeThat(files).as("the shared production log (corpus/pixelpark-postfix-logsums/mail.log.gz) is absent")
                .isNotNull();
        Path out = JobRuns.job(tmp.resolve(input + "-" + parallelism), files, parallelism);
        for (String kind : JobRuns.KINDS) {
            List<JsonNode> expected = EXPECTED.computeIfAbsent(input + "/" + kind, k -> JobRuns.tool(kind, files));
            JobRuns.assertSame(kind, expected, JobRuns.output(out, kind));
        }
    }
}
