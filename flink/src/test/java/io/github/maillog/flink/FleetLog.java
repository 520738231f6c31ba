package io.github.maillog.flink;

import io.github.maillog.PostfixLogParser;
import io.github.maillog.event.LogEvent;
import io.github.maillog.event.NonPostfixLine;
import io.github.maillog.event.PostfixEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Writes a fleet log: several logs interleaved by time, each under a host name of its own, as a
 * provider's central syslog would hold them. Lines keep their order within each log; lines of
 * equal time go in the order the logs are given.
 */
final class FleetLog {

    /** One member of the fleet: a log and the host name its lines get. */
    record Member(Path log, String host) {
    }

    private FleetLog() {
    }

    static Path write(Path out, PostfixLogParser parser, List<Member> members) throws IOException {
        record Line(long time, int member, int index, String text) {
        }
        List<Line> all = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            List<String> lines = read(members.get(m).log());
            long last = Long.MIN_VALUE;
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i);
                LogEvent e = parser.parse(text);
                String host = e instanceof PostfixEvent p ? p.envelope().host()
                        : e instanceof NonPostfixLine n ? n.envelope().host() : null;
                long t = e instanceof PostfixEvent p ? p.envelope().timestamp().toEpochMilli()
                        : e instanceof NonPostfixLine n ? n.envelope().timestamp().toEpochMilli() : last;
                last = Math.max(last, t);
                if (host != null && !host.isEmpty()) {
                    int at = text.indexOf(' ' + host + ' ');
                    text = text.substring(0, at + 1) + members.get(m).host() + text.substring(at + 1 + host.length());
                }
                all.add(new Line(last, m, i, text));
            }
        }
        all.sort(Comparator.comparingLong(Line::time).thenComparingInt(Line::member).thenComparingInt(Line::index));
        List<String> text = new ArrayList<>(all.size());
        for (Line l : all) {
            text.add(l.text());
        }
        Files.write(out, text, StandardCharsets.UTF_8);
        return out;
    }

    static List<String> read(Path log) throws IOException {
        InputStream in = Files.newInputStream(log);
        if (log.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                lines.add(s);
            }
        }
        return lines;
    }
}
