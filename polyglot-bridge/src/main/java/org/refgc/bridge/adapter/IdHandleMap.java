package org.refgc.bridge.adapter;

/**
 * Open-addressing map from a Python {@code id()} (a {@code long}, never 0 here) to a heap handle,
 * with parallel primitive arrays and no boxing (Agrona style). Key 0 marks an empty slot; deletion
 * uses backward-shift so lookups never see tombstones.
 */
final class IdHandleMap {
    private long[] keys = new long[1024];
    private int[] values = new int[1024];
    private int size;
    private long zeroKeyValue; // id 0 is stored out of line (value+1, 0 = absent)

    int get(long key) {
        if (key == 0) {
            return zeroKeyValue == 0 ? 0 : (int) (zeroKeyValue - 1);
        }
        long[] k = keys;
        int mask = k.length - 1;
        int i = mix(key) & mask;
        while (true) {
            long cur = k[i];
            if (cur == key) {
                return values[i];
            }
            if (cur == 0) {
                return 0;
            }
            i = (i + 1) & mask;
        }
    }

    void put(long key, int value) {
        if (key == 0) {
            zeroKeyValue = value + 1L;
            return;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        long[] k = keys;
        int mask = k.length - 1;
        int i = mix(key) & mask;
        while (k[i] != 0 && k[i] != key) {
            i = (i + 1) & mask;
        }
        if (k[i] == 0) {
            size++;
        }
        k[i] = key;
        values[i] = value;
    }

    void remove(long key) {
        if (key == 0) {
            zeroKeyValue = 0;
            return;
        }
        long[] k = keys;
        int mask = k.length - 1;
        int i = mix(key) & mask;
        while (k[i] != key) {
            if (k[i] == 0) {
                return;
            }
            i = (i + 1) & mask;
        }
        // Backward-shift deletion keeps every probe chain unbroken.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (k[j] == 0) {
                break;
            }
            int home = mix(k[j]) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                k[hole] = k[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        k[hole] = 0;
        values[hole] = 0;
        size--;
    }

    int size() {
        return size + (zeroKeyValue != 0 ? 1 : 0);
    }

    private void grow() {
        long[] oldK = keys;
        int[] oldV = values;
        keys = new long[oldK.length * 2];
        values = new int[oldK.length * 2];
        size = 0;
        for (int i = 0; i < oldK.length; i++) {
            if (oldK[i] != 0) {
                put(oldK[i], oldV[i]);
            }
        }
    }

    private static int mix(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "IdHandleMap[size=" + size() + ", capacity=" + keys.length + "]";
    }
}
