package io.github.maillog.event;

import java.util.List;
import java.util.Objects;

/**
 * smtpd's {@code discarding EHLO keywords: CHUNKING ETRN DSN 8BITMIME}: the EHLO keywords hidden
 * from this client by {@code smtpd_discard_ehlo_keywords} or
 * {@code smtpd_discard_ehlo_keyword_address_maps}; logged by smtp too, for the keywords of a
 * server's EHLO reply it ignores ({@code smtp_discard_ehlo_keywords}). The envelope's daemon tells
 * which side it was.
 *
 * <pre>{@code
 * case EhloKeywordsDiscarded d -> hidden.addAll(d.keywords());
 * }</pre>
 *
 * @param envelope the envelope
 * @param keywords the keywords, in logged order
 */
public record EhloKeywordsDiscarded(Envelope envelope, List<String> keywords) implements PostfixEvent {

    /** Checks and copies the arguments. */
    public EhloKeywordsDiscarded {
        Objects.requireNonNull(envelope, "envelope");
        keywords = List.copyOf(keywords);
    }
}
