package org.refgc.bridge.adapter;

import org.refgc.core.Heap;
import org.refgc.core.ObjectType;

/**
 * Objects that entered the heap from opaque code (a weak reference's referent that instrumented
 * code never tracked). The reference that keeps them alive is the outside world's, which the
 * heap cannot see, so it is never dropped: such an object may leak but is never finalized early
 * (DESIGN.md, contract rule 3). Their own references were never counted, so they report none and
 * are not GC containers.
 */
final class ExternalType extends ObjectType {
    private final ObjectAdapter adapter;

    ExternalType(ObjectAdapter adapter) {
        super("external", false);
        this.adapter = adapter;
    }

    @Override
    public void onFree(Heap heap, int self, Object payload) {
        adapter.forget(self);
    }

    @Override
    public long basicSize(Object payload) {
        return 0;
    }
}
