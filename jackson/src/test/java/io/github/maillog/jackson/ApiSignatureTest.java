package io.github.maillog.jackson;

import io.github.maillog.testing.ApiSignature;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The public API of maillog-jackson is the one in {@code jackson/api/maillog-jackson.api}: an API
 * change fails here until that file is regenerated ({@link ApiSignature#UPDATE_COMMAND}) and
 * committed.
 */
class ApiSignatureTest {

    @Test
    void thePublicApiIsTheCommittedOne() {
        ApiSignature.check(Path.of("target/classes"), Path.of("api/maillog-jackson.api"));
    }
}
