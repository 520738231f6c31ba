package io.github.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.maillog.event.LogEvent;
import io.github.maillog.event.MalformedLine;
import io.github.maillog.event.UnrecognizedLine;
import io.github.maillog.testing.FieldPath;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every numeric field of every event × {maximum, maximum + 1, 400 digits, negative}, from the
 * table {@code numbers/numeric-fields.yaml}: the maximum is read exactly; beyond it the line is
 * kept whole as an unrecognized (or malformed) event whose reason names the field; never a
 * wrapped, saturated or infinite number.
 */
class NumericFieldsTest {

    private static final String FOUR_HUNDRED_DIGITS = "9".repeat(400);
    private static final String LARGEST_DOUBLE = new BigDecimal(Double.MAX_VALUE).toPlainString();

    @TestFactory
    Stream<DynamicNode> everyNumericField() throws IOException, URISyntaxException {
        List<Map<String, Object>> rows = CasesTest.load(Path.of(
                NumericFieldsTest.class.getResource("/numbers/numeric-fields.yaml").toURI()));
        assertThat(rows).as("numeric field rows").hasSizeGreaterThan(25);
        List<DynamicNode> nodes = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            String name = row.get("type") + " " + row.get("path");
            nodes.add(DynamicContainer.dynamicContainer(name, Stream.of(
                    DynamicTest.dynamicTest("max", () -> max(row)),
                    DynamicTest.dynamicTest("max+1", () -> outOfRange(row, maxPlusOne(kind(row)))),
                    DynamicTest.dynamicTest("400 digits", () -> outOfRange(row, FOUR_HUNDRED_DIGITS)),
                    DynamicTest.dynamicTest("negative", () -> negative(row)))));
        }
        return nodes.stream();
    }

    private static String kind(Map<String, Object> row) {
        return String.valueOf(row.get("kind"));
    }

    private static LogEvent parse(Map<String, Object> row, String number) {
        return CasesTest.PARSER.parse(String.valueOf(row.get("line")).replace("{N}", number));
    }

    private static void max(Map<String, Object> row) {
        String kind = kind(row);
        String text = switch (kind) {
            case "int" -> String.valueOf(Integer.MAX_VALUE);
            case "long" -> String.valueOf(Long.MAX_VALUE);
            case "port" -> "65535";
            case "decimal" -> LARGEST_DOUBLE;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
        Object expected = switch (kind) {
            case "int" -> Integer.MAX_VALUE;
            case "long" -> Long.MAX_VALUE;
            case "port" -> 65535;
            default -> Double.MAX_VALUE;
        };
        LogEvent event = parse(row, text);
        assertThat(event.type()).as("%s", event).isEqualTo(row.get("type"));
        assertThat(((Number) FieldPath.read(event, String.valueOf(row.get("path")))).doubleValue())
                .as("%s in %s", row.get("path"), event).isEqualTo(((Number) expected).doubleValue());
        if (!kind.equals("decimal")) {
            assertThat(((Number) FieldPath.read(event, String.valueOf(row.get("path")))).longValue())
                    .isEqualTo(((Number) expected).longValue());
        }
    }

    private static String maxPlusOne(String kind) {
        return switch (kind) {
            case "int" -> "2147483648";
            case "long" -> "9223372036854775808";
            case "port" -> "65536";
            case "decimal" -> "1" + "0".repeat(309);
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    private static void outOfRange(Map<String, Object> row, String number) {
        LogEvent event = parse(row, number);
        String logged = row.get("logged") + " out of range";
        String rejected = String.valueOf(row.getOrDefault("rejected", "unrecognized"));
        assertThat(event.type()).as("%s", event).isEqualTo(rejected);
        String reason = event instanceof UnrecognizedLine u ? u.reason() : ((MalformedLine) event).reason();
        assertThat(reason).as("reason of %s", event).contains(logged);
        assertThat(reason.length()).as("the reason shows the start of the number, not all of it").isLessThan(120);
        String raw = event instanceof UnrecognizedLine u ? u.message() : ((MalformedLine) event).raw();
        assertThat(raw).as("the line is kept").contains(number);
    }

    private static void negative(Map<String, Object> row) {
        String number = kind(row).equals("decimal") ? "-1.5" : "-7";
        LogEvent event = parse(row, number);
        String expect = String.valueOf(row.get("negative"));
        switch (expect) {
            case "value" -> {
                assertThat(event.type()).as("%s", event).isEqualTo(row.get("type"));
                assertThat(((Number) FieldPath.read(event, String.valueOf(row.get("path")))).doubleValue())
                        .isEqualTo(Double.parseDouble(number));
            }
            case "out-of-range" -> outOfRange(row, number);
            case "absent" -> {
                assertThat(event.type()).as("%s", event).isEqualTo(row.get("type"));
                assertThat(FieldPath.read(event, String.valueOf(row.get("path")))).as("%s", event).isNull();
            }
            case "not-read" -> assertThat(event.type()).as("%s", event).isNotEqualTo(row.get("type"));
            case "malformed" -> assertThat(event.type()).as("%s", event).isEqualTo(expect);
            default -> throw new IllegalArgumentException("unknown expectation " + expect);
        }
    }
}
