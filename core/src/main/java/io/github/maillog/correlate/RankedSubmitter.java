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
 * <p>Built by the correlator: its constructor is not part of the API, so later versions can add
 * accessors without breaking code that uses this one.
 */
public final class RankedSubmitter {

    private final int rank;
    private final AccountView account;
    private final int score;
    private final List<Factor> factors;

    RankedSubmitter(int rank, AccountView account, int score, List<Factor> factors) {
        this.rank = rank;
        this.account = Objects.requireNonNull(account, "account");
        this.score = score;
        this.factors = List.copyOf(factors);
    }

    /** {@return 1 for the most suspicious} */
    public int rank() {
        return rank;
    }

    /** {@return the submitter's account} */
    public AccountView account() {
        return account;
    }

    /** {@return how many factors are raised} */
    public int score() {
        return score;
    }

    /** {@return every factor with its value and threshold} */
    public List<Factor> factors() {
        return factors;
    }

    @Override
    public boolean equals(Object other) {
        return other == this || (other instanceof RankedSubmitter o
                && rank == o.rank
                && account.equals(o.account)
                && score == o.score
                && factors.equals(o.factors));
    }

    @Override
    public int hashCode() {
        return Objects.hash(rank, account, score, factors);
    }

    @Override
    public String toString() {
        return "RankedSubmitter[" + "rank=" + rank + ", "
                + "account=" + account + ", "
                + "score=" + score + ", "
                + "factors=" + factors + "]";
    }
}
