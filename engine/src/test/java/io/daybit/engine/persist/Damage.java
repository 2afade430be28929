package io.daybit.engine.persist;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Damages a file's bytes as the fuzzer directs: flipped bytes, a cut, bytes overwritten or
 * inserted, or the whole file replaced. What a disk, a crash or a hostile hand can do to it.
 */
final class Damage {
    private Damage() {
    }

    static byte[] apply(byte[] good, FuzzedDataProvider data) {
        byte[] b = good.clone();
        int edits = data.consumeInt(1, 4);
        for (int i = 0; i < edits && data.remainingBytes() > 0; i++) {
            switch (data.consumeInt(0, 4)) {
                case 0 -> { // flip bits of a few bytes
                    if (b.length > 0) {
                        int at = data.consumeInt(0, b.length - 1);
                        b[at] ^= data.consumeByte();
                    }
                }
                case 1 -> b = Arrays.copyOf(b, data.consumeInt(0, b.length)); // cut
                case 2 -> { // overwrite a region
                    int at = data.consumeInt(0, b.length);
                    byte[] with = data.consumeBytes(data.consumeInt(0, 64));
                    byte[] out = Arrays.copyOf(b, Math.max(b.length, at + with.length));
                    System.arraycopy(with, 0, out, at, with.length);
                    b = out;
                }
                case 3 -> { // insert
                    int at = data.consumeInt(0, b.length);
                    byte[] with = data.consumeBytes(data.consumeInt(0, 64));
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.write(b, 0, at);
                    out.writeBytes(with);
                    out.write(b, at, b.length - at);
                    b = out.toByteArray();
                }
                default -> b = data.consumeRemainingAsBytes(); // something else entirely
            }
        }
        return b;
    }
}
