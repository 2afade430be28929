package io.daybit.engine.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.daybit.engine.model.AccountCreated;
import io.daybit.engine.model.Channel;
import io.daybit.engine.model.ConsentChanged;
import io.daybit.engine.model.ContactChanged;
import io.daybit.engine.model.Event;
import io.daybit.engine.model.EventType;
import io.daybit.engine.model.HubProductInteraction;
import io.daybit.engine.model.Order;
import io.daybit.engine.model.OrderLine;
import io.daybit.engine.model.ProductAction;
import io.daybit.engine.model.SalesChannel;
import io.daybit.engine.model.ServiceAction;
import io.daybit.engine.model.ServiceInteraction;
import io.daybit.engine.model.WireName;

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

    // names and enumeration values encoded once: writing them is then a copy of bytes
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString ACCOUNT = new SerializedString("account");
    private static final SerializedString TS = new SerializedString("ts");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString CONTACTS = new SerializedString("contacts");
    private static final SerializedString CONSENTS = new SerializedString("consents");
    private static final SerializedString CHANNEL = new SerializedString("channel");
    private static final SerializedString VALID = new SerializedString("valid");
    private static final SerializedString GRANTED = new SerializedString("granted");
    private static final SerializedString ACTION = new SerializedString("action");
    private static final SerializedString PRODUCT = new SerializedString("product");
    private static final SerializedString ORDER_ID = new SerializedString("order_id");
    private static final SerializedString STORE = new SerializedString("store");
    private static final SerializedString SIGNED_IN = new SerializedString("signed_in");
    private static final SerializedString LINES = new SerializedString("lines");
    private static final SerializedString QUANTITY = new SerializedString("quantity");
    private static final SerializedString AMOUNT = new SerializedString("amount");
    private static final SerializedString DISCOUNT = new SerializedString("discount");
    private static final SerializedString VIA_HUB = new SerializedString("via_hub");
    private static final SerializedString[] TYPES = wireNames(EventType.values());
    private static final SerializedString[] CHANNELS = wireNames(Channel.values());
    private static final SerializedString[] SERVICE_ACTIONS = wireNames(ServiceAction.values());
    private static final SerializedString[] PRODUCT_ACTIONS = wireNames(ProductAction.values());
    private static final SerializedString[] SALES_CHANNELS = wireNames(SalesChannel.values());

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
            out.writeFieldName(TYPE);
            out.writeString(TYPES[e.type().ordinal()]);
            out.writeFieldName(ACCOUNT);
            out.writeString(e.account());
            writeTimestamp(e.tsMicros(), style);
            if (e.id() != null) {
                out.writeFieldName(ID);
                out.writeString(e.id());
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
        out.writeFieldName(TS);
        if (style == TimestampStyle.EPOCH_MILLIS && tsMicros % 1000 == 0) {
            out.writeNumber(tsMicros / 1000);
            return;
        }
        TimestampCache cache = style == TimestampStyle.UTC ? utcTs : zoneTs;
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
                out.writeFieldName(CONTACTS);
                out.writeStartArray();
                for (Channel c : Channel.values()) {
                    if (a.contacts().contains(c)) {
                        out.writeString(CHANNELS[c.ordinal()]);
                    }
                }
                out.writeEndArray();
                out.writeFieldName(CONSENTS);
                out.writeStartObject();
                for (Channel c : Channel.values()) {
                    Boolean granted = a.consents().get(c);
                    if (granted != null) {
                        out.writeFieldName(CHANNELS[c.ordinal()]);
                        out.writeBoolean(granted);
                    }
                }
                out.writeEndObject();
            }
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                out.writeFieldName(CHANNEL);
                out.writeString(CHANNELS[c.channel().ordinal()]);
                out.writeFieldName(VALID);
                out.writeBoolean(c.valid());
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                out.writeFieldName(CHANNEL);
                out.writeString(CHANNELS[c.channel().ordinal()]);
                out.writeFieldName(GRANTED);
                out.writeBoolean(c.granted());
            }
            case HUB_OPENED -> {
                // no fields of its own
            }
            case SERVICE -> {
                out.writeFieldName(ACTION);
                out.writeString(SERVICE_ACTIONS[((ServiceInteraction) e).action().ordinal()]);
            }
            case HUB_PRODUCT -> {
                HubProductInteraction h = (HubProductInteraction) e;
                out.writeFieldName(PRODUCT);
                out.writeString(h.product());
                out.writeFieldName(ACTION);
                out.writeString(PRODUCT_ACTIONS[h.action().ordinal()]);
            }
            case ORDER -> writeOrder((Order) e);
        }
    }

    private void writeOrder(Order o) throws IOException {
        out.writeFieldName(ORDER_ID);
        out.writeString(o.orderId());
        out.writeFieldName(CHANNEL);
        out.writeString(SALES_CHANNELS[o.channel().ordinal()]);
        if (o.store() != null) {
            out.writeFieldName(STORE);
            out.writeString(o.store());
        }
        out.writeFieldName(SIGNED_IN);
        out.writeBoolean(o.signedIn());
        out.writeFieldName(LINES);
        out.writeStartArray();
        for (OrderLine l : o.lines()) {
            out.writeStartObject();
            out.writeFieldName(PRODUCT);
            out.writeString(l.product());
            out.writeFieldName(QUANTITY);
            out.writeNumber(l.quantity());
            out.writeFieldName(AMOUNT);
            out.writeNumber(l.amount());
            if (l.discount() != 0) {
                out.writeFieldName(DISCOUNT);
                out.writeNumber(l.discount());
            }
            if (l.viaHub()) {
                out.writeFieldName(VIA_HUB);
                out.writeBoolean(true);
            }
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    private static SerializedString[] wireNames(WireName[] values) {
        SerializedString[] out = new SerializedString[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = new SerializedString(values[i].wireName());
        }
        return out;
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
