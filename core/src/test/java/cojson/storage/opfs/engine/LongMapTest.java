package cojson.storage.opfs.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongMapTest {

    @Test
    void randomPutsGetsAndRemovesMatchAHashMapIncludingClusteredKeys() {
        for (long seed = 1; seed <= 20; seed++) {
            Random rnd = new Random(seed);
            LongMap<Long> map = new LongMap<>();
            Map<Long, Long> model = new HashMap<>();
            int range = 1 + rnd.nextInt(2000);
            for (int op = 0; op < 20_000; op++) {
                // Mix dense small ids (probe clusters) with temporary ids near 2^56.
                long key = rnd.nextBoolean() ? rnd.nextInt(range) : (1L << 56) + rnd.nextInt(range);
                switch (rnd.nextInt(3)) {
                    case 0 -> { map.put(key, (long) op); model.put(key, (long) op); }
                    case 1 -> assertEquals(model.remove(key), map.remove(key), "seed " + seed + " op " + op);
                    default -> assertEquals(model.get(key), map.get(key), "seed " + seed + " op " + op);
                }
                assertEquals(model.size(), map.size(), "seed " + seed + " op " + op);
            }
            for (Map.Entry<Long, Long> e : model.entrySet()) {
                assertEquals(e.getValue(), map.get(e.getKey()), "seed " + seed);
            }
        }
    }
}
