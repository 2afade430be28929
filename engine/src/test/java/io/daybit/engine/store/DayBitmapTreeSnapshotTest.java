package io.daybit.engine.store;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day set read from a damaged snapshot is refused before anything sized by its values is built
 * (the fuzzer found a member far beyond the accounts making the gap rebuild allocate gigabytes).
 */
class DayBitmapTreeSnapshotTest {

    /** Serves one day set's fields in the order {@link DayBitmapTree#readFrom} reads them. */
    private static final class DaySetInput implements SnapshotInput {
        private final Deque<Object> values = new ArrayDeque<>();

        DaySetInput day(int epochDay, int... accounts) {
            values.add(epochDay);
            values.add(RoaringBitmap.bitmapOf(accounts));
            return this;
        }

        @Override
        public int readCount(int minItemBytes) {
            return values.size() / 2;
        }

        @Override
        public int readInt() {
            return (Integer) values.remove();
        }

        @Override
        public void readBitmap(RoaringBitmap into) {
            into.clear();
            into.or((RoaringBitmap) values.remove());
        }

        @Override
        public int readByte() {
            throw new AssertionError("a day set has no bytes");
        }

        @Override
        public long readLong() {
            throw new AssertionError("a day set has no longs");
        }

        @Override
        public String readString() {
            throw new AssertionError("a day set has no strings");
        }

        @Override
        public int[] readInts() {
            throw new AssertionError("a day set has no int arrays");
        }

        @Override
        public long[] readLongs() {
            throw new AssertionError("a day set has no long arrays");
        }

        @Override
        public byte[] readBytes() {
            throw new AssertionError("a day set has no byte arrays");
        }
    }

    private static final int DAY = (int) LocalDate.of(2025, 3, 1).toEpochDay();

    @Test
    void aDaySetWithinTheAccountsIsRead() {
        DayBitmapTree tree = new DayBitmapTree();
        tree.readFrom(new DaySetInput().day(DAY, 0, 2).day(DAY + 1, 1), 3);
        ActiveGaps gaps = new ActiveGaps();
        gaps.rebuildFrom(tree);
        assertEquals(3, gaps.distinctCount(DAY, DAY + 1));
    }

    @Test
    void aMemberBeyondTheAccountsIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DayBitmapTree().readFrom(new DaySetInput().day(DAY, 0, 1 << 30), 3));
        assertTrue(e.getMessage().contains("account"), e.getMessage());
    }

    @Test
    void aMemberAboveTheSignedRangeIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> new DayBitmapTree().readFrom(new DaySetInput().day(DAY, -1), 3));
    }

    @Test
    void aDayOutsideTheYearsOfAnyInstantIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DayBitmapTree().readFrom(new DaySetInput().day(Integer.MIN_VALUE + 5, 0), 3));
        assertTrue(e.getMessage().contains("0001-9999"), e.getMessage());
    }
}
