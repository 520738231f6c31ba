package io.github.maillog.benchmarks;

import io.github.maillog.cli.policy.PolicyDecision;
import io.github.maillog.cli.policy.PolicyRequest;
import io.github.maillog.cli.policy.PolicyService;
import io.github.maillog.cli.policy.PolicySettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The policy service's decision path, in-process (no sockets): one operation is one request
 * decided, sampled so the score has percentiles. {@code plain} is the baseline (no limits, no
 * locks: allow-list and lock look-ups that find nothing); {@code limits} adds the request-side
 * limits (2,000 accounts, 12 domains each, two addresses each) and five locked accounts, as the
 * load test's server runs. Requests are made in {@code @Setup} and cycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class PolicyDecide {

    /** {@code plain} or {@code limits}. */
    @Param({"plain", "limits"})
    public String mode;

    private PolicyRequest[] requests;
    private int next;
    private PolicyService service;

    @Setup(Level.Trial)
    public void setUp() {
        PolicySettings.Builder b = PolicySettings.builder().allowNetwork("192.0.2.0/24");
        if (mode.equals("limits")) {
            b.recipientDomainLimit(20).clientAddressLimit(4);
        }
        service = new PolicyService(b.build(), d -> { });
        if (mode.equals("limits")) {
            for (int i = 1; i <= 5; i++) {
                service.lock("user" + i + "@example.test", "benchmark", Instant.now());
            }
        }
        Random r = new Random(18);
        requests = new PolicyRequest[65_536];
        for (int i = 0; i < requests.length; i++) {
            boolean sasl = r.nextInt(4) != 0;
            int account = r.nextInt(2_000);
            Map<String, String> m = new HashMap<>();
            m.put("request", "smtpd_access_policy");
            m.put("protocol_state", "RCPT");
            m.put("client_address", sasl ? "10." + (account % 250) + "." + (account / 250) + "." + (1 + r.nextInt(2))
                    : "10.1." + r.nextInt(4) + "." + (1 + r.nextInt(250)));
            m.put("sasl_username", sasl ? "user" + account + "@example.test" : "");
            m.put("recipient", "rcpt" + r.nextInt(1000) + "@d" + r.nextInt(12) + ".example.org");
            m.put("sender", "sender" + r.nextInt(1000) + "@example.net");
            requests[i] = PolicyRequest.of(m);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        service.close();
    }

    @Benchmark
    public PolicyDecision decide() {
        PolicyRequest r = requests[next];
        next = (next + 1) & (requests.length - 1);
        return service.decide(r);
    }
}
