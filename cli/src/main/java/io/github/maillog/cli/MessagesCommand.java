package io.github.maillog.cli;

import java.util.ArrayList;
import java.util.List;
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

    @Parameters(paramLabel = "FILE", description = InputOptions.FILES)
    List<String> files = new ArrayList<>();

    @Override
    public Integer call() {
        Inputs inputs = input.inputs(files);
        try (JsonLines out = new JsonLines(spec.commandLine().getOut())) {
            Correlation.run(inputs, input.progress(inputs), out::write);
        }
        return Maillog.OK;
    }
}
