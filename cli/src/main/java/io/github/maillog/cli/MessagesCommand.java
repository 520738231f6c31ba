package io.github.maillog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.maillog.correlate.MessageTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code maillog messages}: one JSON object per message trace, written as each trace completes
 * (not collected), so output starts long before a big input ends.
 *
 * <pre>{@code
 * maillog messages --format json maillog | jq 'select(.kind == "sasl") | .queueId'
 * }</pre>
 */
@Command(name = "messages", sortOptions = false, mixinStandardHelpOptions = true,
        versionProvider = Maillog.Version.class, footer = {"%nDocumentation:", "  " + Maillog.DOCS_URL},
        description = "One JSON object per message, as each completes: queue ID, client, SASL login, submitter, "
                + "sender, message-id, size, each recipient with its final status, notifications, line numbers.")
final class MessagesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    EventsCommand.Format format;

    @Mixin
    InputOptions input;

    @Mixin
    FilterOptions filter;

    @Mixin
    SubmitterOption submitter;

    @Mixin
    ClientOption client;

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        Filters filters = filter.resolve(input.zone());
        submitter.check();
        client.check();
        Inputs inputs = input.inputs(files);
        try (JsonLines out = new JsonLines(spec.commandLine().getOut())) {
            Correlation.run(inputs, input.progress(inputs), filters, t -> {
                if (submitter.matches(t.submitter()) && client.matches(t)) {
                    write(out, t, filters);
                }
            });
        }
        return Maillog.OK;
    }

    /** Writes a trace; one that straddles an edge of the window gets {@code "straddles"}: since, until or both. */
    static void write(JsonLines out, MessageTrace t, Filters filters) {
        Optional<String> straddles = filters.straddles(t);
        if (straddles.isEmpty()) {
            out.write(t);
            return;
        }
        ObjectNode node = Json.MAPPER.valueToTree(t);
        node.put("straddles", straddles.get());
        out.write(node);
    }
}
