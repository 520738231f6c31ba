/**
 * The {@code maillog} command-line tool and small, compiled examples of the library's API.
 */
package io.github.maillog.examples;
