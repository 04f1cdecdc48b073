package org.refgc.core.property;

/**
 * One step of a property case. Objects are named by the serial number of the step that
 * allocated them ({@code #serial}), so a case still replays after steps are removed while
 * shrinking: a step that names an object no longer alive, or a slot no longer in the state
 * it expects, is skipped.
 *
 * @param serial the step's number in the original case (also the id of what it allocates)
 * @param code   what the step does
 * @param a      first argument (see {@link Code})
 * @param b      second argument
 * @param c      third argument
 */
record Op(int serial, Code code, int a, int b, int c) {

    /** The kinds of step, with the meaning of their arguments. */
    enum Code {
        /**
         * Allocate an object held by the test: a = kind (0 fast node, 1 cell node, 2 atom), b = slots,
         * c = finalizer; or a = 3, a tuple of #b and #c (c &lt; 0: a 1-tuple).
         */
        ALLOC,
        /** A weakref object (held by the test) to node #a, with callback #b (an atom), or none if b &lt; 0. */
        WEAKREF,
        /** Store #c in empty slot b of node #a. */
        SET,
        /** Empty slot b of node #a. */
        CLEAR,
        /** The test drops one of its references to #a. */
        DROP,
        /** The test takes one more reference to #a. */
        HOLD,
        /** collect(a). */
        COLLECT,
        /** safePoint(). */
        SAFEPOINT,
        /** freeze(). */
        FREEZE,
        /** unfreeze(). */
        UNFREEZE,
        /** enable() if a == 1, else disable(). */
        ENABLE,
        /** set_debug(DEBUG_SAVEALL) if a == 1, else set_debug(0). */
        DEBUG,
        /** del gc.garbage[:] */
        CLEAR_GARBAGE
    }

    static final String[] KINDS = {"fast", "cell", "atom"};

    @Override
    public String toString() {
        return switch (code) {
            case ALLOC -> a == 3 ? "#" + serial + " = tuple(#" + b + (c < 0 ? ",)" : ", #" + c + ")")
                    : "#" + serial + " = alloc " + KINDS[a]
                    + (a == 2 ? "" : "[" + b + "]" + (c == 0 ? "" : " finalizer=" + TestTypes.Fin.values()[c]));
            case WEAKREF -> "#" + serial + " = weakref(#" + a + (b < 0 ? "" : ", callback #" + b) + ")";
            case SET -> "#" + a + "[" + b + "] = #" + c;
            case CLEAR -> "#" + a + "[" + b + "] = NULL";
            case DROP -> "drop #" + a;
            case HOLD -> "hold #" + a;
            case COLLECT -> "collect(" + a + ")";
            case SAFEPOINT -> "safePoint()";
            case FREEZE -> "freeze()";
            case UNFREEZE -> "unfreeze()";
            case ENABLE -> a == 1 ? "enable()" : "disable()";
            case DEBUG -> a == 1 ? "setDebug(SAVEALL)" : "setDebug(0)";
            case CLEAR_GARBAGE -> "clearGarbage()";
        };
    }
}
