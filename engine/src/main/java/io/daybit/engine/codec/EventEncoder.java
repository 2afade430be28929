package io.daybit.engine.codec;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Writes events as NDJSON in the wire format that {@link EventDecoder} reads: one compact JSON
 * object per line, UTF-8, in a fixed field order. Timestamps are written as ISO 8601 in a chosen
 * zone (with its offset), with milliseconds, or microseconds when the instant has them;
 * {@link #write(Event, TimestampStyle)} can also write them in UTC or as epoch milliseconds.
 *
 * <p>The encoder writes bytes into its own buffer rather than through a JSON library: the data
 * generator encodes a million events a second with it, and every fixed part of a line (names,
 * enumeration values, punctuation) is a copy of bytes prepared once. Strings are escaped as JSON
 * requires ({@code "}, {@code \}, control characters; a lone surrogate as {@code \}{@code uXXXX}).
 * Not thread-safe.
 */
public final class EventEncoder implements AutoCloseable {
    // "+HH:MM:ss" prints the seconds of an offset only when they are not zero: historical (LMT)
    // offsets such as +00:17:30 would otherwise lose them and move the instant.
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSS").appendOffset("+HH:MM:ss", "Z").toFormatter();
    private static final DateTimeFormatter MICROS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").appendOffset("+HH:MM:ss", "Z").toFormatter();

    // every fixed part of a line, encoded once
    private static final byte[][] TYPE_AND_ACCOUNT = new byte[EventType.values().length][];
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] CONTACTS = ascii(",\"contacts\":[");
    private static final byte[] CONSENTS = ascii("],\"consents\":{");
    private static final byte[] CHANNEL = ascii(",\"channel\":");
    private static final byte[] VALID = ascii(",\"valid\":");
    private static final byte[] GRANTED = ascii(",\"granted\":");
    private static final byte[] ACTION = ascii(",\"action\":");
    private static final byte[] PRODUCT = ascii(",\"product\":");
    private static final byte[] ORDER_ID = ascii(",\"order_id\":");
    private static final byte[] STORE = ascii(",\"store\":");
    private static final byte[] SIGNED_IN = ascii(",\"signed_in\":");
    private static final byte[] LINES = ascii(",\"lines\":[");
    private static final byte[] LINE_PRODUCT = ascii("{\"product\":");
    private static final byte[] QUANTITY = ascii(",\"quantity\":");
    private static final byte[] AMOUNT = ascii(",\"amount\":");
    private static final byte[] DISCOUNT = ascii(",\"discount\":");
    private static final byte[] VIA_HUB = ascii(",\"via_hub\":true");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] END = ascii("}\n");
    private static final byte[][] CHANNELS = quotedWireNames(Channel.values());
    private static final byte[][] SERVICE_ACTIONS = quotedWireNames(ServiceAction.values());
    private static final byte[][] PRODUCT_ACTIONS = quotedWireNames(ProductAction.values());
    private static final byte[][] SALES_CHANNELS = quotedWireNames(SalesChannel.values());
    private static final byte[] HEX = ascii("0123456789ABCDEF");
    private static final int BUFFER = 1 << 16;

    static {
        for (EventType t : EventType.values()) {
            TYPE_AND_ACCOUNT[t.ordinal()] = ascii("{\"type\":\"" + t.wireName() + "\",\"account\":");
        }
    }

    private final OutputStream stream;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private final TimestampCache zoneTs;
    private final TimestampCache utcTs = new TimestampCache(ZoneOffset.UTC);

    /** An encoder writing UTF-8 NDJSON to {@code stream}, timestamps in {@code zone}. */
    public EventEncoder(OutputStream stream, ZoneId zone) {
        this.stream = stream;
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
        bytes(TYPE_AND_ACCOUNT[e.type().ordinal()]);
        string(e.account());
        bytes(TS);
        timestamp(e.tsMicros(), style);
        if (e.id() != null) {
            bytes(ID);
            string(e.id());
        }
        fields(e);
        bytes(END);
    }

    /** Writes an arbitrary line as is (for producing deliberately invalid input) and a newline. */
    public void writeRawLine(String line) {
        bytes(line.getBytes(StandardCharsets.UTF_8));
        ensure(1);
        buf[pos++] = '\n';
    }

    /** Writes the buffered output to the stream and flushes it. */
    public void flush() {
        drain();
        try {
            stream.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flushes and closes the stream. */
    @Override
    public void close() {
        drain();
        try {
            stream.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void timestamp(long tsMicros, TimestampStyle style) {
        if (style == TimestampStyle.EPOCH_MILLIS && tsMicros % 1000 == 0) {
            number(tsMicros / 1000);
            return;
        }
        TimestampCache cache = style == TimestampStyle.UTC ? utcTs : zoneTs;
        int len = cache.format(tsMicros);
        if (len < 0) {
            string(formatTimestamp(tsMicros, cache.zone));
            return;
        }
        ensure(len + 2);
        byte[] b = buf;
        b[pos++] = '"';
        System.arraycopy(cache.bytes, 0, b, pos, len);
        pos += len;
        b[pos++] = '"';
    }

    private void fields(Event e) {
        switch (e.type()) {
            case ACCOUNT_CREATED -> {
                AccountCreated a = (AccountCreated) e;
                bytes(CONTACTS);
                boolean first = true;
                for (Channel c : Channel.values()) {
                    if (a.contacts().contains(c)) {
                        if (!first) {
                            comma();
                        }
                        bytes(CHANNELS[c.ordinal()]);
                        first = false;
                    }
                }
                bytes(CONSENTS);
                first = true;
                for (Channel c : Channel.values()) {
                    Boolean granted = a.consents().get(c);
                    if (granted != null) {
                        if (!first) {
                            comma();
                        }
                        bytes(CHANNELS[c.ordinal()]);
                        ensure(1);
                        buf[pos++] = ':';
                        bytes(granted ? TRUE : FALSE);
                        first = false;
                    }
                }
                ensure(1);
                buf[pos++] = '}';
            }
            case CONTACT -> {
                ContactChanged c = (ContactChanged) e;
                bytes(CHANNEL);
                bytes(CHANNELS[c.channel().ordinal()]);
                bytes(VALID);
                bytes(c.valid() ? TRUE : FALSE);
            }
            case CONSENT -> {
                ConsentChanged c = (ConsentChanged) e;
                bytes(CHANNEL);
                bytes(CHANNELS[c.channel().ordinal()]);
                bytes(GRANTED);
                bytes(c.granted() ? TRUE : FALSE);
            }
            case HUB_OPENED -> {
                // no fields of its own
            }
            case SERVICE -> {
                bytes(ACTION);
                bytes(SERVICE_ACTIONS[((ServiceInteraction) e).action().ordinal()]);
            }
            case HUB_PRODUCT -> {
                HubProductInteraction h = (HubProductInteraction) e;
                bytes(PRODUCT);
                string(h.product());
                bytes(ACTION);
                bytes(PRODUCT_ACTIONS[h.action().ordinal()]);
            }
            case ORDER -> order((Order) e);
        }
    }

    private void order(Order o) {
        bytes(ORDER_ID);
        string(o.orderId());
        bytes(CHANNEL);
        bytes(SALES_CHANNELS[o.channel().ordinal()]);
        if (o.store() != null) {
            bytes(STORE);
            string(o.store());
        }
        bytes(SIGNED_IN);
        bytes(o.signedIn() ? TRUE : FALSE);
        bytes(LINES);
        boolean first = true;
        for (OrderLine l : o.lines()) {
            if (!first) {
                comma();
            }
            first = false;
            bytes(LINE_PRODUCT);
            string(l.product());
            bytes(QUANTITY);
            number(l.quantity());
            bytes(AMOUNT);
            number(l.amount());
            if (l.discount() != 0) {
                bytes(DISCOUNT);
                number(l.discount());
            }
            if (l.viaHub()) {
                bytes(VIA_HUB);
            }
            ensure(1);
            buf[pos++] = '}';
        }
        ensure(1);
        buf[pos++] = ']';
    }

    private void comma() {
        ensure(1);
        buf[pos++] = ',';
    }

    private void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void number(long v) {
        if (v == Long.MIN_VALUE) {
            bytes(ascii(Long.toString(v)));
            return;
        }
        ensure(20);
        byte[] b = buf;
        if (v < 0) {
            b[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** A JSON string literal in UTF-8; plain ASCII, the common case, is copied a byte per char. */
    private void string(String s) {
        int n = s.length();
        ensure(6 * n + 2); // the most a char can take: a 6-byte escape, or 3 bytes of UTF-8
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                b[p++] = (byte) c;
            } else if (c < 0x80) {
                p = escape(b, p, c);
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xF0 | cp >> 18);
                b[p++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | cp & 0x3F);
            } else if (Character.isSurrogate(c)) {
                p = unicodeEscape(b, p, c); // a lone surrogate has no UTF-8 form
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[p++] = '"';
        pos = p;
    }

    private static int escape(byte[] b, int p, char c) {
        char shortForm = switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\b' -> 'b';
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\f' -> 'f';
            case '\r' -> 'r';
            default -> 0;
        };
        if (shortForm == 0) {
            return unicodeEscape(b, p, c);
        }
        b[p++] = '\\';
        b[p++] = (byte) shortForm;
        return p;
    }

    private static int unicodeEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12 & 0xF];
        b[p++] = HEX[c >> 8 & 0xF];
        b[p++] = HEX[c >> 4 & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** Makes room for {@code n} more bytes: drains the buffer, and grows it for an item larger than it. */
    private void ensure(int n) {
        if (pos + n <= buf.length) {
            return;
        }
        drain();
        if (n > buf.length) {
            buf = new byte[Math.max(n, buf.length * 2)];
        }
    }

    private void drain() {
        if (pos == 0) {
            return;
        }
        try {
            stream.write(buf, 0, pos);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pos = 0;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] quotedWireNames(WireName[] values) {
        byte[][] out = new byte[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = ascii("\"" + values[i].wireName() + "\"");
        }
        return out;
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
        final byte[] bytes = new byte[48];
        private long fromSec = Long.MAX_VALUE; // the span [fromSec, toSec) of epoch seconds
        private long toSec = Long.MIN_VALUE;
        private long midnightSec;              // epoch second of the span's local midnight
        private final byte[] offset = new byte[6];
        private int offsetLen;

        TimestampCache(ZoneId zone) {
            this.zone = zone;
            this.rules = zone.getRules();
        }

        /** Writes the text into {@link #bytes} and returns its length, or -1 to use the formatter. */
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
            bytes[pos++] = (byte) ':';
            pos = two(secOfDay / 60 % 60, pos);
            bytes[pos++] = (byte) ':';
            pos = two(secOfDay % 60, pos);
            bytes[pos++] = (byte) '.';
            int micros = (int) Math.floorMod(tsMicros, 1_000_000L);
            if (micros % 1000 == 0) {
                pos = digits(micros / 1000, 3, pos);
            } else {
                pos = digits(micros, 6, pos);
            }
            System.arraycopy(offset, 0, bytes, pos, offsetLen);
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
            bytes[4] = (byte) '-';
            two(date.getMonthValue(), 5);
            bytes[7] = (byte) '-';
            two(date.getDayOfMonth(), 8);
            bytes[10] = (byte) 'T';
            if (offSec == 0) {
                offset[0] = (byte) 'Z';
                offsetLen = 1;
            } else {
                int abs = Math.abs(offSec);
                byte[] o = offset;
                o[0] = (byte) (offSec < 0 ? '-' : '+');
                o[1] = (byte) ('0' + abs / 36_000);
                o[2] = (byte) ('0' + abs / 3600 % 10);
                o[3] = (byte) ':';
                o[4] = (byte) ('0' + abs / 600 % 6);
                o[5] = (byte) ('0' + abs / 60 % 10);
                offsetLen = 6;
            }
            return true;
        }

        private int two(int value, int pos) {
            bytes[pos] = (byte) ('0' + value / 10);
            bytes[pos + 1] = (byte) ('0' + value % 10);
            return pos + 2;
        }

        private int digits(int value, int width, int pos) {
            for (int i = pos + width - 1; i >= pos; i--) {
                bytes[i] = (byte) ('0' + value % 10);
                value /= 10;
            }
            return pos + width;
        }
    }
}
