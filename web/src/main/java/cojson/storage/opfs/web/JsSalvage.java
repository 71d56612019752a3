package cojson.storage.opfs.web;

import cojson.storage.opfs.cojson.RowSalvage;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSProperty;
import org.teavm.jso.typedarrays.Uint8Array;

/** What a salvage found: the fresh store's bytes, and which CoValues were kept or lost, as JSON. */
public final class JsSalvage {
    private final RowSalvage salvage;

    JsSalvage(RowSalvage salvage) {
        this.salvage = salvage;
    }

    /** The bytes of a fresh, valid store holding only the intact CoValues. */
    @JSExport
    @JSProperty
    public Uint8Array getBytes() {
        return Bytes.toJs(salvage.bytes, salvage.bytes.length);
    }

    /** {@code {"intact":[...],"damaged":[...],"report":"..."}} */
    @JSExport
    @JSProperty
    public String getSummaryJson() {
        return salvage.summaryJson();
    }
}
