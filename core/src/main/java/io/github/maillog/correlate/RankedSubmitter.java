package io.github.maillog.correlate;

import java.util.List;
import java.util.Objects;

/**
 * A submitter's place in the spam-source ranking, with the factors behind it. The score is the
 * number of raised factors; ties go to the submitter with more messages, then more recipients.
 *
 * <pre>{@code
 * RankedSubmitter top = report.ranking().get(0);
 * System.out.println(top.account().submitter() + " score " + top.score());
 * }</pre>
 *
 * @param rank 1 for the most suspicious
 * @param account the submitter's account
 * @param score how many factors are raised
 * @param factors every factor with its value and threshold
 */
public record RankedSubmitter(int rank, AccountView account, int score, List<Factor> factors) {

    /** Checks the arguments and copies the list. */
    public RankedSubmitter {
        Objects.requireNonNull(account, "account");
        factors = List.copyOf(factors);
    }
}
