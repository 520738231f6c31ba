package io.github.maillog;

import io.github.maillog.testing.ApiSignature;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of maillog-core is the one in {@code core/api/maillog-core.api}: an API change
 * fails here until that file is regenerated ({@link ApiSignature#UPDATE_COMMAND}) and committed.
 */
class ApiSignatureTest {

    @Test
    void thePublicApiIsTheCommittedOne() {
        ApiSignature.check(Path.of("target/classes"), Path.of("api/maillog-core.api"));
    }
}
