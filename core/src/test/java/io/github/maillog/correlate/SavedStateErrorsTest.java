package io.github.maillog.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.maillog.correlate.CorrelatorStateException.Kind;
import io.github.maillog.event.LogEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A state that cannot be restored gives a {@link CorrelatorStateException} that says why, never
 * another exception and never a huge allocation: a flipped byte anywhere, a state cut at every
 * sixteenth of its length, something that is no state, another format version, absurd lengths and
 * counts (in the header and, behind a valid checksum, in the body). The frames built here follow
 * {@code docs/state-format.md}, not the writer's code.
 */
class SavedStateErrorsTest {

    private static final byte[] MAGIC = {(byte) 0x89, 'M', 'L', 'S', 'T', 'A', 'T', 'E'};

    /** A state from the middle of a real run: sessions, messages in flight, retained traces. */
    private static byte[] state;
    /** A small one, for a flip at every byte. */
    private static byte[] small;

    @BeforeAll
    static void states() {
        Path sample = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples",
                "postfix-3.7-short-ids.log");
        List<LogEvent> events = StateLogs.read(sample);
        Correlator c = Correlator.builder().retainTraces(true).build();
        events.subList(0, events.size() / 2).forEach(c::accept);
        state = SavedStateEquivalenceTest.save(c);
        Correlator d = Correlator.builder().build();
        events.subList(0, 120).forEach(d::accept);
        small = SavedStateEquivalenceTest.save(d);
        assertThat(c.inFlight()).as("entries in flight in the saved state").isPositive();
    }

    private static CorrelatorStateException refused(byte[] bytes) {
        CorrelatorStateException e = catchThrowableOfType(
                () -> Correlator.builder().restoreState(new ByteArrayInputStream(bytes)),
                CorrelatorStateException.class);
        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).startsWith("state file ");
        return e;
    }

    @Test
    void aFlippedByteAnywhereIsCaught() {
        for (int i = 0; i < small.length; i++) {
            checkFlip(small, i);
        }
        Random random = new Random(5);
        for (int k = 0; k < 300; k++) {
            checkFlip(state, random.nextInt(state.length));
        }
    }

    private static void checkFlip(byte[] original, int i) {
        byte[] b = original.clone();
        b[i] ^= (byte) (1 << (i % 8));
        CorrelatorStateException e = refused(b);
        if (i < MAGIC.length) {
            assertThat(e.kind()).as("byte %d flipped", i).isEqualTo(Kind.NOT_A_STATE);
            assertThat(e.getMessage()).contains("not a maillog correlator state");
        } else {
            assertThat(e.kind()).as("byte %d flipped: %s", i, e.getMessage()).isEqualTo(Kind.CORRUPT);
            assertThat(e.getMessage()).as("byte %d flipped", i)
                    .contains(i < 24 ? "header checksum does not match" : "checksum of its")
                    .startsWith("state file is corrupt: ");
        }
    }

    @Test
    void aStateCutAtEverySixteenthIsTruncated() {
        for (int k = 0; k < 16; k++) {
            int length = state.length * k / 16;
            CorrelatorStateException e = refused(Arrays.copyOf(state, length));
            assertThat(e.kind()).as("cut at %d of %d bytes", length, state.length).isEqualTo(Kind.TRUNCATED);
            assertThat(e.getMessage()).isEqualTo(length == 0 ? "state file is empty"
                    : "state file is truncated: it ends after " + (length - 24) + " of the " + (state.length - 28)
                            + " bytes of body its header announces");
        }
        for (int length : new int[] {3, 8, 23, state.length - 4, state.length - 1}) {
            CorrelatorStateException e = refused(Arrays.copyOf(state, length));
            assertThat(e.kind()).as("cut at %d", length).isEqualTo(Kind.TRUNCATED);
            assertThat(e.getMessage()).startsWith("state file is truncated: it ends in its");
        }
    }

    @Test
    void somethingElseIsNotAState() {
        for (String text : List.of("Dec  1 03:04:05 mail postfix/smtpd[123]: connect from unknown[192.0.2.1]\n", "{}",
                "\u0089MLSTAT", "MLSTATE\u0089")) {
            byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
            CorrelatorStateException e = refused(bytes);
            if (text.equals("\u0089MLSTAT")) {
                assertThat(e.kind()).as("the magic cut short").isEqualTo(Kind.TRUNCATED);
                continue;
            }
            assertThat(e.kind()).as(text).isEqualTo(Kind.NOT_A_STATE);
            assertThat(e.getMessage()).startsWith("state file is not a maillog correlator state: it begins with ");
        }
        byte[] gzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
        assertThat(refused(gzip).getMessage()).isEqualTo("state file is not a maillog correlator state: it begins "
                + "with 1f 8b 08 00 00 00 00 00, not 89 4d 4c 53 54 41 54 45");
    }

    @Test
    void anotherFormatVersionIsNamed() {
        byte[] body = Arrays.copyOfRange(state, 24, state.length - 4);
        for (int version : new int[] {0, 1, 3, 1000}) {
            CorrelatorStateException e = refused(frame(version, body.length, body, crc(body, 0, body.length)));
            assertThat(e.kind()).isEqualTo(Kind.OTHER_VERSION);
            assertThat(e.getMessage()).isEqualTo("state file is format version " + version
                    + "; this maillog reads version 2");
        }
        // the same body framed as version 2 by hand reads: the test's frame is the documented one
        assertThat(restore(frame(2, body.length, body, crc(body, 0, body.length))).inFlight()).isPositive();
    }

    @Test
    void absurdLengthsAreRefusedWithoutAllocatingThem() {
        byte[] ten = new byte[10];
        CorrelatorStateException huge = refused(frame(2, Long.MAX_VALUE, ten, 0));
        assertThat(huge.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(huge.getMessage()).contains("announces a body of 9223372036854775807 bytes, more than this "
                + "maillog reads");
        // a body of almost 2 GiB announced, ten bytes there (and four of a checksum): read as they come, not allocated
        CorrelatorStateException cut = refused(frame(2, Integer.MAX_VALUE - 16, ten, 0));
        assertThat(cut.kind()).isEqualTo(Kind.TRUNCATED);
        assertThat(cut.getMessage()).isEqualTo("state file is truncated: it ends after 14 of the 2147483631 bytes "
                + "of body its header announces");

        // behind a valid checksum: a string of 2^40 bytes, a count of 2^60 items, junk after the end
        ByteArrayOutputStream body = prefixUpToSessions();
        varint(body, 1);   // one session in the table
        varint(body, 0);   // none detached
        varint(body, (1L << 41) + 1);   // its host: a new string of 2^40 bytes
        body.writeBytes(new byte[16]);     // and a few bytes more
        CorrelatorStateException longString = refused(framed(body.toByteArray()));
        assertThat(longString.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(longString.getMessage()).contains("a string of 1099511627776 bytes is longer than the");

        body = prefixUpToSessions();
        varint(body, 1L << 60);   // sessions in the table
        CorrelatorStateException manyItems = refused(framed(body.toByteArray()));
        assertThat(manyItems.kind()).isEqualTo(Kind.CORRUPT);
        assertThat(manyItems.getMessage()).contains("a count of 1152921504606846976 items is more than the");

        byte[] original = Arrays.copyOfRange(state, 24, state.length - 4);
        byte[] longer = Arrays.copyOf(original, original.length + 1);
        CorrelatorStateException junk = refused(framed(longer));
        assertThat(junk.getMessage()).isEqualTo("state file is corrupt: its checksum matches but its body does not "
                + "read as format version 2: 1 bytes after the end of the state (at byte " + original.length
                + " of the body)");
    }

    @Test
    void restoringReadsTheStateAndNothingAfterIt() throws IOException {
        byte[] more = Arrays.copyOf(state, state.length + 5);
        System.arraycopy("after".getBytes(StandardCharsets.US_ASCII), 0, more, state.length, 5);
        ByteArrayInputStream in = new ByteArrayInputStream(more);
        Correlator.builder().restoreState(in);
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("after");
    }

    @Test
    void aFinishedCorrelatorOrItsListenerCannotSave() {
        Correlator c = Correlator.builder().build();
        c.finish();
        assertThatThrownBy(() -> c.saveState(new ByteArrayOutputStream())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("finished");
        Correlator[] self = new Correlator[1];
        self[0] = Correlator.builder().onTrace(t -> SavedStateEquivalenceTest.save(self[0])).build();
        Path sample = Path.of(System.getProperty("maillog.project.dir", ".."), "e2e", "harness", "samples",
                "postfix-3.7-short-ids.log");
        assertThatThrownBy(() -> StateLogs.read(sample).forEach(self[0]::accept))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("saveState() was called from");
    }

    private static Correlator restore(byte[] bytes) {
        try {
            return Correlator.builder().restoreState(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A correlator's body up to the session counts: no trace details, the clock at 0, 18 zero counters, peak 0. */
    private static ByteArrayOutputStream prefixUpToSessions() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(0);                       // a correlator's state
        body.write(0);                       // no trace details
        body.write(0);
        body.write(0);                       // the clock: 0 s, 0 ns
        body.write(0);
        body.write(0);                       // the last sweep
        body.write(0);                       // no jump waiting
        varint(body, 18);
        for (int i = 0; i < 18; i++) {
            body.write(0);
        }
        body.write(0);                       // peak
        return body;
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static byte[] framed(byte[] body) {
        return frame(2, body.length, body, crc(body, 0, body.length));
    }

    /** The documented frame: magic, version, body length, header CRC32C, body, body CRC32C. */
    private static byte[] frame(int version, long length, byte[] body, int bodyCrc) {
        ByteBuffer b = ByteBuffer.allocate(24 + body.length + 4);
        b.put(MAGIC).putInt(version).putLong(length);
        b.putInt(crc(b.array(), 0, 20));
        b.put(body).putInt(bodyCrc);
        return b.array();
    }

    private static int crc(byte[] b, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, from, length);
        return (int) crc.getValue();
    }
}
