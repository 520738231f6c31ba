package io.github.maillog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maillog events}: exactly one JSON object per input line, written as the lines are read.
 *
 * <pre>{@code
 * maillog events --format json maillog.1.gz maillog | jq 'select(.type == "sasl-failure")'
 * }</pre>
 */
@Command(name = "events", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "One JSON object per input line, in input order: its line number, source, type "
                + "(delivery, smtpd-connect, ..., non-postfix, malformed, unrecognized), program, "
                + "queue ID when the line has one, and the event's fields.")
final class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    /** The output formats of this command. */
    enum Format { json }

    @Override
    public Integer call() {
        Filters filters = filter.resolve(input.zone());
        Inputs inputs = input.inputs(files);
        try (JsonLines out = new JsonLines(spec.commandLine().getOut())) {
            if (filters.active()) {
                inputs.forEach(e -> {
                    if (filters.keeps(e)) {
                        out.write(e);
                    }
                }, input.progress(inputs));
            } else {
                inputs.forEach(out::write, input.progress(inputs));
            }
        }
        return Maillog.OK;
    }
}
