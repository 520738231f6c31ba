package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * End to end: a log whose attacker-chosen fields (SASL usernames tried and logged in, HELO names,
 * client names, senders, recipients, message-ids, remote replies) hold ANSI and C1 escape sequences,
 * CR, NUL, tab and spreadsheet formulas ({@code logs/hostile-fields.log}). No output of any command
 * holds a raw control character; tables and reports show visible escapes, JSON round-trips the
 * text exactly, CSV neutralises formula-leading cells.
 */
class HostileFieldsTest {

    static final String LOG = Cli.resource("logs/hostile-fields.log").toString();
    static final String USER = "ev\u001b[31mil\u009b1m\r\u0000x";
    static final String USER_SHOWN = "ev\\x1b[31mil\\u009b1m\\x0d\\x00x";

    /** The first raw control, bidi or separator character or unpaired surrogate (newlines apart), or -1. */
    static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (c != '\n' && (Escapes.needsEscape(c) || Character.isSurrogate(c))) {
                return i;
            }
        }
        return -1;
    }

    static void assertNoRawControls(Cli.Result r, String what) {
        int at = firstUnsafe(r.out());
        assertThat(at).as("raw control character U+%04X in the output of %s near '%s'",
                at < 0 ? 0 : (int) r.out().charAt(at), what,
                at < 0 ? "" : Escapes.visible(r.out().substring(Math.max(0, at - 40), at + 1))).isEqualTo(-1);
        assertThat(firstUnsafe(r.err())).as("raw control character on standard error of %s", what).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"report", "accounts --format table", "clients --format table", "trace 4B7E41D8F2",
            "trace 5C8F52E9A3", "coverage", "accounts --format json", "clients --format json", "messages",
            "events", "accounts --format csv", "clients --format csv"})
    void noCommandWritesARawControlCharacter(String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of("--year", "2024", "--zone", "UTC", LOG));

        Cli.Result r = Cli.run(args.toArray(String[]::new));

        assertThat(r.exitCode()).as("exit code of %s: %s", command, r.err()).isZero();
        assertThat(r.out()).isNotEmpty();
        assertNoRawControls(r, command);
    }

    @Test
    void tablesShowTheHostileFieldsAsVisibleEscapes() {
        Cli.Result accounts = Cli.run("accounts", "--year", "2024", LOG);
        Cli.Result clients = Cli.run("clients", "--year", "2024", LOG);
        Cli.Result report = Cli.run("report", "--year", "2024", LOG);
        Cli.Result trace = Cli.run("trace", "--year", "2024", "4B7E41D8F2", LOG);

        assertThat(accounts.out()).contains(USER_SHOWN);
        assertThat(clients.out()).contains("ro\\x00ot\\x0d\\x1b[2J", "host\\u009b31m\\x07\\x00.example");
        assertThat(report.out()).contains(USER_SHOWN);
        assertThat(trace.out()).contains(USER_SHOWN, "v\\x1b[31m@example.net", "\\x1b[2J\\u009b ok\\x00");
    }

    @Test
    void jsonEscapesTheHostileFieldsAndReadsBackExactly() {
        Cli.Result accounts = Cli.run("accounts", "--format", "json", "--year", "2024", LOG);
        Cli.Result events = Cli.run("events", "--year", "2024", LOG);

        assertThat(accounts.json()).extracting(n -> n.get("submitter").asText()).contains(USER);
        JsonNode reject = events.json().stream().filter(n -> n.get("type").asText().equals("policy-action"))
                .findFirst().orElseThrow();
        assertThat(reject.get("helo").asText()).isEqualTo("h\u001b[31m\u009b\r\u0000lo");
        assertThat(events.out()).contains("\\u001B[31m", "\\u009B", "\\r", "\\u0000");
    }

    static List<List<String>> csv(String text) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = mapper.readerFor(String[].class).readValues(text)) {
            it.forEachRemaining(r -> rows.add(List.of(r)));
        }
        return rows;
    }

    static List<String> names(Class<? extends Record> view) {
        return Arrays.stream(view.getRecordComponents()).map(RecordComponent::getName).toList();
    }

    @Test
    void csvNeutralisesFormulasAndKeepsOneRecordPerLine() throws IOException {
        Cli.Result accounts = Cli.run("accounts", "--format", "csv", "--year", "2024", LOG);
        Cli.Result clients = Cli.run("clients", "--format", "csv", "--year", "2024", LOG);

        List<List<String>> a = csv(accounts.out());
        List<List<String>> c = csv(clients.out());
        assertThat(a.get(0)).as("header: the JSON field names").isEqualTo(names(Views.Account.class));
        assertThat(c.get(0)).isEqualTo(names(Views.Client.class));
        assertThat(accounts.lines()).as("one line per record: no cell holds a line break").hasSize(a.size());
        assertThat(clients.lines()).hasSize(c.size());
        int submitter = a.get(0).indexOf("submitter");
        int senders = a.get(0).indexOf("senders");
        assertThat(a).extracting(row -> row.get(submitter)).contains(USER_SHOWN, "'+1-2");
        assertThat(a).extracting(row -> row.get(senders)).contains("'=cmd|' /C calc'!A0@example.org")
                .anySatisfy(cell -> assertThat(cell).startsWith("'-2+3@example.org;"));
        int tried = c.get(0).indexOf("saslUsernamesTried");
        assertThat(c).extracting(row -> row.get(tried))
                .anySatisfy(cell -> assertThat(cell).contains("ro\\x00ot\\x0d\\x1b[2J", "@SUM(1+1)*cmd|'/C\\x09calc'!A0")
                        .doesNotStartWith("@"));
        for (List<List<String>> rows : List.of(a, c)) {
            for (List<String> row : rows) {
                for (String cell : row) {
                    assertThat(cell).as("a cell a spreadsheet would run as a formula").doesNotStartWith("=")
                            .doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
                            .doesNotStartWith("\t").doesNotStartWith("\r");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@x", "\tx", "\rx", "plain", "", "'quoted", "a=b"})
    void formulaLeadingCellsGetAQuote(String text) {
        String cell = CsvRows.safe(text);
        boolean formula = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0;
        assertThat(cell).isEqualTo(formula ? "'" + Escapes.visible(text) : Escapes.visible(text));
        assertThat(firstUnsafe(cell)).isEqualTo(-1);
    }

    @Test
    void aCutCellNeverSplitsACharacterInTwo() {
        String emoji = "\ud83d\ude00";
        for (int pad = 0; pad < 4; pad++) {
            String cell = Table.cell("x".repeat(pad) + emoji.repeat(60), 20);
            assertThat(firstUnsafe(cell)).as("cell %s", cell).isEqualTo(-1);
            assertThat(cell).endsWith("…").hasSizeLessThanOrEqualTo(20);
        }
    }
}
