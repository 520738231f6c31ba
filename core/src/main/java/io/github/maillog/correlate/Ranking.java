package io.github.maillog.correlate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Ranks submitters as likely spam sources from simple, visible factors. Each factor has a fixed
 * threshold; the score is the number of factors a submitter reaches.
 */
final class Ranking {

    static final long MESSAGES = 50;
    static final long RECIPIENT_DOMAINS = 10;
    static final long CLIENT_IPS = 3;
    static final double FAILURE_RATIO = 0.2;
    static final long SENDERS_NOT_LOGIN = 1;
    static final long FAILURES_BEFORE_LOGIN = 3;
    static final long PEAK_PER_HOUR = 30;

    private Ranking() {
    }

    static List<RankedSubmitter> rank(List<AccountView> accounts) {
        record Scored(AccountView account, int score, List<Factor> factors) {
        }
        List<Scored> scored = new ArrayList<>();
        for (AccountView a : accounts) {
            SubmitterKind kind = a.submitter().kind();
            if (kind == SubmitterKind.INTERNAL || kind == SubmitterKind.UNKNOWN) {
                continue;
            }
            if (a.messages() == 0 && a.rejectedMessages() == 0) {
                continue;
            }
            List<Factor> factors = factors(a);
            int score = (int) factors.stream().filter(Factor::raised).count();
            scored.add(new Scored(a, score, factors));
        }
        scored.sort(Comparator.comparingInt(Scored::score).reversed()
                .thenComparing(Comparator.comparingLong((Scored s) -> s.account().messages()).reversed())
                .thenComparing(Comparator.comparingLong((Scored s) -> s.account().recipients()).reversed())
                .thenComparing(s -> s.account().submitter().toString()));
        List<RankedSubmitter> out = new ArrayList<>(scored.size());
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            out.add(new RankedSubmitter(i + 1, s.account(), s.score(), s.factors()));
        }
        return out;
    }

    static List<Factor> factors(AccountView a) {
        long failed = a.bounced() + a.rejected() + a.expired();
        double failureRatio = a.recipients() == 0 ? 0 : (double) failed / a.recipients();
        return List.of(
                Factor.count("messages", a.messages(), MESSAGES),
                Factor.count("recipientDomains", a.recipientDomains(), RECIPIENT_DOMAINS),
                Factor.count("clientIps", a.clientIps().size(), CLIENT_IPS),
                Factor.ratio("failureRatio", Math.round(failureRatio * 1000) / 1000.0, FAILURE_RATIO),
                Factor.count("sendersNotLogin", a.sendersNotLogin(), SENDERS_NOT_LOGIN),
                Factor.count("saslFailuresBeforeLogin", a.saslFailuresBeforeLogin(), FAILURES_BEFORE_LOGIN),
                Factor.count("peakMessagesPerHour", a.peakMessagesPerHour(), PEAK_PER_HOUR));
    }
}
