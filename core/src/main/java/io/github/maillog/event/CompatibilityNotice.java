package io.github.maillog.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A notice that Postfix runs with a backwards-compatible default because
 * {@code compatibility_level} is low: from any program, {@code using backwards-compatible default
 * setting relay_domains=$mydestination to accept mail for domain "example.com"}; from the
 * {@code postfix} command, its summary {@code Postfix is using backwards-compatible default
 * settings} and the two lines after it ({@code See http://www.postfix.org/COMPATIBILITY_README.html
 * for details}, {@code To disable backwards compatibility use "postconf compatibility_level=…" and
 * "postfix reload"}).
 *
 * <pre>{@code
 * if (event instanceof CompatibilityNotice n && n.parameter().isPresent()) { toReview.add(n.parameter().get()); }
 * }</pre>
 *
 * @param envelope the envelope
 * @param parameter the parameter whose old default is in use, when the record names one
 * @param value that old default value, when the record names one
 * @param text the whole record text
 */
public record CompatibilityNotice(Envelope envelope, Optional<String> parameter, Optional<String> value, String text)
        implements ServiceEvent {

    /** Checks the arguments. */
    public CompatibilityNotice {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(parameter, "parameter");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(text, "text");
    }
}
