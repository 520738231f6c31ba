package io.github.maillog.event;

/**
 * Events of Postfix's supporting services and administration: anvil and scache statistics,
 * cache cleanups, master and postfix-script lifecycle records, and the compatibility and
 * table-change notices any Postfix program may log.
 *
 * <pre>{@code
 * if (event instanceof ServiceEvent s) { operations.add(s); }
 * }</pre>
 */
public sealed interface ServiceEvent extends PostfixEvent
        permits AnvilStatistic, ScacheStatistic, CacheCleanup, MasterLifecycle, ProcessExit, ServiceThrottled,
                ProcessLimitReached, PostfixScriptMessage, CompatibilityNotice, TableChanged {
}
