/**
 * JMH benchmarks of the parser and correlator, and the corpus scaler that builds their input.
 */
package io.github.maillog.benchmarks;
