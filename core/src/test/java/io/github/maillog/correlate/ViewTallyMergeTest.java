package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link ViewTally#merge} is commutative and associative, and merging the tallies of any split of
 * a stream of facts gives the tally of the whole stream: over random facts of every kind (few
 * clients, submitters, senders and recipients, so that they meet across the parts), within the
 * caps exactly; past the caps (two values per list, three accounts, three clients, two clock hours)
 * commutatively, with the totals exact and every list within its cap.
 */
class ViewTallyMergeTest {

    /** Facts and the three-way split of them (a part number per fact). */
    record Case(List<HostFact> facts, int[] part) {
        @Override
        public String toString() {
            return facts.size() + " facts: " + facts;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().flatMap(seed -> Arbitraries.integers().between(0, 120).map(n -> make(seed, n)));
    }

    static Case make(long seed, int n) {
        Random r = new Random(seed);
        List<HostFact> facts = new ArrayList<>();
        HostFact.Emitter e = new HostFact.Emitter(facts::add);
        String[] ips = {"192.0.2.1", "192.0.2.2", "198.51.100.7", "2001:db8::1", "203.0.113.9"};
        String[] names = {"unknown", "mx.example.com", "host.example.net"};
        String[] users = {"alice@example.com", "bob@example.com", "carol", "dave@example.org"};
        String[] senders = {"alice@example.com", "x@spam.example", "", "bob@example.com", "news@example.net", "y@z"};
        String[] rcpts = {"a@example.com", "b@example.com", "c@example.net", "d@example.org", "e@example.org",
            "f@example.net", "g@example.com", "h@example.info"};
        String[] reasons = {"Relay access denied", "Recipient address rejected: User unknown", "Helo command rejected"};
        SubmitterKind[] kinds = SubmitterKind.values();
        RecipientState[] states = RecipientState.values();
        Instant base = Instant.parse("2026-11-28T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant t = base.plusSeconds(r.nextInt(6 * 3600));
            String ip = ips[r.nextInt(ips.length)];
            SubmitterKind kind = kinds[r.nextInt(kinds.length)];
            String id = kind == SubmitterKind.CLIENT ? ip : users[r.nextInt(users.length)];
            switch (r.nextInt(12)) {
                case 0 -> e.clientConnected(ip, names[r.nextInt(names.length)], t);
                case 1 -> e.rateLimited(ip, t);
                case 2 -> e.saslFailed(ip, r.nextBoolean() ? users[r.nextInt(users.length)] : null, t);
                case 3 -> e.clientRefused(ip, r.nextBoolean(), reasons[r.nextInt(reasons.length)], r.nextBoolean(), t);
                case 4 -> e.clientSubmitted(ip, names[r.nextInt(names.length)],
                        r.nextBoolean() ? users[r.nextInt(users.length)] : null, t);
                case 5 -> e.failuresBeforeLogin(users[r.nextInt(users.length)], 1 + r.nextInt(5));
                case 6 -> e.refusal(r.nextBoolean() ? SubmitterKind.SASL : SubmitterKind.CLIENT, id, ip,
                        r.nextBoolean() ? senders[r.nextInt(senders.length)] : null,
                        r.nextBoolean() ? rcpts[r.nextInt(rcpts.length)] : null, t);
                case 7 -> e.messageRefused();
                case 8 -> e.deferred(r.nextBoolean());
                case 9 -> e.notified(kind, id, null);
                case 10 -> e.handedOff(kind, id, null, states[r.nextInt(states.length)]);
                default -> {
                    MessageState m = new MessageState("mx", "Q" + i, 0, t, false);
                    if (kind == SubmitterKind.SASL) {
                        m.saslUsername = id;
                    } else if (kind == SubmitterKind.CLIENT) {
                        m.client = new io.github.maillog.event.Endpoint("unknown", ip, java.util.OptionalInt.empty());
                    } else {
                        m.inherited = new Submitter(kind, id);
                        m.reinjectedFrom = r.nextInt(4) == 0 ? "P" + i : null;
                    }
                    m.beganBeforeStream = r.nextInt(6) == 0;
                    m.rejected = r.nextInt(5) == 0;
                    m.expired = r.nextInt(8) == 0;
                    m.deleted = r.nextInt(8) == 0;
                    m.sender = r.nextBoolean() ? senders[r.nextInt(senders.length)] : null;
                    m.lastSeen = t.plusSeconds(r.nextInt(7200));
                    int k = r.nextInt(4);
                    for (int j = 0; j < k; j++) {
                        MessageState.Rcpt rc = m.recipient(rcpts[r.nextInt(rcpts.length)], null, 100);
                        rc.rejected = r.nextInt(4) == 0;
                        rc.handedOff = r.nextInt(6) == 0;
                        rc.remoteRejections = r.nextInt(3);
                    }
                    m.removed = r.nextBoolean();
                    e.message(m);
                }
            }
        }
        int[] part = new int[facts.size()];
        for (int i = 0; i < part.length; i++) {
            part[i] = r.nextInt(3);
        }
        return new Case(facts, part);
    }

    static ViewTally.Builder wide() {
        return ViewTally.builder();
    }

    static ViewTally.Builder tight() {
        return ViewTally.builder().maxTrackedValues(2).maxAccounts(3).maxClients(3);
    }

    static ViewTally[] parts(Case c, ViewTally.Builder b) {
        ViewTally[] parts = {b.build(), b.build(), b.build()};
        for (int i = 0; i < c.facts().size(); i++) {
            parts[c.part()[i]].add(c.facts().get(i));
        }
        return parts;
    }

    static ViewTally whole(Case c, ViewTally.Builder b) {
        ViewTally t = b.build();
        c.facts().forEach(t::add);
        return t;
    }

    /** Everything a tally reports. */
    static Map<String, Object> views(ViewTally t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accounts", t.accounts());
        m.put("clients", t.clients());
        m.put("ranking", t.ranking());
        m.put("totals", t.totals());
        m.put("untracked", List.of(t.untrackedAccounts(), t.untrackedClients()));
        return m;
    }

    /** What stays exact past the caps: the totals but the distinct counts. */
    static List<Long> exact(ViewTally t) {
        Totals x = t.totals();
        return List.of(x.received(), x.delivered(), x.deferrals(), x.deferredMessages(), x.bounced(), x.rejected(),
                x.expired(), x.deleted(), x.notifications());
    }

    @Property(tries = 300)
    void withinTheCapsMergeIsCommutativeAssociativeAndSplitInvariant(@ForAll("cases") Case c) {
        ViewTally[] p = parts(c, wide());
        Map<String, Object> whole = views(whole(c, wide()));
        assertThat(views(ViewTally.merge(p[0], p[1]))).isEqualTo(views(ViewTally.merge(p[1], p[0])));
        Map<String, Object> left = views(ViewTally.merge(ViewTally.merge(p[0], p[1]), p[2]));
        Map<String, Object> right = views(ViewTally.merge(p[0], ViewTally.merge(p[1], p[2])));
        assertThat(left).isEqualTo(right);
        assertThat(left).isEqualTo(views(ViewTally.merge(ViewTally.merge(p[2], p[0]), p[1])));
        assertThat(left).as("the merged parts equal the tally of all facts").isEqualTo(whole);
    }

    @Property(tries = 300)
    void pastTheCapsMergeIsCommutativeAndKeepsTheTotalsExact(@ForAll("cases") Case c) {
        ViewTally[] p = parts(c, tight());
        ViewTally ab = ViewTally.merge(p[0], p[1]);
        assertThat(views(ab)).isEqualTo(views(ViewTally.merge(p[1], p[0])));
        ViewTally left = ViewTally.merge(ab, p[2]);
        ViewTally right = ViewTally.merge(p[0], ViewTally.merge(p[1], p[2]));
        assertThat(views(left)).isEqualTo(views(ViewTally.merge(p[2], ab)));
        assertThat(exact(left)).isEqualTo(exact(right)).isEqualTo(exact(whole(c, tight())));
        for (ViewTally t : List.of(left, right)) {
            assertThat(t.accounts()).hasSizeLessThanOrEqualTo(3);
            assertThat(t.clients()).hasSizeLessThanOrEqualTo(3);
            for (AccountView a : t.accounts()) {
                assertThat(a.senders()).hasSizeLessThanOrEqualTo(2);
                assertThat(a.clientIps()).hasSizeLessThanOrEqualTo(2);
                assertThat(a.topRecipientDomains()).hasSizeLessThanOrEqualTo(2);
            }
            for (ClientView cv : t.clients()) {
                assertThat(cv.saslUsernamesTried()).hasSizeLessThanOrEqualTo(2);
                assertThat(cv.saslLogins()).hasSizeLessThanOrEqualTo(2);
            }
        }
    }

    @Property(tries = 200)
    void aSavedTallyRestoresToTheSameBytesAndViews(@ForAll("cases") Case c) throws CorrelatorStateException {
        for (ViewTally.Builder b : List.of(wide(), tight())) {
            ViewTally t = ViewTally.merge(parts(c, b)[0], whole(c, b));
            byte[] saved = t.saveState();
            ViewTally back = b.restoreState(saved);
            assertThat(back.saveState()).isEqualTo(saved);
            assertThat(views(back)).isEqualTo(views(t));
            // restored and fed more facts: as the original fed the same
            for (HostFact f : c.facts()) {
                back.add(f);
                t.add(f);
            }
            assertThat(views(back)).isEqualTo(views(t));
            assertThat(back.saveState()).isEqualTo(t.saveState());
        }
    }

    @Property(tries = 200)
    void aFactTravelsAsBytes(@ForAll("cases") Case c) {
        for (HostFact f : c.facts()) {
            HostFact back = HostFact.fromBytes(f.toBytes());
            assertThat(back).isEqualTo(f).hasSameHashCodeAs(f);
            assertThat(back.toBytes()).isEqualTo(f.toBytes());
        }
    }
}
