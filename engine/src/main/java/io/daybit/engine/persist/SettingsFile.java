package io.daybit.engine.persist;

import io.daybit.engine.DatasetSettings;
import io.daybit.engine.DaybitException;
import io.daybit.engine.RfmSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A dataset's settings on disk, replaced atomically on every change.
 *
 * <pre>
 *  0                8         12        16        20
 *  +----------------+---------+---------+---------+------------------------------------+
 *  | magic DAYBTSET | version | length  | crc32c  | body (length bytes, crc32c over it) |
 *  +----------------+---------+---------+---------+------------------------------------+
 * body     := timezone:str  currency:str  attributionWindowHours:varint  rfm
 * rfm      := lookbackDays:varint  mode:u8 (0 quantile, 1 fixed)
 *             r.low:zigzag r.high:zigzag  f.low f.high  m.low m.high
 *             personas:varint (name:str  cells:varint cell:str*)*
 * </pre>
 */
final class SettingsFile {
    static final String NAME = "settings.bin";
    private static final long MAGIC = 0x5445535442594144L; // "DAYBTSET" read as a little-endian long
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 20;

    private SettingsFile() {
    }

    static byte[] encode(DatasetSettings s) {
        BinaryWriter w = new BinaryWriter(512);
        w.position(HEADER_BYTES);
        w.putString(s.timezone().getId());
        w.putString(s.currency());
        w.putVarint(s.attributionWindowHours());
        RfmSettings rfm = s.rfm();
        w.putVarint(rfm.lookbackDays());
        w.putByte(rfm.mode() == RfmSettings.Mode.FIXED ? 1 : 0);
        for (RfmSettings.Thresholds t : List.of(rfm.r(), rfm.f(), rfm.m())) {
            w.putZigZag(t.low());
            w.putZigZag(t.high());
        }
        w.putVarint(rfm.personas().size());
        for (Map.Entry<String, List<String>> p : rfm.personas().entrySet()) {
            w.putString(p.getKey());
            w.putVarint(p.getValue().size());
            for (String cell : p.getValue()) {
                w.putString(cell);
            }
        }
        int length = w.position() - HEADER_BYTES;
        CRC32C crc = new CRC32C();
        crc.update(w.array(), HEADER_BYTES, length);
        w.putLongAt(0, MAGIC);
        w.putIntAt(8, VERSION);
        w.putIntAt(12, length);
        w.putIntAt(16, (int) crc.getValue());
        byte[] bytes = new byte[w.position()];
        System.arraycopy(w.array(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    static void write(Path datasetDir, DatasetSettings settings) throws IOException {
        Fsync.writeAtomically(datasetDir.resolve(NAME), encode(settings));
    }

    /**
     * Reads a dataset's settings.
     *
     * @throws CorruptDataException when the file is damaged or missing
     */
    static DatasetSettings read(Path datasetDir) throws IOException {
        Path file = datasetDir.resolve(NAME);
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CorruptDataException(file + " is missing");
        }
        if (b.length < HEADER_BYTES || BinaryReader.longAt(b, 0) != MAGIC) {
            throw new CorruptDataException(file + " is not a Daybit settings file");
        }
        if (BinaryReader.intAt(b, 8) != VERSION) {
            // the version is outside the checksum: a file that is otherwise whole is taken as another format
            throw new UnsupportedFormatException("settings", file, BinaryReader.intAt(b, 8), VERSION);
        }
        int length = BinaryReader.intAt(b, 12);
        if (length != b.length - HEADER_BYTES) {
            throw new CorruptDataException(file + " is " + b.length + " bytes, its header says " + (HEADER_BYTES + length));
        }
        CRC32C crc = new CRC32C();
        crc.update(b, HEADER_BYTES, length);
        if ((int) crc.getValue() != BinaryReader.intAt(b, 16)) {
            throw new CorruptDataException(file + ": checksum mismatch");
        }
        try {
            BinaryReader r = new BinaryReader(b, HEADER_BYTES, length);
            ZoneId zone = ZoneId.of(r.getString());
            String currency = r.getString();
            int window = r.getVarint();
            int lookback = r.getVarint();
            RfmSettings.Mode mode = r.getByte() == 1 ? RfmSettings.Mode.FIXED : RfmSettings.Mode.QUANTILE;
            RfmSettings.Thresholds rt = new RfmSettings.Thresholds(r.getZigZag(), r.getZigZag());
            RfmSettings.Thresholds ft = new RfmSettings.Thresholds(r.getZigZag(), r.getZigZag());
            RfmSettings.Thresholds mt = new RfmSettings.Thresholds(r.getZigZag(), r.getZigZag());
            int personas = r.getCount(2);
            Map<String, List<String>> map = new LinkedHashMap<>();
            for (int i = 0; i < personas; i++) {
                String name = r.getString();
                int cells = r.getCount(2);
                List<String> list = new ArrayList<>(cells);
                for (int c = 0; c < cells; c++) {
                    list.add(r.getString());
                }
                map.put(name, list);
            }
            return new DatasetSettings(zone, currency, window, new RfmSettings(lookback, mode, rt, ft, mt, map));
        } catch (DaybitException | java.time.DateTimeException e) {
            throw new CorruptDataException(file + " holds invalid settings: " + e.getMessage());
        }
    }
}
