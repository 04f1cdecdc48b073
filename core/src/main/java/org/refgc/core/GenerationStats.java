package org.refgc.core;

/**
 * Per-generation totals since the heap was built, as one entry of CPython's
 * {@code gc.get_stats()}.
 *
 * @param collections   how many times this generation was the requested one
 * @param collected     objects collected by those collections (CPython's n + m)
 * @param uncollectable objects found uncollectable (moved to garbage) by them
 */
public record GenerationStats(long collections, long collected, long uncollectable) {
}
