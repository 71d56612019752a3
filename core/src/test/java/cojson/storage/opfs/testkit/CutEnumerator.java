package cojson.storage.opfs.testkit;

import cojson.storage.opfs.io.FaultInjectingFile;
import cojson.storage.opfs.io.FaultInjectingFile.Call;
import java.util.List;

/**
 * Walks every crash point of a recording in one pass: a fresh file replays the trace call by
 * call, and before call {@code k} is applied the visitor sees the file as a crash cutting call
 * {@code k} would leave it (durable image, pending calls, and {@code k} itself in flight).
 * Cut {@code trace.size()} is a crash after the last call.
 */
public final class CutEnumerator {
    /** Sees one crash point. */
    public interface Visitor {
        /** {@code inFlight} is null for the cut after the last call. */
        void visit(int cut, FaultInjectingFile replay, Call inFlight);
    }

    private CutEnumerator() {
    }

    public static void forEachCut(Recording rec, Visitor visitor) {
        forEachCut(new byte[0], rec.trace, visitor);
    }

    /** The same over a trace that started on a file holding {@code base} (durable). */
    public static void forEachCut(byte[] base, List<Call> trace, Visitor visitor) {
        FaultInjectingFile replay = FaultInjectingFile.over(base);
        for (int k = 0; k <= trace.size(); k++) {
            Call inFlight = k < trace.size() ? trace.get(k) : null;
            visitor.visit(k, replay, inFlight);
            if (inFlight != null) {
                replay.apply(inFlight);
            }
        }
    }
}
