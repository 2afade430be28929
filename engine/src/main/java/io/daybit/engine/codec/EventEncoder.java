package io.daybit.engine.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ServiceInteraction;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Writes events as NDJSON in the wire format that {@link EventDecoder} reads. Timestamps are
 * written as ISO 8601 in a chosen zone (with its offset), with milliseconds, or microseconds when
 * the instant has them; {@link #write(Event, TimestampStyle)} can also write them in UTC or as
 * epoch milliseconds. Not thread-safe.
 */
public final class EventEncoder implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    // "+HH:MM:ss" prints the seconds of an offset only when they are not zero: historical (LMT)
    // offsets such as +00:17:30 would otherwise lose them and move the instant.
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS").appendOffset("+HH:MM:ss", "Z").toFormatter();
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").appendOffset("+HH:MM:ss", "Z").toFormatter();

    private final JsonGenerator out;
    private final TimestampCache zoneTs;
    private final TimestampCache utcTs = new TimestampCache(ZoneOffset.UTC);

    /** An encoder writing UTF-8 NDJSON to {@code stream}, timestamps in {@code zone}. */
    public EventEncoder(OutputStream stream, ZoneId zone) {
        try {
            this.out = JSON.createGenerator(stream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.setRootValueSeparator(null);
        this.zoneTs = new TimestampCache(zone);
    }

    /** Formats an instant in epoch microseconds the way the encoder writes {@code ts}. */
    public static String formatTimestamp(long tsMicros, ZoneId zone) {
        Instant instant = Instant.ofEpochSecond(Math.floorDiv(tsMicros, 1_000_000L),
                Math.floorMod(tsMicros, 1_000_000L) * 1000L);
        DateTimeFormatter f = tsMicros % 1000 == 0 ? MILLIS : MICROS;
        return f.format(instant.atZone(zone));
    }

    /** Writes one event and a newline, {@code ts} in the encoder's zone. */
    public void write(Event e) {
        write(e, TimestampStyle.ZONE_OFFSET);
    }

    /** Writes one event and a newline, {@code ts} in the given style. */
    public void write(Event e, TimestampStyle style) {
        try {
            out.writeStartObject();
            out.writeStringField("type", e.type().wireName());
            out.writeStringField("account", e.account());
            writeTimestamp(e.tsMicros(), style);
            if (e.id() != null) {
                out.writeStringField("id", e.id());
            }
            writeFields(e);
            out.writeEndObject();
            out.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Writes an arbitrary line as is (for producing deliberately invalid input) and a newline. */
    public void writeRawLine(String line) {
        try {
            out.writeRaw(line);
            out.writeRaw('\n');
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void writeTimestamp(long tsMicros, TimestampStyle style) throws IOException {
        if (style == TimestampStyle.EPOCH_MILLIS && tsMicros % 1000 == 0) {
            out.writeNumberField("ts", tsMicros / 1000);
            return;
        }
        TimestampCache cache = style == TimestampStyle.UTC ? utcTs : zoneTs;
        out.writeFieldName("ts");
        int len = cache.format(tsMicros);
        if (len < 0) {
            out.writeString(formatTimestamp(tsMicros, cache.zone));
        } else {
            out.writeString(cache.chars, 0, len);
        }
    }

    private void writeFields(Event e) throws IOException {
        switch (e.type()) {
            case ACCOUNT_CREATED -> {
                AccountCreated a = (AccountCreated) e;
                out.writeArrayFieldStart("contacts");
                for (Channel c : Channel.values()) {
                    if (a.contacts().contains(c)) {
                        out.writeString(c.wireName());
                    }
                }
                out.writeEndArray();
                out.writeObjectFieldStart("consents");
                for (Channel c : Channel.values()) {
                    Boolean granted = a.consents().get(c);
                    if (granted != null) {
                        out.writeBooleanField(c.wireName(), granted);
                    }
                }
                out.writeEndObject();
            }
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                out.writeStringField("channel", c.channel().wireName());
                out.writeBooleanField("valid", c.valid());
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                out.writeStringField("channel", c.channel().wireName());
                out.writeBooleanField("granted", c.granted());
            }
            case HUB_OPENED -> {
                // no fields of its own
            }
            case SERVICE -> out.writeStringField("action", ((ServiceInteraction) e).action().wireName());
            case HUB_PRODUCT -> {
                HubProductInteraction h = (HubProductInteraction) e;
                out.writeStringField("product", h.product());
                out.writeStringField("action", h.action().wireName());
            }
            case ORDER -> writeOrder((Order) e);
        }
    }

    private void writeOrder(Order o) throws IOException {
        out.writeStringField("order_id", o.orderId());
        out.writeStringField("channel", o.channel().wireName());
        if (o.store() != null) {
            out.writeStringField("store", o.store());
        }
        out.writeBooleanField("signed_in", o.signedIn());
        out.writeArrayFieldStart("lines");
        for (OrderLine l : o.lines()) {
            out.writeStartObject();
            out.writeStringField("product", l.product());
            out.writeNumberField("quantity", l.quantity());
            out.writeNumberField("amount", l.amount());
            if (l.discount() != 0) {
                out.writeNumberField("discount", l.discount());
            }
            if (l.viaHub()) {
                out.writeBooleanField("via_hub", true);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Flushes buffered output to the stream. */
    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Formats instants exactly as {@link #formatTimestamp} does, without allocating: it remembers
     * the span of the last local day over which the zone's offset stays the same, with that day's
     * date and offset already laid out, and fills in only the time of day. Event streams are
     * mostly in time order, so almost every instant falls in the remembered span.
     */
    private static final class TimestampCache {
        private static final int DATE_LEN = 11; // "uuuu-MM-ddT"

        final ZoneId zone;
        private final ZoneRules rules;
        final char[] chars = new char[48];
        private long fromSec = Long.MAX_VALUE; // the span [fromSec, toSec) of epoch seconds
        private long toSec = Long.MIN_VALUE;
        private long midnightSec;              // epoch second of the span's local midnight
        private final char[] offset = new char[6];
        private int offsetLen;

        TimestampCache(ZoneId zone) {
            this.zone = zone;
            this.rules = zone.getRules();
        }

        /** Writes the text into {@link #chars} and returns its length, or -1 to use the formatter. */
        int format(long tsMicros) {
            long sec = Math.floorDiv(tsMicros, 1_000_000L);
            if (sec < fromSec || sec >= toSec) {
                if (!remember(sec)) {
                    return -1;
                }
            }
            int secOfDay = (int) (sec - midnightSec);
            int pos = DATE_LEN;
            pos = two(secOfDay / 3600, pos);
            chars[pos++] = ':';
            pos = two(secOfDay / 60 % 60, pos);
            chars[pos++] = ':';
            pos = two(secOfDay % 60, pos);
            chars[pos++] = '.';
            int micros = (int) Math.floorMod(tsMicros, 1_000_000L);
            if (micros % 1000 == 0) {
                pos = digits(micros / 1000, 3, pos);
            } else {
                pos = digits(micros, 6, pos);
            }
            System.arraycopy(offset, 0, chars, pos, offsetLen);
            return pos + offsetLen;
        }

        private boolean remember(long sec) {
            Instant instant = Instant.ofEpochSecond(sec);
            ZoneOffset off = rules.getOffset(instant);
            int offSec = off.getTotalSeconds();
            long localDay = Math.floorDiv(sec + offSec, 86_400L);
            LocalDate date = LocalDate.ofEpochDay(localDay);
            if (offSec % 60 != 0 || date.getYear() < 1 || date.getYear() > 9999) {
                return false;
            }
            long midnight = localDay * 86_400L - offSec;
            long from = midnight;
            long to = midnight + 86_400L;
            ZoneOffsetTransition next = rules.nextTransition(instant);
            if (next != null && next.toEpochSecond() < to) {
                to = next.toEpochSecond();
            }
            ZoneOffsetTransition prev = rules.previousTransition(instant);
            if (prev != null && prev.toEpochSecond() > from && prev.toEpochSecond() <= sec) {
                from = prev.toEpochSecond();
            }
            if (!rules.getOffset(Instant.ofEpochSecond(from)).equals(off)) {
                from = sec; // a transition exactly at sec: trust only the instant itself
            }
            midnightSec = midnight;
            fromSec = from;
            toSec = to;
            digits(date.getYear(), 4, 0);
            chars[4] = '-';
            two(date.getMonthValue(), 5);
            chars[7] = '-';
            two(date.getDayOfMonth(), 8);
            chars[10] = 'T';
            if (offSec == 0) {
                offset[0] = 'Z';
                offsetLen = 1;
            } else {
                int abs = Math.abs(offSec);
                char[] o = offset;
                o[0] = offSec < 0 ? '-' : '+';
                o[1] = (char) ('0' + abs / 36_000);
                o[2] = (char) ('0' + abs / 3600 % 10);
                o[3] = ':';
                o[4] = (char) ('0' + abs / 600 % 6);
                o[5] = (char) ('0' + abs / 60 % 10);
                offsetLen = 6;
            }
            return true;
        }

        private int two(int value, int pos) {
            chars[pos] = (char) ('0' + value / 10);
            chars[pos + 1] = (char) ('0' + value % 10);
            return pos + 2;
        }

        private int digits(int value, int width, int pos) {
            for (int i = pos + width - 1; i >= pos; i--) {
                chars[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            return pos + width;
        }
    }
}
