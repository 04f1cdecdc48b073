package org.refgc.core;

/**
 * When the collector asks a type whether a surviving object can stop being
 * tracked (CPython's tuple and dict untracking optimisations).
 */
public enum UntrackRule {
    /** Never asked. */
    NEVER,
    /** Asked for every reachable object of the collected generations, like tuples ({@code untrack_tuples}). */
    EVERY_COLLECTION,
    /** Asked only at full (generation 2) collections, like dicts ({@code untrack_dicts}, bpo-14775). */
    FULL_COLLECTION
}
