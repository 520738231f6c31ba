package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --since}, {@code --until}, {@code --day}, {@code --host}, {@code --submitter} and
 * {@code --client} on every command. Each filtered output is checked against an expectation
 * computed independently: the unfiltered output restricted by hand, or the raw log lines counted.
 */
class FiltersTest {

    /** A readable log of two hosts around the window 10:00 to 11:00 UTC on 2026-11-30 (see its lines). */
    static String straddle() {
        return ProjectFiles.root().resolve("core/src/test/resources/window/straddle.log").toString();
    }

    static String sample(String name) {
        return ProjectFiles.root().resolve("e2e/harness/samples/" + name).toString();
    }

    static final String SHORT = "postfix-3.7-short-ids.log";
    static final String LONG = "postfix-3.7-long-ids.log";

    /** The harness samples: logged on 28 November 2026, traditional syslog times read in UTC. */
    private static String[] withSample(String name, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--year", "2026", "--zone", "UTC", sample(name)));
        return all.toArray(String[]::new);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return r;
    }

    private static Instant time(JsonNode n, String field) {
        return Instant.parse(n.get(field).asText());
    }

    private static boolean in(Instant t, Instant since, Instant until) {
        return (since == null || !t.isBefore(since)) && (until == null || t.isBefore(until));
    }

    // ------------------------------------------------------------------ events and coverage

    @Test
    void eventsKeepTheLinesOfTheWindowAndTheHost() {
        for (String name : List.of(SHORT, LONG)) {
            List<JsonNode> all = ok(Cli.run(withSample(name, "events"))).json();
            Instant since = time(all.get(all.size() / 3), "time");
            Instant until = time(all.get(2 * all.size() / 3), "time");
            List<JsonNode> expected = all.stream().filter(n -> in(time(n, "time"), since, until)).toList();
            List<JsonNode> got = ok(Cli.run(withSample(name, "events", "--since", since.toString(), "--until",
                    until.toString()))).json();
            assertThat(got).as(name).isNotEmpty().hasSizeLessThan(all.size()).isEqualTo(expected);
        }
        List<JsonNode> all = ok(Cli.run("events", straddle())).json();
        List<JsonNode> mx2 = ok(Cli.run("events", "--host", "MX2", straddle())).json();
        assertThat(mx2).isNotEmpty().isEqualTo(all.stream().filter(n -> n.get("host").asText().equals("mx2")).toList());
        assertThat(ok(Cli.run("events", "--host", "mx1", "--host", "mx2", straddle())).json()).isEqualTo(all);
        assertThat(ok(Cli.run("events", "--host", "mx3", straddle())).out()).isEmpty();
    }

    @Test
    void coverageCountsTheWindowsLinesAsIfTheyWereTheWholeLog(@TempDir Path dir) throws IOException {
        Path log = Path.of(sample(SHORT));
        List<String> lines = Files.readAllLines(log);
        // traditional syslog times of one day: the window is chosen by the text "Nov 28 HH:MM:SS"
        Predicate<String> inWindow = l -> l.substring(7, 15).compareTo("03:32:10") >= 0
                && l.substring(7, 15).compareTo("03:33:30") < 0;
        Path cut = dir.resolve("cut.log");
        Files.write(cut, lines.stream().filter(inWindow).toList());
        String expected = ok(Cli.run("coverage", "--year", "2026", "--zone", "UTC", cut.toString())).out();
        String got = ok(Cli.run(withSample(SHORT, "coverage", "--since", "2026-11-28 03:32:10", "--until",
                "2026-11-28T03:33:30Z"))).out();
        assertThat(body(got)).isEqualTo(body(expected)).contains("all postfix");
        assertThat(body(got)).isNotEqualTo(body(ok(Cli.run(withSample(SHORT, "coverage"))).out()));
    }

    /** Coverage output without its first line, which names the input. */
    private static String body(String coverage) {
        return coverage.substring(coverage.indexOf('\n') + 1);
    }

    // ------------------------------------------------------------------ messages

    @Test
    void messagesOverlappingTheWindowAreWrittenWholeAndTheStraddlingOnesSaySo() {
        for (String name : List.of(SHORT, LONG)) {
            List<JsonNode> all = ok(Cli.run(withSample(name, "messages"))).json();
            List<Instant> firsts = all.stream().map(n -> time(n, "firstSeen")).sorted().toList();
            Instant since = firsts.get(firsts.size() / 4).plusMillis(500);
            Instant until = firsts.get(firsts.size() / 2).plusMillis(500);
            List<JsonNode> got = ok(Cli.run(withSample(name, "messages", "--since", since.toString(), "--until",
                    until.toString()))).json();
            List<JsonNode> expected = new ArrayList<>();
            for (JsonNode n : all) {
                Instant first = time(n, "firstSeen");
                Instant last = time(n, "lastSeen");
                if (last.isBefore(since) || !first.isBefore(until)) {
                    continue;
                }
                ObjectNode e = n.deepCopy();
                boolean before = first.isBefore(since);
                boolean after = !last.isBefore(until);
                if (before || after) {
                    e.put("straddles", before && after ? "both" : before ? "since" : "until");
                }
                expected.add(e);
            }
            assertThat(got).as(name).isEqualTo(expected);
            assertThat(got).as(name + ": some straddle, some do not").anyMatch(n -> n.has("straddles"))
                    .anyMatch(n -> !n.has("straddles")).hasSizeLessThan(all.size());
        }
    }

    @Test
    void theStraddlingMessagesOfTheSmallLog() {
        List<JsonNode> got = ok(Cli.run("messages", "--zone", "UTC", "--since", "2026-11-30T10:00",
                "--until", "2026-11-30 11:00", straddle())).json();
        assertThat(got).extracting(n -> n.get("queueId").asText()).containsExactly("AAAA1", "CCCC3", "DDDD4");
        assertThat(got).extracting(n -> n.path("straddles").asText("")).containsExactly("since", "", "until");
        // whole: AAAA1's lines from 09:58 on, the deferral before the window among them
        assertThat(got.get(0).get("lines").toString()).isEqualTo("[15,16,17,19,20,21]");
        assertThat(got.get(0).get("recipients").get(0).get("attempts").asInt()).isEqualTo(2);
        List<JsonNode> both = ok(Cli.run("messages", "--since", "2026-11-30T10:50:02Z", "--until",
                "2026-11-30T10:50:03Z", straddle())).json();
        assertThat(both).extracting(n -> n.get("queueId").asText() + " " + n.get("straddles").asText())
                .containsExactly("DDDD4 both");
    }

    @Test
    void messagesOfASubmitterOrAClient() {
        List<JsonNode> all = ok(Cli.run(withSample(SHORT, "messages"))).json();
        List<JsonNode> sales = ok(Cli.run(withSample(SHORT, "messages", "--submitter", "sales@example.test"))).json();
        assertThat(sales).hasSizeGreaterThan(3).isEqualTo(all.stream()
                .filter(n -> n.get("submitter").asText().equals("sales@example.test")).toList());
        assertThat(ok(Cli.run(withSample(SHORT, "messages", "--submitter", "sasl:sales@example.test"))).json())
                .isEqualTo(sales);
        assertThat(ok(Cli.run(withSample(SHORT, "messages", "--submitter", "client:sales@example.test"))).out())
                .as("the wrong kind").isEmpty();
        String ip = sales.get(0).get("clientIp").asText();
        List<JsonNode> fromIp = ok(Cli.run(withSample(SHORT, "messages", "--client", ip))).json();
        assertThat(fromIp).isNotEmpty().isEqualTo(all.stream()
                .filter(n -> n.path("clientIp").asText("").equals(ip)).toList());
        List<JsonNode> both = ok(Cli.run(withSample(SHORT, "messages", "--client", ip, "--submitter",
                "sales@example.test"))).json();
        assertThat(both).isEqualTo(all.stream().filter(n -> n.path("clientIp").asText("").equals(ip)
                && n.get("submitter").asText().equals("sales@example.test")).toList());
        List<JsonNode> byName = ok(Cli.run("messages", "--client", "RELAY.example.com", straddle())).json();
        assertThat(byName).extracting(n -> n.get("queueId").asText()).containsExactly("DDDD4", "EEEE5");
    }

    @Test
    void aStraddlingMessageOfAHostileLogIsEscapedAsAnyOther() {
        String log = Cli.resource("logs/hostile-fields.log").toString();
        List<JsonNode> all = ok(Cli.run("messages", "--year", "2026", "--zone", "UTC", log)).json();
        Cli.Result r = ok(Cli.run("messages", "--year", "2026", "--zone", "UTC", "--since", "2026-04-16 06:29:13",
                log));
        List<JsonNode> got = r.json();
        assertThat(got).anyMatch(n -> n.path("straddles").asText("").equals("since"));
        List<JsonNode> withoutFlag = got.stream().map(n -> (JsonNode) ((ObjectNode) n.deepCopy()).without("straddles"))
                .toList();
        assertThat(withoutFlag).isEqualTo(all.stream().filter(n -> !time(n, "lastSeen")
                .isBefore(Instant.parse("2026-04-16T06:29:13Z"))).toList());
        assertThat(r.out().codePoints().filter(cp -> cp != '\n' && Escapes.needsEscape(cp)).count())
                .as("raw control or invisible characters in the output").isZero();
    }

    // ------------------------------------------------------------------ accounts and clients

    @Test
    void accountsAndClientsCountTheWindowsActivity() {
        String[] window = {"--zone", "UTC", "--since", "2026-11-30T10:00", "--until", "2026-11-30T11:00"};
        Map<String, JsonNode> accounts = byKey(ok(Cli.run(concat(new String[] {"accounts", "--format", "json"},
                window, straddle()))).json(), "submitter");
        // alice: AAAA1 (straddles since) and CCCC3; bob's only message is before; EEEE5 after
        assertThat(accounts.keySet()).containsExactly("198.51.100.7", "203.0.113.66", "alice@example.test");
        assertThat(accounts.get("alice@example.test").get("messages").asLong()).isEqualTo(2);
        assertThat(accounts.get("198.51.100.7").get("messages").asLong()).as("DDDD4, not EEEE5").isEqualTo(1);
        assertThat(accounts.get("203.0.113.66").get("rejectedMessages").asLong()).as("the 10:30 probe").isEqualTo(1);

        Map<String, JsonNode> clients = byKey(ok(Cli.run(concat(new String[] {"clients", "--format", "json"},
                window, straddle()))).json(), "ip");
        assertThat(clients.keySet()).containsExactly("192.0.2.10", "198.51.100.7", "203.0.113.66", "203.0.113.99");
        assertThat(clients.get("203.0.113.99").get("saslFailures").asLong()).isEqualTo(2);
        assertThat(clients.get("203.0.113.66").get("relayDenied").asLong()).isEqualTo(1);
        assertThat(clients.get("192.0.2.10").get("connections").asLong()).as("10:20, not 09:58").isEqualTo(1);

        String table = ok(Cli.run(concat(new String[] {"accounts"}, window, straddle()))).out();
        assertThat(table).contains("2026-11-30 09:58:01 *", "2026-11-30 11:10:00 *")
                .contains("Filtered: since 2026-11-30 10:00:00 until 2026-11-30 11:00:00 (UTC)")
                .contains("* marks a time outside the window");
        assertThat(ok(Cli.run("accounts", straddle())).out()).doesNotContain(" *").doesNotContain("Filtered");
    }

    @Test
    void clientConnectionsInTheWindowAreTheConnectLinesInIt() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(sample(LONG)));
        Pattern connect = Pattern.compile("^Nov 28 (\\d\\d:\\d\\d:\\d\\d) \\S+ postfix/(\\S+/)?smtpd\\[\\d+\\]: "
                + "connect from [^\\[]*\\[([^\\]]+)\\]$");
        List<String> times = lines.stream().map(connect::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .sorted().toList();
        String since = times.get(times.size() / 3);
        String until = times.get(2 * times.size() / 3);
        Map<String, Long> expected = new TreeMap<>();
        for (String l : lines) {
            Matcher m = connect.matcher(l);
            if (m.matches() && m.group(1).compareTo(since) >= 0 && m.group(1).compareTo(until) < 0) {
                expected.merge(m.group(3), 1L, Long::sum);
            }
        }
        assertThat(expected).isNotEmpty();
        Map<String, Long> got = new TreeMap<>();
        for (JsonNode c : ok(Cli.run(withSample(LONG, "clients", "--format", "json", "--since",
                "2026-11-28T" + since + "Z", "--until", "2026-11-28 " + until))).json()) {
            if (c.get("connections").asLong() > 0) {
                got.put(c.get("ip").asText(), c.get("connections").asLong());
            }
        }
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void oneSubmittersAccountAndOneClientsView() {
        List<JsonNode> accounts = ok(Cli.run(withSample(SHORT, "accounts", "--format", "json"))).json();
        List<JsonNode> sales = ok(Cli.run(withSample(SHORT, "accounts", "--format", "json", "--submitter",
                "sales@example.test"))).json();
        assertThat(sales).hasSize(1).isEqualTo(accounts.stream()
                .filter(n -> n.get("submitter").asText().equals("sales@example.test")).toList());
        List<JsonNode> clients = ok(Cli.run(withSample(SHORT, "clients", "--format", "json"))).json();
        String ip = clients.get(0).get("ip").asText();
        assertThat(ok(Cli.run(withSample(SHORT, "clients", "--format", "json", "--client", ip))).json())
                .hasSize(1).isEqualTo(clients.subList(0, 1));
        String csv = ok(Cli.run(withSample(SHORT, "accounts", "--format", "csv", "--submitter",
                "sasl:sales@example.test"))).out();
        assertThat(csv.split("\n")).hasSize(2);
    }

    // ------------------------------------------------------------------ trace and report

    @Test
    void traceShowsAStraddlingMessageWholeAndSaysSo() {
        Cli.Result r = ok(Cli.run("trace", "AAAA1", "--zone", "UTC", "--since", "2026-11-30T10:00", straddle()));
        assertThat(r.out()).contains(":14: 2026-11-30T09:58:00", ":19: 2026-11-30T09:58:03", ":21: 2026-11-30T10:01:00")
                .contains("straddles --since: began before the window, shown whole");
        Cli.Result none = Cli.run("trace", "BBBB2", "--zone", "UTC", "--since", "2026-11-30T10:00", straddle());
        assertThat(none.exitCode()).isEqualTo(Maillog.NOT_FOUND);
        assertThat(none.err()).contains("no message with queue ID BBBB2").contains("filtered: since 2026-11-30 10:00:00");
        assertThat(Cli.run("trace", "BBBB2", "--host", "mx2", straddle()).exitCode()).isEqualTo(Maillog.NOT_FOUND);
        assertThat(ok(Cli.run("trace", "BBBB2", "--host", "mx1", straddle())).out()).doesNotContain("straddles");
    }

    @Test
    void theReportCountsTheWindowAndSaysWhichItIs() throws IOException {
        JsonNode doc = Cli.READER.readTree(ok(Cli.run("report", "--format", "json", "--zone", "UTC", "--since",
                "2026-11-30T10:00", "--until", "2026-11-30T11:00", straddle())).out());
        assertThat(doc.at("/input/filters/since").asText()).isEqualTo("2026-11-30T10:00:00Z");
        assertThat(doc.at("/input/filters/until").asText()).isEqualTo("2026-11-30T11:00:00Z");
        assertThat(doc.at("/input/first").asText()).as("AAAA1's delivery, the first line in the window")
                .isEqualTo("2026-11-30T10:01:00Z");
        assertThat(doc.at("/input/last").asText()).isEqualTo("2026-11-30T10:50:03Z");
        assertThat(doc.at("/totals/received").asLong()).isEqualTo(3);
        assertThat(doc.at("/totals/rejected").asLong()).isEqualTo(1);
        assertThat(doc.at("/totals/deferrals").asLong()).as("DDDD4's, not AAAA1's at 09:58").isEqualTo(1);
        assertThat(doc.at("/bruteForce/0/saslFailures").asLong()).isEqualTo(2);
        assertThat(doc.at("/smtpd/connections").asLong()).as("connect lines 10:20, 10:30, 10:40, 10:50").isEqualTo(4);
        assertThat(doc.at("/grandTotals/bytesReceived").asLong()).as("AAAA1 + CCCC3 + DDDD4").isEqualTo(500 + 600 + 700);

        JsonNode mx2 = Cli.READER.readTree(ok(Cli.run("report", "--format", "json", "--host", "mx2", straddle())).out());
        assertThat(mx2.at("/input/filters/hosts").toString()).isEqualTo("[\"mx2\"]");
        assertThat(mx2.at("/totals/received").asLong()).isEqualTo(2);
        assertThat(mx2.at("/grandTotals/bytesReceived").asLong()).isEqualTo(700 + 800);
        assertThat(mx2.at("/smtpd/connections").asLong()).isEqualTo(2);

        String text = ok(Cli.run("report", "--zone", "UTC", "--day", "2026-11-30", "--host", "mx1", straddle())).out();
        assertThat(text).contains("  filter  since 2026-11-30 00:00:00 until 2026-12-01 00:00:00 (UTC), host mx1; "
                + "messages that straddle an edge are counted whole");
        JsonNode unfiltered = Cli.READER.readTree(ok(Cli.run("report", "--format", "json", straddle())).out());
        assertThat(unfiltered.at("/input").has("filters")).isFalse();
    }

    @Test
    void theReportOfAWindowOfTheRealSampleCountsItsConnectLines() throws IOException {
        // smtpd and the submission service's smtpd
        Pattern connect = Pattern.compile("^Nov 28 (\\S+) \\S+ postfix/(\\S+/)?smtpd\\[\\d+\\]: connect from .*");
        long connects = Files.readAllLines(Path.of(sample(SHORT))).stream().map(connect::matcher)
                .filter(m -> m.matches() && m.group(1).compareTo("03:32:00") >= 0).count();
        JsonNode doc = Cli.READER.readTree(ok(Cli.run(withSample(SHORT, "report", "--format", "json", "--since",
                "2026-11-28 03:32"))).out());
        assertThat(connects).isPositive();
        assertThat(doc.at("/smtpd/connections").asLong()).isEqualTo(connects);
    }

    // ------------------------------------------------------------------ relative times, fixed clock

    @Test
    void relativeTimesAreReadAgainstTheClockInTheZone() {
        Instant now = Instant.parse("2026-11-30T11:20:00Z");
        String absolute = ok(Cli.run("messages", "--since", "2026-11-30T10:00:00Z", straddle())).out();
        assertThat(absolute).isNotEmpty();
        assertThat(ok(Cli.runAt(now, "messages", "--since", "-1h20m", straddle())).out()).isEqualTo(absolute);
        assertThat(ok(Cli.runAt(now, "messages", "--since", "-80m", straddle())).out()).isEqualTo(absolute);
        assertThat(ok(Cli.runAt(now, "messages", "--since", "-4800s", straddle())).out()).isEqualTo(absolute);
        assertThat(ok(Cli.runAt(now, "messages", "--zone", "UTC", "--since", "10:00", straddle())).out())
                .as("a time of today").isEqualTo(absolute);
        assertThat(ok(Cli.runAt(now, "messages", "--zone", "+01:00", "--since", "11:00", straddle())).out())
                .as("a time of today in another zone").isEqualTo(absolute);

        String day = ok(Cli.run("messages", "--since", "2026-11-30T00:00:00Z", "--until", "2026-12-01T00:00:00Z",
                straddle())).out();
        assertThat(ok(Cli.runAt(now, "messages", "--zone", "UTC", "--day", "today", straddle())).out()).isEqualTo(day);
        assertThat(ok(Cli.runAt(now.plusSeconds(86_400), "messages", "--zone", "UTC", "--day", "yesterday",
                straddle())).out()).isEqualTo(day);
        assertThat(ok(Cli.runAt(now, "messages", "--zone", "UTC", "--since", "today", "--until", "now",
                straddle())).out()).isEqualTo(ok(Cli.run("messages", "--until", "2026-11-30T11:20:00Z", straddle())).out())
                .isNotEqualTo(day);
        assertThat(ok(Cli.runAt(now, "messages", "--zone", "UTC", "--day", "yesterday", straddle())).out())
                .isEmpty();

        // in Auckland (UTC+13 in November) 11:20 UTC on the 30th is 00:20 on 1 December: yesterday is
        // 2026-11-29T11:00Z .. 2026-11-30T11:00Z, which DDDD4 (until 11:10) straddles
        List<JsonNode> auckland = ok(Cli.runAt(now, "messages", "--zone", "Pacific/Auckland", "--day", "yesterday",
                straddle())).json();
        assertThat(auckland).extracting(n -> n.get("queueId").asText() + " " + n.path("straddles").asText("-"))
                .containsExactly("BBBB2 -", "AAAA1 -", "CCCC3 -", "DDDD4 until");
    }

    // ------------------------------------------------------------------ bad and hostile values

    @Test
    void badAndHostileValuesAreUsageErrorsThatNameTheFlag() {
        String huge = "9".repeat(10_000);
        String[][] cases = {
                {"messages", "--since", "", "--since"},
                {"messages", "--since", "\u001b[2Jnow", "--since"},
                {"messages", "--until", "2026-13-45", "--until"},
                {"messages", "--since", "-" + huge + "h", "--since"},
                {"messages", "--since", "-999999999w", "--since"},
                {"messages", "--since", "-2y", "--since"},
                {"messages", "--since", "2026-11-30T25:00", "--since"},
                {"messages", "--since", "last tuesday", "--since"},
                {"messages", "--since", "\u202enow", "--since"},
                {"events", "--day", "2026-02-30", "--day"},
                {"events", "--day", "tomorrow\r\n", "--day"},
                {"events", "--day", "+999999999-12-31", "--day"},
                {"events", "--host", "", "--host"},
                {"events", "--host", "mx 1", "--host"},
                {"events", "--host", "mx\u0007", "--host"},
                {"events", "--host", "m".repeat(256), "--host"},
                {"accounts", "--submitter", "", "--submitter"},
                {"accounts", "--submitter", "alice\n@x", "--submitter"},
                {"clients", "--client", "1".repeat(300), "--client"},
                {"clients", "--client", "\u200b", "--client"},
                {"messages", "--since", "2026-11-30T11:00Z", "--until", "2026-11-30T10:00Z", "--until"},
                {"messages", "--since", "2026-11-30T10:00Z", "--until", "2026-11-30T10:00Z", "--until"},
                {"messages", "--day", "today", "--since", "now", "--day"},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            System.arraycopy(c, 0, args, 0, c.length - 1);
            args[c.length - 1] = straddle();
            Cli.Result r = Cli.runAt(Instant.parse("2026-11-30T11:20:00Z"), args);
            String label = String.join(" ", c).replace("\u001b", "ESC");
            assertThat(r.exitCode()).as(label).isEqualTo(Maillog.USAGE);
            assertThat(r.out()).as(label).isEmpty();
            assertThat(r.err()).as(label).contains(c[c.length - 1]).hasSizeLessThan(1_000);
            assertThat(r.err().chars().filter(ch -> ch < 0x20 && ch != '\n' || ch == 0x7f || ch == 0x200b
                    || ch == 0x202e).count()).as(label + ": no raw control characters").isZero();
        }
    }

    @Test
    void aFilterThatDoesNotApplyToTheCommandIsRefusedAndSaysWhereItApplies() {
        String[][] cases = {
                {"events", "--submitter", "alice@example.test", "it filters messages and accounts"},
                {"coverage", "--client", "192.0.2.10", "it filters messages and clients"},
                {"report", "--submitter", "alice@example.test", "it filters messages and accounts"},
                {"report", "--client=192.0.2.10", "it filters messages and clients"},
                {"clients", "--submitter", "alice@example.test", "it filters messages and accounts"},
                {"accounts", "--client", "192.0.2.10", "it filters messages and clients"},
                {"trace", "--client", "192.0.2.10", "it filters messages and clients"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(c).subList(0, c.length - 1));
            if (c[0].equals("trace")) {
                args.add(1, "AAAA1");
            }
            args.add(straddle());
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            String flag = c[1].contains("=") ? c[1].substring(0, c[1].indexOf('=')) : c[1];
            assertThat(r.exitCode()).as(String.join(" ", c)).isEqualTo(Maillog.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as(String.join(" ", c)).contains("Unknown option: '" + flag)
                    .contains(flag + " does not apply to " + c[0] + ": " + c[c.length - 1]);
        }
    }

    @Test
    void aValidFarAwayWindowReportsNothing() {
        assertThat(ok(Cli.run("messages", "--since", "+999999999-12-31T23:59:59Z", straddle())).out()).isEmpty();
        assertThat(ok(Cli.run("events", "--until", "-999999999-01-01T00:00:00Z", straddle())).out()).isEmpty();
        assertThat(ok(Cli.run("accounts", "--format", "json", "--since", "2030-01-01", straddle())).out()).isEmpty();
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> nodes, String field) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode n : nodes) {
            m.put(n.get(field).asText(), n);
        }
        return m;
    }

    private static String[] concat(String[] a, String[] b, String last) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        all.add(last);
        return all.toArray(String[]::new);
    }
}
