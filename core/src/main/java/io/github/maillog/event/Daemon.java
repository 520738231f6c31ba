package io.github.maillog.event;

import java.util.Map;

/**
 * The Postfix program that wrote a line: the last {@code /}-separated part of the syslog tag. A
 * line tagged {@code postfix/submission/smtpd} comes from {@link #SMTPD}, whatever its service
 * name.
 *
 * <pre>{@code
 * Daemon d = Daemon.ofExecutable("smtpd");   // SMTPD
 * }</pre>
 */
public enum Daemon {
    SMTPD("smtpd"),
    SMTP("smtp"),
    LMTP("lmtp"),
    LOCAL("local"),
    VIRTUAL("virtual"),
    PIPE("pipe"),
    ERROR("error"),
    DISCARD("discard"),
    CLEANUP("cleanup"),
    QMGR("qmgr"),
    OQMGR("oqmgr"),
    BOUNCE("bounce"),
    PICKUP("pickup"),
    POSTSUPER("postsuper"),
    POSTSCREEN("postscreen"),
    DNSBLOG("dnsblog"),
    TLSPROXY("tlsproxy"),
    ANVIL("anvil"),
    SCACHE("scache"),
    MASTER("master"),
    POSTFIX_SCRIPT("postfix-script"),
    POSTFIX("postfix"),
    SENDMAIL("sendmail"),
    POSTDROP("postdrop"),
    POSTQUEUE("postqueue"),
    POSTMAP("postmap"),
    POSTALIAS("postalias"),
    POSTMULTI("postmulti"),
    POSTLOG("postlog"),
    POSTLOGD("postlogd"),
    TRIVIAL_REWRITE("trivial-rewrite"),
    PROXYMAP("proxymap"),
    TLSMGR("tlsmgr"),
    VERIFY("verify"),
    FLUSH("flush"),
    SHOWQ("showq"),
    QMQPD("qmqpd"),
    SPAWN("spawn"),
    /** A tag that looks like Postfix's but names no known Postfix program. */
    UNKNOWN("");

    private static final Map<String, Daemon> BY_EXECUTABLE;

    static {
        var map = new java.util.HashMap<String, Daemon>();
        for (Daemon d : values()) {
            if (d != UNKNOWN) {
                map.put(d.executable, d);
            }
        }
        BY_EXECUTABLE = Map.copyOf(map);
    }

    private final String executable;

    Daemon(String executable) {
        this.executable = executable;
    }

    /** The executable name as it appears in the syslog tag, e.g. {@code "smtpd"}. */
    public String executable() {
        return executable;
    }

    /**
     * The daemon for an executable name.
     *
     * @param name the last part of a syslog tag
     * @return the daemon, or {@link #UNKNOWN}
     */
    public static Daemon ofExecutable(String name) {
        return BY_EXECUTABLE.getOrDefault(name, UNKNOWN);
    }

    /** Whether this program delivers mail and logs delivery status records ({@code to=…, status=…}). */
    public boolean isDeliveryAgent() {
        return switch (this) {
            case SMTP, LMTP, LOCAL, VIRTUAL, PIPE, ERROR, DISCARD -> true;
            default -> false;
        };
    }
}
