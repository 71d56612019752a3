package cojson.storage.opfs.testkit;

import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import java.util.ArrayList;
import java.util.List;

/**
 * Every file a crash at one point can leave, for a point with few pending writes (creation, an
 * upgrade): the durable image plus every ordered subset of the pending calls (the cut call
 * included), with the last write of each order also torn at every length; then {@code random}
 * images of {@link FaultInjectingFile#crashImage(long, Call)} (garbled writes, growth without data).
 */
public final class CrashImages {
    /** One image and how it was made, for failure messages. */
    public record Image(String how, byte[] bytes) {
    }

    private CrashImages() {
    }

    public static List<Image> at(FaultInjectingFile replay, Call inFlight, long seed, int random) {
        List<Call> candidates = replay.crashCandidates();
        if (inFlight != null && inFlight.kind != FaultInjectingFile.Kind.FLUSH) {
            candidates.add(inFlight);
        }
        if (candidates.size() > 4) {
            throw new IllegalArgumentException(candidates.size() + " pending calls: too many to enumerate every order");
        }
        List<Image> images = new ArrayList<>();
        List<int[]> orders = new ArrayList<>();
        orders(candidates.size(), new int[0], orders);
        for (int[] order : orders) {
            String kept = describe(order, candidates);
            images.add(new Image(kept, replay.crashImage(candidates, order, -1, 0)));
            if (order.length == 0) {
                continue;
            }
            Call last = candidates.get(order[order.length - 1]);
            for (int torn = 0; torn < last.length(); torn++) {
                images.add(new Image(kept + ", the last torn at " + torn + " bytes",
                        replay.crashImage(candidates, order, order.length - 1, torn)));
            }
        }
        for (int i = 0; i < random; i++) {
            images.add(new Image("random image seed " + (seed + i), replay.crashImage(seed + i, inFlight)));
        }
        return images;
    }

    /** Every ordered subset of 0..n-1 (each index at most once), the empty one included. */
    private static void orders(int n, int[] prefix, List<int[]> out) {
        out.add(prefix);
        for (int i = 0; i < n; i++) {
            boolean used = false;
            for (int p : prefix) {
                used |= p == i;
            }
            if (!used) {
                int[] next = java.util.Arrays.copyOf(prefix, prefix.length + 1);
                next[prefix.length] = i;
                orders(n, next, out);
            }
        }
    }

    private static String describe(int[] order, List<Call> candidates) {
        StringBuilder sb = new StringBuilder("keeping [");
        for (int i = 0; i < order.length; i++) {
            sb.append(i > 0 ? ", " : "").append(candidates.get(order[i]));
        }
        return sb.append("] of ").append(candidates.size()).append(" pending").toString();
    }
}
