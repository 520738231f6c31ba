package io.github.maillog.cli.policy;

import java.io.IOException;

/**
 * A policy request broke the protocol or its limits (too long, too many attributes, binary, cut
 * off before its empty line). The service closes that connection without a reply, as Postfix's
 * protocol asks of a server in trouble; other connections are not affected.
 */
public final class MalformedRequestException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, without the offending bytes
     */
    public MalformedRequestException(String message) {
        super(message);
    }
}
