package io.github.maillog.flink;

import io.github.maillog.correlate.AccountView;
import io.github.maillog.correlate.ClientView;
import io.github.maillog.correlate.RankedSubmitter;
import io.github.maillog.correlate.Submitter;
import io.github.maillog.correlate.ViewTally;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * The JSON lines of merged views, as the command-line tool writes them: {@link #accounts()} one
 * line per account (the ranked form, with rank, score and factors, where the account is ranked;
 * as {@code maillog accounts --format json}), {@link #clients()} one line per client (as
 * {@code maillog clients --format json}).
 *
 * <pre>{@code
 * views.flatMap(ViewsAsJson.accounts()).sinkTo(JsonLinesSink.create(out, "accounts"));
 * }</pre>
 */
public final class ViewsAsJson {

    private ViewsAsJson() {
    }

    /** The accounts of a tally, ranked where ranked, as JSON lines. */
    public static FlatMapFunction<ViewTally, String> accounts() {
        return new Lines((tally, out) -> {
            Map<Submitter, RankedSubmitter> ranks = new HashMap<>();
            for (RankedSubmitter r : tally.ranking()) {
                ranks.put(r.account().submitter(), r);
            }
            for (AccountView a : tally.accounts()) {
                RankedSubmitter r = ranks.get(a.submitter());
                out.collect(ToJsonLine.MAPPER.writeValueAsString(r != null ? r : a));
            }
        });
    }

    /** The clients of a tally as JSON lines. */
    public static FlatMapFunction<ViewTally, String> clients() {
        return new Lines((tally, out) -> {
            for (ClientView c : tally.clients()) {
                out.collect(ToJsonLine.MAPPER.writeValueAsString(c));
            }
        });
    }

    /** A flat map to strings that says so (a lambda's result type is erased). */
    private record Lines(FlatMapFunction<ViewTally, String> f)
            implements FlatMapFunction<ViewTally, String>, ResultTypeQueryable<String> {
        @Override
        public void flatMap(ViewTally tally, Collector<String> out) throws Exception {
            f.flatMap(tally, out);
        }

        @Override
        public TypeInformation<String> getProducedType() {
            return Types.STRING;
        }
    }

}
