/**
 * The events: one immutable record per kind of Postfix log line, under the sealed
 * {@link io.github.maillog.event.LogEvent}; the syslog {@link io.github.maillog.event.Envelope};
 * value types for endpoints, delays and command counts.
 *
 * <pre>{@code
 * if (event instanceof Delivery d && d.status() == DeliveryStatus.BOUNCED) {
 *     System.out.println(d.queueId() + " " + d.recipient() + ": " + d.response());
 * }
 * }</pre>
 */
package io.github.maillog.event;
