package io.github.maillog.cli;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process with captured output, and finds test resources. */
final class Cli {

    /** Parses JSON back, failing on a duplicate field name. */
    static final ObjectMapper READER =
            JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private Cli() {
    }

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err) {

        /** Standard output as JSON Lines, parsed back. */
        List<JsonNode> json() {
            List<JsonNode> nodes = new ArrayList<>();
            for (String line : out.split("\n", -1)) {
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    nodes.add(READER.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException("not JSON: " + line, e);
                }
            }
            return nodes;
        }

        /** Standard output's lines. */
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Result run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    /** Runs with {@code stdin} as standard input, which is not a terminal; nor is standard error. */
    static Result run(InputStream stdin, String... args) {
        return run(stdin, new Maillog.Terminals(false, false), args);
    }

    /** Runs as from an interactive shell: standard input is a terminal (standard error is not: no progress). */
    static Result runOnTerminal(String... args) {
        return run(InputStream.nullInputStream(), new Maillog.Terminals(true, false), args);
    }

    static Result run(InputStream stdin, Maillog.Terminals terminals, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Maillog.run(args, stdin, out, err, terminals);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with the clock stopped at {@code now} (what -2h, today and yesterday are read against). */
    static Result runAt(java.time.Instant now, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Maillog.run(args, InputStream.nullInputStream(), out, err, new Maillog.Terminals(false, false), null,
                java.time.Clock.fixed(now, java.time.ZoneOffset.UTC));
        return new Result(code, out.toString(), err.toString());
    }

    static Result runWithStdin(byte[] stdin, String... args) {
        return run(new ByteArrayInputStream(stdin), args);
    }

    /** A test resource as a file path. */
    static Path resource(String name) {
        URL url = Cli.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String seed() {
        return resource("logs/seed-question.log").toString();
    }

    static String youyo() {
        return resource("corpus/youyo-postfix-log-parser/test.log").toString();
    }

    static String relayAbuse() {
        return resource("logs/relay-abuse.log").toString();
    }
}
