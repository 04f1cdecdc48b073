package org.refgc.core;

/**
 * The {@code info} passed to collection listeners, as the dict CPython passes to
 * each callable in {@code gc.callbacks}.
 *
 * @param generation    the generation being collected (0..2)
 * @param collected     at "start": 0; at "stop": objects collected (n + m)
 * @param uncollectable at "start": 0; at "stop": objects found uncollectable
 */
public record CollectionInfo(int generation, long collected, long uncollectable) {
}
