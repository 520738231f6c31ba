package io.github.maillog.flink;

import io.github.maillog.event.LogEvent;

/**
 * An event waiting in the per-host tracing step for the watermark to pass it, with its event
 * time: what the step keeps in keyed state for the events not yet fed at a checkpoint.
 *
 * @param event the event
 * @param time its event time, epoch milliseconds
 * @param line its line number (kept apart: events wait ordered by it)
 */
record HeldEvent(LogEvent event, long time, long line) {
}
