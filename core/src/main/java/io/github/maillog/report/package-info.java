/**
 * The report: pflogsumm's sections (grand totals, traffic per day and hour, per-domain delivery,
 * senders and recipients by count and size, deferral, bounce and reject reasons, warnings, master
 * daemon events, smtpd connections, message sizes) computed from the events and the correlator's
 * traces into one immutable {@link io.github.maillog.report.ReportModel}, in bounded memory.
 */
package io.github.maillog.report;
