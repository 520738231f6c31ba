package io.github.maillog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CoverageCommandTest {

    @Test
    void countsEveryLinePerDaemon() throws IOException {
        Cli.Result r = Cli.run("coverage", Cli.youyo());

        assertThat(r.exitCode()).isZero();
        long lines = Files.readAllLines(Path.of(Cli.youyo())).size();
        assertThat(r.out()).contains("Coverage of " + Cli.youyo() + ": " + lines + " lines");
        long sum = 0;
        Matcher m = Pattern.compile("(?m)^(smtpd|smtp|cleanup|qmgr) +(\\d+) +(\\d+) +(\\d+)").matcher(r.out());
        while (m.find()) {
            long total = Long.parseLong(m.group(2));
            assertThat(Long.parseLong(m.group(3)) + Long.parseLong(m.group(4))).isEqualTo(total);
            sum += total;
        }
        assertThat(sum).isEqualTo(lines);
    }

    @Test
    void untypedShapesAreMaskedAndEscaped() {
        Cli.Result r = Cli.run("coverage", Cli.resource("logs/hostile.log").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("(other programs)", "untyped shapes", "smtpd: \\x1b[2Jthis is not a line postfix writes\\x1b[0m")
                .doesNotContain("\u001b");
    }

    @Test
    void shapesHideAddressesAndIps() {
        Cli.Result r = Cli.run("coverage", Cli.resource("logs/untyped.log").toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Most frequent untyped shapes (2 distinct)");
        String shapes = r.out().substring(r.out().indexOf("shape"));
        assertThat(shapes).doesNotContainPattern("\\d+\\.\\d+\\.\\d+\\.\\d+").doesNotContain("@", "4FA2B1C03D")
                .containsPattern("(?m)^ +3  smtpd: ID: frobnicated <ADDR> from unknown\\[IP\\] after N tries$")
                .containsPattern("(?m)^ +1  qmgr: ID: levitated to HOST\\[IP\\]:N$");
    }
}
