package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The refusal reasons a client view lists are masked by hand-written linear scans; they give what
 * the regular expressions they replace give, on strings made of the characters that matter.
 */
class ReasonMaskTest {

    private static final Pattern BRACKETED = Pattern.compile("<[^<>]{0,512}>");
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[[0-9A-Fa-f.:]{1,64}\\]");

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of("<", ">", "[", "]", "a", "F", "9", ".", ":", " ", ";", "<…>: ", "x@example.org"),
                Arbitraries.strings().withChars("0123456789abcdef.:").ofMinLength(60).ofMaxLength(70),
                Arbitraries.strings().withChars("xyz").ofMinLength(500).ofMaxLength(530));
        return pieces.list().ofMaxSize(12).map(l -> String.join("", l));
    }

    @Property(tries = 3_000)
    void bracketedValuesAreMaskedAsTheRegexDoes(@ForAll("texts") String s) {
        assertThat(Correlator.maskBracketed(s)).isEqualTo(BRACKETED.matcher(s).replaceAll("<…>"));
    }

    @Property(tries = 3_000)
    void addressLiteralsAreMaskedAsTheRegexDoes(@ForAll("texts") String s) {
        assertThat(Correlator.maskAddressLiterals(s)).isEqualTo(ADDRESS_LITERAL.matcher(s).replaceAll("[…]"));
    }

    @Example
    void aRefusalReasonKeepsItsWordsAndLosesItsValues() {
        assertThat(Correlator.reason("<x@example.org>: Recipient address rejected: Access denied; "
                + "from=<a@b> to=<x@example.org> proto=ESMTP helo=<[192.0.2.1]>"))
                .isEqualTo("Recipient address rejected: Access denied");
        assertThat(Correlator.reason("Client host [192.0.2.1] blocked using zen.example; see <http://x>"))
                .isEqualTo("Client host […] blocked using zen.example");
    }
}
