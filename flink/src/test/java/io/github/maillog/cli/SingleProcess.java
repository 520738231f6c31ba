package io.github.maillog.cli;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;

/**
 * The single-process {@code maillog} command line, run in-process: the baseline the Flink job's
 * output is compared with. (In the CLI's package because its in-process entry point is
 * package-private.)
 */
public final class SingleProcess {

    private SingleProcess() {
    }

    /**
     * Runs {@code maillog ARGS…} and returns its standard output.
     *
     * @param args the arguments
     * @return standard output
     * @throws IllegalStateException when the command exits with another code than 0
     */
    public static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Maillog.run(args, new ByteArrayInputStream(new byte[0]), out, err, false);
        if (code != 0) {
            throw new IllegalStateException("maillog exited with " + code + ": " + err);
        }
        return out.toString();
    }
}
