package io.github.maillog.cli;

import io.github.maillog.correlate.Submitter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --submitter}, for the commands where a submitter is known ({@code messages},
 * {@code accounts}): a submitter as the CLI prints it, its id alone ({@code sales@example.test},
 * {@code 192.0.2.7}, {@code uid:1000}, {@code MAILER-DAEMON}) or with its kind
 * ({@code sasl:sales@example.test}, {@code client:192.0.2.7}, {@code local:uid:1000}). Repeat it
 * for several; ids are compared exactly.
 *
 * <pre>{@code
 * @Mixin SubmitterOption submitter;
 * if (submitter.matches(trace.submitter())) { … }
 * }</pre>
 */
final class SubmitterOption {

    /** The longest value taken, in characters. */
    static final int MAX_LENGTH = 512;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--submitter", paramLabel = "SUBMITTER",
            description = "Report only this submitter: its id (sales@example.test, 192.0.2.7, uid:1000) or "
                    + "kind:id (sasl:sales@example.test, client:192.0.2.7); repeat for several.")
    List<String> values = new ArrayList<>();

    /** Whether the option was given. */
    boolean active() {
        return !values.isEmpty();
    }

    /**
     * Checks the values.
     *
     * @throws CommandLine.ParameterException naming the flag
     */
    void check() {
        FilterOptions.checkValues(mixee.commandLine(), "--submitter", values, MAX_LENGTH, "a submitter");
    }

    /** Whether a submitter is one of those given (always, when none is). */
    boolean matches(Submitter s) {
        if (values.isEmpty()) {
            return true;
        }
        for (String v : values) {
            if (v.equals(s.id()) || v.equals(s.toString())) {
                return true;
            }
        }
        return false;
    }
}
