package io.ragfit.corpus;

import java.util.Arrays;

/**
 * The ids seen so far, kept as 64-bit hashes in an open-addressing table at most half full: 16 to 32 bytes per
 * id, so that a file of millions of documents can tell its distinct documents from repeats. Two distinct ids
 * share a hash with a probability of about n²/2⁶⁵ (one in 37 million for a million ids); the second would be
 * taken for a repeat of the first and not loaded.
 */
final class SeenIds {

    private static final long EMPTY = 0;

    private long[] table = new long[1024];
    private int size;

    /** Adds {@code id}; false when it was seen before. */
    boolean add(String id) {
        long hash = hash(id);
        if (size * 2 >= table.length) {
            grow();
        }
        return insert(table, hash);
    }

    private boolean insert(long[] into, long hash) {
        int mask = into.length - 1;
        for (int slot = (int) (hash ^ hash >>> 32) & mask; ; slot = slot + 1 & mask) {
            if (into[slot] == hash) {
                return false;
            }
            if (into[slot] == EMPTY) {
                into[slot] = hash;
                if (into == table) {
                    size++;
                }
                return true;
            }
        }
    }

    private void grow() {
        long[] larger = new long[table.length * 2];
        Arrays.stream(table).filter(hash -> hash != EMPTY).forEach(hash -> insert(larger, hash));
        table = larger;
    }

    /** FNV-1a over the UTF-16 code units, never 0 (the empty slot). */
    private static long hash(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash ^= id.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash == EMPTY ? 1 : hash;
    }
}
