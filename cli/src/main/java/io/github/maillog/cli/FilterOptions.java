package io.github.maillog.cli;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The filters every command takes: a window of log time ({@code --since}, {@code --until}, or
 * {@code --day}) and syslog hosts ({@code --host}). Relative times ({@code -2h}, {@code today})
 * are read against the command's clock in {@code --zone}. See {@link Filters} for what each
 * command reports; {@code --submitter} and {@code --client} are options of the commands they apply
 * to ({@link SubmitterOption}, {@link ClientOption}).
 *
 * <pre>{@code
 * @Mixin FilterOptions filter;
 * Filters f = filter.resolve(input.zone());
 * }</pre>
 */
final class FilterOptions {

    /** The longest host name {@code --host} takes, in characters. */
    static final int MAX_HOST_LENGTH = 255;

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeSpec.Converter.class,
            description = "Report from this log time on (inclusive): 2026-11-30T10:00:00Z, 2026-11-30 10:00 "
                    + "(in --zone), 2026-11-30, 10:00 (today), today, yesterday, now, or a time before now such as "
                    + "-2h, -30m, -7d. A message that began earlier and ended inside is reported whole, flagged.")
    TimeSpec since;

    @Option(names = "--until", paramLabel = "TIME", converter = TimeSpec.Converter.class,
            description = "Report up to this log time (exclusive); the same forms as --since.")
    TimeSpec until;

    @Option(names = "--day", paramLabel = "DAY",
            description = "Report one calendar day in --zone: today, yesterday or a date such as 2026-11-30 "
                    + "(pflogsumm's -d); not with --since or --until.")
    String day;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Report only lines logged by this syslog host (repeat for several; case-insensitive).")
    List<String> hosts = new ArrayList<>();

    /**
     * The filters, resolved in {@code zone} against the command's clock.
     *
     * @throws CommandLine.ParameterException naming the flag, for a bad value or an empty window
     */
    Filters resolve(ZoneId zone) {
        Clock clock = ((Maillog) mixee.root().userObject()).clock();
        Instant from = null;
        Instant to = null;
        if (day != null) {
            if (since != null || until != null) {
                throw usage("--day cannot be combined with --since or --until");
            }
            LocalDate d;
            try {
                d = TimeSpec.day(day, zone, clock);
            } catch (IllegalArgumentException e) {
                throw usage("Invalid value for option '--day': " + e.getMessage());
            }
            from = d.atStartOfDay(zone).toInstant();
            to = d.plusDays(1).atStartOfDay(zone).toInstant();
        }
        if (since != null) {
            from = resolve(since, "--since", zone, clock);
        }
        if (until != null) {
            to = resolve(until, "--until", zone, clock);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw usage("--since (" + Times.local(from, zone) + ") must be before --until (" + Times.local(to, zone)
                    + ") in " + zone + ": the window is empty");
        }
        Set<String> hostSet = new LinkedHashSet<>();
        for (String h : hosts) {
            if (h.isEmpty() || h.length() > MAX_HOST_LENGTH || !printable(h)) {
                throw usage("Invalid value for option '--host': '" + TimeSpec.shown(h) + "' is not a host name "
                        + "(1 to " + MAX_HOST_LENGTH + " characters, no spaces or control characters)");
            }
            hostSet.add(h.toLowerCase(Locale.ROOT));
        }
        return new Filters(from, to, hostSet);
    }

    private Instant resolve(TimeSpec t, String flag, ZoneId zone, Clock clock) {
        try {
            return t.resolve(zone, clock);
        } catch (DateTimeException | ArithmeticException e) {
            throw usage("Invalid value for option '" + flag + "': '" + TimeSpec.shown(t.text())
                    + "' is outside the range of times");
        }
    }

    /**
     * Checks the values of a filter flag: each 1 to {@code maxLength} characters, all visible.
     *
     * @param what what a value is, for the message ({@code "a client IP or host name"})
     * @throws CommandLine.ParameterException naming the flag and the value
     */
    static void checkValues(CommandLine cmd, String flag, List<String> values, int maxLength, String what) {
        for (String v : values) {
            if (v.isEmpty() || v.length() > maxLength || !printable(v)) {
                throw new CommandLine.ParameterException(cmd, "Invalid value for option '" + flag + "': '"
                        + TimeSpec.shown(v) + "' is not " + what + " (1 to " + maxLength
                        + " characters, no spaces or control characters)");
            }
        }
    }

    /** Whether a value has only visible characters: no spaces, controls or invisible ones. */
    static boolean printable(String s) {
        return s.codePoints().noneMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Escapes.needsEscape(cp)) && !hasUnpairedSurrogate(s);
    }

    private static boolean hasUnpairedSurrogate(String s) {
        return s.codePoints().anyMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE);
    }

    /**
     * For an unknown option that is a filter of other commands ({@code events --client x}): which
     * commands take it, to print under picocli's "Unknown option"; null otherwise.
     */
    static String notApplicable(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u)) {
            return null;
        }
        String command = ex.getCommandLine().getCommandName();
        for (String arg : u.getUnmatched()) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--submitter")) {
                return "--submitter does not apply to " + command + ": it filters messages and accounts";
            }
            if (name.equals("--client")) {
                return "--client does not apply to " + command + ": it filters messages and clients";
            }
        }
        return null;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(mixee.commandLine(), message);
    }
}
