package io.github.maillog.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the benchmarks' corpus comes from: the {@code corpus} parameter names a log file, or
 * {@code default} for the shared real log ({@link CorpusScaler#defaultCorpus()}).
 */
final class CorpusInput {

    private CorpusInput() {
    }

    static CorpusScaler scaler(String corpus) throws IOException {
        return CorpusScaler.of("default".equals(corpus) ? CorpusScaler.defaultCorpus() : Path.of(corpus));
    }
}
