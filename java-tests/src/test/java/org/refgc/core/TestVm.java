package org.refgc.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A recording VM binding for tests: weakref callbacks are Java actions keyed by the
 * callback object's handle; debug output, unraisable errors and garbage appends are
 * collected for assertions.
 */
final class TestVm implements VmBinding {
    final StringBuilder debug = new StringBuilder();
    final List<Throwable> unraisable = new ArrayList<>();
    final List<String> unraisableWhere = new ArrayList<>();
    final List<Integer> garbageAppended = new ArrayList<>();
    final Map<Integer, IntConsumer> callbacks = new HashMap<>();
    /** Log of weakref callback invocations: "cb:wr". */
    final List<String> calls = new ArrayList<>();

    @Override
    public void invokeWeakRefCallback(Heap heap, int callback, int weakRef) {
        calls.add(callback + ":" + weakRef);
        IntConsumer action = callbacks.get(callback);
        if (action != null) {
            action.accept(weakRef);
        }
    }

    @Override
    public void reportUnraisable(Heap heap, Throwable error, String where) {
        unraisable.add(error);
        unraisableWhere.add(where);
    }

    @Override
    public void debugOutput(String text) {
        debug.append(text);
    }

    @Override
    public void garbageAppended(Heap heap, int handle) {
        garbageAppended.add(handle);
    }
}
