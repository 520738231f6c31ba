package io.github.maillog.report;

/**
 * A key (sender, recipient, domain, host) with a message count and the bytes of those messages.
 *
 * <pre>{@code
 * Volume v = model.sendersBySize().entries().get(0);
 * System.out.println(v.key() + " sent " + v.bytes() + " bytes in " + v.count() + " messages");
 * }</pre>
 *
 * @param key the key as logged (addresses as logged, domains lower-cased; {@code <>} for the null sender)
 * @param count messages
 * @param bytes bytes of those messages (from qmgr's {@code size=})
 * @param error how much the ranking's weight ({@code count} or {@code bytes}) may be over-estimated;
 *     0 unless the ranking is truncated
 */
public record Volume(String key, long count, long bytes, long error) {
}
