package io.github.maillog.report;

/**
 * The sizes of the messages received (qmgr's {@code size=}).
 *
 * <pre>{@code
 * SizeStatistics s = model.sizes();
 * System.out.println(s.messages() + " messages, mean " + s.mean() + " bytes, largest " + s.max());
 * }</pre>
 *
 * @param messages messages with a known size
 * @param bytes their total size
 * @param min the smallest (0 when none)
 * @param max the largest (0 when none)
 * @param mean the mean (0 when none)
 */
public record SizeStatistics(long messages, long bytes, long min, long max, double mean) {
}
