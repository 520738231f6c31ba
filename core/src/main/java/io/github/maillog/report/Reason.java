package io.github.maillog.report;

/**
 * A reason (a deferral's or bounce's response, a reject's text, a warning) with how often it was
 * logged, grouped as pflogsumm groups it (by delivery agent, relay, reject stage or program).
 *
 * <pre>{@code
 * for (Reason r : model.bounces().entries()) {
 *     System.out.println(r.group() + ": " + r.count() + " x " + r.text());
 * }
 * }</pre>
 *
 * @param group the group: the delivery agent for deferrals ({@code smtp}), the relay for bounces,
 *     the SMTP stage or {@code cleanup header|body} for rejects, the program for warnings
 * @param text the reason as logged
 * @param count how many lines gave it
 * @param error how much {@code count} may be over-estimated; 0 unless the ranking is truncated
 */
public record Reason(String group, String text, long count, long error) {
}
