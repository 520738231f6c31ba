package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command-line mends a new user asked for: help everywhere, standard input, progress, sums, exit codes. */
class CliMendsTest {

    static final String COMMANDS = "report,accounts,clients,messages,trace,events,coverage";

    @ParameterizedTest
    @ValueSource(strings = {"report", "accounts", "clients", "messages", "trace", "events", "coverage"})
    void everyCommandTakesHelpAndVersion(String command) {
        for (String help : List.of("--help", "-h")) {
            Cli.Result r = Cli.run(command, help);
            assertThat(r.exitCode()).as(command + " " + help).isZero();
            assertThat(r.out()).as(command + " " + help).startsWith("Usage: maillog " + command)
                    .contains("--help", "--version");
            assertThat(r.err()).as(command + " " + help).isEmpty();
        }
        Cli.Result v = Cli.run(command, "--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("maillog ");
    }

    @Test
    void aRunBuildsTheCommandItRunsOnly_usageHelpAndAMistypedNameSeeThemAll() {
        List<String> all = List.of("report", "accounts", "clients", "messages", "trace", "events", "coverage",
                "policy-server", "watch", "help");
        assertThat(Maillog.commandLine(new Maillog(), new String[] {"trace", "ABC123"}).getSubcommands().keySet())
                .containsExactly("trace");
        assertThat(Maillog.commandLine(new Maillog(), new String[] {"watch"}).getSubcommands().keySet())
                .containsExactly("watch");
        for (String[] args : List.of(new String[0], new String[] {"--help"}, new String[] {"help", "report"},
                new String[] {"reprot"}, new String[] {"-V"})) {
            assertThat(Maillog.commandLine(new Maillog(), args).getSubcommands().keySet())
                    .as(Arrays.toString(args)).containsExactlyElementsOf(all);
        }

        Cli.Result usage = Cli.run("--help");
        assertThat(usage.exitCode()).isZero();
        assertThat(usage.out()).contains(all.stream().map(c -> "  " + c + " ").toList());
        Cli.Result help = Cli.run("help", "trace");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: maillog trace");
        Cli.Result typo = Cli.run("reprot");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("reprot").contains("report");
    }

    @Test
    void rootHelpKeepsTheDocsAddressWholeOnOneLine() {
        Cli.Result r = Cli.run("--help");

        assertThat(r.lines()).anySatisfy(l -> assertThat(l.strip()).isEqualTo(Maillog.DOCS_URL));
        assertThat(r.out()).doesNotContain("docs/cli. md", "See docs/cli.md");
    }

    @Test
    void withoutAFileAPipedStandardInputIsRead() throws IOException {
        byte[] log = Files.readAllBytes(Path.of(Cli.seed()));

        Cli.Result r = Cli.runWithStdin(log, "events");

        assertThat(r.exitCode()).isZero();
        assertThat(r.json()).hasSize((int) new String(log, StandardCharsets.UTF_8).lines().count());
        assertThat(r.json().get(0).get("source").asText()).isEqualTo(Inputs.STDIN_NAME);
        assertThat(r.err()).doesNotContain("bundled sample");
    }

    @Test
    void withoutAFileOnATerminalTheBundledSampleIsReadAndSaidSo() {
        Cli.Result r = Cli.runOnTerminal("events");

        assertThat(r.exitCode()).isZero();
        assertThat(r.json().get(0).get("source").asText()).isEqualTo(Inputs.SAMPLE_NAME);
        assertThat(r.err()).startsWith("maillog: no log file given: reading the bundled sample log");
    }

    /** Standard input that holds back its end for a while, so that a progress line is due. */
    private static InputStream slow(byte[] bytes) {
        return new InputStream() {
            private final InputStream in = new ByteArrayInputStream(bytes);
            private boolean waited;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n < 0 && !waited) {
                    waited = true;
                    try {
                        Thread.sleep(1_300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException();
                    }
                }
                return n;
            }
        };
    }

    @Test
    void progressShowsWhenStandardErrorIsATerminalWhateverStandardInputIs() throws IOException {
        byte[] log = Files.readAllBytes(Path.of(Cli.seed()));

        Cli.Result shown = Cli.run(slow(log), new Maillog.Terminals(false, true), "accounts", "--format", "json", "-");
        Cli.Result hidden = Cli.run(slow(log), new Maillog.Terminals(true, false), "accounts", "--format", "json", "-");

        assertThat(shown.exitCode()).isZero();
        assertThat(shown.err()).contains("\rmaillog: ", "lines/s");
        assertThat(hidden.err()).doesNotContain("lines/s");
    }

    private static final Pattern ACCOUNT_LINE = Pattern.compile(
            "(\\d[\\d,]*) recipients: (\\d[\\d,]*) sent, (\\d[\\d,]*) bounced, (\\d[\\d,]*) deferred, "
                    + "(\\d[\\d,]*) expired, (\\d[\\d,]*) deleted, (\\d[\\d,]*) rejected;");

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    @Test
    void theReportsRecipientPartsAddUpToTheWholeDeletedIncluded() {
        Cli.Result r = Cli.runOnTerminal("report", "--top", "1000");

        Matcher m = ACCOUNT_LINE.matcher(r.out());
        int lines = 0;
        long deleted = 0;
        while (m.find()) {
            lines++;
            long parts = 0;
            for (int g = 2; g <= 7; g++) {
                parts += num(m.group(g));
            }
            assertThat(parts).as(m.group()).isEqualTo(num(m.group(1)));
            deleted += num(m.group(6));
        }
        assertThat(lines).as("account lines in the report").isGreaterThan(3);
        assertThat(deleted).as("the sample has a message deleted by postsuper").isPositive();
    }

    @Test
    void theAccountsTablesRecipientColumnsAddUpToTheWhole() {
        Cli.Result r = Cli.runOnTerminal("accounts");

        List<String> header = Arrays.asList(r.lines().get(0).trim().split("\\s{2,}"));
        int whole = header.indexOf("rcpts");
        List<Integer> parts = List.of("sent", "bounced", "deferred", "expired", "deleted", "rejected").stream()
                .map(header::indexOf).toList();
        assertThat(parts).doesNotContain(-1);
        long deleted = 0;
        for (String line : r.lines().subList(2, r.lines().size())) {
            // the submitter and kind columns hold no double spaces; numbers are grouped with commas
            String[] cells = line.trim().split("\\s{2,}");
            if (cells.length != header.size()) {
                continue; // an unranked submitter: its rank cell is empty
            }
            long sum = 0;
            for (int p : parts) {
                sum += num(cells[p]);
            }
            assertThat(sum).as(line).isEqualTo(num(cells[whole]));
            deleted += num(cells[header.indexOf("deleted")]);
        }
        assertThat(deleted).isPositive();
    }

    @Test
    void tablesGroupNumbersAsTheReportDoes() {
        Table t = new Table("what", "count").right(1);
        t.row("lines", 1234567L);
        t.row("clients", 12345);
        java.io.StringWriter s = new java.io.StringWriter();
        t.print(new java.io.PrintWriter(s));

        assertThat(s.toString()).contains("1,234,567", "   12,345");
    }

    @Test
    void traceOfAnAbsentQueueIdExitsOne() {
        Cli.Result r = Cli.run("trace", "NOSUCHID", Cli.seed());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("no message with queue ID NOSUCHID");
    }

    @Test
    void anEmptyInputHasNothingToRank(@TempDir Path dir) throws IOException {
        Path empty = Files.write(dir.resolve("mail.log"), new byte[0]);

        Cli.Result r = Cli.run("report", empty.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("nothing to rank: the input has no lines").doesNotContain("factors raised of 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 6})
    void aTruncatedGzipHeaderSaysSo(int length, @TempDir Path dir) throws IOException {
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(Files.readAllBytes(Path.of(Cli.seed())));
        }
        Path file = Files.write(dir.resolve("maillog.1.gz"), Arrays.copyOf(gz.toByteArray(), length));

        Cli.Result r = Cli.run("report", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("maillog: cannot read " + file + ": truncated gzip header\n");
    }

    @Test
    void aGzNameOverOtherContentIsNotAGzipFile(@TempDir Path dir) throws IOException {
        Path file = Files.copy(Path.of(Cli.seed()), dir.resolve("maillog.1.gz"));

        Cli.Result r = Cli.run("events", file.toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("maillog: cannot read " + file + ": not a gzip file\n");
    }
}
