package io.github.maillog.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which queue IDs have a form Postfix writes. */
class QueueIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"1E2401C0A03", "EC5A91D727", "123456", "ABCDEF", "4FM3BZ0sf8zFqSn", "3wT1Tz0dmvz9tVg",
        "4FM3BZ0sf8zXXXX", "zzzzzzzzzzz1"})
    void postfixForms(String id) {
        assertThat(QueueIds.conforms(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"7E1AEC2C388XXXX", "7E1AE*****", "**********", "xxxxxxxxxx", "XXXXXXXXXX", "FGHIJ67890",
        "3bZLDu1V55z37Dv", "12345", "1e2401c0a03", "", "NOQUEUE", "4FM3BZ0sf8z", "4FM3Bz0sf8", "abcdefghijzB"})
    void otherText(String id) {
        assertThat(QueueIds.conforms(id)).isFalse();
    }
}
