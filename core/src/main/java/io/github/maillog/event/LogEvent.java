package io.github.maillog.event;

/**
 * One line of a mail log, turned into a value. Every input line becomes exactly one event:
 * a typed {@link PostfixEvent}, a {@link NonPostfixLine} from another program, or a
 * {@link MalformedLine} whose syslog envelope could not be read.
 *
 * <p>Events are immutable records. Their equality ignores where the line was read
 * ({@link #position()}).
 *
 * <pre>{@code
 * if (event instanceof SmtpdClient c) {
 *     System.out.println(c.queueId() + " from " + c.client().address());
 * } else if (event instanceof Delivery d) {
 *     System.out.println(d.recipient() + " " + d.status());
 * }
 * }</pre>
 */
public sealed interface LogEvent permits PostfixEvent, NonPostfixLine, MalformedLine {

    /** Where the line was read: source name and 1-based line number. */
    SourcePosition position();

    /**
     * The documented, stable name of this kind of event, e.g. {@code smtpd-connect},
     * {@code delivery}, {@code unrecognized}. Used as the {@code type} field of JSON output.
     */
    default String type() {
        return EventTypes.nameOf(getClass());
    }
}
