package io.github.maillog.cli;

import java.io.InputStream;
import java.io.StringWriter;

/**
 * Runs the {@code maillog} command in-process, as its own tests do, with standard output and
 * standard error captured. It lives in the CLI's package to reach its in-process entry point.
 *
 * <pre>{@code
 * InProcessCli.Result r = InProcessCli.run("report", "--year", "2026", "postfix.log");
 * }</pre>
 */
public final class InProcessCli {

    /** The outcome of one command line. */
    public record Result(int exitCode, String out, String err) {
    }

    private InProcessCli() {
    }

    /** Runs {@code args} with an empty standard input and no terminal. */
    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Maillog.run(args, InputStream.nullInputStream(), out, err, false);
        return new Result(code, out.toString(), err.toString());
    }
}
