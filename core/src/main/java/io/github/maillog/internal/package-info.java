/**
 * Implementation details: the envelope reader, the line splitter and the grammar runner. Not
 * exported; not part of the API.
 */
package io.github.maillog.internal;
