package io.daybit.engine.persist;

import io.daybit.engine.codec.Rejection;
import io.daybit.engine.ingest.IngestResult;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.Event;
import io.daybit.engine.testdata.RandomEvents;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {
    @Test
    void everyEventReadsBackEqualToWhatWasWritten() {
        Random rnd = new Random(4_242);
        for (int round = 0; round < 50; round++) {
            List<Event> events = RandomEvents.generate(rnd.nextLong(), RandomEvents.randomConfig(rnd));
            BinaryWriter w = new BinaryWriter(16);
            BatchRecord.write(w, 123L, round % 2 == 0 ? null : "key-ü-" + round,
                    List.of(new Rejection(3, "bad ☕"), new Rejection(9, "")), events);
            BatchRecord back = BatchRecord.read(7, new BinaryReader(w.array(), 0, w.position()));
            assertEquals(events, back.events());
            assertEquals(new IngestResult(events.size(), List.of(new Rejection(3, "bad ☕"), new Rejection(9, ""))),
                    back.result());
            assertEquals(round % 2 == 0 ? null : "key-ü-" + round, back.key());
            assertEquals(123L, back.wallClockMillis());
        }
    }

    @Test
    void aConsentGivenAsFalseStaysDifferentFromOneNotGiven() {
        AccountCreated a = new AccountCreated("a", 5, "id", Set.of(Channel.SMS),
                Map.of(Channel.EMAIL, false, Channel.PUSH, true));
        BinaryWriter w = new BinaryWriter(16);
        EventCodec.write(w, a);
        Event back = EventCodec.read(new BinaryReader(w.array(), 0, w.position()));
        assertEquals(a, back);
    }

    @Test
    void bytesThatAreNotAnEventFailAsCorruptNotAsSomethingElse() {
        BinaryWriter w = new BinaryWriter(16);
        w.putByte(42);
        assertThrows(CorruptDataException.class, () -> EventCodec.read(new BinaryReader(w.array(), 0, w.position())));
        BinaryWriter cut = new BinaryWriter(16);
        EventCodec.write(cut, new AccountCreated("abc", 5, null, Set.of(), Map.of()));
        assertThrows(CorruptDataException.class,
                () -> EventCodec.read(new BinaryReader(cut.array(), 0, cut.position() - 1)));
    }
}
