package io.github.maillog.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ground truth a real-Postfix run recorded while it drove Postfix ({@code truth.tsv}, format in
 * {@code e2e/harness/README.md}): the messages submitted with their submitter, client and sender, each
 * recipient's expected final state, the expected notifications and re-injections, the logins tried
 * and made, the relay attempts denied and the compromised account.
 */
public final class Truth {

    /** A message the driver submitted. */
    public record Message(String queueId, String kind, String submitter, String clientIp, String sender,
            Map<String, String> recipients) {
    }

    /** A (client IP, username or recipient) pair. */
    public record Pair(String ip, String value) {
    }

    public final Map<String, Message> messages = new LinkedHashMap<>();
    public final List<String> ndr = new ArrayList<>();
    public final List<String> delayWarnings = new ArrayList<>();
    public final List<String> doubleBounces = new ArrayList<>();
    public final Map<String, String> reinjected = new LinkedHashMap<>();
    /** Recipients' expected states in the message a re-injection created, by its queue ID. */
    public final Map<String, Map<String, String>> continued = new LinkedHashMap<>();
    public final List<Pair> authFailures = new ArrayList<>();
    public final List<Pair> authSuccesses = new ArrayList<>();
    public final List<Pair> relayDenied = new ArrayList<>();
    public final Map<String, String> contentRejects = new LinkedHashMap<>();
    public final List<String> compromised = new ArrayList<>();
    public final Map<String, String> header = new LinkedHashMap<>();

    /** Reads a truth file; unknown record kinds fail loudly so format drift is noticed. */
    public static Truth read(Path file) throws IOException {
        Truth t = new Truth();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                for (String part : line.substring(1).split(";")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        t.header.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
                    }
                }
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "message" -> t.messages.put(f[1], new Message(f[1], f[2], f[3], f[4], f[5], new LinkedHashMap<>()));
                case "rcpt" -> {
                    Message m = t.messages.get(f[1]);
                    if (m != null) {
                        m.recipients().put(f[2], f[3]);
                    } else if (t.reinjected.containsValue(f[1])) {
                        t.continued.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[2], f[3]);
                    } else {
                        throw new IllegalArgumentException("rcpt before its message: " + line);
                    }
                }
                case "was_deferred" -> { }
                case "ndr" -> t.ndr.add(f[1]);
                case "delay_warning" -> t.delayWarnings.add(f[1]);
                case "double_bounce" -> t.doubleBounces.add(f[1]);
                case "reinjected" -> t.reinjected.put(f[1], f[2]);
                case "auth_failure" -> t.authFailures.add(new Pair(f[1], f[2]));
                case "auth_success" -> t.authSuccesses.add(new Pair(f[1], f[2]));
                case "relay_denied" -> t.relayDenied.add(new Pair(f[1], f[2]));
                case "content_reject" -> t.contentRejects.put(f[1], f[2]);
                case "compromised" -> t.compromised.add(f[1]);
                default -> throw new IllegalArgumentException("unknown truth record: " + line);
            }
        }
        return t;
    }
}
