package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For generated hostile SASL usernames (tried and logged in), HELO names and senders put into the
 * fields of a real-shaped log ({@code logs/hostile-template.log}): {@code report}, the tables and
 * the CSV of {@code accounts} and {@code clients} never write a raw control character, and no CSV
 * cell starts like a formula.
 */
class HostileFieldsPropertyTest {

    private static final String TEMPLATE;

    static {
        try {
            TEMPLATE = Files.readString(Cli.resource("logs/hostile-template.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> hostile() {
        // what a client can put into a username or HELO name: no space, comma or line end (those end
        // the field in the log line), everything else
        Arbitrary<String> pieces = Arbitraries.of("\u001b[31m", "\u001b]0;title\u0007", "\u009b", "\r", "\u0000",
                "\t", "\u007f", "\u202e", "\u2028", "\ufeff", "=", "+", "-", "@", "'", "\"", "|", "!", "(", ")",
                "cmd", "A0", "x", "é", "\ud83d\ude00", "\ud800");
        return pieces.list().ofMinSize(1).ofMaxSize(8).map(l -> String.join("", l));
    }

    @Property(tries = 100)
    void noOutputHoldsARawControlAndNoCsvCellAFormula(@ForAll("hostile") String user, @ForAll("hostile") String tried,
            @ForAll("hostile") String helo, @ForAll("hostile") String sender) {
        String log = TEMPLATE.replace("@USER@", user).replace("@TRIED@", tried).replace("@HELO@", helo)
                .replace("@SENDER@", sender);
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        for (List<String> args : List.of(List.of("report"), List.of("accounts"), List.of("clients"),
                List.of("accounts", "--format", "csv"), List.of("clients", "--format", "csv"),
                List.of("trace", "4B7E41D8F2"))) {
            String[] argv = new String[args.size() + 3];
            args.toArray(argv);
            argv[args.size()] = "--year";
            argv[args.size() + 1] = "2024";
            argv[args.size() + 2] = "-";
            Cli.Result r = Cli.runWithStdin(bytes, argv);
            assertThat(r.exitCode()).as("%s: %s", args, r.err()).isZero();
            HostileFieldsTest.assertNoRawControls(r, String.join(" ", args));
            if (args.contains("csv")) {
                for (String line : r.lines()) {
                    assertThat(line).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-")
                            .doesNotStartWith("@");
                    assertThat(line).doesNotContain(",=", ",+", ",-", ",@", ",\"=", ",\"+", ",\"-", ",\"@");
                }
            }
        }
    }
}
