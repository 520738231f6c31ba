package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.correlate.Correlator;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.correlate.Submitter;
import io.github.maillog.correlate.SubmitterKind;
import io.github.maillog.PostfixLogParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuspectTimelineTest {

    private static final DateTimeFormatter SYSLOG =
            DateTimeFormatter.ofPattern("MMM dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** Traces of a real-shaped log made by the correlator: one login, {@code n} messages, from the IPs given in turn. */
    private static List<MessageTrace> traces(String user, int n, int secondsApart, String... ips) {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < n; i++) {
            Instant t = Instant.parse("2026-04-16T06:00:00Z").plusSeconds((long) i * secondsApart);
            String ts = SYSLOG.format(t);
            String qid = String.format("%010X", 0x1000000000L + i);
            String ip = ips[i % ips.length];
            log.append(ts).append(" mail postfix/smtpd[").append(100 + i).append("]: ").append(qid)
                    .append(": client=unknown[").append(ip).append("], sasl_method=LOGIN, sasl_username=").append(user)
                    .append('\n');
            log.append(ts).append(" mail postfix/qmgr[9]: ").append(qid).append(": from=<").append(user)
                    .append(">, size=100, nrcpt=1 (queue active)\n");
            log.append(ts).append(" mail postfix/qmgr[9]: ").append(qid).append(": removed\n");
        }
        List<MessageTrace> traces = new ArrayList<>();
        Correlator c = Correlator.builder().retainTraces(false).onTrace(traces::add).build();
        PostfixLogParser parser = PostfixLogParser.builder().referenceYear(2026).zone(ZoneOffset.UTC).build();
        log.toString().lines().map(parser::parse).forEach(c::accept);
        c.finish();
        return traces;
    }

    private static final Submitter USER = new Submitter(SubmitterKind.SASL, "u@example.test");

    @Test
    void countsEachMessageOnceInItsClientIpsLane() {
        SuspectTimeline t = new SuspectTimeline();
        traces("u@example.test", 30, 10, "192.0.2.1", "192.0.2.1", "192.0.2.2").forEach(t::accept);

        List<SuspectTimeline.Lane> lanes = t.lanes(USER, 3);
        assertThat(lanes).extracting(SuspectTimeline.Lane::ip).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(lanes).extracting(SuspectTimeline.Lane::messages).containsExactly(20L, 10L);
        assertThat(lanes.get(0).buckets().get(0).start()).isEqualTo(Instant.parse("2026-04-16T06:00:00Z"));
        assertThat(t.widthOf(USER)).isEqualTo(SuspectTimeline.FIRST_WIDTH); // 30 instants: within the bucket cap
        assertThat(lanes.get(0).buckets()).hasSize(20);
        assertThat(lanes.get(1).buckets()).extracting(SuspectTimeline.Bucket::start)
                .containsExactly(Instant.parse("2026-04-16T06:00:20Z"), Instant.parse("2026-04-16T06:00:50Z"),
                        Instant.parse("2026-04-16T06:01:20Z"), Instant.parse("2026-04-16T06:01:50Z"),
                        Instant.parse("2026-04-16T06:02:20Z"), Instant.parse("2026-04-16T06:02:50Z"),
                        Instant.parse("2026-04-16T06:03:20Z"), Instant.parse("2026-04-16T06:03:50Z"),
                        Instant.parse("2026-04-16T06:04:20Z"), Instant.parse("2026-04-16T06:04:50Z"));
        assertThat(t.lanes(new Submitter(SubmitterKind.SASL, "nobody"), 3)).isEmpty();
    }

    @Test
    void bucketsWidenInsteadOfGrowingAndLoseNoMessage() {
        SuspectTimeline t = new SuspectTimeline();
        traces("u@example.test", 600, 120, "192.0.2.1").forEach(t::accept); // 20 hours, one every 2 minutes

        List<SuspectTimeline.Lane> lanes = t.lanes(USER, 3);
        assertThat(lanes).hasSize(1);
        assertThat(lanes.get(0).messages()).isEqualTo(600);
        assertThat(lanes.get(0).buckets()).hasSizeLessThanOrEqualTo(SuspectTimeline.MAX_BUCKETS);
        assertThat(t.widthOf(USER)).isGreaterThan(SuspectTimeline.FIRST_WIDTH);
        assertThat(lanes.get(0).buckets().stream().mapToLong(SuspectTimeline.Bucket::messages).sum()).isEqualTo(600);
    }

    @Test
    void ipsBeyondTheCapShareOneLane() {
        String[] ips = new String[SuspectTimeline.MAX_IPS + 4];
        for (int i = 0; i < ips.length; i++) {
            ips[i] = "198.51.100." + (i + 1);
        }
        SuspectTimeline t = new SuspectTimeline();
        traces("u@example.test", ips.length * 2, 5, ips).forEach(t::accept);

        List<SuspectTimeline.Lane> lanes = t.lanes(USER, 3);
        assertThat(lanes).hasSize(4);
        assertThat(lanes.get(3).ip()).isEqualTo(SuspectTimeline.OTHER);
        assertThat(lanes.get(3).messages()).isEqualTo(ips.length * 2 - 3 * 2);
        assertThat(lanes.stream().mapToLong(SuspectTimeline.Lane::messages).sum()).isEqualTo(ips.length * 2);
    }

    @Test
    void beyondTheSubmitterCapTheLighterHalfIsDroppedAndCounted() {
        SuspectTimeline t = new SuspectTimeline();
        List<MessageTrace> heavy = traces("heavy@example.test", 3, 1, "192.0.2.9");
        heavy.forEach(t::accept);
        for (int i = 0; i < SuspectTimeline.MAX_SUBMITTERS; i++) {
            traces("light" + i + "@example.test", 1, 1, "192.0.2.8").forEach(t::accept);
        }

        assertThat(t.submittersDropped()).isEqualTo(SuspectTimeline.MAX_SUBMITTERS / 2);
        assertThat(t.lanes(heavy.get(0).submitter(), 3)).hasSize(1); // the heaviest stays
    }
}
