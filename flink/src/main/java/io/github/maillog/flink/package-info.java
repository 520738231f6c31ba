/**
 * maillog on Apache Flink: the pipeline's steps as operators (read and parse files, trace each
 * host in keyed, checkpointed state, merge per-submitter and per-client views across hosts, write
 * JSON lines in the command-line tool's schema) and {@link io.github.maillog.flink.MaillogFlinkJob},
 * the ready-made job that runs in an embedded local cluster or is submitted to a real one.
 */
package io.github.maillog.flink;
