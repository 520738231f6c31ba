package io.github.maillog.cli;

import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.MessageTrace;
import io.github.maillog.event.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --client}, for the commands where an SMTP client is known ({@code messages},
 * {@code clients}): a client IP ({@code 192.0.2.7}, {@code 2001:db8::7}) or the host name smtpd
 * logged for it ({@code mail.example.com}), compared without regard to case. Repeat it for
 * several.
 *
 * <pre>{@code
 * @Mixin ClientOption client;
 * if (client.matches(trace)) { … }
 * }</pre>
 */
final class ClientOption {

    /** The longest value taken, in characters. */
    static final int MAX_LENGTH = 255;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--client", paramLabel = "CLIENT",
            description = "Report only this SMTP client: its IP or the host name logged for it "
                    + "(case-insensitive); repeat for several.")
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
        FilterOptions.checkValues(mixee.commandLine(), "--client", values, MAX_LENGTH, "a client IP or host name");
    }

    /** Whether a message came from one of the clients given (always, when none is). */
    boolean matches(MessageTrace t) {
        if (values.isEmpty()) {
            return true;
        }
        Optional<Endpoint> c = t.client();
        return c.isPresent() && (given(c.get().address()) || given(c.get().name()));
    }

    /** Whether a client view is one of the clients given, by its IP or one of its names (always, when none is). */
    boolean matches(ClientView c) {
        if (values.isEmpty()) {
            return true;
        }
        return given(c.ip()) || c.names().stream().anyMatch(this::given);
    }

    private boolean given(String s) {
        for (String v : values) {
            if (v.toLowerCase(Locale.ROOT).equals(s.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
